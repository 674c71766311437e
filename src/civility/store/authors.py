"""Repository functions for comment authors."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.domain import AuthorTrust
from civility.store.models import Author

# Racing first comments by one person can each store an author row (the identity has no
# unique index). Of such copies the banned one speaks for the person, then a trusted one:
# a decision a moderator made on any copy must hold for all.
_TRUST_RANK = sa.case(
    (Author.trust == AuthorTrust.BANNED, 0), (Author.trust == AuthorTrust.TRUSTED, 1), else_=2
)


def _same_identity(display_name: str, email: str | None) -> sa.ColumnElement[bool]:
    """Rows of the person with this name and email (no email: a name alone)."""
    same_email = Author.email == email if email else Author.email.is_(None)
    return sa.and_(Author.display_name == display_name, same_email)


def get_or_create(
    session: Session, *, display_name: str, now: datetime, email: str | None = None
) -> Author:
    """The author with this name and email, created on first use; of copies, the strictest."""
    query = select(Author).where(_same_identity(display_name, email))
    author = session.scalar(query.order_by(_TRUST_RANK, Author.id).limit(1))
    if author is None:
        # An empty email is no email: stored as such, the lookup above finds the row again.
        author = Author(display_name=display_name, email=email or None, created_at=now)
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
    """Ban, trust or reset an author and any copy of them; applies to their next comments."""
    session.execute(
        sa.update(Author)
        .where(sa.or_(Author.id == author.id, _same_identity(author.display_name, author.email)))
        .values(trust=trust)
    )
    session.flush()
    return author
