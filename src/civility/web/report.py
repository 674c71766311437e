"""Reports: a reader's report of a comment (pages and widget alike), and the admins' policy
report for a named period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from civility.domain import CommentStatus
from civility.store import comments
from civility.store.models import Comment, Moderator
from civility.store.policy_report import Period, period_start, policy_report
from civility.web.ratelimit import PERIODS_S, RateLimiter

THANKS = "Thanks, a moderator will look at it."


class ReportIn(BaseModel):
    """A reader's report from the widget: an empty JSON object (the JSON is what matters)."""

    model_config = ConfigDict(extra="forbid")


class ReportOut(BaseModel):
    """The answer to a report, the same whether or not it was counted."""

    comment_id: int
    message: str = THANKS


def count_report(session: Session, limiter: RateLimiter, client: str, comment_id: int) -> Comment:
    """Count a report of a published comment, at most once a day per client network; 404 for
    any other comment. Call inside the route's transaction."""
    comment = comments.get(session, comment_id)
    if comment is None or comment.status is not CommentStatus.PUBLISHED:
        raise HTTPException(404, f"no published comment {comment_id}")
    # One reader sending the same report twice must not make it look like two readers. A
    # repeat is answered like the first all the same: the reader has done what they could,
    # and there is nothing for them to fix.
    if limiter.allow_once(client, str(comment_id), period_s=PERIODS_S["day"]):
        comments.add_report(session, comment)
    return comment


def admin_report(
    session: Session, moderator: Moderator, period: Period, now: datetime
) -> dict[str, Any]:
    """The report's plain data; 403 for a moderator who is not an admin."""
    if moderator.role != "admin":
        raise HTTPException(403, "only admins read the policy report")
    with session.begin():
        return policy_report(session, since=period_start(period, now), now=now).to_json()
