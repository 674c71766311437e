"""What the policy decided over a period, and how moderators answered its holds and misses.

Each comment counts once, by the system's first decision on it (a re-moderation does not count it
again) and, where a moderator decided it afterwards, by that moderator's latest decision. A latest
decision that returned the comment to the queue (held) is no verdict: the comment is undecided.
A rejection made by banning the author is no verdict on the text either: counted apart, "swept".
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from civility.domain import CommentStatus
from civility.store.models import ModerationRecord

PUBLISHED, HELD, REJECTED = CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.REJECTED
# The periods a report covers, in days back from now (None: since the first comment).
PERIODS: dict[str, int | None] = {"day": 1, "week": 7, "month": 30, "year": 365, "all": None}
Period = Literal["day", "week", "month", "year", "all"]
# Fewer decided holds than this say nothing about a rule's line.
MIN_DECIDED_FOR_ADVICE = 20
# A rule whose holds moderators publish this often holds more than the site needs.
LENIENT_APPROVAL_SHARE = 0.8


@dataclass
class RuleOutcome:
    """One rule's holds and rejections, and what moderators did with them."""

    score: str  # the score behind the rule, or the reason's category where no score was
    category: str
    held: int = 0
    held_approved: int = 0
    held_rejected: int = 0
    held_swept: int = 0  # rejected with the author's ban: out of the queue, no verdict
    rejected: int = 0
    reinstated: int = 0  # rejected by the system, published by a moderator

    @property
    def held_waiting(self) -> int:
        """Holds no moderator has decided yet."""
        return self.held - self.held_approved - self.held_rejected - self.held_swept

    @property
    def approval_share(self) -> float | None:
        """Share of this rule's decided holds that moderators published (None: none decided)."""
        decided = self.held_approved + self.held_rejected
        return self.held_approved / decided if decided else None

    @property
    def holds_too_much(self) -> bool:
        """Moderators publish nearly everything this rule holds, over enough decisions."""
        share = self.approval_share
        decided = self.held_approved + self.held_rejected
        return (
            share is not None
            and decided >= MIN_DECIDED_FOR_ADVICE
            and (share >= LENIENT_APPROVAL_SHARE)
        )


@dataclass
class PolicyReport:
    """The system's decisions in a period and the moderators' answers to them."""

    since: datetime | None
    until: datetime
    decided: Counter[CommentStatus] = field(default_factory=Counter)
    # (system's first decision, moderator's latest decision or None) -> comments
    outcomes: Counter[tuple[CommentStatus, CommentStatus | None]] = field(default_factory=Counter)
    # System's first decision -> comments whose latest moderator decision was a ban's sweep
    swept: Counter[CommentStatus] = field(default_factory=Counter)
    rules: list[RuleOutcome] = field(default_factory=list)
    median_wait_s: float | None = None  # from a hold to a moderator's first decision
    policy_versions: Counter[str] = field(default_factory=Counter)
    # The trained models behind the scores ("unknown": decided before they were recorded).
    model_versions: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Comments the system decided in the period."""
        return sum(self.decided.values())

    def share(self, status: CommentStatus) -> float:
        """Share of the period's comments the system gave this status (0 when there are none)."""
        return self.decided[status] / self.total if self.total else 0.0

    def answered(self, system: CommentStatus, moderator: CommentStatus | None) -> int:
        """Comments the system gave `system` and a moderator then `moderator` (None: no one)."""
        return self.outcomes[(system, moderator)]

    def to_json(self) -> dict[str, Any]:
        """The report as plain data, for the command line and the API."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "comments": self.total,
            "system": {status.value: self.decided[status] for status in CommentStatus},
            "held": {
                "approved": self.answered(HELD, PUBLISHED),
                "rejected": self.answered(HELD, REJECTED),
                "waiting": self.answered(HELD, None),
                "swept": self.swept[HELD],
                "median_wait_s": self.median_wait_s,
            },
            "published_then_rejected": self.answered(PUBLISHED, REJECTED),
            "rejected_then_published": self.answered(REJECTED, PUBLISHED),
            "published_then_swept": self.swept[PUBLISHED],
            "rules": [
                {
                    "score": rule.score,
                    "category": rule.category,
                    "held": rule.held,
                    "held_approved": rule.held_approved,
                    "held_rejected": rule.held_rejected,
                    "held_swept": rule.held_swept,
                    "held_waiting": rule.held_waiting,
                    "approval_share": rule.approval_share,
                    "holds_too_much": rule.holds_too_much,
                    "rejected": rule.rejected,
                    "reinstated": rule.reinstated,
                }
                for rule in self.rules
            ],
            "policy_versions": dict(self.policy_versions),
            "model_versions": dict(self.model_versions),
        }


def period_start(period: Period, now: datetime) -> datetime | None:
    """When a named period began (None: it covers every comment)."""
    days = PERIODS[period]
    return None if days is None else now - timedelta(days=days)


def policy_report(session: Session, *, since: datetime | None, now: datetime) -> PolicyReport:
    """Count the system's first decisions made since `since` (None: ever) and their reviews."""
    report = PolicyReport(since=since, until=now)
    system, review = aliased(ModerationRecord), aliased(ModerationRecord)
    first = one_record_per_comment(by_moderator=False)
    last = one_record_per_comment(by_moderator=True)
    joined = (
        select()
        .select_from(first)
        .join(system, system.id == first.c.record_id)
        .outerjoin(last, last.c.comment_id == first.c.comment_id)
        # Back in the queue (Undo, say): the moderator's answer reads as none, not as the hold.
        .outerjoin(review, (review.id == last.c.record_id) & (review.status != HELD))
    )
    if since is not None:
        joined = joined.where(system.created_at >= since)
    swept = _is_sweep(review)
    counts = joined.add_columns(
        system.status,
        review.status,
        swept,
        system.policy_version,
        system.model_versions,
        func.count(),
    ).group_by(system.status, review.status, swept, system.policy_version, system.model_versions)
    for system_status, review_status, by_ban, version, models, n in session.execute(counts):
        report.decided[system_status] += n
        if by_ban:
            report.swept[system_status] += n
        else:
            report.outcomes[(system_status, review_status)] += n
        report.policy_versions[version or "unknown"] += n
        report.model_versions[models or "unknown"] += n
    _count_rules(session, joined, system, review, report)
    return report


