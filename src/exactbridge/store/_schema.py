"""The store's tables: one SQLAlchemy Core schema for SQLite and PostgreSQL.

Alembic's first revision (`migrations/versions/r0001_initial.py`) creates exactly these
tables; a test compares a migrated database with this module on both dialects.

Every table that belongs to a connection references `connections.id` with `ON DELETE
CASCADE`, so deleting a connection removes its tokens, divisions, records, checkpoints, runs
and schedules in one statement. Budgets belong to an app and a division, not to a
connection (two connections may reach one division), and stay.

Records hang off `record_scopes`, one small row per (connection, division, resource), so the
million-row table and its indexes carry a 4-byte scope instead of three repeated strings.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from exactbridge.store._dialect import JSON_DOCUMENT, UtcDateTime

__all__ = [
    "budgets",
    "connection_divisions",
    "connections",
    "endpoint_errors",
    "idempotency_keys",
    "metadata",
    "oauth_states",
    "record_scopes",
    "records",
    "sync_checkpoints",
    "sync_runs",
    "sync_schedules",
    "tokens",
]

metadata: Final = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_ID = 64  # connection ids, client ids, Exact keys (GUIDs are 36 characters)


def _connection_fk() -> Column[str]:
    return Column(
        "connection_id",
        String(_ID),
        ForeignKey("connections.id", ondelete="CASCADE"),
        primary_key=True,
    )


connections: Final = Table(
    "connections",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("region", String(8), nullable=False),
    Column("base_url", String(255), nullable=False),
    Column("client_id", String(_ID), nullable=False),
    Column("user_id", String(_ID)),  # current/Me.UserID
    Column("user_name", String(255)),  # current/Me.UserName
    Column("full_name", String(255)),  # current/Me.FullName
    Column("current_division", Integer),  # current/Me.CurrentDivision
    Column("reconsent_reason", String(255)),  # set when the chain died; None while it lives
    Column("reconsent_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("consented_at", UtcDateTime(), nullable=False),  # the latest completed consent
)

connection_divisions: Final = Table(
    "connection_divisions",
    metadata,
    _connection_fk(),
    Column("division", Integer, primary_key=True, autoincrement=False),
    Column("name", String(255)),  # system/Divisions.Description
    Column("country", String(8)),
    Column("currency", String(8)),
    Column("status", Integer),  # 0 inactive, 1 active, 2 archived
    Column("blocking_status", Integer),  # 0 not blocked, 1-6 backup, restore or conversion
    Column("moved_at", UtcDateTime()),  # DivisionMoveDate: a move regenerates timestamps
    Column("scope_missing", String(500)),  # Exact's 403 text naming the scope, when one was
    Column("scope_missing_at", UtcDateTime()),
    Column("discovered_at", UtcDateTime(), nullable=False),
)

tokens: Final = Table(
    "tokens",
    metadata,
    _connection_fk(),
    Column("ciphertext", Text, nullable=False),  # Fernet token of the JSON pair
    Column("obtained_at", UtcDateTime(), nullable=False),  # plain: keep-alive selects on it
    Column("expires_at", UtcDateTime(), nullable=False),
)

oauth_states: Final = Table(
    "oauth_states",
    metadata,
    Column("state_hash", String(64), primary_key=True),  # SHA-256 hex of the state
    Column("region", String(8), nullable=False),
    Column("base_url", String(255), nullable=False),
    Column("connection_id", String(_ID)),  # the connection to create or re-consent
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)

budgets: Final = Table(
    "budgets",
    metadata,
    Column("client_id", String(_ID), primary_key=True),
    Column("division", Integer, primary_key=True, autoincrement=False),
    Column("minutely_limit", Integer),
    Column("minutely_remaining", Integer),
    Column("minutely_reset", UtcDateTime()),
    Column("daily_limit", Integer),
    Column("daily_remaining", Integer),
    Column("daily_reset", UtcDateTime()),
    Column("calls_since_update", Integer, nullable=False, default=0),
    Column("blocked_until", UtcDateTime()),
    Column("updated_at", UtcDateTime()),
)

idempotency_keys: Final = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(200), primary_key=True),  # connection/division/resource
    Column("key", String(200), primary_key=True),  # the caller's idempotency key
    Column("fingerprint", String(64), nullable=False),  # digest of the first body sent
    Column("started_at", UtcDateTime(), nullable=False),
    Column("record_id", String(_ID)),  # the created record, once known
)

endpoint_errors: Final = Table(
    "endpoint_errors",
    metadata,
    _connection_fk(),
    Column("division", Integer, primary_key=True, autoincrement=False),
    Column("endpoint", String(200), primary_key=True),
    Column("errors", Integer, nullable=False),  # 4xx answers within the hour before counted_at
    Column("counted_at", UtcDateTime(), nullable=False),
)

record_scopes: Final = Table(
    "record_scopes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "connection_id",
        String(_ID),
        ForeignKey("connections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("division", Integer, nullable=False),
    Column("resource", String(64), nullable=False),
    UniqueConstraint("connection_id", "division", "resource"),
)

records: Final = Table(
    "records",
    metadata,
    Column(
        "scope_id",
        Integer,
        ForeignKey("record_scopes.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("id", String(_ID), primary_key=True),
    Column("record", JSON_DOCUMENT, nullable=False),  # the unified record
    Column("raw", JSON_DOCUMENT),  # Exact's row as received
    Column("modified_at", UtcDateTime(), nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("status", String(32)),
    Column("counterparty_id", String(_ID)),
    Column("date", Date),
    # The record this one is a line of (a transaction's entry), for documents whose lines
    # are records of their own (`lines.LineAssembly`); None for every other record.
    Column("parent_id", String(_ID)),
    Column("content_hash", LargeBinary(16), nullable=False),  # unchanged rows are skipped
    Column("version", Integer, nullable=False),  # 1 when inserted, +1 on every change
    # Page order and the modified-since filter: new rows append at the end.
    Index(None, "scope_id", "modified_at", "id"),
    # Status filter in page order: few statuses, so new rows append at a few ends.
    Index(None, "scope_id", "status", "modified_at", "id"),
    # Counterparty and date filters: new rows land anywhere, so these stay narrow (every
    # batch dirties fewer pages); the few rows of one counterparty or range are sorted.
    Index(None, "scope_id", "counterparty_id"),
    Index(None, "scope_id", "date"),
    # A document's lines, read when the document is assembled: only lines have a parent,
    # so the index holds them alone (every other record would be an entry under NULL).
    Index(
        None,
        "scope_id",
        "parent_id",
        sqlite_where=text("parent_id IS NOT NULL"),
        postgresql_where=text("parent_id IS NOT NULL"),
    ),
)

sync_checkpoints: Final = Table(
    "sync_checkpoints",
    metadata,
    _connection_fk(),
    Column("division", Integer, primary_key=True, autoincrement=False),
    Column("stream", String(100), primary_key=True),
    Column("position", JSON_DOCUMENT, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

sync_runs: Final = Table(
    "sync_runs",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column(
        "connection_id",
        String(_ID),
        ForeignKey("connections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("division", Integer, nullable=False),
    Column("resource", String(64)),  # None: every scheduled resource of the division
    Column("state", String(16), nullable=False),  # running, succeeded, failed
    Column("started_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime()),
    Column("added", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("deleted", Integer, nullable=False, default=0),
    Column("calls", Integer, nullable=False, default=0),
    Column("error", Text),
    # the process running it: a run left `running` by a process that is gone is closed
    Column("host", String(255)),
    Column("pid", Integer),
    Index(None, "connection_id", "division", "started_at"),
    Index(None, "state", "host"),  # the running runs of a host, among years of history
)

sync_schedules: Final = Table(
    "sync_schedules",
    metadata,
    _connection_fk(),
    Column("division", Integer, primary_key=True, autoincrement=False),
    Column("resource", String(64), primary_key=True),
    Column("interval_seconds", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("last_run_at", UtcDateTime()),
    Column("next_due_at", UtcDateTime(), nullable=False, index=True),
)
