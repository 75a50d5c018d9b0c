"""The first schema: connections, tokens, budgets, records and sync state.

Revision ID: 0001
Revises:
Create Date: 2026-06-25

Written out in full rather than imported from `_schema.py`: a revision describes the
schema as it was when it was made, and `_schema.py` will move on. A test migrates an empty
database on SQLite and PostgreSQL and compares it with `_schema.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = 64


def _instant(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, *, nullable: bool) -> sa.Column[object]:
    kind = sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )
    return sa.Column(name, kind, nullable=nullable)


def _owned_by_connection(table: str) -> list[sa.schema.SchemaItem]:
    """`connection_id` and its cascading foreign key to `connections`."""
    return [
        sa.Column("connection_id", sa.String(_ID), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["connections.id"],
            name=f"fk_{table}_connection_id",
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "connections",
        sa.Column("id", sa.String(_ID), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("base_url", sa.String(255), nullable=False),
        sa.Column("client_id", sa.String(_ID), nullable=False),
        sa.Column("user_id", sa.String(_ID)),
        sa.Column("user_name", sa.String(255)),
        sa.Column("full_name", sa.String(255)),
        sa.Column("current_division", sa.Integer()),
        sa.Column("reconsent_reason", sa.String(255)),
        _instant("reconsent_at"),
        _instant("created_at", nullable=False),
        _instant("consented_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_connections"),
    )
    op.create_table(
        "connection_divisions",
        *_owned_by_connection("connection_divisions"),
        sa.Column("division", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("name", sa.String(255)),
        sa.Column("country", sa.String(8)),
        sa.Column("currency", sa.String(8)),
        sa.Column("status", sa.Integer()),
        sa.Column("blocking_status", sa.Integer()),
        _instant("moved_at"),
        sa.Column("scope_missing", sa.String(500)),
        _instant("scope_missing_at"),
        _instant("discovered_at", nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "division", name="pk_connection_divisions"),
    )
    op.create_table(
        "tokens",
        *_owned_by_connection("tokens"),
        sa.Column("ciphertext", sa.Text(), nullable=False),
        _instant("obtained_at", nullable=False),
        _instant("expires_at", nullable=False),
        sa.PrimaryKeyConstraint("connection_id", name="pk_tokens"),
    )
    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.String(64), nullable=False),
        sa.Column("region", sa.String(8), nullable=False),
        sa.Column("base_url", sa.String(255), nullable=False),
        sa.Column("connection_id", sa.String(_ID)),
        _instant("created_at", nullable=False),
        _instant("expires_at", nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name="pk_oauth_states"),
    )
    op.create_index("ix_oauth_states_expires_at", "oauth_states", ["expires_at"])
    op.create_table(
        "budgets",
        sa.Column("client_id", sa.String(_ID), nullable=False),
        sa.Column("division", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("minutely_limit", sa.Integer()),
        sa.Column("minutely_remaining", sa.Integer()),
        _instant("minutely_reset"),
        sa.Column("daily_limit", sa.Integer()),
        sa.Column("daily_remaining", sa.Integer()),
        _instant("daily_reset"),
        sa.Column("calls_since_update", sa.Integer(), nullable=False),
        _instant("blocked_until"),
        _instant("updated_at"),
        sa.PrimaryKeyConstraint("client_id", "division", name="pk_budgets"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        _instant("started_at", nullable=False),
        sa.Column("record_id", sa.String(_ID)),
        sa.PrimaryKeyConstraint("scope", "key", name="pk_idempotency_keys"),
    )
    op.create_table(
        "endpoint_errors",
        *_owned_by_connection("endpoint_errors"),
        sa.Column("division", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("endpoint", sa.String(200), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        _instant("counted_at", nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "division", "endpoint", name="pk_endpoint_errors"),
    )
    op.create_table(
        "record_scopes",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
        *_owned_by_connection("record_scopes"),
        sa.Column("division", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_record_scopes"),
        sa.UniqueConstraint(
            "connection_id",
            "division",
            "resource",
            name="uq_record_scopes_connection_id_division_resource",
        ),
    )
    op.create_table(
        "records",
        sa.Column("scope_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("id", sa.String(_ID), nullable=False),
        _json("record", nullable=False),
        _json("raw", nullable=True),
        _instant("modified_at", nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(32)),
        sa.Column("counterparty_id", sa.String(_ID)),
        sa.Column("date", sa.Date()),
        sa.Column("content_hash", sa.LargeBinary(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scope_id"], ["record_scopes.id"], name="fk_records_scope_id", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("scope_id", "id", name="pk_records"),
    )
    for columns in (
        ["scope_id", "modified_at", "id"],
        ["scope_id", "status", "modified_at", "id"],
        ["scope_id", "counterparty_id"],
        ["scope_id", "date"],
    ):
        op.create_index(f"ix_records_{'_'.join(columns)}", "records", columns)
    op.create_table(
        "sync_checkpoints",
        *_owned_by_connection("sync_checkpoints"),
        sa.Column("division", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("stream", sa.String(100), nullable=False),
        _json("position", nullable=False),
        _instant("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "division", "stream", name="pk_sync_checkpoints"),
    )
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        *_owned_by_connection("sync_runs"),
        sa.Column("division", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(64)),
        sa.Column("state", sa.String(16), nullable=False),
        _instant("started_at", nullable=False),
        _instant("finished_at"),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_sync_runs"),
    )
    op.create_index(
        "ix_sync_runs_connection_id_division_started_at",
        "sync_runs",
        ["connection_id", "division", "started_at"],
    )
    op.create_table(
        "sync_schedules",
        *_owned_by_connection("sync_schedules"),
        sa.Column("division", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("resource", sa.String(64), nullable=False),
        sa.Column("interval_seconds", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _instant("last_run_at"),
        _instant("next_due_at", nullable=False),
        sa.PrimaryKeyConstraint("connection_id", "division", "resource", name="pk_sync_schedules"),
    )
    op.create_index("ix_sync_schedules_next_due_at", "sync_schedules", ["next_due_at"])


def downgrade() -> None:
    for table in (
        "sync_schedules",
        "sync_runs",
        "sync_checkpoints",
        "records",
        "record_scopes",
        "endpoint_errors",
        "idempotency_keys",
        "budgets",
        "oauth_states",
        "tokens",
        "connection_divisions",
        "connections",
    ):
        op.drop_table(table)
