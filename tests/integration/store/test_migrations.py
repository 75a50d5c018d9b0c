"""Alembic's revisions build exactly `_schema.py`, on both databases, and keep what is stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from exactbridge.store import Database, current_revision, head_revision, upgrade
from exactbridge.store._schema import metadata
from tests.integration.store.conftest import add_connection, empty_target


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_the_migrated_schema_is_the_declared_schema(db: Database) -> None:
    assert await current_revision(db) == head_revision()
    async with db.read() as tx:
        assert await tx.run_sync(_differences) == []
        tables = await tx.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert tables == set(metadata.tables) | {"alembic_version"}


async def test_upgrading_again_changes_nothing(db: Database) -> None:
    assert await upgrade(db) == head_revision()
    async with db.read() as tx:
        versions = (await tx.execute(text("SELECT version_num FROM alembic_version"))).all()
    assert versions == [(head_revision(),)]


async def test_the_comparison_would_see_a_missing_index(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(text("DROP INDEX ix_records_scope_id_date"))
    async with db.read() as tx:
        found = await tx.run_sync(_differences)
    assert [d[0] for d in found if isinstance(d, tuple)] == ["add_index"]


@pytest.fixture(params=["sqlite", "postgresql"])
async def unmigrated(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database of each kind, not migrated."""
    async with (
        empty_target(request.param, tmp_path) as found,
        Database(found.url, schema=found.schema) as database,
    ):
        yield database


async def test_runs_recorded_before_revision_0002_keep_their_history(
    unmigrated: Database,
) -> None:
    assert await upgrade(unmigrated, "0001") == "0001"
    await add_connection(unmigrated, "c")
    async with unmigrated.transaction() as tx:
        await tx.execute(
            text(
                "INSERT INTO sync_runs (connection_id, division, state, started_at, added, "
                "updated, deleted, calls) VALUES ('c', 1, 'running', :at, 5, 0, 0, 2)"
            ),
            {"at": datetime(2026, 6, 25, 14, tzinfo=UTC)},
        )
    assert await upgrade(unmigrated) == head_revision()
    async with unmigrated.read() as tx:
        rows = (await tx.execute(text("SELECT state, added, host, pid FROM sync_runs"))).all()
    assert [tuple(row) for row in rows] == [("running", 5, None, None)]


async def test_transactions_stored_before_revision_0003_know_their_entry(
    unmigrated: Database,
) -> None:
    assert await upgrade(unmigrated, "0002") == "0002"
    await add_connection(unmigrated, "c")
    at = datetime(2026, 6, 25, 14, tzinfo=UTC)
    async with unmigrated.transaction() as tx:
        for scope, resource in ((1, "transactions"), (2, "journal_entries")):
            await tx.execute(
                text(
                    "INSERT INTO record_scopes (id, connection_id, division, resource) "
                    "VALUES (:scope, 'c', 1, :resource)"
                ),
                {"scope": scope, "resource": resource},
            )
            await tx.execute(
                text(
                    "INSERT INTO records (scope_id, id, record, modified_at, deleted, "
                    "content_hash, version) VALUES (:scope, 'k', :record, :at, false, "
                    "'0123456789abcdef', 1)"
                ),
                {"scope": scope, "record": '{"id": "k", "entry_id": "e-1"}', "at": at},
            )
    assert await upgrade(unmigrated) == head_revision()
    async with unmigrated.read() as tx:
        rows = (
            await tx.execute(text("SELECT scope_id, parent_id FROM records ORDER BY scope_id"))
        ).all()
    assert [tuple(row) for row in rows] == [(1, "e-1"), (2, None)]