# The note on each rejection a ban makes of the author's comments: a verdict on the author,
# not on each text, so what moderators teach the policy leaves it out (`judgements_only`).
BAN_NOTE = "rejected with the author's ban"


def one_record_per_comment(*, by_moderator: bool, judgements_only: bool = False) -> Any:
    """Each comment's first automatic decision, or its latest decision by a moderator: that may
    be a hold, returning the comment to the queue, no verdict (callers check the status). With
    `judgements_only`, a moderator's latest decision on the text itself: a ban's sweep skipped."""
    who = ModerationRecord.moderator_id
    pick = func.max if by_moderator else func.min
    query = select(
        ModerationRecord.comment_id.label("comment_id"),
        pick(ModerationRecord.id).label("record_id"),
    ).where(who.is_not(None) if by_moderator else who.is_(None))
    if judgements_only:
        query = query.where(or_(ModerationRecord.note.is_(None), ModerationRecord.note != BAN_NOTE))
    return query.group_by(ModerationRecord.comment_id).subquery()


def _count_rules(
    session: Session,
    joined: Select[Any],
    system: Any,
    review: Any,
    report: PolicyReport,
) -> None:
    """Per rule: holds and rejections, what moderators made of them, and how long holds waited."""
    answered = _first_answers()
    rows = (
        joined.outerjoin(answered, answered.c.comment_id == system.comment_id)
        .add_columns(
            system.status,
            system.reasons,
            system.created_at,
            review.status,
            _is_sweep(review),
            answered.c.answered_at,
        )
        .where(system.status != PUBLISHED)
    )
    rules: dict[str, RuleOutcome] = {}
    waits = []
    for status, reasons, decided_at, review_status, by_ban, answered_at in session.execute(rows):
        for key, category in _rules_behind(reasons):
            rule = rules.setdefault(key, RuleOutcome(key, category))
            if status == HELD:
                rule.held += 1
                rule.held_swept += by_ban
                rule.held_approved += review_status == PUBLISHED and not by_ban
                rule.held_rejected += review_status == REJECTED and not by_ban
            else:
                rule.rejected += 1
                rule.reinstated += review_status == PUBLISHED
        # Back in the queue (Undo) it still waits, though someone answered it once.
        if status == HELD and review_status is not None and answered_at is not None:
            waits.append(max(0.0, (answered_at - decided_at).total_seconds()))
    report.rules = sorted(rules.values(), key=lambda r: (-r.held - r.rejected, r.score))
    report.median_wait_s = statistics.median(waits) if waits else None


def _is_sweep(review: Any) -> Any:
    """Whether a moderator's decision was a ban's rejection of the author's comments."""
    return case((review.note == BAN_NOTE, True), else_=False).label("swept")


def _first_answers() -> Any:
    """When a moderator first took each comment out of the queue (any decision but a hold): a
    decided hold waited until then, whatever came later (a takedown weeks on, a redo after Undo)."""
    return (
        select(
            ModerationRecord.comment_id.label("comment_id"),
            func.min(ModerationRecord.created_at).label("answered_at"),
        )
        .where(ModerationRecord.moderator_id.is_not(None), ModerationRecord.status != HELD)
        .group_by(ModerationRecord.comment_id)
        .subquery()
    )


def _rules_behind(reasons: object) -> list[tuple[str, str]]:
    """(score or category, category) of each distinct reason a decision recorded."""
    seen: dict[str, str] = {}
    for reason in reasons if isinstance(reasons, list) else []:
        if not isinstance(reason, dict):
            continue
        category = str(reason.get("category") or "other")
        seen.setdefault(str(reason.get("score") or category), category)
    return list(seen.items()) or [("unrecorded", "other")]
