"""Alembic's first revision builds exactly `_schema.py`, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from exactbridge.store import Database, current_revision, head_revision, upgrade
from exactbridge.store._schema import metadata


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
