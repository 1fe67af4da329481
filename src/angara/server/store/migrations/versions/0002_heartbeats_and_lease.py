"""Runs that never hang and one server per database: a running run's heartbeat (and the
worker doing it), and the lease a live server holds on the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
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
    """Add the runs' heartbeat and worker, and the server lease table."""
    # SQLite alters a table only by rebuilding it: batch mode does that
    with op.batch_alter_table("runs") as runs:
        runs.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        runs.add_column(sa.Column("worker", sa.String(length=255), nullable=True))
    op.create_table(
        "server_leases",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_leases")),
    )


def downgrade() -> None:
    """Drop the lease table and the runs' heartbeat and worker."""
    op.drop_table("server_leases")
    with op.batch_alter_table("runs") as runs:
        runs.drop_column("worker")
        runs.drop_column("heartbeat_at")
