"""an article's comments can be closed by hand, and reopened past the age rule

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every article stored before stays open: NULL means not closed, and never reopened.
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("comments_closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("comments_reopened_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    # Articles closed by hand take comments again, unless the age rule closes them.
    # Never a copy of the table on SQLite (3.35+ drops a column in place): with foreign keys
    # on, dropping the old articles table would delete every comment with it (ON DELETE CASCADE).
    with op.batch_alter_table("articles", recreate="never") as batch:
        batch.drop_column("comments_reopened_at")
        batch.drop_column("comments_closed_at")
