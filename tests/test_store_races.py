"""Requests racing on one article, author or comment: each interleaving forced on both databases.

A hook on the engine runs a second request, on its own connection, to completion just before
(or after) a chosen statement of the first: the moment where the two used to collide.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine as CommentEngine
from civility.commenting import build_engine
from civility.config import Settings
from civility.domain import CommentStatus
from civility.store import articles, authors, comments, moderators
from civility.store.models import ArticlePassage, Author, Comment
from civility.web.posting import Posted, post_comment
from civility.web.queue import set_author_trust
from civility.web.schemas import CommentIn

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TROLL = "troll@example.com"


@contextmanager
def _once_at(
    factory: sessionmaker[Session],
    statement: str,
    action: Callable[[], object],
    *,
    after: bool = False,
) -> Iterator[list[str]]:
    """Run `action` once, just before (or after) the first SQL statement that starts so."""
    fired: list[str] = []
    engine: Engine = factory.kw["bind"]

    def hook(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        # Marked first: the action's own statements go through this engine too.
        if not fired and sql.lstrip().upper().startswith(statement):
            fired.append(sql)
            action()

    name = "after_cursor_execute" if after else "before_cursor_execute"
    event.listen(engine, name, hook)
    try:
        yield fired
    finally:
        event.remove(engine, name, hook)


# The statement with which a post takes SQLite's write lock (`articles.lock_for_comment`).
_LOCKS_ARTICLE = "UPDATE ARTICLES SET VERSION"


def _article(factory: sessionmaker[Session]) -> str:
    """A new article's slug; nothing indexes it, as with one the embed widget registers."""
    with factory.begin() as session:
        body = "The finance minister presented the budget today. " * 5
        return articles.add(session, title="Budget talks", body=body, now=NOW).slug


def _post(
    factory: sessionmaker[Session],
    engine: CommentEngine,
    slug: str,
    text: str,
    *,
    name: str = "Reader",
    email: str | None = None,
) -> Posted:
    """Post a comment as the web does, in a session of its own."""
    form = CommentIn(author_name=name, author_email=email, text=text)
    with factory() as session:
        return post_comment(session, engine, slug, form, now=NOW)


def _count(factory: sessionmaker[Session], model: type[Any]) -> int:
    """Rows of a table."""
    with factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _is_postgres(factory: sessionmaker[Session]) -> bool:
    """Whether the test runs on PostgreSQL (else SQLite, which lets one writer at a time)."""
    return bool(factory.kw["bind"].dialect.name == "postgresql")


# --- Passages: two first comments on an article without stored vectors.


@pytest.fixture(scope="module")
def encoder_engine() -> Iterator[CommentEngine]:
    """An engine whose relevance scorer embeds articles with the real sentence encoder."""
    engine = build_engine(Settings(scorers=["off_topic"]))
    yield engine
    engine.pipeline.close()


@pytest.mark.slow
def test_races_two_first_comments_on_an_unindexed_article_are_both_stored(
    session_factory: sessionmaker[Session], encoder_engine: CommentEngine
) -> None:
    slug = _article(session_factory)
    with session_factory.begin() as session:
        # A known reader: on SQLite the passages are then this request's first write.
        authors.get_or_create(session, display_name="Reader", now=NOW)

    def other_reader() -> None:
        _post(session_factory, encoder_engine, slug, "The budget cuts worry me, says one.")

    # The last moment the other request can store the same passages: PostgreSQL lets it in
    # between this transaction's DELETE and INSERT; SQLite lets one writer at a time, and a
    # post takes the write lock before it embeds the article, so there it can only come first.
    point = "INSERT INTO ARTICLE_PASSAGES" if _is_postgres(session_factory) else _LOCKS_ARTICLE
    with _once_at(session_factory, point, other_reader) as fired:
        posted = _post(session_factory, encoder_engine, slug, "The budget cuts worry me too.")
    assert fired
    assert posted.comment.text == "The budget cuts worry me too."
    assert _count(session_factory, Comment) == 2
    with session_factory() as session:
        stored = session.execute(select(ArticlePassage.article_version, ArticlePassage.position))
        rows = stored.all()
    # One set of passages, the first request's: not two, not none.
    assert rows and {version for version, _ in rows} == {1}
    assert len(rows) == len({position for _, position in rows})


# --- Authors: one person's two first comments at once share one author row.


def _moderator(factory: sessionmaker[Session]) -> int:
    """A moderator account's id."""
    with factory.begin() as session:
        return moderators.create(session, username="mo", password_hash="unused", now=NOW).id


def _set_trust(
    factory: sessionmaker[Session], moderator_id: int, author_id: int, level: str
) -> None:
    """Press "Ban author" or "Trust author" on the queue row of `author_id`."""
    with factory.begin() as session:
        moderator = moderators.get(session, moderator_id)
        assert moderator is not None
        set_author_trust(session, moderator, author_id, trust=level, now=NOW)


def _troll_ids(factory: sessionmaker[Session]) -> list[int]:
    """The ids of every stored author row of the troll."""
    with factory() as session:
        return list(session.scalars(select(Author.id).where(Author.email == TROLL)))


