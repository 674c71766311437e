"""The moderators' queue as plain data, and the decisions and author actions taken on it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from fastapi import HTTPException
from sqlalchemy.orm import Session

from civility.commenting import review
from civility.domain import AuthorTrust, CommentStatus
from civility.store import articles, audit, authors, comments, moderation
from civility.store.models import Comment, ModerationRecord, Moderator
from civility.store.moderation import WHOLE_QUEUE, QueuePart, QueueShow
from civility.store.policy_report import BAN_NOTE
from civility.web.highlight import Segment, segments
from civility.web.schemas import (
    AuthorHistoryOut,
    ModeratorReasonOut,
    QueueItemOut,
    ScoreOut,
    SpanOut,
)

# "hold" is no verdict: it returns a comment to the queue, hidden until someone decides it.
ACTIONS = {
    "approve": CommentStatus.PUBLISHED,
    "reject": CommentStatus.REJECTED,
    "hold": CommentStatus.HELD,
}
# Undo puts a comment back where it was: the action that restores the status before a decision.
UNDO_ACTIONS = {status: action for action, status in ACTIONS.items()}


@dataclass(frozen=True)
class DecisionDone:
    """A moderator's decision that still stands: the confirmation after it, and its Undo."""

    comment_id: int
    status: str
    # The action that restores the status before the decision; None: it changed no status (or
    # none is known), so there is nothing to undo.
    undo_action: str | None
    # The decision itself: its Undo names it (`undo`) and is refused if another follows it.
    review_id: int
    reports_cleared: bool = False  # an approval that kept a reported comment published


def load_queue(
    session: Session, *, limit: int = 50, offset: int = 0, part: QueuePart = WHOLE_QUEUE
) -> list[QueueItemOut]:
    """The comments of that part of the queue in its order (held and reported ones, riskiest
    then oldest first, by default), with their scores."""
    page = moderation.list_queue(session, limit=limit, offset=offset, part=part)
    # Everything the items show, a query each for the whole page: not two or three a comment.
    decisions = moderation.latest_system_records(session, [c.id for c in page])
    parents = comments.texts_of(session, {c.parent_id for c in page if c.parent_id is not None})
    histories = comments.statuses_by_author(session, {c.author_id for c in page})
    reviews = moderation.latest_review_ids(session, [c.id for c in page])
    return [
        queue_item(
            comment,
            decisions.get(comment.id),
            parents.get(comment.parent_id) if comment.parent_id is not None else None,
            histories.get(comment.author_id, {}),
            reviews.get(comment.id, 0),
        )
        for comment in page
    ]


def queue_part(
    session: Session, *, article: str, show: QueueShow, author: int | None = None
) -> QueuePart:
    """The part of the queue asked for; 404 for an article or author that does not exist."""
    article_id = None
    if article:
        found = articles.get_by_slug(session, article)
        if found is None:
            raise HTTPException(404, f"no article {article!r}")
        article_id = found.id
    if author is not None and authors.get(session, author) is None:
        raise HTTPException(404, f"no author {author}")
    return QueuePart(article_id=article_id, show=show, author_id=author)


def queue_item(
    comment: Comment,
    record: ModerationRecord | None,
    parent_text: str | None,
    author_record: Mapping[CommentStatus, int],
    latest_review_id: int,
) -> QueueItemOut:
    """One comment with the system's latest decision on it, what it answers and its author's
    record."""
    scores = record.scores if record else []
    return QueueItemOut(
        id=comment.id,
        status=comment.status.value,
        text=comment.text,
        created_at=comment.created_at,
        reports=comment.reports,
        risk=comment.risk,
        article_slug=comment.article.slug,
        article_title=comment.article.title,
        author_id=comment.author.id,
        author_name=comment.author.display_name,
        author_trust=comment.author.trust.value,
        author_can_be_trusted=authors.can_be_trusted(comment.author),
        parent_text=parent_text,
        latest_review_id=latest_review_id,
        author_history=AuthorHistoryOut(
            published=author_record.get(CommentStatus.PUBLISHED, 0),
            held=author_record.get(CommentStatus.HELD, 0),
            rejected=author_record.get(CommentStatus.REJECTED, 0),
        ),
        scores=[
            ScoreOut(
                name=s.name,
                value=s.value,
                reason=s.reason,
                failed=s.failed,
                spans=[SpanOut(start=int(a), end=int(b), weight=w) for a, b, w in s.spans],
            )
            for s in scores
        ],
        reasons=[
            ModeratorReasonOut(category=r["category"], text=r["text"], score=r.get("score"))
            for r in (record.reasons if record else [])
        ],
    )


