"""Scores + policy -> Decision. A pure function: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Sequence

from civility.domain import (
    AuthorTrust,
    CommentStatus,
    Decision,
    Reason,
    ReasonCategory,
    Score,
)
from civility.pipeline.policy import Policy

_SEVERITY = {CommentStatus.PUBLISHED: 0, CommentStatus.HELD: 1, CommentStatus.REJECTED: 2}


def decide(
    scores: Sequence[Score],
    policy: Policy,
    *,
    trust: AuthorTrust = AuthorTrust.NORMAL,
) -> Decision:
    """Publish, hold or reject, with every reason that pushed the comment there."""
    status = CommentStatus.PUBLISHED
    reasons: list[Reason] = []
    failed = False
    for score in scores:
        verdict, reason = _judge(score, policy)
        failed = failed or score.failed
        if reason is not None:
            reasons.append(reason)
        if _SEVERITY[verdict] > _SEVERITY[status]:
            status = verdict
    status = _apply_author_and_site(status, reasons, policy, trust=trust, failed=failed)
    return Decision(
        status=status,
        reasons=tuple(reasons),
        scores=tuple(scores),
        policy_version=policy.version,
        risk=_risk(scores, policy),
    )


def _judge(score: Score, policy: Policy) -> tuple[CommentStatus, Reason | None]:
    """The status one score asks for, and why."""
    if score.failed:
        # A scorer that could not answer sends the comment to a human, never to readers.
        return CommentStatus.HELD, Reason(ReasonCategory.REVIEW, score.reason, score.name)
    rule = policy.rule_for(score.name)
    if rule is None:
        return CommentStatus.PUBLISHED, None
    if rule.reject_at is not None and score.value >= rule.reject_at:
        return CommentStatus.REJECTED, Reason(rule.category, score.reason, score.name)
    if rule.hold_at is not None and score.value >= rule.hold_at:
        return CommentStatus.HELD, Reason(rule.category, score.reason, score.name)
    return CommentStatus.PUBLISHED, None


def _apply_author_and_site(
    status: CommentStatus,
    reasons: list[Reason],
    policy: Policy,
    *,
    trust: AuthorTrust,
    failed: bool,
) -> CommentStatus:
    """Banned authors are refused, trusted ones skip the doubt, pre-moderation holds all."""
    if trust is AuthorTrust.BANNED:
        reasons.append(Reason(ReasonCategory.AUTHOR, "author is banned from commenting"))
        return CommentStatus.REJECTED
    if trust is AuthorTrust.TRUSTED and status is CommentStatus.HELD and not failed:
        # Trust lifts the doubt, not the site's rule: pre-moderation still reads it first.
        status = CommentStatus.PUBLISHED
    if policy.premoderate and status is CommentStatus.PUBLISHED:
        reasons.append(Reason(ReasonCategory.REVIEW, "every comment on this site is reviewed"))
        return CommentStatus.HELD
    return status


def _risk(scores: Sequence[Score], policy: Policy) -> float:
    """How urgently a moderator should look: the highest score that a rule watches."""
    watched = [s.value for s in scores if policy.rule_for(s.name) is not None and not s.failed]
    if any(s.failed for s in scores):
        watched.append(1.0)
    return max(watched, default=0.0)
