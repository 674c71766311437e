"""index the moderation queue: held and reported comments in the queue's order

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The same condition as civility.store.models.QUEUE_WHERE, spelled out: a migration must
# keep creating what it created when it was written, whatever the models say later.
QUEUE_WHERE = "status = 'held' OR (status = 'published' AND reports > 0)"


def upgrade() -> None:
    # Without it the queue reads the whole comments table on every dashboard load.
    op.create_index(
        "ix_comments_queue",
        "comments",
        [sa.text("risk DESC"), "created_at", "id"],
        postgresql_where=sa.text(QUEUE_WHERE),
        sqlite_where=sa.text(QUEUE_WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_comments_queue", table_name="comments")