def highlighted(item: QueueItemOut) -> list[Segment]:
    """The comment cut into segments, marked where a score's spans drove it."""
    spans = [(span.start, span.end, score.name) for score in item.scores for span in score.spans]
    return segments(item.text, spans)


def decide_comment(
    session: Session,
    moderator: Moderator,
    comment_id: int,
    *,
    action: str,
    note: str | None,
    now: datetime,
    expected_status: str | None = None,
    expected_review: int | None = None,
    undo: int | None = None,
) -> Comment:
    """Approve, reject or hold (return to the queue) one comment; 404 for an unknown comment,
    422 for an unknown action, 409 if it no longer has the status the moderator saw, or a
    moderator decided on it since (`expected_review`: the latest decision the page showed, 0 for
    none).

    `undo`: the decision this one undoes, which must be the comment's latest (else 409) and
    `action` the one that restores the status before it (else 422); the readers' reports it
    cleared are restored with it."""
    if action not in ACTIONS:
        raise HTTPException(422, f"action must be one of {sorted(ACTIONS)}")
    seen = _status_named(expected_status)
    comment = comments.get_for_decision(session, comment_id)
    if comment is None:
        raise HTTPException(404, f"no comment {comment_id}")
    if seen is not None and comment.status is not seen:
        raise HTTPException(409, _moved_since(session, comment, seen))
    if expected_review is not None:
        latest = moderation.latest_review(session, comment_id=comment.id)
        if (latest[0].id if latest else 0) != expected_review:
            raise HTTPException(409, _decided_since(comment, latest))
    reports = _reports_after_undo(session, comment, undo, action) if undo is not None else None
    note = (note or "").strip()[:1000] or None
    return review(
        session,
        comment,
        status=ACTIONS[action],
        moderator_id=moderator.id,
        now=now,
        note=note,
        reports=reports,
    )


def _reports_after_undo(session: Session, comment: Comment, undo: int, action: str) -> int:
    """The reports an Undo of decision `undo` leaves: those before it (which a verdict cleared),
    or those now if more (reported again since). Refused unless `undo` is the comment's latest
    decision, it still stands, and `action` restores the status before it."""
    latest = moderation.latest_review(session, comment_id=comment.id)
    if latest is None or latest[0].id != undo:
        raise HTTPException(
            409,
            f"Decision {undo} is not the latest on comment {comment.id}; nothing was changed. "
            "Reload the queue and decide again.",
        )
    record = latest[0]
    if record.status is not comment.status:
        raise HTTPException(409, _moved_since(session, comment, record.status))
    before = moderation.status_before(session, record)
    if before is None or before is record.status:
        raise HTTPException(
            422,
            f"Decision {undo} changed no status: there is nothing to undo; nothing was changed.",
        )
    if action != UNDO_ACTIONS[before]:
        raise HTTPException(
            422,
            f"Undo of decision {undo} is {UNDO_ACTIONS[before]!r} (back to {before.value}), "
            f"not {action!r}; nothing was changed.",
        )
    return max(comment.reports, record.previous_reports or 0)


def decision_done(session: Session, moderator: Moderator, comment_id: int) -> DecisionDone | None:
    """The confirmation for `?done=ID`: only when this moderator's decision is the comment's
    latest and still its status, so a crafted or stale link shows nothing untrue."""
    comment = comments.get(session, comment_id)
    latest = moderation.latest_review(session, comment_id=comment_id)
    if comment is None or latest is None:
        return None
    record, _username = latest
    if record.moderator_id != moderator.id or record.status is not comment.status:
        return None
    before = moderation.status_before(session, record)
    if before is record.status:
        # Approving a reported comment keeps it published and clears its reports: there is no
        # status to go back to. The confirmation stands without an Undo (its reports are kept
        # on the record, previous_reports, but no action restores them alone).
        # None: decided before the reports were recorded (migration 0007); nothing to claim.
        cleared = before is CommentStatus.PUBLISHED and (record.previous_reports or 0) > 0
        return DecisionDone(comment.id, comment.status.value, None, record.id, cleared)
    if before is None:  # no decision before it on record: nothing known to go back to
        return DecisionDone(comment.id, comment.status.value, None, record.id)
    return DecisionDone(comment.id, comment.status.value, UNDO_ACTIONS[before], record.id)


def _status_named(name: str | None) -> CommentStatus | None:
    """The status a moderator's page showed; none given, the decision applies whatever it is."""
    if not name:
        return None
    try:
        return CommentStatus(name)
    except ValueError:
        known = [s.value for s in CommentStatus]
        raise HTTPException(422, f"expected_status must be one of {known}") from None


