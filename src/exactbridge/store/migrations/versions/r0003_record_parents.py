"""Records know the record they are a line of (`parent_id`), behind a partial index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

A journal entry's lines are the `transactions` records naming it in `entry_id`: the sync
stores them once and assembles each entry's `line_items` from them in the database
(`exactbridge.store.lines`). The transactions already stored get their parent from their
record here, so entries assembled after the upgrade keep every line.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL = {
    "sqlite": "json_extract(record, '$.entry_id')",
    "postgresql": "record ->> 'entry_id'",
}


def upgrade() -> None:
    with op.batch_alter_table("records") as table:
        table.add_column(sa.Column("parent_id", sa.String(64)))
    lines_only = sa.text("parent_id IS NOT NULL")
    op.create_index(
        "ix_records_scope_id_parent_id",
        "records",
        ["scope_id", "parent_id"],
        sqlite_where=lines_only,
        postgresql_where=lines_only,
    )
    parent = _BACKFILL[op.get_bind().dialect.name]
    op.execute(
        f"UPDATE records SET parent_id = {parent} "  # noqa: S608 - a constant per dialect
        "WHERE scope_id IN (SELECT id FROM record_scopes WHERE resource = 'transactions')"
    )


def downgrade() -> None:
    op.drop_index("ix_records_scope_id_parent_id", table_name="records")
    with op.batch_alter_table("records") as table:
        table.drop_column("parent_id")
