"""Idempotency keys in the database: what each caller key created, shared by every process.

The actions layer records a create's key (with a fingerprint of its body) before the POST
and the created record's id after it (`exactbridge.actions` explains why). Here that
record lives in a table, so a retry from another process or after a restart sees it:
`claim` inserts the key or finds it (atomically: of two concurrent claims exactly one is
fresh), `complete` stores the record id, `owned` says which records some key created.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from exactbridge.store import _dialect
from exactbridge.store._schema import idempotency_keys
from exactbridge.store.database import Database

__all__ = ["DatabaseIdempotencyStore", "IdempotentCall"]


@dataclass(frozen=True, slots=True)
class IdempotentCall:
    """One caller key within a scope (connection, division and resource).

    Attributes:
        scope: where the key is unique (`<connection>/<division>/<resource>`).
        key: the caller's idempotency key.
        fingerprint: digest of the body first sent with the key.
        started_at: when the first attempt began (UTC); lookups search from shortly before.
        record_id: the created record's id, once known.
        fresh: True when this `claim` created the entry (no earlier attempt).
    """

    scope: str
    key: str
    fingerprint: str
    started_at: datetime
    record_id: str | None = None
    fresh: bool = False


class DatabaseIdempotencyStore:
    """Idempotency keys in the store's database (the actions' `IdempotencyStore`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, scope: str, key: str, fingerprint: str, now: datetime) -> IdempotentCall:
        """The call recorded for `key`, recording a fresh one if none exists."""
        async with self._db.transaction() as tx:
            inserted = await tx.execute(
                _dialect.insert_ignore(self._db.dialect, idempotency_keys).values(
                    scope=scope, key=key, fingerprint=fingerprint, started_at=now
                )
            )
            row = (
                await tx.execute(
                    select(
                        idempotency_keys.c.fingerprint,
                        idempotency_keys.c.started_at,
                        idempotency_keys.c.record_id,
                    ).where(idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
                )
            ).one()
        return IdempotentCall(
            scope, key, row.fingerprint, row.started_at, row.record_id, inserted.rowcount == 1
        )

    async def complete(self, scope: str, key: str, record_id: str) -> None:
        """Record the id of the record `key` created."""
        async with self._db.transaction() as tx:
            await tx.execute(
                update(idempotency_keys)
                .where(idempotency_keys.c.scope == scope, idempotency_keys.c.key == key)
                .values(record_id=record_id)
            )

    async def owned(self, scope: str, record_ids: Iterable[str]) -> set[str]:
        """Which of `record_ids` some key of `scope` created."""
        wanted = list(dict.fromkeys(record_ids))
        if not wanted:
            return set()
        async with self._db.read() as tx:
            found = await tx.scalars(
                select(idempotency_keys.c.record_id).where(
                    idempotency_keys.c.scope == scope, idempotency_keys.c.record_id.in_(wanted)
                )
            )
            return {record_id for record_id in found if record_id is not None}