def _decided_since(comment: Comment, latest: tuple[ModerationRecord, str] | None) -> str:
    """Why a decision was refused although the status is the one seen: a colleague decided."""
    by = ""
    if latest is not None:
        record, username = latest
        by = f" ({record.status.value} by {username} at {record.created_at:%Y-%m-%d %H:%M} UTC)"
    return (
        f"Comment {comment.id} was decided after you loaded it{by}; "
        "nothing was changed. Reload the queue and decide again."
    )


def _moved_since(session: Session, comment: Comment, seen: CommentStatus) -> str:
    """Why a decision was refused: who moved the comment, so nobody overrides a colleague unseen."""
    by = ""
    latest = moderation.latest_review(session, comment_id=comment.id)
    if latest is not None and latest[0].status is comment.status:
        record, username = latest
        by = f" by {username} at {record.created_at:%Y-%m-%d %H:%M} UTC"
    return (
        f"Comment {comment.id} was {seen.value} when you loaded it and is now "
        f"{comment.status.value}{by}; nothing was changed. Reload the queue and decide again."
    )


# A ban rejects at most this many comments at once: each is a decision with its own record and
# audit entry, all in one transaction. Beyond it the ban is refused rather than hold tens of
# thousands of rows locked for minutes (a spam wave is far smaller; a larger case is a job for
# the database's administrator, not one click).
MAX_BAN_REJECTIONS = 5000


@dataclass(frozen=True)
class BanDone:
    """The confirmation after a ban: whom, and how many of their comments it rejected."""

    author_name: str
    rejected: int


def set_author_trust(
    session: Session,
    moderator: Moderator,
    author_id: int,
    *,
    trust: str,
    now: datetime,
    reject_comments: bool = False,
) -> int:
    """Ban, trust or reset an author, and log it in the audit; with `reject_comments` (a ban
    only, else 422), also reject every comment of theirs now published or held, each a decision
    of its own. Returns how many were rejected."""
    try:
        level = AuthorTrust(trust)
    except ValueError:
        raise HTTPException(422, f"trust must be one of {[t.value for t in AuthorTrust]}") from None
    if reject_comments and level is not AuthorTrust.BANNED:
        raise HTTPException(
            422, "an author's comments are rejected only with a ban; nothing was changed"
        )
    author = authors.get(session, author_id)
    if author is None:
        raise HTTPException(404, f"no author {author_id}")
    if level is AuthorTrust.TRUSTED and not authors.can_be_trusted(author):
        raise HTTPException(
            422, "an author who gave no email cannot be trusted: anyone can post under a name"
        )
    if reject_comments and not authors.can_be_trusted(author):
        # A name alone is everyone's who typed it: one click would take down strangers' words.
        raise HTTPException(
            422,
            "an author who gave no email is everyone who posted under that name; nothing was "
            "changed. Ban without rejecting, then reject their comments one by one from the "
            "author's view.",
        )
    authors.set_trust(session, author, trust=level)
    rejected = _reject_all_by(session, moderator, author_id, now=now) if reject_comments else 0
    audit.log(
        session,
        action=f"author.{level.value}",
        now=now,
        moderator_id=moderator.id,
        author_id=author.id,
        detail=f"rejected {rejected} published and held comments" if reject_comments else None,
    )
    return rejected


def _reject_all_by(session: Session, moderator: Moderator, author_id: int, *, now: datetime) -> int:
    """Reject the author's published and held comments, each with its moderator record (the
    status and reports before, for Undo) and audit entry; refused (422) beyond the limit."""
    found = comments.list_live_by_author_for_update(
        session, author_id=author_id, limit=MAX_BAN_REJECTIONS + 1
    )
    if len(found) > MAX_BAN_REJECTIONS:
        raise HTTPException(
            422,
            f"This author has more than {MAX_BAN_REJECTIONS:,} published and held comments, "
            "more than a ban rejects at once; nothing was changed. Ban without rejecting them, "
            "then reject them from the author's view of the queue.",
        )
    for comment in found:
        review(
            session,
            comment,
            status=CommentStatus.REJECTED,
            moderator_id=moderator.id,
            now=now,
            note=BAN_NOTE,
        )
    return len(found)


def ban_done(
    session: Session, moderator: Moderator, author_id: int, rejected: int
) -> BanDone | None:
    """The confirmation for `?banned=ID&rejected=N`: only while this moderator's ban is the
    author's latest trust change, and never more rejections than they have rejected comments,
    so a crafted link claims little."""
    author = authors.get(session, author_id)
    if author is None or author.trust is not AuthorTrust.BANNED:
        return None
    latest = audit.latest_trust_change(session, author_id)
    if latest is None or latest.action != "author.banned" or latest.moderator_id != moderator.id:
        return None
    record = comments.statuses_by_author(session, {author_id}).get(author_id, {})
    return BanDone(author.display_name, min(rejected, record.get(CommentStatus.REJECTED, 0)))
