"""Checkpoints commit with the records they cover; runs and schedules."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from exactbridge.store import Database, RecordQuery, RecordRow, RecordStore, RunProcess, SyncState
from tests.integration.store.conftest import add_connection

C, D = "acme", 101
NOW = datetime(2026, 6, 25, 14, tzinfo=UTC)


class Crash(Exception):
    """Stands for anything that ends a sync between its writes and its commit."""


def _rows(start: int, count: int) -> list[RecordRow]:
    return [
        RecordRow(id=f"a{n}", record={"n": n}, modified_at=NOW + timedelta(seconds=n))
        for n in range(start, start + count)
    ]


@pytest.fixture
async def state(db: Database) -> SyncState:
    await add_connection(db, C)
    return SyncState(db)


async def test_a_page_and_its_checkpoint_commit_together(db: Database, state: SyncState) -> None:
    store = RecordStore(db)
    async with db.transaction() as tx:
        counts = await store.upsert(C, D, "accounts", _rows(0, 3), tx=tx)
        await state.save_checkpoint(tx, C, D, "accounts", {"timestamp": 3}, at=NOW)
    assert counts.added == 3
    assert await state.checkpoint(C, D, "accounts") == {"timestamp": 3}
    assert len((await store.page(RecordQuery(C, D, "accounts"))).records) == 3


async def test_a_crash_before_commit_loses_the_page_and_its_checkpoint(
    db: Database, state: SyncState
) -> None:
    store = RecordStore(db)
    async with db.transaction() as tx:
        await store.upsert(C, D, "accounts", _rows(0, 3), tx=tx)
        await state.save_checkpoint(tx, C, D, "accounts", {"timestamp": 3}, at=NOW)
    with pytest.raises(Crash):
        async with db.transaction() as tx:
            await store.upsert(C, D, "accounts", _rows(3, 3), tx=tx)
            await state.save_checkpoint(tx, C, D, "accounts", {"timestamp": 6}, at=NOW)
            raise Crash
    assert await state.checkpoint(C, D, "accounts") == {"timestamp": 3}
    assert await store.live_ids(C, D, "accounts") == {"a0", "a1", "a2"}
    async with db.transaction() as tx:  # the retry reads from timestamp 3 again
        again = await store.upsert(C, D, "accounts", _rows(3, 3), tx=tx)
        await state.save_checkpoint(tx, C, D, "accounts", {"timestamp": 6}, at=NOW)
    assert (again.added, again.updated, again.unchanged) == (3, 0, 0)  # nothing duplicated


async def test_methods_without_a_transaction_join_the_one_this_task_holds(
    db: Database, state: SyncState
) -> None:
    store = RecordStore(db)
    with pytest.raises(Crash):
        async with db.transaction() as tx:
            await store.upsert(C, D, "accounts", _rows(0, 2))  # no tx passed: joins tx
            await state.save_checkpoint(tx, C, D, "accounts", {"timestamp": 2}, at=NOW)
            assert await store.live_ids(C, D, "accounts") == {"a0", "a1"}  # sees its writes
            raise Crash
    assert await store.live_ids(C, D, "accounts") == set()
    assert await state.checkpoint(C, D, "accounts") is None


async def test_clearing_checkpoints_forgets_one_division(state: SyncState, db: Database) -> None:
    async with db.transaction() as tx:
        for division in (D, D + 1):
            for stream in ("accounts", "invoices"):
                await state.save_checkpoint(tx, C, division, stream, {"timestamp": 1}, at=NOW)
    assert await state.clear_checkpoints(C, D) == 2
    assert await state.checkpoint(C, D, "accounts") is None
    assert await state.checkpoint(C, D + 1, "accounts") == {"timestamp": 1}


async def test_a_run_counts_the_pages_that_were_kept(db: Database, state: SyncState) -> None:
    run = await state.start_run(C, D, None, at=NOW)
    async with db.transaction() as tx:
        await state.add_to_run(tx, run, added=3, updated=1, calls=1)
    with pytest.raises(Crash):
        async with db.transaction() as tx:
            await state.add_to_run(tx, run, added=100, calls=1)
            raise Crash
    async with db.transaction() as tx:
        await state.add_to_run(tx, run, deleted=2, calls=1)
    await state.finish_run(run, at=NOW + timedelta(minutes=2), calls=1)
    [done] = await state.runs(C)
    assert (done.id, done.state, done.resource) == (run, "succeeded", None)
    # The crashed page's counts went with it; calls spent outside kept pages are the
    # caller's to pass to `finish_run`.
    assert (done.added, done.updated, done.deleted, done.calls) == (3, 1, 2, 3)
    assert done.finished_at == NOW + timedelta(minutes=2) and done.error is None


async def test_runs_are_listed_newest_first_with_failures(state: SyncState) -> None:
    first = await state.start_run(C, D, "accounts", at=NOW)
    await state.finish_run(first, at=NOW + timedelta(seconds=5), error="ServerUnavailable: 503")
    second = await state.start_run(C, D + 1, "accounts", at=NOW + timedelta(minutes=1))
    runs = await state.runs(C)
    assert [(r.id, r.state) for r in runs] == [(second, "running"), (first, "failed")]
    assert runs[1].error == "ServerUnavailable: 503"
    assert [r.id for r in await state.runs(C, D)] == [first]


def _ended_process() -> int:
    """The pid of a process that has ended (and was reaped)."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


