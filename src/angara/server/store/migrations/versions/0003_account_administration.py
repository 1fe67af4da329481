"""Account administration: an account can be disabled (it cannot sign in, its tokens stop
working) and keeps when its password was last set.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``users.disabled`` (false for every existing account) and ``users.password_set_at``."""
    # batch mode: SQLite changes a table by copying it
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
        users.add_column(sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the two columns."""
    with op.batch_alter_table("users") as users:
        users.drop_column("password_set_at")
        users.drop_column("disabled")
