"""Repository functions for the audit log of moderator actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civility.domain import CommentStatus
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
class CommentRef:
    """What the log shows of a comment it names: where it is read and where it stands now."""

    slug: str  # its article's
    text: str
    status: CommentStatus  # now, not when the entry was written
    author_id: int

    @property
    def published(self) -> bool:
        """Whether readers see it now, on its article's page."""
        return self.status is CommentStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class EntryNames:
    """What the log's ids stand for, read for a whole page at once."""

    moderators: dict[int, str]
    authors: dict[int, str]  # the entries' authors and their comments' authors
    comments: dict[int, CommentRef]

    def author_of(self, entry: AuditEntry) -> int | None:
        """The author the entry is about: its own, or else its comment's (a decision on a
        comment names the comment only)."""
        if entry.author_id is not None:
            return entry.author_id
        comment = self.comments.get(entry.comment_id) if entry.comment_id is not None else None
        return comment.author_id if comment is not None else None


def names_of(session: Session, entries: Sequence[AuditEntry]) -> EntryNames:
    """Usernames, author names and each comment's article, text, status and author, for these
    entries: one query for each kind, whatever the number of entries."""
    moderator_ids = {e.moderator_id for e in entries if e.moderator_id is not None}
    comment_ids = {e.comment_id for e in entries if e.comment_id is not None}
    texts = (
        select(
            Comment.id, Article.slug, Comment.text, Comment.status, Author.id, Author.display_name
        )
        .join(Article, Article.id == Comment.article_id)
        .join(Author, Author.id == Comment.author_id)
        .where(Comment.id.in_(comment_ids))
    )
    comments: dict[int, CommentRef] = {}
    authors: dict[int, str] = {}
    for comment_id, slug, text, status, author_id, name in (
        session.execute(texts) if comment_ids else ()
    ):
        comments[comment_id] = CommentRef(slug, text, status, author_id)
        authors[author_id] = name
    # The entries' own authors (a ban, an erasure), but for those their comments named already.
    author_ids = {e.author_id for e in entries if e.author_id is not None} - authors.keys()
    names = select(Author.id, Author.display_name).where(Author.id.in_(author_ids))
    usernames = select(Moderator.id, Moderator.username).where(Moderator.id.in_(moderator_ids))
    if author_ids:
        authors.update((i, n) for i, n in session.execute(names))
    return EntryNames(
        moderators={i: n for i, n in session.execute(usernames)} if moderator_ids else {},
        authors=authors,
        comments=comments,
    )
