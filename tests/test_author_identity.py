"""One author row per name and email: the unique index, the migration that merged copies, races."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import database_at
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from civility.store import authors
from civility.store.db import make_engine, upgrade
from civility.store.models import Author

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TROLL = "troll@example.com"


# --- The index: a second row of one identity is refused by the database itself.


@pytest.mark.parametrize(
    ("first", "second"),
    [(TROLL, TROLL), (None, None), (None, "")],
    ids=["same-email", "no-email", "no-email-and-empty"],
)
def test_author_identity_a_second_row_is_refused(
    session_factory: sessionmaker[Session], first: str | None, second: str | None
) -> None:
    with session_factory() as session:
        session.add(Author(display_name="Troll", email=first, created_at=NOW))
        session.flush()
        session.add(Author(display_name="Troll", email=second, created_at=NOW))
        with pytest.raises(IntegrityError):
            session.flush()


def test_author_identity_lookup_matches_the_index(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        # A row stored with an empty email before: the index counts it as no email, so must
        # the lookup, or the author's next comment would find no row and could store none.
        legacy = Author(display_name="Legacy", email="", created_at=NOW)
        session.add(legacy)
        session.flush()
        assert authors.get_or_create(session, display_name="Legacy", now=NOW) is legacy
        # Other names and emails are other people.
        ids = {
            authors.get_or_create(session, display_name=name, email=email, now=NOW).id
            for name, email in [("Troll", TROLL), ("Troll", None), ("troll", None), ("Ann", TROLL)]
        }
        assert len(ids) == 4 and legacy.id not in ids
        again = authors.get_or_create(session, display_name="Troll", email="", now=NOW)
        assert again.id in ids and again.email is None


# --- The migration: copies stored before the index are merged into the first of each.


def _table(name: str, columns: str) -> sa.TableClause:
    """A table as revision 0003 made it, only the columns these rows fill; *_at hold dates."""
    stamp = sa.DateTime(timezone=True)
    names = columns.split()
    return sa.table(name, *(sa.column(c, stamp if c.endswith("_at") else None) for c in names))


ARTICLES = _table("articles", "id slug title body version created_at updated_at")
AUTHORS = _table("authors", "id display_name email trust created_at")
COMMENTS = _table("comments", "id article_id author_id text html status reports risk created_at")
AUDIT_LOG = _table("audit_log", "id action author_id created_at")

# id: (name, email, trust), as racing first comments and moderators left them.
STORED_AUTHORS = {
    1: ("Troll", TROLL, "normal"),
    2: ("Troll", TROLL, "banned"),
    3: ("Troll", TROLL, "trusted"),
    4: ("Reader", None, "normal"),
    5: ("Reader", "", "banned"),  # an empty email is no email
    6: ("Reader", "reader@example.com", "normal"),
    7: ("Other", None, "trusted"),
    8: ("Ann", "ann@example.com", "normal"),
    9: ("Ann", "ann@example.com", "trusted"),
}
# Each copy's rows move to the first copy of its identity, which gets the strictest trust.
MERGED_INTO = {1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 6, 7: 7, 8: 8, 9: 8}
MERGED_TRUST = {1: "banned", 4: "banned", 6: "normal", 7: "trusted", 8: "trusted"}


def _database_at_0003(dialect: str, tmp_path: Path) -> Any:
    """A database migrated to revision 0003 only: a SQLite file or a private PostgreSQL schema."""
    return database_at(dialect, "0003", tmp_path)


def _store_copies(conn: sa.Connection) -> None:
    """The authors above, a comment by each and audit entries on two copies and on no one."""
    article = {"slug": "talks", "title": "Talks", "body": "", "version": 1}
    conn.execute(sa.insert(ARTICLES).values(id=1, created_at=NOW, updated_at=NOW, **article))
    conn.execute(
        sa.insert(AUTHORS),
        [
            {"id": id_, "display_name": name, "email": email, "trust": trust, "created_at": NOW}
            for id_, (name, email, trust) in STORED_AUTHORS.items()
        ],
    )
    comment = {"article_id": 1, "html": "", "status": "published", "reports": 0, "risk": 0.0}
    conn.execute(
        sa.insert(COMMENTS),
        [
            {"id": id_, "author_id": id_, "text": f"by {id_}", "created_at": NOW, **comment}
            for id_ in STORED_AUTHORS
        ],
    )
    conn.execute(
        sa.insert(AUDIT_LOG),
        [
            {"id": 1, "action": "author.banned", "author_id": 2, "created_at": NOW},
            {"id": 2, "action": "author.trusted", "author_id": 9, "created_at": NOW},
            {"id": 3, "action": "comment.rejected", "author_id": None, "created_at": NOW},
        ],
    )


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_author_identity_migration_merges_copies(dialect: str, tmp_path: Path) -> None:
    with _database_at_0003(dialect, tmp_path) as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            _store_copies(conn)
        upgrade(url)
        with engine.connect() as conn:
            trust = dict(conn.execute(sa.select(AUTHORS.c.id, AUTHORS.c.trust)).all())
            by = dict(conn.execute(sa.select(COMMENTS.c.id, COMMENTS.c.author_id)).all())
            audit = dict(conn.execute(sa.select(AUDIT_LOG.c.id, AUDIT_LOG.c.author_id)).all())
        engine.dispose()
    assert trust == MERGED_TRUST
    assert by == MERGED_INTO
    assert audit == {1: 1, 2: 8, 3: None}


# --- The race: the same person's first comments at once, in two sessions (PostgreSQL).


def _wait_until_blocked_or_done(
    factory: sessionmaker[Session], pid: int, done: threading.Event
) -> None:
    """Wait until the backend `pid` waits for a lock (or its thread has finished)."""
    deadline = time.monotonic() + 10
    query = sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
    with factory() as session:
        while not done.is_set() and time.monotonic() < deadline:
            if session.scalar(query, {"pid": pid}) == "Lock":
                return
            session.rollback()  # a fresh snapshot of pg_stat_activity on the next read
            time.sleep(0.02)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_author_identity_racing_sessions_get_one_row(
    session_factory: sessionmaker[Session],
) -> None:
    pid_known, done = threading.Event(), threading.Event()
    other: dict[str, int] = {}

    def same_person_elsewhere() -> None:
        try:
            with session_factory.begin() as session:
                other["pid"] = int(session.scalar(sa.select(sa.func.pg_backend_pid())) or 0)
                pid_known.set()
                author = authors.get_or_create(session, display_name="Troll", email=TROLL, now=NOW)
                other["id"] = author.id
        finally:
            pid_known.set()
            done.set()

    # This session has stored the author and not committed when the other looks them up: the
    # other finds no row, tries to store its own and must wait for this one's commit.
    thread = threading.Thread(target=same_person_elsewhere)
    with session_factory.begin() as session:
        first = authors.get_or_create(session, display_name="Troll", email=TROLL, now=NOW)
        thread.start()
        assert pid_known.wait(10)
        _wait_until_blocked_or_done(session_factory, other.get("pid", 0), done)
    thread.join(10)
    assert not thread.is_alive()
    assert other.get("id") == first.id
    with session_factory() as session:
        rows = session.scalars(sa.select(Author.id).where(Author.display_name == "Troll"))
        assert rows.all() == [first.id]
