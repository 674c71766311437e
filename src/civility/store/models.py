"""Every table: articles, authors, comments, moderation records, moderators, audit, keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from civility.domain import AuthorTrust, CommentStatus
from civility.store.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with names Alembic can diff on both databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(enum_cls: type[Any], name: str) -> Enum:
    """Store an enum by its value, as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda members: [m.value for m in members],
        length=16,
    )


class Article(Base):
    """A story comments are written under."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    outlet: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Bumped whenever title or body changes, so cached embeddings know they are stale.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Closed by hand (NULL: open unless CIVILITY_COMMENTS_CLOSE_AFTER_DAYS has passed).
    comments_closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Reopened by hand: the age rule counts from here when it is later than the publication.
    comments_reopened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ArticlePassage(Base):
    """One passage of an article with its embedding, for the relevance scorer."""

    __tablename__ = "article_passages"
    __table_args__ = (UniqueConstraint("article_id", "article_version", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    article_version: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(100))
    embedding: Mapped[bytes] = mapped_column(LargeBinary)


class Author(Base):
    """Someone who comments; the email is for moderators only, never shown publicly."""

    __tablename__ = "authors"
    __table_args__ = (
        # One row per person: racing first comments cannot each store one. No email and an
        # empty one are the same identity, and NULLs would never collide in a unique index.
        Index("uq_authors_identity", "display_name", text("COALESCE(email, '')"), unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    trust: Mapped[AuthorTrust] = mapped_column(
        _enum(AuthorTrust, "author_trust"), default=AuthorTrust.NORMAL
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Comment(Base):
    """A comment: its source text, its sanitised HTML and where it stands."""

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        Index("ix_comments_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "comment_status"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # "@Name" the author addressed, kept even when no earlier comment by Name exists.
    reply_to_name: Mapped[str | None] = mapped_column(String(100))
    # Idempotency: an import's stable key or a form's one-time token; one comment each.
    external_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    risk: Mapped[float] = mapped_column(Float, default=0.0)

    article: Mapped[Article] = relationship()
    author: Mapped[Author] = relationship()


# The moderation queue (store.moderation.list_queue): only held and reported comments, in the
# queue's order, so the queue reads a few index entries instead of every comment. The WHERE is
# the query's own, on the stored values: PostgreSQL uses a partial index only for a query
# whose condition implies the index's.
QUEUE_WHERE = text("status = 'held' OR (status = 'published' AND reports > 0)")
Index(
    "ix_comments_queue",
    Comment.risk.desc(),
    Comment.created_at,
    Comment.id,
    postgresql_where=QUEUE_WHERE,
    sqlite_where=QUEUE_WHERE,
)


class ModerationRecord(Base):
    """One decision on a comment: by the system or by a named moderator."""

    __tablename__ = "moderation_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "record_status"))
    policy_version: Mapped[str | None] = mapped_column(String(40))
    # The system's decisions: the trained models behind the scores ("abuse-stack-1+... encoder").
    model_versions: Mapped[str | None] = mapped_column(String(200))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # A moderator's decision: the comment as it was just before it, what Undo puts back. NULL on
    # the system's records and on decisions stored before revision 0007.
    previous_status: Mapped[CommentStatus | None] = mapped_column(
        _enum(CommentStatus, "previous_status")
    )
    previous_reports: Mapped[int | None] = mapped_column(Integer)

    scores: Mapped[list[ScoreRecord]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="ScoreRecord.id"
    )

    @property
    def is_automatic(self) -> bool:
        """True when the system decided, not a moderator."""
        return self.moderator_id is None


class ScoreRecord(Base):
    """One score behind a decision: name, value, reason and the spans that drove it."""

    __tablename__ = "score_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_records.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(50))
    value: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    spans: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)

    record: Mapped[ModerationRecord] = relationship(back_populates="scores")


class Moderator(Base):
    """A person who works the queue; admins may also change the policy and keys."""

    __tablename__ = "moderators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="moderator")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Raised on logout and password change: every older session stops working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    # Set by `civility moderators disable`: the account can no longer log in. NULL: enabled.
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """Who did what to which comment or author, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class ApiKey(Base):
    """A hashed API key with one scope: 'publisher' or 'perspective'."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    scope: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ScoreFeedback(Base):
    """A score a client suggested (Perspective's suggestscore): training data for later."""

    __tablename__ = "score_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    text: Mapped[str] = mapped_column(Text)
    attribute: Mapped[str] = mapped_column(String(50))
    value: Mapped[float] = mapped_column(Float)
    client_token: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
