"""What policy learns from: held comments a moderator decided, with the scores behind each hold,
and published comments scored just below a hold line, with whether a moderator rejected them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session, aliased

from civility.domain import CommentStatus, MissedComment, ReviewedHold, Score
from civility.store.models import ModerationRecord, ScoreRecord
from civility.store.policy_report import one_record_per_comment


def reviewed_holds(
    session: Session, *, since: datetime | None, model_versions: str | None = None
) -> list[ReviewedHold]:
    """Every comment first held by the system since `since` (None: ever) and then published or
    rejected by a moderator, oldest hold first, with that hold's scores; with `model_versions`,
    only holds those very models scored."""
    system, review = aliased(ModerationRecord), aliased(ModerationRecord)
    first = one_record_per_comment(by_moderator=False)
    # A ban's sweep of the author's comments says nothing of each text's scores.
    last = one_record_per_comment(by_moderator=True, judgements_only=True)
    rows = (
        select(
            system.id,
            system.created_at,
            review.status,
            ScoreRecord.name,
            ScoreRecord.value,
            ScoreRecord.failed,
        )
        .select_from(first)
        .join(system, system.id == first.c.record_id)
        .join(last, last.c.comment_id == first.c.comment_id)
        .join(review, review.id == last.c.record_id)
        .join(ScoreRecord, ScoreRecord.record_id == system.id)
        .where(system.status == CommentStatus.HELD)
        .where(review.status.in_([CommentStatus.PUBLISHED, CommentStatus.REJECTED]))
        .order_by(system.created_at, system.id, ScoreRecord.id)
    )
    if since is not None:
        rows = rows.where(system.created_at >= since)
    if model_versions is not None:
        rows = rows.where(system.model_versions == model_versions)
    found: dict[int, tuple[datetime, bool, list[Score]]] = {}
    for record_id, held_at, status, name, value, failed in session.execute(rows):
        entry = found.setdefault(record_id, (held_at, status == CommentStatus.REJECTED, []))
        # A stored value outside [0, 1] (written by hand, or by an old bug) is not a score.
        if 0.0 <= value <= 1.0:
            entry[2].append(Score(name, value, "", failed=failed))
    return [
        ReviewedHold(scores=tuple(scores), rejected=rejected, held_at=held_at)
        for held_at, rejected, scores in found.values()
    ]


def published_below(
    session: Session,
    bands: Sequence[tuple[str, float, float]],
    *,
    since: datetime | None,
    model_versions: str | None = None,
) -> list[MissedComment]:
    """Comments the system published since `since` (None: ever) with a score in one of the
    `bands` (score name, low inclusive, high exclusive), oldest first, each marked rejected when
    a moderator's latest decision on it was to reject it; with `model_versions`, only those the
    very models scored. A comment appears once per band it falls in; one a moderator returned to
    the queue (latest decision held) is left out: undecided, neither accepted nor rejected."""
    if not bands:
        return []
    system, review = aliased(ModerationRecord), aliased(ModerationRecord)
    first = one_record_per_comment(by_moderator=False)
    # A ban's sweep of the author's comments says nothing of each text's scores.
    last = one_record_per_comment(by_moderator=True, judgements_only=True)
    in_a_band = or_(
        *(
            and_(ScoreRecord.name == name, ScoreRecord.value >= low, ScoreRecord.value < high)
            for name, low, high in bands
        )
    )
    rows = (
        select(
            system.comment_id, ScoreRecord.name, ScoreRecord.value, review.status, system.created_at
        )
        .select_from(first)
        .join(system, system.id == first.c.record_id)
        .join(ScoreRecord, ScoreRecord.record_id == system.id)
        .outerjoin(last, last.c.comment_id == first.c.comment_id)
        .outerjoin(review, review.id == last.c.record_id)
        .where(system.status == CommentStatus.PUBLISHED)
        .where(or_(review.status.is_(None), review.status != CommentStatus.HELD))
        .where(ScoreRecord.failed == false())
        .where(in_a_band)
        .order_by(system.created_at, system.id, ScoreRecord.id)
    )
    if since is not None:
        rows = rows.where(system.created_at >= since)
    if model_versions is not None:
        rows = rows.where(system.model_versions == model_versions)
    return [
        MissedComment(comment_id, name, value, status == CommentStatus.REJECTED, published_at)
        for comment_id, name, value, status, published_at in session.execute(rows)
    ]
