"""`SyncEngine(parallel=n)`: streams read side by side store exactly what one at a time
stores, with the same calls per stream, and a failure ends the run as it would alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import ReconsentRequired
from exactbridge.store import Database, SyncState
from exactbridge.store._schema import record_scopes, records
from exactbridge.sync.engine import SyncEngine
from tests.integration.store.conftest import Target
from tests.support.vault import Vault, connect_vault


class _Watched(Database):
    """A database that notes how many tasks were in, or waiting for, a writer transaction
    at once (on SQLite the waiting happens in `BEGIN IMMEDIATE`, in its busy handler)."""

    def __init__(self, target: Target) -> None:
        super().__init__(target.url, schema=target.schema)
        self.writing: set[asyncio.Task[object] | None] = set()
        self.most = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        task = asyncio.current_task()
        joined = task in self.writing  # a nested block joins its task's transaction
        self.writing.add(task)
        self.most = max(self.most, len(self.writing))
        try:
            async with super().transaction() as connection:
                yield connection
        finally:
            if not joined:
                self.writing.discard(task)


async def _stored(db: Database, connection: str) -> dict[tuple[str, str], object]:
    """Every record of a connection: (resource, id) -> (record, raw, deleted, status, date)."""
    async with db.read() as tx:
        rows = await tx.execute(
            select(
                record_scopes.c.resource,
                records.c.id,
                records.c.record,
                records.c.raw,
                records.c.deleted,
                records.c.status,
                records.c.counterparty_id,
                records.c.date,
            )
            .join(record_scopes, record_scopes.c.id == records.c.scope_id)
            .where(record_scopes.c.connection_id == connection)
        )
        return {(row[0], row[1]): tuple(row[2:]) for row in rows}


async def test_streams_side_by_side_store_what_one_at_a_time_stores(
    db: Database, vault: Vault, state: EmulatorState, clock: ManualClock, division: int
) -> None:
    side = await connect_vault(db, state, clock)
    async with vault.client() as client:
        alone = SyncEngine(client, db, connection=vault.connection.id, clock=clock.now)
        one_by_one = await alone.sync(division)
    async with side.client() as client:
        engine = SyncEngine(client, db, connection=side.connection.id, clock=clock.now, parallel=4)
        together = await engine.sync(division)

    assert [s.name for s in together.streams] == [s.name for s in one_by_one.streams]
    assert {s.name: (s.calls, s.rows, s.added) for s in together.streams} == {
        s.name: (s.calls, s.rows, s.added) for s in one_by_one.streams
    }
    first, second = await _stored(db, vault.connection.id), await _stored(db, side.connection.id)
    assert len(first) > 1000 and second == first
    (run,) = await SyncState(db).runs(side.connection.id, division)
    assert (run.state, run.added, run.calls) == (
        "succeeded",
        together.total("added"),
        together.total("calls"),
    )


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_a_failure_ends_the_run_with_the_error_itself(
    db: Database, vault: Vault, state: EmulatorState, clock: ManualClock, division: int
) -> None:
    state.oauth.revoke_all()  # every stream's first call meets a dead consent
    async with vault.client() as client:
        engine = SyncEngine(client, db, connection=vault.connection.id, clock=clock.now, parallel=3)
        with pytest.raises(ReconsentRequired):
            await engine.sync(division)
    (run,) = await SyncState(db).runs(vault.connection.id, division)
    assert run.state == "failed" and run.error is not None
    assert run.error.startswith("ReconsentRequired")


async def test_on_sqlite_the_streams_writes_take_turns(
    target: Target, state: EmulatorState, clock: ManualClock, division: int
) -> None:
    # the connection (its tokens and budget) on a database of its own: only the engine's
    # transactions are watched
    async with Database(target.url, schema=target.schema) as plain, _Watched(target) as db:
        vault = await connect_vault(plain, state, clock)
        async with vault.client() as client:
            engine = SyncEngine(
                client, db, connection=vault.connection.id, clock=clock.now, parallel=4,
                group_rows=50,
            )  # fmt: skip
            report = await engine.sync(division)

    assert report.total("added") > 1000
    if db.dialect == "sqlite":  # (PostgreSQL writes side by side: no turns to check there)
        assert db.most == 1  # one writer at a time; the others wait their turn in the engine
