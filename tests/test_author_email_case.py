"""One author per email whatever its case: found and stored folded; old rows folded and merged."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import database_at
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from test_author_identity import ARTICLES, AUDIT_LOG, AUTHORS, COMMENTS

from civility.commenting import Engine, NewComment, submit
from civility.domain import AuthorTrust, CommentStatus
from civility.importers.disqus import import_disqus
from civility.store import articles, authors
from civility.store.db import make_engine, upgrade
from civility.store.models import Author
from civility.web.schemas import CommentIn

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BOB = "Bob@Example.com"


def _author_ids(factory: sessionmaker[Session]) -> list[int]:
    with factory() as session:
        return list(session.scalars(sa.select(Author.id).order_by(Author.id)))


# --- New comments: every input path finds the author by the folded email.


def test_author_email_case_posting_twice_gives_one_author(
    make_web_client: Any, lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        slug = articles.add(session, title="Talks", body="Both sides met.", now=NOW).slug
    client = make_web_client(lexicon_engine)
    for email in (BOB, " bob@EXAMPLE.COM ", "bob@example.com"):
        body = {"author_name": "Bob", "text": "A fair point.", "author_email": email}
        answer = client.post(f"/api/v1/articles/{slug}/comments", json=body)
        assert answer.status_code == 201, answer.text
    with session_factory() as session:
        stored = session.execute(sa.select(Author.display_name, Author.email)).all()
    assert stored == [("Bob", "bob@example.com")]


def test_author_email_case_a_ban_holds_across_case(
    lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        banned = authors.get_or_create(session, display_name="Bob", email=BOB, now=NOW)
        authors.set_trust(session, banned, trust=AuthorTrust.BANNED)
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        again = NewComment(article.id, "Bob", "A fair point.", author_email="BOB@example.COM")
        comment, _ = submit(session, lexicon_engine, again, now=NOW)
        assert comment.status is CommentStatus.REJECTED
        assert comment.author_id == banned.id
        # The name is still compared as typed: "BOB" is somebody else.
        other = NewComment(article.id, "BOB", "A fair point.", author_email=BOB)
        assert submit(session, lexicon_engine, other, now=NOW)[0].author_id != banned.id


def test_author_email_case_importers_fold_the_email(
    lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    posts = "".join(
        f'<post dsq:id="p{n}"><message>Comment {n} on the budget.</message>'
        f"<createdAt>2011-10-25T10:00:00Z</createdAt>"
        f"<author><email>{email}</email><name>Alice</name></author>"
        f'<thread dsq:id="t1"/></post>\n'
        for n, email in enumerate(["Alice@Example.org", "alice@example.ORG", "İ" * 320])
    )
    data = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
        '<thread dsq:id="t1"><link>https://news.example/t1</link><title>T1</title></thread>\n'
        f"{posts}</disqus>\n"
    ).encode()
    with session_factory() as session, session.begin():
        stats = import_disqus(session, lexicon_engine, io.BytesIO(data), remoderate=False, now=NOW)
    with session_factory() as session:
        emails = session.scalars(sa.select(Author.email).order_by(Author.id)).all()
    # 320 "İ" fit the column; lowered they are 640 characters, so that email is dropped.
    assert emails == ["alice@example.org", None]
    assert (stats.created, stats.emails_dropped) == (3, 1)


# --- Hostile input: no crash, and no two different addresses made one.


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("  Bob@Example.COM\t", "bob@example.com"),
        # lower() turns the dotted capital I into "i" and a combining dot: not plain "i".
        ("İlker@example.com", "i\u0307lker@example.com"),
        # Fullwidth "BOB" is lowered but stays fullwidth: no NFKC, so it is not ASCII "bob".
        ("\uff22\uff2f\uff22@example.com", "\uff42\uff4f\uff42@example.com"),
        # A zero-width space is kept: it is not removed to make "bob".
        ("Bo\u200bb@example.com", "bo\u200bb@example.com"),
        # lower(), not casefold(): "ß" stays "ß" rather than becoming "ss".
        ("Straße@example.de", "straße@example.de"),
        ("   ", None),
        (None, None),
    ],
    ids=["ascii", "dotted-capital-i", "fullwidth", "zero-width", "sharp-s", "blank", "none"],
)
def test_author_email_case_fold(typed: str | None, folded: str | None) -> None:
    assert authors.fold_email(typed) == folded
    assert authors.fold_email(folded) == folded  # folding twice changes nothing


LOOKALIKES = [
    ("İ@example.com", "i@example.com"),
    ("\uff22\uff2f\uff22@example.com", "bob@example.com"),
    ("bo\u200bb@example.com", "bob@example.com"),
    ("straße@example.de", "strasse@example.de"),
    ("ﬁn@example.com", "fin@example.com"),
]


@pytest.mark.parametrize(("first", "second"), LOOKALIKES)
def test_author_email_case_lookalikes_stay_apart(
    session_factory: sessionmaker[Session], first: str, second: str
) -> None:
    with session_factory.begin() as session:
        one = authors.get_or_create(session, display_name="Bob", email=first, now=NOW)
        two = authors.get_or_create(session, display_name="Bob", email=second.upper(), now=NOW)
        assert one.id != two.id
        assert authors.get_or_create(session, display_name="Bob", email=first, now=NOW) is one


def test_author_email_case_an_email_too_long_once_folded_is_refused() -> None:
    # 320 characters as typed, 640 once folded: refused, not sent to a 320-character column.
    with pytest.raises(ValidationError, match="email does not look like"):
        CommentIn(author_name="A", text="hi", author_email="İ" * 310 + "@example.o")
    assert CommentIn(author_name="A", text="hi", author_email="A@B.Org").author_email == "a@b.org"


# --- The migration: stored emails are folded, and authors that then meet are merged.


# id: (name, email, trust), as new comments stored them before 0006.
STORED_AUTHORS = {
    1: ("Bob", "bob@example.com", "normal"),
    2: ("Bob", "Bob@Example.com", "banned"),
    3: ("Bob", "BOB@EXAMPLE.COM", "trusted"),
    4: ("Ann", "Ann@Example.org", "trusted"),
    5: ("Ann", "ann@example.org", "normal"),
    6: ("Cy", "Cy@Example.net", "normal"),  # alone: only folded
    7: ("BOB", "bob@example.com", "normal"),  # another name: another person
    8: ("Dee", None, "normal"),
    9: ("Dee", "  ", "banned"),  # blank is no email: the same as row 8
    10: ("Eve", "İ@example.com", "normal"),
    11: ("Eve", "i@example.com", "normal"),  # not Eve's "İ" address
    12: ("Fay", "\uff26\uff21\uff39@example.com", "normal"),  # fullwidth "FAY"
    13: ("Fay", "fay@example.com", "normal"),  # not fullwidth
    14: ("Gus", "İ" * 200, "normal"),  # 400 characters lowered: too long, left as stored
}
MERGED_INTO = {1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 6, 7: 7, 8: 8, 9: 8}
MERGED_INTO |= {n: n for n in range(10, 15)}
# (email, trust) of each row that stays: a ban beats trust, trust beats nothing.
MERGED = {
    1: ("bob@example.com", "banned"),
    4: ("ann@example.org", "trusted"),
    6: ("cy@example.net", "normal"),
    7: ("bob@example.com", "normal"),
    8: (None, "banned"),
    10: ("i\u0307@example.com", "normal"),
    11: ("i@example.com", "normal"),
    12: ("\uff46\uff41\uff59@example.com", "normal"),
    13: ("fay@example.com", "normal"),
    14: ("İ" * 200, "normal"),
}


def _database_at_0005(dialect: str, tmp_path: Path) -> Any:
    """A database migrated to revision 0005 only: a SQLite file or a private PostgreSQL schema."""
    return database_at(dialect, "0005", tmp_path)


def _store_authors(conn: sa.Connection) -> None:
    """The authors above, a comment by each and audit entries on two of them and on no one."""
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
            {"id": 2, "action": "author.trusted", "author_id": 4, "created_at": NOW},
            {"id": 3, "action": "comment.rejected", "author_id": None, "created_at": NOW},
        ],
    )


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_author_email_case_migration_folds_and_merges(dialect: str, tmp_path: Path) -> None:
    with _database_at_0005(dialect, tmp_path) as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            _store_authors(conn)
        upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(AUTHORS.c.id, AUTHORS.c.email, AUTHORS.c.trust))
            merged = {id_: (email, trust) for id_, email, trust in rows}
            by = dict(conn.execute(sa.select(COMMENTS.c.id, COMMENTS.c.author_id)).all())
            audit = dict(conn.execute(sa.select(AUDIT_LOG.c.id, AUDIT_LOG.c.author_id)).all())
        engine.dispose()
    assert merged == MERGED
    assert by == MERGED_INTO
    assert audit == {1: 1, 2: 4, 3: None}
