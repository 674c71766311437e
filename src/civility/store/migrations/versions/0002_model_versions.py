"""record the models behind each system decision

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Decisions made before this revision keep NULL: which models made them is not known.
    with op.batch_alter_table('moderation_records') as batch:
        batch.add_column(sa.Column('model_versions', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('moderation_records') as batch:
        batch.drop_column('model_versions')
