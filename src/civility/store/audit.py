"""Repository functions for the audit log of moderator actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.store.models import AuditEntry


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


def list_recent(session: Session, *, limit: int = 100) -> list[AuditEntry]:
    """The latest actions, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(session.scalars(query))
