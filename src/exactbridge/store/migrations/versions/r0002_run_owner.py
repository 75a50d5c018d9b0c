"""Runs remember the process that runs them (host and pid).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

A run whose process was killed stays `running` in the history. With its host and pid kept,
the next run started on that host finds it, sees the process gone and closes it as failed
(`SyncState.start_run`). Runs recorded before this revision have neither, and stay as
they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_runs") as table:
        table.add_column(sa.Column("host", sa.String(255)))
        table.add_column(sa.Column("pid", sa.Integer()))
    op.create_index("ix_sync_runs_state_host", "sync_runs", ["state", "host"])


def downgrade() -> None:
    op.drop_index("ix_sync_runs_state_host", table_name="sync_runs")
    with op.batch_alter_table("sync_runs") as table:
        table.drop_column("pid")
        table.drop_column("host")
