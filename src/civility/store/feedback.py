"""Repository functions for score feedback: scores clients suggest (Perspective's suggestscore)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.store.models import ScoreFeedback


def add(
    session: Session,
    *,
    text: str,
    attribute: str,
    value: float,
    now: datetime,
    api_key_id: int | None = None,
    client_token: str | None = None,
) -> ScoreFeedback:
    """Store one suggested score; attribute and token are cut to their column sizes."""
    entry = ScoreFeedback(
        api_key_id=api_key_id,
        text=text,
        attribute=attribute[:50],
        value=value,
        client_token=client_token[:200] if client_token else None,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def list_all(session: Session) -> list[ScoreFeedback]:
    """Every suggestion, oldest first (for calibration and tests)."""
    return list(session.scalars(select(ScoreFeedback).order_by(ScoreFeedback.id)))
