"""Repository functions for comment authors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.domain import AuthorTrust
from civility.store.models import Author


def get_or_create(
    session: Session, *, display_name: str, now: datetime, email: str | None = None
) -> Author:
    """The author with this name and email, created on first use."""
    query = select(Author).where(Author.display_name == display_name)
    query = query.where(Author.email == email if email else Author.email.is_(None))
    author = session.scalar(query.order_by(Author.id).limit(1))
    if author is None:
        author = Author(display_name=display_name, email=email, created_at=now)
        session.add(author)
        session.flush()
    return author


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
