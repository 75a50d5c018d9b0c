"""Every store test runs on SQLite (a temporary file) and on PostgreSQL, for real.

PostgreSQL is the local server (`EXACTBRIDGE_TEST_POSTGRES`, default
`postgresql://postgres@127.0.0.1:5432/test`); each test gets a fresh schema, migrated with
Alembic and dropped afterwards. When the server cannot be reached the PostgreSQL half is
skipped with the reason, except under CI (`CI=true`), where it fails: CI must test both.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text

from exactbridge.store import Database, upgrade
from exactbridge.store._schema import connections

POSTGRES = os.environ.get("EXACTBRIDGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
CREATED = datetime(2026, 6, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a test's database is: what another process needs to open it too."""

    url: str
    schema: str | None


async def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        connection = await asyncpg.connect(POSTGRES, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL at {POSTGRES} is unreachable ({type(exc).__name__}: {exc})"
    await connection.close()
    return None


async def require_postgres() -> None:
    """Skip (fail under CI) when PostgreSQL cannot be reached."""
    reason = await postgres_unreachable()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
    pytest.skip(reason)


@asynccontextmanager
async def empty_target(kind: str, folder: Path) -> AsyncIterator[Target]:
    """A new, empty database of `kind` (`sqlite`: a file in `folder`; `postgresql`: a
    schema of its own, dropped afterwards), not migrated."""
    if kind == "sqlite":
        yield Target(f"sqlite:///{folder / 'store.db'}", None)
        return
    await require_postgres()
    schema = f"eb_test_{secrets.token_hex(6)}"
    admin = Database(POSTGRES)
    async with admin.transaction() as tx:
        await tx.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Target(POSTGRES, schema)
    finally:
        async with admin.transaction() as tx:
            await tx.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Target]:
    """A fresh, migrated database of each kind."""
    async with empty_target(request.param, tmp_path) as found:
        async with Database(found.url, schema=found.schema) as database:
            await upgrade(database)
        yield found


@pytest.fixture
async def db(target: Target) -> AsyncIterator[Database]:
    """The test's database, opened."""
    async with Database(target.url, schema=target.schema) as database:
        yield database


async def add_connection(db: Database, connection_id: str, client_id: str = "app") -> None:
    """A bare connection row, for tests of what hangs off one."""
    async with db.transaction() as tx:
        await tx.execute(
            connections.insert().values(
                id=connection_id,
                region="nl",
                base_url="https://start.exactonline.nl",
                client_id=client_id,
                created_at=CREATED,
                consented_at=CREATED,
            )
        )
