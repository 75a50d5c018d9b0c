"""`LocalRunner`: due schedules run in-process, on a manual clock, against the in-process
emulator and a real database (SQLite and PostgreSQL, see `conftest.py`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import delete

from exactbridge.actions import Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.store import Database, RecordStore, SyncState
from exactbridge.store._schema import tokens
from exactbridge.sync.runner import LocalRunner, stored_clients
from tests.support.vault import Vault, connect_vault

QUARTER, HOUR = timedelta(minutes=15), timedelta(hours=1)


def _runner(db: Database, vault: Vault, clock: ManualClock) -> LocalRunner:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    clients = stored_clients(vault.connections, transport=vault.transport)
    return LocalRunner(db, clients, clock=clock.now, sleep=sleep, connections=vault.connections)


async def _ids(actions: Actions, resource: str, division: int) -> set[str]:
    return {str(record.id) async for record in actions.list(resource, division)}


async def test_run_once_syncs_what_is_due_and_counts_intervals_from_the_round(
    db: Database, vault: Vault, clock: ManualClock, division: int, actions: Actions
) -> None:
    state, records = SyncState(db), RecordStore(db)
    connection = vault.connection.id
    start = clock.now()
    await state.set_schedule(connection, division, "customers", QUARTER, now=start)
    await state.set_schedule(connection, division, "invoices", HOUR, now=start)
    runner = _runner(db, vault, clock)

    (first,) = await runner.run_once()  # both due: one engine run for the division
    assert first.error is None and first.report is not None
    assert first.resources == ("customers", "invoices")
    for resource in ("customers", "invoices"):
        stored = await records.live_ids(connection, division, resource)
        assert stored == await _ids(actions, resource, division) != set()
    assert await records.live_ids(connection, division, "items") == set()  # not scheduled
    schedules = {s.resource: s for s in await state.schedules(connection)}
    assert schedules["customers"].last_run_at == start
    assert schedules["customers"].next_due_at == start + QUARTER
    assert schedules["invoices"].next_due_at == start + HOUR
    assert await runner.run_once() == []  # nothing due until a quarter has passed

    clock.advance(QUARTER.total_seconds())
    (second,) = await runner.run_once()
    assert second.resources == ("customers",)
    clock.advance((HOUR - QUARTER).total_seconds())
    (third,) = await runner.run_once()
    assert third.resources == ("customers", "invoices")
    runs = await state.runs(connection, division)
    assert [run.state for run in runs] == ["succeeded"] * 3
    assert [run.resource for run in runs] == [
        "customers,invoices",
        "customers",
        "customers,invoices",
    ]


async def test_run_forever_sleeps_until_the_next_due_schedule_and_stops_when_told(
    db: Database, vault: Vault, clock: ManualClock, division: int
) -> None:
    state = SyncState(db)
    connection = vault.connection.id
    start = clock.now()
    await state.set_schedule(connection, division, "customers", timedelta(minutes=10), now=start)
    stop = asyncio.Event()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.advance(seconds)
        if clock.now() >= start + timedelta(minutes=30):
            stop.set()

    clients = stored_clients(vault.connections, transport=vault.transport)
    runner = LocalRunner(db, clients, clock=clock.now, sleep=sleep, poll=HOUR)
    await asyncio.wait_for(runner.run_forever(stop), timeout=120)

    assert slept == [600.0, 600.0, 600.0]  # straight to each due instant, no busy polling
    runs = await state.runs(connection, division)
    assert len(runs) == 3 and all(run.state == "succeeded" for run in runs)
    assert sorted(run.started_at for run in runs) == [
        start + timedelta(minutes=m) for m in (0, 10, 20)
    ]


async def test_a_failing_connection_is_recorded_and_the_others_still_sync(
    db: Database, vault: Vault, state: EmulatorState, clock: ManualClock, division: int
) -> None:
    other = await connect_vault(db, state, clock)
    sync_state, now = SyncState(db), clock.now()
    for connection in (vault.connection.id, other.connection.id):
        await sync_state.set_schedule(connection, division, "customers", QUARTER, now=now)
    async with db.transaction() as tx:  # the first connection's tokens are gone
        await tx.execute(delete(tokens).where(tokens.c.connection_id == vault.connection.id))

    # `other` holds the key of its own tokens (each vault makes one); the first connection
    # fails before any token is read
    runner = _runner(db, other, clock)
    results = {result.connection: result for result in await runner.run_once()}

    failed, synced = results[vault.connection.id], results[other.connection.id]
    assert failed.report is None and failed.error is not None and "tokens" in failed.error
    assert synced.error is None and synced.report is not None and synced.report.total("added")
    stored = await other.connections.get(vault.connection.id)
    assert stored.reconsent_reason == "not connected"
    assert await sync_state.due(now) == []  # both retried at their interval, not at once
