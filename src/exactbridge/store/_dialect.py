"""Everything that differs between SQLite and PostgreSQL, and nothing else.

The rest of `store/` is written once against SQLAlchemy Core; this module decides, per
dialect:

- which driver a URL gets (`aiosqlite`, `asyncpg`): users write `sqlite:///file.db` or
  `postgresql://...` and never need to know about async drivers;
- how a connection is set up: SQLite gets WAL (readers never wait for the writer),
  `synchronous=NORMAL` (durable at checkpoints, safe against corruption), foreign keys
  (cascading deletes) and a busy timeout; PostgreSQL gets an optional `search_path`;
- how a transaction begins: SQLite's default `BEGIN` is DEFERRED, which upgrades to a write
  lock on the first write and fails with "database is locked" when another writer got there
  first. Writers here begin with `BEGIN IMMEDIATE` instead, so they queue on the busy timeout
  up front; readers keep a DEFERRED `BEGIN` (a WAL snapshot that never blocks);
- how an upsert is spelled (`INSERT ... ON CONFLICT DO UPDATE` has the same shape in both, but
  SQLAlchemy builds it from a dialect-specific `insert`);
- how rows are locked: `SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the writer lock taken
  by `BEGIN IMMEDIATE` already excludes every other writer of the file;
- how instants and JSON documents are stored: `timestamptz` and `jsonb` on PostgreSQL, UTC
  text and JSON text on SQLite (which has no time zones: naive values read back as UTC);
- for the one hot path (the record upsert), which SQL string the driver gets and which
  Python values it takes (`DriverStatement`, `DriverCodec`), so that a batch of a thousand
  rows goes to the driver's `executemany` without SQLAlchemy's per-row parameter processing,
  which costs more than SQLite's own work per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final, Literal, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    ClauseElement,
    ColumnElement,
    DateTime,
    Insert,
    Select,
    String,
    Table,
    any_,
    bindparam,
    event,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeDecorator

from exactbridge.errors import ConfigurationError

__all__ = [
    "BEGIN_OPTION",
    "JSON_DOCUMENT",
    "DialectName",
    "DriverCodec",
    "DriverStatement",
    "UtcDateTime",
    "compile_for_driver",
    "connect_args",
    "dialect_of",
    "driver_codec",
    "in_list",
    "insert_ignore",
    "install",
    "lock_rows",
    "normalize_url",
    "upsert",
]

DialectName = Literal["sqlite", "postgresql"]
_S = TypeVar("_S", bound=Select[Any])

BEGIN_OPTION: Final = "exactbridge_begin"
"""Execution option naming how a SQLite transaction begins: `IMMEDIATE` (writers, the
default) or `DEFERRED` (readers)."""

_DRIVERS: Final = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_ALIASES: Final = {"postgres": "postgresql"}


def normalize_url(url: str | URL) -> URL:
    """The URL with the async driver of its dialect (`sqlite:///x.db` -> `sqlite+aiosqlite`).

    Raises:
        ConfigurationError: the URL is not a SQLite or PostgreSQL URL.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises ArgumentError and ValueError
        raise ConfigurationError(f"the database URL cannot be read ({exc})") from None
    backend = _ALIASES.get(parsed.get_backend_name(), parsed.get_backend_name())
    if backend not in _DRIVERS:
        raise ConfigurationError(
            f"the database URL must start with sqlite:// or postgresql://, not {backend}://"
        )
    return parsed.set(drivername=_DRIVERS[backend])


def dialect_of(url: URL) -> DialectName:
    """`sqlite` or `postgresql` for a normalized URL."""
    return "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"


def connect_args(dialect: DialectName, *, schema: str | None) -> dict[str, Any]:
    """Driver arguments: PostgreSQL's `search_path` when a schema is chosen."""
    if dialect == "postgresql" and schema:
        return {"server_settings": {"search_path": schema}}
    if dialect == "sqlite" and schema:
        raise ConfigurationError("a schema can only be chosen on PostgreSQL")
    return {}


def install(engine: AsyncEngine, dialect: DialectName, *, busy_timeout: float) -> None:
    """Set up every new connection of `engine` and how its transactions begin."""
    if dialect != "sqlite":
        return
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Autocommit at the driver, so that `_on_begin` alone decides how a transaction
        # begins (the sqlite3 module would otherwise issue its own deferred BEGIN).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            # 16 KiB pages before WAL fixes the page size of a new file (an existing file
            # keeps its own): a record of 2 KiB with its documents fits a page, and a batch
            # of index inserts dirties fewer pages. Measured by bench/store_upsert.py.
            "PRAGMA page_size=16384",
            "PRAGMA journal_mode=WAL",
            # 16 MiB of pages per connection (default 2 MiB). More does not make a bulk
            # load faster (writes go in groups of thousands of rows, whose index pages are
            # spread over a file of gigabytes anyway), and every pooled connection holds
            # its own: 64 MiB cost a large sync 170 MB of memory and no speed
            # (bench/sync.py --sqlite-cache-mib).
            "PRAGMA cache_size=-16384",
            "PRAGMA wal_autocheckpoint=4000",  # checkpoint every 64 MiB, not every 4 MiB
            "PRAGMA journal_size_limit=67108864",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={int(busy_timeout * 1000)}",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def upsert(dialect: DialectName, table: Table) -> sqlite.Insert | postgresql.Insert:
    """An `INSERT` of `table` that offers `on_conflict_do_update` / `on_conflict_do_nothing`."""
    return sqlite.insert(table) if dialect == "sqlite" else postgresql.insert(table)


