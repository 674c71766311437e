"""Repository functions for moderation records and the moderators' queue."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, ColumnExpressionArgument, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from civility.domain import CommentStatus, Decision
from civility.store.models import Article, Comment, ModerationRecord, Moderator, ScoreRecord


def record(
    session: Session,
    *,
    comment_id: int,
    decision: Decision,
    now: datetime,
    model_versions: str | None = None,
) -> ModerationRecord:
    """Store the system's decision with every score, reason and span behind it, and the
    versions of the models that scored it."""
    entry = ModerationRecord(
        comment_id=comment_id,
        status=decision.status,
        policy_version=decision.policy_version,
        model_versions=model_versions,
        moderator_id=None,
        reasons=[
            {"category": r.category.value, "text": r.text, "score": r.score_name}
            for r in decision.reasons
        ],
        created_at=now,
        scores=[
            ScoreRecord(
                name=s.name,
                value=s.value,
                reason=s.reason,
                spans=[[span.start, span.end, span.weight] for span in s.spans],
                failed=s.failed,
            )
            for s in decision.scores
        ],
    )
    session.add(entry)
    session.flush()
    return entry


def record_review(
    session: Session,
    *,
    comment_id: int,
    status: CommentStatus,
    moderator_id: int,
    now: datetime,
    note: str | None = None,
    previous_status: CommentStatus | None = None,
    previous_reports: int | None = None,
) -> ModerationRecord:
    """Store a moderator's decision on a comment, with the comment's status and reports just
    before it: what an Undo puts back."""
    entry = ModerationRecord(
        comment_id=comment_id,
        status=status,
        moderator_id=moderator_id,
        reasons=[],
        note=note,
        created_at=now,
        previous_status=previous_status,
        previous_reports=previous_reports,
    )
    session.add(entry)
    session.flush()
    return entry


def history(session: Session, *, comment_id: int) -> list[ModerationRecord]:
    """Every decision on a comment, oldest first, with their scores."""
    query = (
        select(ModerationRecord)
        .options(selectinload(ModerationRecord.scores))
        .where(ModerationRecord.comment_id == comment_id)
        .order_by(ModerationRecord.id)
    )
    return list(session.scalars(query))


def latest_review(session: Session, *, comment_id: int) -> tuple[ModerationRecord, str] | None:
    """A moderator's latest decision on a comment, with the moderator's username."""
    query = (
        select(ModerationRecord, Moderator.username)
        .join(Moderator, Moderator.id == ModerationRecord.moderator_id)
        .where(ModerationRecord.comment_id == comment_id)
        .order_by(ModerationRecord.id.desc())
        .limit(1)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def latest_system_record(session: Session, *, comment_id: int) -> ModerationRecord | None:
    """The system's latest decision on a comment, with its scores."""
    query = (
        select(ModerationRecord)
        .options(selectinload(ModerationRecord.scores))
        .where(ModerationRecord.comment_id == comment_id, ModerationRecord.moderator_id.is_(None))
        .order_by(ModerationRecord.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def status_before(session: Session, record: ModerationRecord) -> CommentStatus | None:
    """The comment's status before this decision, as stored with it; for a decision stored
    without it (before revision 0007), that of the decision recorded just before. (An imported
    comment's first record is the engine's decision, not the status it was imported with.)"""
    if record.previous_status is not None:
        return record.previous_status
    query = (
        select(ModerationRecord.status)
        .where(ModerationRecord.comment_id == record.comment_id, ModerationRecord.id < record.id)
        .order_by(ModerationRecord.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def latest_review_ids(session: Session, comment_ids: Collection[int]) -> dict[int, int]:
    """The id of the latest moderator decision on each of these comments that has one."""
    if not comment_ids:
        return {}
    query = (
        select(ModerationRecord.comment_id, func.max(ModerationRecord.id))
        .where(
            ModerationRecord.comment_id.in_(set(comment_ids)),
            ModerationRecord.moderator_id.is_not(None),
        )
        .group_by(ModerationRecord.comment_id)
    )
    return {comment_id: record_id for comment_id, record_id in session.execute(query)}


def latest_system_records(
    session: Session, comment_ids: Collection[int]
) -> dict[int, ModerationRecord]:
    """The system's latest decision on each of these comments, with scores: one query for a
    whole queue page, where one per comment cost two statements a comment."""
    if not comment_ids:
        return {}
    latest = (
        select(func.max(ModerationRecord.id))
        .where(
            ModerationRecord.comment_id.in_(set(comment_ids)),
            ModerationRecord.moderator_id.is_(None),
        )
        .group_by(ModerationRecord.comment_id)
    )
    query = (
        select(ModerationRecord)
        .options(selectinload(ModerationRecord.scores))
        .where(ModerationRecord.id.in_(latest.scalar_subquery()))
    )
    return {record.comment_id: record for record in session.scalars(query)}


QueueShow = Literal["all", "held", "reported", "rejected", "published"]
QUEUE_SHOWS: tuple[QueueShow, ...] = ("all", "held", "reported", "rejected", "published")
# Parts that are logs of what was decided, not work waiting: read newest first.
DECIDED_SHOWS: frozenset[QueueShow] = frozenset({"rejected", "published"})


@dataclass(frozen=True)
class QueuePart:
    """The part of the queue a moderator works: one article's comments; held or reported ones,
    or the rejected or published ones to reinstate or take down. With an author, "all" is
    everything they wrote, whatever its status, newest first (a troll's or spammer's output);
    the other views are theirs alone of the same kind, in the same order."""

    article_id: int | None = None
    show: QueueShow = "all"
    author_id: int | None = None

    def where(self) -> ColumnElement[bool]:
        """The condition on comments: the waiting parts lie inside the queue's partial index,
        the decided ones inside ix_comments_status_created (or its per-article twin); one
        author's comments are found through ix_comments_author_id, then sorted (there is no
        index in their order: an author's comments are few beside the site's)."""
        held = Comment.status == CommentStatus.HELD
        reported = (Comment.status == CommentStatus.PUBLISHED) & (Comment.reports > 0)
        conditions: list[ColumnElement[bool]] = []
        if not self.everything_by_author:
            conditions.append(
                {
                    "all": or_(held, reported),
                    "held": held,
                    "reported": reported,
                    "rejected": Comment.status == CommentStatus.REJECTED,
                    "published": Comment.status == CommentStatus.PUBLISHED,
                }[self.show]
            )
        if self.author_id is not None:
            conditions.append(Comment.author_id == self.author_id)
        if self.article_id is not None:
            conditions.append(Comment.article_id == self.article_id)
        return and_(*conditions)

    def order(self) -> tuple[ColumnExpressionArgument[Any], ...]:
        """Waiting comments riskiest then oldest first; decided ones, and all of one author's,
        newest first."""
        if self.show in DECIDED_SHOWS or self.everything_by_author:
            return (Comment.created_at.desc(), Comment.id.desc())
        return (Comment.risk.desc(), Comment.created_at, Comment.id)

    @property
    def everything_by_author(self) -> bool:
        """Whether this part is all of one author's comments, whatever their status."""
        return self.author_id is not None and self.show == "all"


WHOLE_QUEUE = QueuePart()


def list_queue(
    session: Session, *, limit: int = 50, offset: int = 0, part: QueuePart = WHOLE_QUEUE
) -> list[Comment]:
    """The comments of that part of the queue, in its order (QueuePart.order)."""
    query = (
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.article))
        .where(part.where())
        .order_by(*part.order())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_queue(session: Session, part: QueuePart = WHOLE_QUEUE) -> int:
    """How many comments that part of the queue holds."""
    return session.scalar(select(func.count()).select_from(Comment).where(part.where())) or 0


def article_waiting(session: Session, article_id: int) -> tuple[str, str, int]:
    """(slug, title, comments waiting) of one article."""
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(f"no article {article_id}")
    waiting = count_queue(session, QueuePart(article_id=article_id))
    return article.slug, article.title, waiting


def articles_waiting(session: Session, *, limit: int = 100) -> list[tuple[str, str, int]]:
    """(slug, title, comments waiting) of the articles with most comments in the queue."""
    waiting = func.count(Comment.id).label("waiting")
    query = (
        select(Article.slug, Article.title, waiting)
        .join(Comment, Comment.article_id == Article.id)
        .where(WHOLE_QUEUE.where())
        .group_by(Article.id, Article.slug, Article.title)
        .order_by(waiting.desc(), Article.slug)
        .limit(limit)
    )
    return [(slug, title, int(n)) for slug, title, n in session.execute(query)]
