"""a moderator's decision keeps the comment's status and reports from just before it, for Undo

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# SQLite copies the table to add a CHECK constraint: reflect it alone, not the tables its
# foreign keys name (authors' index on expressions cannot be reflected, and warns).
REFLECT = {"resolve_fks": False}


def upgrade() -> None:
    # Decisions stored before stay NULL: Undo falls back to the status of the record before them.
    # A VARCHAR with a CHECK constraint of its own, as 0001 stored `status`: no database type.
    previous_status = sa.Enum(
        "published",
        "held",
        "rejected",
        name="previous_status",
        native_enum=False,
        create_constraint=True,
        length=16,
    )
    with op.batch_alter_table("moderation_records", reflect_kwargs=REFLECT) as batch:
        batch.add_column(sa.Column("previous_status", previous_status, nullable=True))
        batch.add_column(sa.Column("previous_reports", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Undo of the decisions stored since falls back to the record before them again.
    with op.batch_alter_table("moderation_records", reflect_kwargs=REFLECT) as batch:
        # SQLite's batch copy keeps every CHECK constraint: this one would name a dropped column.
        batch.drop_constraint(op.f("ck_moderation_records_previous_status"), type_="check")
        batch.drop_column("previous_reports")
        batch.drop_column("previous_status")