async def test_a_run_whose_process_is_gone_is_closed_by_the_next_run_on_its_host(
    db: Database, state: SyncState
) -> None:
    here = RunProcess.current()
    killed = await SyncState(db, process=RunProcess(here.host, _ended_process())).start_run(
        C, D, None, at=NOW
    )
    # another host's runs are not this host's to judge: its run closes nothing here
    elsewhere = await SyncState(db, process=RunProcess("another-host", os.getpid())).start_run(
        C, D, None, at=NOW + timedelta(minutes=1)
    )
    assert [r.state for r in await state.runs(C)] == ["running", "running"]

    alive = await state.start_run(C, D + 1, None, at=NOW + timedelta(minutes=2))

    runs = {run.id: run for run in await state.runs(C)}
    assert runs[killed].state == "failed" and runs[killed].finished_at is None
    assert runs[killed].error is not None
    assert runs[killed].error.startswith("interrupted: its process (pid ")
    assert f"on {here.host})" in runs[killed].error
    assert runs[elsewhere].state == "running"
    assert runs[alive].state == "running"  # this process, alive
    # a second run of this process leaves the first one alone: its process is alive
    await state.start_run(C, D, None, at=NOW + timedelta(minutes=3))
    assert {run.id: run.state for run in await state.runs(C)}[alive] == "running"


async def test_this_process_is_not_gone() -> None:
    assert not RunProcess.current().gone()
    assert RunProcess("any", _ended_process()).gone()


async def test_schedules_fall_due_after_their_interval(state: SyncState) -> None:
    await state.set_schedule(C, D, "accounts", timedelta(minutes=15), now=NOW)
    await state.set_schedule(C, D, "invoices", timedelta(hours=1), now=NOW)
    await state.set_schedule(C, D + 1, "accounts", timedelta(minutes=5), now=NOW, enabled=False)
    assert [s.resource for s in await state.due(NOW)] == ["accounts", "invoices"]  # new: due
    await state.mark_ran(C, D, "accounts", at=NOW)
    await state.mark_ran(C, D, "invoices", at=NOW)
    assert await state.due(NOW + timedelta(minutes=14)) == []
    [due] = await state.due(NOW + timedelta(minutes=15))
    assert (due.resource, due.last_run_at, due.interval) == (
        "accounts",
        NOW,
        timedelta(minutes=15),
    )
    await state.set_schedule(C, D, "accounts", timedelta(minutes=30), now=NOW)  # keeps its time
    assert await state.due(NOW + timedelta(minutes=15)) == []
    assert len(await state.schedules(C)) == 3
    with pytest.raises(ValueError, match="positive"):
        await state.set_schedule(C, D, "accounts", timedelta(0), now=NOW)
