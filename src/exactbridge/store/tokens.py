"""`DatabaseTokenStore`: the client's `TokenStore` on the database, tokens encrypted at rest.

The client's `TokenManager` refreshes single-flight per connection across processes: it
takes `lock(connection)`, re-reads the pair, refreshes and saves the rotated pair before
anyone uses it (see `exactbridge.client._tokens`). Here the lock is a database lock held in
a transaction for the length of the `lock` block:

- PostgreSQL: `SELECT ... FOR UPDATE` on the connection's row. Other processes' `lock`
  calls queue on it; plain reads (`load` outside a lock) never wait.
- SQLite: the writer lock taken by `BEGIN IMMEDIATE`; other writers queue on the busy
  timeout, readers keep reading the last committed pair (WAL).

`load` and `save` called inside the block join the lock's transaction (the database's held
transaction, see `database.py`), so the saved pair commits when the block ends, before the
`TokenManager` hands the new access token out.

Each pair is stored as one Fernet token of its JSON, with the connection id inside: a
ciphertext copied onto another connection's row is refused, not used. `obtained_at` and
`expires_at` are kept in clear beside it, because keep-alive selects on them.

`CachedTokenStore` wraps the database store for the clients of one process: between
refreshes a pair is read once, not once per API call (a database transaction and a
decryption each). It stays correct across processes because the `TokenManager` never
refreshes or retries on what a plain `load` returned: it re-reads inside `lock`, which
always reads the database (and refreshes the cache). A cached access token another process
replaced meanwhile is still valid at Exact until it expires (the manager refreshes before
that, under the lock); if Exact refused it, the 401 leads to that same locked re-read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

import orjson
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.client import TokenPair
from exactbridge.errors import ConfigurationError, ReconsentRequired
from exactbridge.store import _dialect
from exactbridge.store._schema import connections, tokens
from exactbridge.store.crypto import TokenCipher
from exactbridge.store.database import Database

__all__ = ["CachedTokenStore", "DatabaseTokenStore", "rotate_keys"]


class DatabaseTokenStore:
    """Token pairs of connections in the database, for every process sharing it.

    Args:
        db: the database.
        cipher: the token keys (`EXACTBRIDGE_TOKEN_KEYS`).
    """

    def __init__(self, db: Database, cipher: TokenCipher) -> None:
        self._db = db
        self._cipher = cipher

    async def load(self, connection: str) -> TokenPair | None:
        """The stored pair of `connection`, or None when it has none.

        Raises:
            ConfigurationError: the stored pair cannot be decrypted or is not this
                connection's.
        """
        async with self._db.read() as tx:
            ciphertext = await tx.scalar(
                select(tokens.c.ciphertext).where(tokens.c.connection_id == connection)
            )
        return None if ciphertext is None else self._open(connection, ciphertext)

    async def save(self, connection: str, pair: TokenPair) -> None:
        """Replace the pair of `connection` (inside `lock`: commits when the lock ends).

        Raises:
            ConfigurationError: there is no such connection.
        """
        async with self._db.transaction() as tx:
            await self.write(tx, connection, pair)

    async def write(self, tx: AsyncConnection, connection: str, pair: TokenPair) -> None:
        """Store `pair` in the caller's transaction `tx`."""
        values = {
            "ciphertext": self._seal(connection, pair),
            "obtained_at": pair.obtained_at,
            "expires_at": pair.expires_at,
        }
        insert = _dialect.upsert(self._db.dialect, tokens).values(
            connection_id=connection, **values
        )
        statement = insert.on_conflict_do_update(
            index_elements=[tokens.c.connection_id], set_=values
        )
        try:
            await tx.execute(statement)
        except IntegrityError:
            raise ConfigurationError(
                f"connection {connection!r} does not exist; create it with `Connections`"
            ) from None

    @asynccontextmanager
    async def lock(self, connection: str) -> AsyncIterator[None]:
        """Hold `connection` exclusively across every process sharing the database.

        Raises:
            ReconsentRequired: the connection does not exist (deleted, or never made).
        """
        async with self._db.transaction() as tx:
            found = await tx.scalar(
                _dialect.lock_rows(
                    self._db.dialect, select(connections.c.id).where(connections.c.id == connection)
                )
            )
            if found is None:
                raise ReconsentRequired(
                    f"connection {connection!r} does not exist; connect the account",
                    reason="not connected",
                )
            yield

    def _seal(self, connection: str, pair: TokenPair) -> str:
        return self._cipher.encrypt(orjson.dumps({"connection": connection, **pair.to_json()}))

    def _open(self, connection: str, ciphertext: str) -> TokenPair:
        data = orjson.loads(self._cipher.decrypt(ciphertext))
        if not isinstance(data, dict) or data.get("connection") != connection:
            raise ConfigurationError(
                f"the stored tokens of connection {connection!r} belong to another connection"
            )
        try:
            return TokenPair.from_json(data)
        except ValueError as exc:
            raise ConfigurationError(f"the stored tokens of {connection!r}: {exc}") from None


