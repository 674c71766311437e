"""Two commands removing the last two admins at once: one of them must be refused."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from civility.store import moderators
from civility.store.models import Moderator

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _disable_unless_last(factory: sessionmaker[Session], username: str) -> bool:
    """What `civility moderators disable` does: refuse the last admin, else disable."""
    with factory.begin() as session:
        account = moderators.get_by_username(session, username)
        assert account is not None
        if moderators.is_last_enabled_admin(session, account):
            return False
        moderators.disable(session, account, now=NOW)
        return True


def test_last_admin_two_admins_disabling_each_other_at_once_leave_one(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        for name in ("a1", "a2"):
            moderators.create(session, username=name, password_hash="x", now=NOW, role="admin")
    outcome: list[bool] = []
    other = threading.Thread(
        target=lambda: outcome.append(_disable_unless_last(session_factory, "a2"))
    )
    fired: list[str] = []
    engine: Engine = session_factory.kw["bind"]

    def hook(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        # The first command has checked and is about to disable: the second runs now, and gets
        # a second to finish if nothing makes it wait for the first.
        writes = sql.lstrip().upper()
        if not fired and writes.startswith("UPDATE MODERATORS SET") and "DISABLED_AT" in writes:
            fired.append(sql)
            other.start()
            other.join(timeout=1.0)

    event.listen(engine, "before_cursor_execute", hook)
    try:
        first = _disable_unless_last(session_factory, "a1")
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    other.join(timeout=10)
    assert fired and not other.is_alive()
    assert (first, outcome) == (True, [False])
    with session_factory() as session:
        enabled = session.scalars(
            select(Moderator.username).where(
                Moderator.role == "admin", Moderator.disabled_at.is_(None)
            )
        ).all()
    assert enabled == ["a2"]
