"""moderator accounts can be disabled: a departed or compromised account stops logging in

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-22 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every account that exists now stays enabled: NULL means enabled.
    with op.batch_alter_table("moderators") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Every disabled account can log in again: the column was the only record of it.
    with op.batch_alter_table("moderators") as batch:
        batch.drop_column("disabled_at")
