"""Repository functions for moderator accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.store.models import Moderator

ROLES = ("moderator", "admin")


def create(
    session: Session, *, username: str, password_hash: str, now: datetime, role: str = "moderator"
) -> Moderator:
    """Add a moderator account; the password arrives already hashed."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    moderator = Moderator(username=username, password_hash=password_hash, role=role, created_at=now)
    session.add(moderator)
    session.flush()
    return moderator


def get(session: Session, moderator_id: int) -> Moderator | None:
    """The moderator with this id, if any."""
    return session.get(Moderator, moderator_id)


def get_by_username(session: Session, username: str) -> Moderator | None:
    """The moderator with this username, if any."""
    return session.scalar(select(Moderator).where(Moderator.username == username))


def end_sessions(session: Session, moderator: Moderator) -> None:
    """Invalidate every session issued so far (logout, password change)."""
    moderator.session_generation += 1
    session.flush()