def insert_ignore(dialect: DialectName, table: Table) -> Insert:
    """An `INSERT` of `table` that does nothing when the primary key exists already."""
    return upsert(dialect, table).on_conflict_do_nothing()


def in_list(dialect: DialectName, column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`column IN (the list bound as name)` with one statement shape for any list length.

    PostgreSQL: `= ANY(array)`, one parameter, so the prepared statement and its plan are
    reused whatever the batch size. SQLite: `IN (SELECT value FROM json_each(?))` with the
    list as one JSON text parameter, for the same reason (an expanding `IN (?, ?, ...)` is
    compiled again for every length, which costs more than the query for 5,000 keys).
    """
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=postgresql.ARRAY(column.type)))
    values = func.json_each(bindparam(name, type_=_JsonList())).table_valued("value")
    return column.in_(select(values.c.value))


class _JsonList(TypeDecorator[list[Any]]):
    """A Python list bound as JSON text (for SQLite's `json_each`)."""

    impl = String
    cache_ok = True

    def process_bind_param(
        self,
        value: list[Any] | None,
        dialect: Dialect,  # noqa: ARG002 - the hook's signature
    ) -> str | None:
        return None if value is None else orjson.dumps(value).decode("utf-8")


def lock_rows(dialect: DialectName, statement: _S) -> _S:
    """`statement` locking the rows it reads until the transaction ends.

    PostgreSQL: `FOR UPDATE`. SQLite: unchanged, because writers begin with `BEGIN
    IMMEDIATE`, which already holds the database's single writer lock.
    """
    return statement.with_for_update() if dialect == "postgresql" else statement


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant, stored as `timestamptz` (PostgreSQL) or UTC text (SQLite).

    Naive datetimes are refused: an instant without a zone is a bug waiting for a DST change.
    Values read back are always aware and in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored as an instant: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - the hook's signature
    ) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSON_DOCUMENT: Final = JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)
"""A JSON document: `jsonb` on PostgreSQL (queryable in place), JSON text on SQLite."""


@dataclass(frozen=True, slots=True)
class DriverStatement:
    """A statement compiled once for a dialect's driver, and its parameters in order."""

    sql: str
    names: tuple[str, ...]


def compile_for_driver(
    statement: ClauseElement, dialect: Dialect, keys: Sequence[str]
) -> DriverStatement:
    """`statement` as the driver's SQL (`?` or `$1` placeholders) for parameters `keys`."""
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    assert isinstance(compiled, SQLCompiler)
    names = tuple(compiled.positiontup or ())
    if sorted(names) != sorted(keys):
        raise ValueError(f"the statement takes {names}, not {tuple(keys)}")
    return DriverStatement(str(compiled), names)


@dataclass(frozen=True, slots=True)
class DriverCodec:
    """Python values as a driver takes them, for `DriverStatement` parameters.

    SQLite (through the sqlite3 module) has no date, boolean or JSON types: instants are
    the UTC text SQLAlchemy writes (so that comparisons with values bound elsewhere agree),
    dates ISO text, flags 0/1, documents JSON text. asyncpg takes aware datetimes, dates and
    booleans as they are, and JSON text for `jsonb` (SQLAlchemy registers that codec).
    """

    instant: Callable[[datetime], object]
    day: Callable[[date | None], object]
    flag: Callable[[bool], object]
    document: Callable[[bytes | None], object]


def _sqlite_instant(value: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME format, always with microseconds: text that sorts in time.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8")


_CODECS: Final = {
    "sqlite": DriverCodec(
        instant=_sqlite_instant,
        day=lambda value: None if value is None else value.isoformat(),
        flag=int,
        document=_text,
    ),
    "postgresql": DriverCodec(
        instant=lambda value: value.astimezone(UTC),
        day=lambda value: value,
        flag=lambda value: value,
        document=_text,
    ),
}


def driver_codec(dialect: DialectName) -> DriverCodec:
    """How `dialect`'s driver takes instants, dates, flags and JSON documents."""
    return _CODECS[dialect]
