"""`Database`: writers queue for each other instead of failing; settings per dialect."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from exactbridge.errors import ConfigurationError
from exactbridge.store import Database, DatabaseBudgetStore, upgrade
from exactbridge.store._schema import connections
from tests.integration.store.conftest import CREATED, Target, add_connection


def _connection_row(connection_id: str) -> dict[str, object]:
    return {
        "id": connection_id, "region": "nl", "base_url": "x", "client_id": "a",
        "created_at": CREATED, "consented_at": CREATED,
    }  # fmt: skip


async def test_a_second_writer_that_reads_first_queues_instead_of_failing(target: Target) -> None:
    """On SQLite a deferred transaction that reads and then writes while another writes
    fails with "database is locked"; writers here begin IMMEDIATE and queue instead."""
    async with (
        Database(target.url, schema=target.schema) as first,
        Database(target.url, schema=target.schema) as second,
    ):
        release, holding = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with first.transaction() as tx:
                await tx.execute(connections.insert().values(**_connection_row("first")))
                holding.set()
                await release.wait()

        async def read_then_write() -> int:
            async with second.transaction() as tx:
                seen = len((await tx.execute(select(connections.c.id))).all())
                await tx.execute(connections.insert().values(**_connection_row("second")))
                return seen

        holder = asyncio.create_task(hold())
        await holding.wait()
        waiter = asyncio.create_task(read_then_write())
        await asyncio.sleep(0.5)
        if first.dialect == "sqlite":
            assert not waiter.done()  # queued behind the first writer
        release.set()
        await holder
        seen = await asyncio.wait_for(waiter, 10)
    assert seen == (1 if target.schema is None else 0)  # SQLite began after the first commit
    async with Database(target.url, schema=target.schema) as check, check.read() as tx:
        assert set(await tx.scalars(select(connections.c.id))) == {"first", "second"}


async def test_a_row_lock_excludes_another_engine_until_released(target: Target) -> None:
    async with (
        Database(target.url, schema=target.schema) as first,
        Database(target.url, schema=target.schema) as second,
    ):
        entered = asyncio.Event()
        release = asyncio.Event()

        async def hold() -> None:
            async with DatabaseBudgetStore(first).lock("app", 7):
                entered.set()
                await release.wait()

        holder = asyncio.create_task(hold())
        await entered.wait()
        waiter = asyncio.create_task(_enter(DatabaseBudgetStore(second)))
        await asyncio.sleep(0.5)
        assert not waiter.done()  # queued, not failed
        release.set()
        await holder
        assert await asyncio.wait_for(waiter, 10) is True


async def _enter(store: DatabaseBudgetStore) -> bool:
    async with store.lock("app", 7):
        return True


async def test_sqlite_files_run_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    async with Database(f"sqlite:///{tmp_path / 'settings.db'}") as db:
        await upgrade(db)
        async with db.read() as tx:
            assert await tx.scalar(text("PRAGMA journal_mode")) == "wal"
            assert await tx.scalar(text("PRAGMA foreign_keys")) == 1
            assert await tx.scalar(text("PRAGMA page_size")) == 16384


async def test_a_naive_instant_is_refused(db: Database) -> None:
    await add_connection(db, "acme")
    with pytest.raises(Exception, match="naive datetime"):  # wrapped by SQLAlchemy's StatementError
        async with db.transaction() as tx:
            await tx.execute(connections.update().values(consented_at=datetime(2026, 1, 1)))


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite"),
        ("postgresql://u@h/d", "postgresql+asyncpg"),
        ("postgres://u@h/d", "postgresql+asyncpg"),
        ("postgresql+psycopg://u@h/d", "postgresql+asyncpg"),
    ],
)
def test_urls_get_the_async_driver_of_their_dialect(url: str, driver: str) -> None:
    database = Database(url)
    assert database.url.drivername == driver


@pytest.mark.parametrize("url", ["mysql://u@h/d", "not a url"])
def test_other_databases_are_refused_clearly(url: str) -> None:
    with pytest.raises(ConfigurationError):
        Database(url)


def test_the_password_never_shows() -> None:
    assert "s3cret" not in repr(Database("postgresql://u:s3cret@h/d"))
