"""Repository functions for moderator accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from civility.store.db import take_sqlite_write_lock
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


def list_all(session: Session) -> list[Moderator]:
    """Every account, enabled or not, by username."""
    return list(session.scalars(select(Moderator).order_by(Moderator.username)))


def end_sessions(session: Session, moderator: Moderator) -> None:
    """Invalidate every session issued so far (logout, password change)."""
    # Counted up in SQL, not from the loaded object: sessions keep objects after commit, so
    # `moderator` may predate another bump (a password change), and writing its value plus one
    # would hand back a generation already issued, reviving that generation's cookies.
    session.execute(
        update(Moderator)
        .where(Moderator.id == moderator.id)
        .values(session_generation=Moderator.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(moderator, ["session_generation"])


def is_last_enabled_admin(session: Session, moderator: Moderator) -> bool:
    """True when no other enabled admin would remain if this account lost its rights."""
    if moderator.role != "admin" or moderator.disabled_at is not None:
        return False
    # FOR UPDATE (PostgreSQL): two commands demoting the last two admins at once wait on each
    # other, and the second sees the first's change, so neither can leave the site without one.
    take_sqlite_write_lock(session, Moderator.role, Moderator.id == moderator.id)
    query = (
        select(Moderator.id)
        .where(Moderator.role == "admin", Moderator.disabled_at.is_(None))
        .with_for_update()
    )
    return list(session.scalars(query)) == [moderator.id]


def disable(session: Session, moderator: Moderator, *, now: datetime) -> None:
    """Refuse the account's logins from now on and end every session it holds."""
    moderator.disabled_at = now
    end_sessions(session, moderator)


def enable(session: Session, moderator: Moderator) -> None:
    """Let a disabled account log in again (its old sessions stay ended)."""
    moderator.disabled_at = None
    session.flush()


def set_password(session: Session, moderator: Moderator, *, password_hash: str) -> None:
    """Replace the password (already hashed) and end every session it opened."""
    moderator.password_hash = password_hash
    end_sessions(session, moderator)


def set_role(session: Session, moderator: Moderator, *, role: str) -> None:
    """Give the account another role and end its sessions, so none runs on with the old one."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    moderator.role = role
    end_sessions(session, moderator)