@pytest.mark.parametrize(
    ("level", "text", "expected"),
    [
        ("banned", "Still posting after the ban, about the budget.", CommentStatus.REJECTED),
        # The lexicon holds "stupid" for review; a trusted author skips the hold.
        ("trusted", "A stupid budget, trusted or not.", CommentStatus.PUBLISHED),
    ],
)
def test_races_two_first_comments_by_one_person_share_one_author(
    session_factory: sessionmaker[Session],
    holding_engine: CommentEngine,
    level: str,
    text: str,
    expected: CommentStatus,
) -> None:
    slug = _article(session_factory)
    moderator_id = _moderator(session_factory)
    firsts: list[Posted] = []

    def same_person_again() -> None:
        firsts.append(
            _post(session_factory, holding_engine, slug, "First.", name="Troll", email=TROLL)
        )

    # Both requests looked the author up and found none; the other one commits first. On
    # SQLite a post holds the write lock from its first check: the other can only come first.
    point = "INSERT INTO AUTHORS" if _is_postgres(session_factory) else _LOCKS_ARTICLE
    with _once_at(session_factory, point, same_person_again) as fired:
        second = _post(session_factory, holding_engine, slug, "Second.", name="Troll", email=TROLL)
    assert fired
    assert _troll_ids(session_factory) == [firsts[0].comment.author_id]
    assert second.comment.author_id == firsts[0].comment.author_id
    _set_trust(session_factory, moderator_id, second.comment.author_id, level)
    after = _post(session_factory, holding_engine, slug, text, name="Troll", email=TROLL)
    assert after.status is expected


def _wait_for_a_lock(factory: sessionmaker[Session], done: threading.Event) -> None:
    """Wait until a backend waits for a lock to insert an author (or `done` is set)."""
    query = sql_text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO authors%'"
    )
    deadline = time.monotonic() + 10
    with factory() as session:
        while not done.is_set() and time.monotonic() < deadline:
            if session.scalar(query):
                return
            session.rollback()  # a fresh snapshot of pg_stat_activity on the next read
            time.sleep(0.02)


# PostgreSQL only: SQLite lets one writer at a time, so there the other request cannot start
# its insert while this one holds the author uncommitted.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_races_a_first_comment_waits_for_the_same_persons_uncommitted_one(
    session_factory: sessionmaker[Session], holding_engine: CommentEngine
) -> None:
    slug = _article(session_factory)
    moderator_id = _moderator(session_factory)
    done = threading.Event()
    others: list[Posted] = []

    def same_person_again() -> None:
        try:
            others.append(
                _post(session_factory, holding_engine, slug, "First.", name="Troll", email=TROLL)
            )
        finally:
            done.set()

    other = threading.Thread(target=same_person_again)

    def start_the_other_and_let_it_wait() -> None:
        other.start()
        _wait_for_a_lock(session_factory, done)

    # This request's author row is stored but not committed when the other request looks the
    # person up: the other must wait for this commit and then use this row, not store its own.
    hook = _once_at(
        session_factory, "INSERT INTO AUTHORS", start_the_other_and_let_it_wait, after=True
    )
    with hook as fired:
        this = _post(session_factory, holding_engine, slug, "Second.", name="Troll", email=TROLL)
    other.join(10)
    assert fired and not other.is_alive()
    assert [posted.comment.author_id for posted in others] == [this.comment.author_id]
    assert _troll_ids(session_factory) == [this.comment.author_id]
    _set_trust(session_factory, moderator_id, this.comment.author_id, "banned")
    after = _post(
        session_factory, holding_engine, slug, "Posting after the ban.", name="Troll", email=TROLL
    )
    assert after.status is CommentStatus.REJECTED


# --- Reports: readers flagging one comment at once.


def _published_comment(factory: sessionmaker[Session], engine: CommentEngine) -> int:
    """The id of a published comment on a new article."""
    posted = _post(factory, engine, _article(factory), "A published comment about it.")
    assert posted.status is CommentStatus.PUBLISHED
    return posted.comment.id


def _report(factory: sessionmaker[Session], comment_id: int) -> int:
    """Report a comment as POST /comments/{id}/report does; the count the reader's call saw."""
    with factory() as session, session.begin():
        comment = comments.get(session, comment_id)
        assert comment is not None
        return comments.add_report(session, comment).reports


def _stored_reports(factory: sessionmaker[Session], comment_id: int) -> int:
    """The report count as stored."""
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.reports


def test_races_a_report_stored_while_another_is_counted_adds_to_it(
    session_factory: sessionmaker[Session], lexicon_engine: CommentEngine
) -> None:
    comment_id = _published_comment(session_factory, lexicon_engine)

    # The other reader's report commits after this one read the count, before it writes.
    with _once_at(session_factory, "UPDATE COMMENTS", lambda: _report(session_factory, comment_id)):
        seen = _report(session_factory, comment_id)
    assert seen == 2
    assert _stored_reports(session_factory, comment_id) == 2


def test_races_eight_readers_reporting_at_once_are_all_counted(
    session_factory: sessionmaker[Session], lexicon_engine: CommentEngine
) -> None:
    comment_id = _published_comment(session_factory, lexicon_engine)
    start = threading.Barrier(8)

    def report(_: int) -> int:
        start.wait()
        return _report(session_factory, comment_id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        seen = list(pool.map(report, range(8)))
    assert _stored_reports(session_factory, comment_id) == 8
    # Each report read back the count it made: one to eight, whatever the order.
    assert sorted(seen) == list(range(1, 9))
