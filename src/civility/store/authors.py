"""Repository functions for comment authors."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from civility.domain import AuthorTrust
from civility.store.models import Author


def fold_email(email: str | None) -> str | None:
    """The email as authors are stored and found: trimmed and lower case; none when empty.

    Every input path (form, API, embed, importers) passes through here, so "Bob@Example.com"
    and "bob@example.com" are one author: domains are case-insensitive, and in practice so is
    the part before the @. str.lower(), not casefold(): casefold also joins what lower keeps
    apart ("ß" and "ss", "ﬁ" and "fi"), which are different addresses where non-ASCII ones are
    allowed. Folded here, not with SQL lower(), so both databases compare the same strings.
    Only "İ" grows when lowered (to "i" and a combining dot): check lengths after folding.
    """
    return (email or "").strip().lower() or None


def _same_identity(display_name: str, email: str | None) -> sa.ColumnElement[bool]:
    """The row of the person with this name and email (no email: a name alone)."""
    # The unique index's own expression (the '' inline, as there), so an email stored empty
    # before is no email here too.
    email_key = sa.func.coalesce(Author.email, sa.literal_column("''"))
    return sa.and_(Author.display_name == display_name, email_key == (email or ""))


def get_or_create(
    session: Session, *, display_name: str, now: datetime, email: str | None = None
) -> Author:
    """The author with this name and email, created on first use; one row per person."""
    email = fold_email(email)
    query = select(Author).where(_same_identity(display_name, email))
    author = session.scalar(query)
    if author is None:
        _insert_unless_stored(session, display_name=display_name, email=email, now=now)
        author = session.execute(query).scalar_one()
    return author


def _insert_unless_stored(
    session: Session, *, display_name: str, email: str | None, now: datetime
) -> None:
    """Store the author unless another transaction stored them since we looked.

    The same person's first comments can race: the unique index makes the second insert wait
    for the first transaction, and ON CONFLICT DO NOTHING turns its conflict into no row, so
    the caller's transaction goes on and reads the row the other one committed. Not a savepoint
    with IntegrityError: on SQLite a savepoint opened before any write is the transaction
    itself, and its release would commit the author apart from the comment.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    # An empty email is no email: stored as such.
    values = {"display_name": display_name, "email": email or None, "created_at": now}
    session.execute(insert(Author).values(**values).on_conflict_do_nothing())


def get(session: Session, author_id: int) -> Author | None:
    """The author with this id, if any."""
    return session.get(Author, author_id)


def can_be_trusted(author: Author) -> bool:
    """Whether trust may be given: a name alone is anyone's who types it, an email is not shown."""
    return bool(author.email)


def effective_trust(author: Author) -> AuthorTrust:
    """The trust a new comment gets: none from a name alone, even if given before it was refused."""
    if author.trust is AuthorTrust.TRUSTED and not can_be_trusted(author):
        return AuthorTrust.NORMAL
    return author.trust


def set_trust(session: Session, author: Author, *, trust: AuthorTrust) -> Author:
    """Ban, trust or reset an author; applies to their next comments."""
    author.trust = trust
    session.flush()
    return author
