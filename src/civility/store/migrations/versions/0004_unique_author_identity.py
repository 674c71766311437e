"""one author row per identity: merge the copies racing first comments stored, then index it

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-15 10:00:00
"""

# ruff: noqa: S608 (the SQL is built from this file's constants only, never from input)

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The identity as civility.store.models.Author indexes it, spelled out: a migration must keep
# doing what it did when it was written, whatever the models say later. No email and an empty
# one are one identity; in a unique index NULLs would never collide.
EMAIL_KEY = "COALESCE(email, '')"

# The rows of the same person as the row the statement names `authors`, that row included.
SAME_IDENTITY = (
    "other.display_name = authors.display_name"
    " AND COALESCE(other.email, '') = COALESCE(authors.email, '')"
)
# Of a person's rows the first stays; comments and audit entries move to it.
KEPT_ID = f"(SELECT MIN(other.id) FROM authors AS other WHERE {SAME_IDENTITY})"
HAS_COPIES = (
    f"EXISTS (SELECT 1 FROM authors AS other WHERE {SAME_IDENTITY} AND other.id <> authors.id)"
)

# Banned beats trusted beats normal (as civility.store.authors ranked the copies): a
# moderator's decision on any copy must hold for the person.
STRICTEST_TRUST = f"""(
    SELECT CASE MIN(CASE other.trust WHEN 'banned' THEN 0 WHEN 'trusted' THEN 1 ELSE 2 END)
        WHEN 0 THEN 'banned' WHEN 1 THEN 'trusted' ELSE 'normal' END
    FROM authors AS other WHERE {SAME_IDENTITY}
)"""

# Every foreign key to authors.id, as (table, column).
AUTHOR_REFERENCES = (("comments", "author_id"), ("audit_log", "author_id"))


def upgrade() -> None:
    # Plain SQL, the same on SQLite and PostgreSQL. Copies exist where first comments raced
    # before this revision; the index cannot be built until they are one row each.
    op.execute(
        f"UPDATE authors SET trust = {STRICTEST_TRUST} WHERE id = {KEPT_ID} AND {HAS_COPIES}"
    )
    for table, column in AUTHOR_REFERENCES:
        op.execute(
            f"UPDATE {table} SET {column} = (SELECT {KEPT_ID} FROM authors"
            f" WHERE authors.id = {table}.{column})"
            f" WHERE {column} IN (SELECT id FROM authors WHERE id <> {KEPT_ID})"
        )
    op.execute(f"DELETE FROM authors WHERE id <> {KEPT_ID}")
    op.create_index(
        "uq_authors_identity", "authors", ["display_name", sa.text(EMAIL_KEY)], unique=True
    )


def downgrade() -> None:
    # The merged copies stay merged: which comment came from which copy is not kept.
    op.drop_index("uq_authors_identity", table_name="authors")
