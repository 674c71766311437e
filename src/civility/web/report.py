"""The policy report as the dashboard and the API serve it: admins only, for a named period."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import HTTPException
from sqlalchemy.orm import Session

from civility.store.models import Moderator
from civility.store.policy_report import Period, period_start, policy_report


def admin_report(
    session: Session, moderator: Moderator, period: Period, now: datetime
) -> dict[str, Any]:
    """The report's plain data; 403 for a moderator who is not an admin."""
    if moderator.role != "admin":
        raise HTTPException(403, "only admins read the policy report")
    with session.begin():
        return policy_report(session, since=period_start(period, now), now=now).to_json()
