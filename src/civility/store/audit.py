"""Repository functions for the audit log of moderator actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civility.store.models import Article, AuditEntry, Author, Comment, Moderator


def log(
    session: Session,
    *,
    action: str,
    now: datetime,
    moderator_id: int | None = None,
    comment_id: int | None = None,
    author_id: int | None = None,
    detail: str | None = None,
) -> AuditEntry:
    """Append one action to the audit log."""
    entry = AuditEntry(
        moderator_id=moderator_id,
        action=action,
        comment_id=comment_id,
        author_id=author_id,
        detail=detail,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def latest_trust_change(session: Session, author_id: int) -> AuditEntry | None:
    """The latest ban, trust or reset of this author ("author.*"), if any."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.author_id == author_id, AuditEntry.action.startswith("author."))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def list_recent(session: Session, *, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The latest actions, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(query))


def count(session: Session) -> int:
    """How many actions the log holds."""
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@dataclass(frozen=True, slots=True)
class EntryNames:
    """What the log's ids stand for, read for a whole page at once."""

    moderators: dict[int, str]
    authors: dict[int, str]
    comments: dict[int, tuple[str, str]]  # comment id -> (article slug, comment text)


def names_of(session: Session, entries: Sequence[AuditEntry]) -> EntryNames:
    """Usernames, author names and each comment's article and text, for these entries."""
    moderator_ids = {e.moderator_id for e in entries if e.moderator_id is not None}
    author_ids = {e.author_id for e in entries if e.author_id is not None}
    comment_ids = {e.comment_id for e in entries if e.comment_id is not None}
    usernames = select(Moderator.id, Moderator.username).where(Moderator.id.in_(moderator_ids))
    names = select(Author.id, Author.display_name).where(Author.id.in_(author_ids))
    texts = (
        select(Comment.id, Article.slug, Comment.text)
        .join(Article, Article.id == Comment.article_id)
        .where(Comment.id.in_(comment_ids))
    )
    return EntryNames(
        moderators={i: n for i, n in session.execute(usernames)} if moderator_ids else {},
        authors={i: n for i, n in session.execute(names)} if author_ids else {},
        comments={i: (slug, t) for i, slug, t in session.execute(texts)} if comment_ids else {},
    )
