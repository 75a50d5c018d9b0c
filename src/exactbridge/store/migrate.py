"""Bring a database to the schema of this version, with Alembic.

The migration scripts ship inside the package (`store/migrations/`), so an installed
exactbridge can upgrade its database without a checkout: `exactbridge db upgrade`, or
`await upgrade(db)` from code. Upgrading an up-to-date database does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from exactbridge.store.database import Database

__all__ = ["MIGRATIONS", "current_revision", "head_revision", "upgrade"]

MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this version ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the package ships no migration"
    return head


async def current_revision(db: Database) -> str | None:
    """The revision the database is at (None: never migrated)."""

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with db.read() as tx:
        return await tx.run_sync(read)


async def upgrade(db: Database, revision: str = "head") -> str | None:
    """Apply every migration up to `revision` in one transaction; the revision reached."""

    def run(connection: Connection) -> None:
        command.upgrade(_config(connection), revision)

    await db.run_sync(run)
    return await current_revision(db)