class CachedTokenStore:
    """A `TokenStore` over `DatabaseTokenStore` that keeps each pair between refreshes.

    `load` outside `lock` answers from memory once a pair was read; inside `lock` (where
    the `TokenManager` decides to refresh) it reads the database and remembers the answer;
    `save` writes through. Share one instance among the clients of a process.
    """

    def __init__(self, store: DatabaseTokenStore) -> None:
        self._store = store
        self._pairs: dict[str, TokenPair] = {}
        self._locked: ContextVar[frozenset[str]] = ContextVar(
            f"exactbridge_tokens_locked_{id(self)}", default=frozenset()
        )

    async def load(self, connection: str) -> TokenPair | None:
        """The pair: from memory, or (first time, or inside `lock`) from the database."""
        if connection not in self._locked.get():
            cached = self._pairs.get(connection)
            if cached is not None:
                return cached
        pair = await self._store.load(connection)
        if pair is None:
            self._pairs.pop(connection, None)
        else:
            self._pairs[connection] = pair
        return pair

    async def save(self, connection: str, pair: TokenPair) -> None:
        """Write `pair` through to the database (inside `lock`: commits when it ends)."""
        await self._store.save(connection, pair)
        self._pairs[connection] = pair

    @asynccontextmanager
    async def lock(self, connection: str) -> AsyncIterator[None]:
        """The database lock; `load` inside it reads the database."""
        token = self._locked.set(self._locked.get() | {connection})
        try:
            async with self._store.lock(connection):
                yield
        except BaseException:
            self._pairs.pop(connection, None)  # what the block saved may not have committed
            raise
        finally:
            self._locked.reset(token)


async def rotate_keys(db: Database, cipher: TokenCipher) -> int:
    """Re-encrypt every stored pair not yet under the newest key; the number re-encrypted.

    Runs in one transaction holding the token rows, so a concurrent refresh either lands
    before (and is rotated) or after (and was written under whatever key its process has
    first). Afterwards every old key can be removed from `EXACTBRIDGE_TOKEN_KEYS`, once
    every process runs with the new key first.

    Raises:
        ConfigurationError: a stored pair opens with none of the keys (nothing is changed).
    """
    async with db.transaction() as tx:
        rows = (
            await tx.execute(
                _dialect.lock_rows(db.dialect, select(tokens.c.connection_id, tokens.c.ciphertext))
            )
        ).all()
        rotated = [
            {"key": connection_id, "sealed": cipher.rotate(ciphertext)}
            for connection_id, ciphertext in rows
            if not cipher.is_current(ciphertext)
        ]
        if rotated:
            await tx.execute(
                update(tokens)
                .where(tokens.c.connection_id == bindparam("key"))
                .values(ciphertext=bindparam("sealed")),
                rotated,
            )
    return len(rotated)
