"""author emails compare case-insensitively: fold the stored ones, merge authors that then meet

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The rows this revision reads and writes, spelled out: a migration must keep doing what it did
# when it was written, whatever the models say later.
AUTHORS = sa.table(
    "authors", sa.column("id"), sa.column("display_name"), sa.column("email"), sa.column("trust")
)
# Every foreign key to authors.id, as (table, column).
AUTHOR_REFERENCES = (("comments", "author_id"), ("audit_log", "author_id"))
# The email column's length: a folded email that no longer fits stays as it was stored.
MAX_EMAIL = 320
# Banned beats trusted beats normal (as 0004 merged copies): a moderator's decision on any
# copy must hold for the person.
STRICTNESS = {"banned": 0, "trusted": 1, "normal": 2}


def fold(email: str | None) -> str | None:
    """civility.store.authors.fold_email as this revision was written: trimmed, lower case."""
    folded = (email or "").strip().lower() or None
    return email if folded is not None and len(folded) > MAX_EMAIL else folded


def upgrade() -> None:
    # Folded in Python, not with SQL lower(): SQLite's folds ASCII only and PostgreSQL's
    # follows the database's locale, and new authors are looked up by the Python fold.
    conn = op.get_bind()
    people: defaultdict[tuple[str, str], list[sa.Row[Any]]] = defaultdict(list)
    for row in conn.execute(sa.select(AUTHORS).order_by(AUTHORS.c.id)):
        # No email and an empty one are one identity, as in the unique index.
        people[(row.display_name, fold(row.email) or "")].append(row)
    for kept, *copies in people.values():
        if copies:
            _merge(conn, kept=kept, copies=copies)
        # Only after the merge: the unique index would refuse a copy's folded email twice.
        # Every row that holds this folded email now was one of the copies.
        if fold(kept.email) != kept.email:
            conn.execute(
                sa.update(AUTHORS).where(AUTHORS.c.id == kept.id).values(email=fold(kept.email))
            )


def _merge(conn: sa.Connection, *, kept: sa.Row[Any], copies: list[sa.Row[Any]]) -> None:
    """Move the copies' comments and audit entries to the first row (as 0004 did), drop them."""
    others = [row.id for row in copies]
    for table, column in AUTHOR_REFERENCES:
        author_id = sa.column(column)
        conn.execute(
            sa.update(sa.table(table, author_id))
            .where(author_id.in_(others))
            .values({column: kept.id})
        )
    conn.execute(sa.delete(AUTHORS).where(AUTHORS.c.id.in_(others)))
    trust = min((row.trust for row in [kept, *copies]), key=lambda t: STRICTNESS.get(t, 2))
    conn.execute(sa.update(AUTHORS).where(AUTHORS.c.id == kept.id).values(trust=trust))


def downgrade() -> None:
    # Not reversible, and nothing to undo in the schema: the emails' former case is not kept,
    # and the merged copies stay merged (which comment came from which copy is not kept).
    pass
