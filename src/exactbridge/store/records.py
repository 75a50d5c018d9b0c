"""`RecordStore`: the local copy of every division, written in batches, read in pages.

Each record is kept per (connection, division, resource, id) with the unified record, Exact's
raw row, `modified_at`, a deleted flag, and the three values the API filters on (status,
counterparty, date), each behind an index that also serves the page order.

Writing is the hot path of a sync (a full sync of a large division is a million rows), so
`upsert` builds no ORM objects and no per-row SQLAlchemy parameters. Per batch it

1. serializes each document once with orjson and hashes what would be stored;
2. reads the stored (hash, deleted) of the batch's ids in one indexed query;
3. drops the rows that would store what is stored already: they are neither written nor
   counted as added or updated;
4. sends the rest to the driver's `executemany` as `INSERT ... ON CONFLICT DO UPDATE ...
   WHERE the hash or the deleted flag differs`, compiled once per dialect.

The counts come from step 2, read in the writer's transaction: exact when one writer at a
time writes a (connection, division, resource), as the sync engine does. The data is right
whatever the concurrency: the conflict clause decides, row by row, in the database.

Reading is keyset-paged in `(modified_at, id)` order with opaque cursors tied to their query
(`_cursor.py`). Every method takes an optional `tx`: pass the caller's transaction to
write records and a checkpoint together (`state.SyncState`), or let the method open its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Row, and_, bindparam, false, literal_column, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.store import _dialect
from exactbridge.store._cursor import CursorKey, decode_cursor, encode_cursor
from exactbridge.store._record_types import (
    RecordPage,
    RecordQuery,
    RecordRow,
    StoredRecord,
    UpsertCounts,
    document_bytes,
)
from exactbridge.store._schema import record_scopes, records
from exactbridge.store.database import Database
from exactbridge.store.lines import LineAssembly, lines_of, parents_of, reassemble

__all__ = [
    "RecordPage",
    "RecordQuery",
    "RecordRow",
    "RecordStore",
    "StoredRecord",
    "UpsertCounts",
    "document_bytes",
]

_DELETE_CHUNK: Final = 500
_ID_CHUNK: Final = 10_000  # ids per chunk when comparing every stored id with a listing
_LOOKUP_CHUNK: Final = 5000  # ids per stored-hash query (drivers allow 32,767 parameters)
_MAX_PAGE: Final = 1000
_HASH: Final = "content_hash"
_CONTENT: Final = (
    "record",
    "raw",
    "modified_at",
    "deleted",
    "status",
    "counterparty_id",
    "date",
    "parent_id",
)
_COLUMNS: Final = ("scope_id", "id", *_CONTENT, _HASH, "version")
_HASH_AT: Final = _COLUMNS.index(_HASH)


class RecordStore:
    """Records of every connection, division and resource."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._codec = _dialect.driver_codec(db.dialect)
        inserted = _dialect.upsert(db.dialect, records)
        changed = or_(
            records.c.content_hash != inserted.excluded.content_hash,
            records.c.deleted != inserted.excluded.deleted,
        )
        content = (*_CONTENT, "content_hash")
        statement = inserted.on_conflict_do_update(
            index_elements=[records.c.scope_id, records.c.id],
            set_={
                **{name: inserted.excluded[name] for name in content},
                "version": records.c.version + literal_column("1"),
            },
            where=changed,
        )
        self._upsert = _dialect.compile_for_driver(statement, db.engine.dialect, _COLUMNS)
        assert self._upsert.names == _COLUMNS, "`_values` builds rows in `_COLUMNS` order"

    async def scope(
        self,
        tx: AsyncConnection,
        connection: str,
        division: int,
        resource: str,
        *,
        create: bool,
    ) -> int | None:
        """The id of the (connection, division, resource) scope; made when `create` is set."""
        where = and_(
            record_scopes.c.connection_id == connection,
            record_scopes.c.division == division,
            record_scopes.c.resource == resource,
        )
        found = await tx.scalar(select(record_scopes.c.id).where(where))
        if found is not None or not create:
            return found
        await tx.execute(
            _dialect.insert_ignore(self._db.dialect, record_scopes).values(
                connection_id=connection, division=division, resource=resource
            )
        )
        return await tx.scalar(select(record_scopes.c.id).where(where))

    async def upsert(
        self,
        connection: str,
        division: int,
        resource: str,
        rows: Iterable[RecordRow],
        *,
        tx: AsyncConnection | None = None,
    ) -> UpsertCounts:
        """Insert new records, update changed ones, skip unchanged ones; say which did what.

        Of several rows with one id, the last is kept (a later page is the fresher one).
        """
        latest: dict[str, RecordRow] = {row.id: row for row in rows}
        if not latest:
            return UpsertCounts(0, 0, 0)
        added = updated = 0
        writes: list[tuple[object, ...]] = []
        async with self._db.using(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=True)
            assert scope_id is not None
            stored = await self._stored_hashes(connection_tx, scope_id, list(latest))
            for row in latest.values():
                values = self._values(scope_id, row)
                known = stored.get(row.id)
                if known is None:
                    added += 1
                elif known != (values[_HASH_AT], row.deleted):
                    updated += 1
                else:
                    continue
                writes.append(values)
            if writes:
                writes.sort()  # in key order, the batch walks the primary key's pages once
                await connection_tx.exec_driver_sql(self._upsert.sql, writes)
        written = frozenset(str(values[1]) for values in writes)
        return UpsertCounts(added, updated, len(latest) - added - updated, written)

    async def _stored_hashes(
        self, tx: AsyncConnection, scope_id: int, ids: list[str]
    ) -> dict[str, tuple[bytes, bool]]:
        found: dict[str, tuple[bytes, bool]] = {}
        statement = select(records.c.id, records.c.content_hash, records.c.deleted).where(
            records.c.scope_id == scope_id, _dialect.in_list(self._db.dialect, records.c.id, "ids")
        )
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            rows = await tx.execute(statement, {"ids": ids[start : start + _LOOKUP_CHUNK]})
            found.update((key, (bytes(digest), bool(deleted))) for key, digest, deleted in rows)
        return found

    def _values(self, scope_id: int, row: RecordRow) -> tuple[Any, ...]:
        """The row's column values in `_COLUMNS` order, as the driver takes them."""
        record = document_bytes(row.record)
        raw = None if row.raw is None else document_bytes(row.raw)
        modified_at = row.modified_at.astimezone(UTC)
        changed = "observed" if row.observed else repr(modified_at.timestamp())
        # `parent_id` is a field of the record (a transaction's `entry_id`): hashed with it
        stamp = f"\x00{changed}\x00{row.status}\x00{row.counterparty_id}\x00{row.date}"
        # SHA-256 (in hardware on current x86 and ARM CPUs) is twice as fast as BLAKE2b here,
        # and fed piece by piece the documents are not copied into one buffer first.
        hasher = hashlib.sha256(record if row.content is None else document_bytes(row.content))
        if raw is None:
            hasher.update(b"\x01")
        else:
            hasher.update(b"\x00")
            hasher.update(raw)
        hasher.update(stamp.encode())
        digest = hasher.digest()[:16]
        codec = self._codec
        return (
            scope_id,
            row.id,
            codec.document(record),
            codec.document(raw),
            codec.instant(modified_at),
            codec.flag(row.deleted),
            row.status,
            row.counterparty_id,
            codec.day(row.date),
            row.parent_id,
            digest,
            1,
        )

    async def mark_deleted(
        self,
        connection: str,
        division: int,
        resource: str,
        ids: Iterable[str],
        *,
        at: datetime,
        tx: AsyncConnection | None = None,
    ) -> int:
        """Mark records deleted as of `at` (their new `modified_at`); how many were live.

        Unknown ids and records already marked are not counted.
        """
        wanted = list(dict.fromkeys(ids))
        marked = 0
        async with self._db.using(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return 0
            for start in range(0, len(wanted), _DELETE_CHUNK):
                chunk = wanted[start : start + _DELETE_CHUNK]
                result = await connection_tx.execute(
                    update(records)
                    .where(
                        records.c.scope_id == scope_id,
                        records.c.id.in_(chunk),
                        records.c.deleted == false(),
                    )
                    .values(deleted=True, modified_at=at, version=records.c.version + 1)
                )
                marked += result.rowcount
        return marked

    async def lines_of(
        self,
        connection: str,
        division: int,
        assembly: LineAssembly,
        documents: Mapping[str, bytes],
        *,
        tx: AsyncConnection | None = None,
    ) -> dict[str, bytes]:
        """The lines of each document (id -> its record's JSON), as JSON arrays, from the
        stored line records (see `lines.lines_of`)."""
        if not documents:
            return {}
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(
                connection_tx, connection, division, assembly.lines, create=False
            )
            return await lines_of(
                connection_tx, self._db.dialect, assembly, lines=scope_id, documents=documents
            )

    async def reassemble(
        self,
        connection: str,
        division: int,
        assembly: LineAssembly,
        ids: Collection[str],
        *,
        tx: AsyncConnection | None = None,
    ) -> int:
        """Write again the lines of the documents `ids` whose stored line records changed;
        how many documents were written (each with a new version: `lines.reassemble`)."""
        if not ids:
            return 0
        async with self._db.using(tx) as connection_tx:
            documents = await self.scope(
                connection_tx, connection, division, assembly.document, create=False
            )
            lines = await self.scope(
                connection_tx, connection, division, assembly.lines, create=False
            )
            if documents is None or lines is None:
                return 0
            return await reassemble(
                connection_tx,
                self._db.dialect,
                assembly,
                documents=documents,
                lines=lines,
                ids=ids,
            )

    async def parents(
        self,
        connection: str,
        division: int,
        resource: str,
        ids: Collection[str],
        *,
        tx: AsyncConnection | None = None,
    ) -> set[str]:
        """The `parent_id`s of the records `ids` of `resource` (the documents they are
        lines of)."""
        if not ids:
            return set()
        async with self._db.using(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return set()
            return await parents_of(connection_tx, self._db.dialect, lines=scope_id, ids=ids)

    async def get(
        self,
        connection: str,
        division: int,
        resource: str,
        record_id: str,
        *,
        tx: AsyncConnection | None = None,
    ) -> StoredRecord | None:
        """One record (deleted ones too: see `deleted`), or None."""
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return None
            row = (
                await connection_tx.execute(
                    _select_records().where(
                        records.c.scope_id == scope_id, records.c.id == record_id
                    )
                )
            ).first()
        return None if row is None else _stored(row)

    async def page(
        self,
        query: RecordQuery,
        *,
        limit: int = 100,
        cursor: str | None = None,
        tx: AsyncConnection | None = None,
    ) -> RecordPage:
        """The page of `query` after `cursor` (from the start without one).

        Raises:
            InvalidCursor: the cursor is malformed or belongs to another query.
            ValueError: `limit` is not between 1 and 1,000.
        """
        if not 1 <= limit <= _MAX_PAGE:
            raise ValueError(f"a page holds 1 to {_MAX_PAGE} records, not {limit}")
        query_fingerprint = query.fingerprint()
        after = decode_cursor(cursor, query_fingerprint) if cursor is not None else None
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(
                connection_tx, query.connection, query.division, query.resource, create=False
            )
            if scope_id is None:
                return RecordPage([], None)
            statement = (
                _select_records()
                .where(*_conditions(scope_id, query, after))
                .order_by(records.c.modified_at, records.c.id)
                .limit(limit + 1)
            )
            rows = (await connection_tx.execute(statement)).all()
        found = [_stored(row) for row in rows[:limit]]
        if len(rows) <= limit:
            return RecordPage(found, None)
        last = found[-1]
        return RecordPage(
            found, encode_cursor(query_fingerprint, CursorKey(last.modified_at, last.id))
        )

    async def live_ids(
        self,
        connection: str,
        division: int,
        resource: str,
        *,
        tx: AsyncConnection | None = None,
    ) -> set[str]:
        """Ids of the records not marked deleted (for reconciling deletes by id lists)."""
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return set()
            found = await connection_tx.scalars(
                select(records.c.id).where(
                    records.c.scope_id == scope_id, records.c.deleted == false()
                )
            )
            return set(found)

    async def has_live(
        self,
        connection: str,
        division: int,
        resource: str,
        *,
        tx: AsyncConnection | None = None,
    ) -> bool:
        """True when at least one record of the scope is not marked deleted."""
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return False
            found = await connection_tx.scalar(
                select(records.c.id)
                .where(records.c.scope_id == scope_id, records.c.deleted == false())
                .limit(1)
            )
            return found is not None

    async def missing_ids(
        self,
        connection: str,
        division: int,
        resource: str,
        present: Collection[str],
        *,
        tx: AsyncConnection | None = None,
    ) -> list[str]:
        """Ids of the live records not in `present` (what a full key listing says is gone),
        in id order.

        The store's ids are read in chunks along the primary key, so a resource of a million
        records never has its ids in memory twice (`present` already holds them once).
        """
        gone: list[str] = []
        async with self._db.reading(tx) as connection_tx:
            scope_id = await self.scope(connection_tx, connection, division, resource, create=False)
            if scope_id is None:
                return gone
            after = ""
            while True:
                chunk = list(
                    await connection_tx.scalars(
                        select(records.c.id)
                        .where(
                            records.c.scope_id == scope_id,
                            records.c.id > after,
                            records.c.deleted == false(),
                        )
                        .order_by(records.c.id)
                        .limit(_ID_CHUNK)
                    )
                )
                gone.extend(record_id for record_id in chunk if record_id not in present)
                if len(chunk) < _ID_CHUNK:
                    return gone
                after = chunk[-1]


def _select_records() -> Any:
    return select(
        records.c.id,
        records.c.record,
        records.c.raw,
        records.c.modified_at,
        records.c.deleted,
        records.c.status,
        records.c.counterparty_id,
        records.c.date,
        records.c.version,
    )


def _conditions(scope_id: int, query: RecordQuery, after: CursorKey | None) -> list[Any]:
    conditions: list[Any] = [records.c.scope_id == scope_id]
    if not query.include_deleted:
        conditions.append(records.c.deleted == false())
    if query.modified_since is not None:
        conditions.append(records.c.modified_at >= query.modified_since)
    if query.status is not None:
        conditions.append(records.c.status == query.status)
    if query.counterparty_id is not None:
        conditions.append(records.c.counterparty_id == query.counterparty_id)
    if query.date_from is not None:
        conditions.append(records.c.date >= query.date_from)
    if query.date_to is not None:
        conditions.append(records.c.date <= query.date_to)
    if after is not None:
        conditions.append(
            tuple_(records.c.modified_at, records.c.id)
            > tuple_(
                bindparam("after_modified_at", after.modified_at, type_=records.c.modified_at.type),
                bindparam("after_id", after.id, type_=records.c.id.type),
            )
        )
    return conditions


def _stored(row: Row[Any]) -> StoredRecord:
    return StoredRecord(
        id=row.id,
        record=row.record,
        raw=row.raw,
        modified_at=row.modified_at,
        deleted=bool(row.deleted),
        status=row.status,
        counterparty_id=row.counterparty_id,
        date=row.date,
        version=row.version,
    )
