"""`DatabaseBudgetStore`: the client's `BudgetStore` on the database.

Exact's limits hold per app and division, for every process of a deployment together, so
the budget's state (what the last `X-RateLimit-*` headers said, the slots reserved by calls
in flight, a 429's block) lives in one row per (client id, division). `Budget` reads,
changes and writes it while holding `lock`; here that is a transaction holding the row:
`SELECT ... FOR UPDATE` on PostgreSQL (the row is created first if missing), the writer
lock on SQLite. `get` and `put` inside the block join that transaction.

The lock is held for a read and a write, never across an HTTP call, so it is short; a sync
must likewise not hold a writer transaction while it waits for Exact (on SQLite the budget
would then wait for the sync).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import select

from exactbridge.client._budget import BudgetState
from exactbridge.store import _dialect
from exactbridge.store._schema import budgets
from exactbridge.store.database import Database

__all__ = ["DatabaseBudgetStore"]

_FIELDS = (
    "minutely_limit",
    "minutely_remaining",
    "minutely_reset",
    "daily_limit",
    "daily_remaining",
    "daily_reset",
    "calls_since_update",
    "blocked_until",
    "updated_at",
)


class DatabaseBudgetStore:
    """Budget states per (client id, division), shared by every process using the database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _key(self, client_id: str, division: int) -> Any:
        return (budgets.c.client_id == client_id) & (budgets.c.division == division)

    @asynccontextmanager
    async def lock(self, client_id: str, division: int) -> AsyncIterator[None]:
        """An exclusive lock on the state of (client_id, division), across processes."""
        async with self._db.transaction() as tx:
            await tx.execute(
                _dialect.insert_ignore(self._db.dialect, budgets).values(
                    client_id=client_id, division=division, calls_since_update=0
                )
            )
            await tx.execute(
                _dialect.lock_rows(
                    self._db.dialect,
                    select(budgets.c.client_id).where(self._key(client_id, division)),
                )
            )
            yield

    async def get(self, client_id: str, division: int) -> BudgetState:
        """The stored state, or a fresh (all unknown) one."""
        async with self._db.read() as tx:
            row = (
                await tx.execute(
                    select(*(budgets.c[name] for name in _FIELDS)).where(
                        self._key(client_id, division)
                    )
                )
            ).first()
        if row is None:
            return BudgetState()
        return BudgetState(**row._asdict())

    async def put(self, client_id: str, division: int, state: BudgetState) -> None:
        """Store `state` (inside `lock`: commits when the lock ends)."""
        values = {name: getattr(state, name) for name in _FIELDS}
        statement = (
            _dialect.upsert(self._db.dialect, budgets)
            .values(client_id=client_id, division=division, **values)
            .on_conflict_do_update(
                index_elements=[budgets.c.client_id, budgets.c.division], set_=values
            )
        )
        async with self._db.transaction() as tx:
            await tx.execute(statement)
