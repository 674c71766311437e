"""Stored dates come back aware, in UTC, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, authors, comments, export
from civility.store.models import Article, Author, Comment

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
# The same instant as NOW, written at a half-hour offset (India, +05:30).
NOW_AT_OFFSET = datetime(2026, 12, 1, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def _store(factory: sessionmaker[Session], *, at: datetime, published_at: datetime) -> int:
    with factory.begin() as session:
        article = articles.add(
            session, title="Talks", body="B.", now=at, slug="talks", published_at=published_at
        )
        author = authors.get_or_create(session, display_name="Amir", now=at)
        return comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text="Hello",
            html="<p>Hello</p>",
            status=CommentStatus.PUBLISHED,
            now=at,
        ).id


def _read_dates(factory: sessionmaker[Session], comment_id: int) -> list[datetime | None]:
    with factory() as session:
        comment = session.get_one(Comment, comment_id)
        article = session.get_one(Article, comment.article_id)
        author = session.get_one(Author, comment.author_id)
        return [
            comment.created_at,
            article.created_at,
            article.updated_at,
            article.published_at,
            author.created_at,
        ]


def _assert_utc(moment: datetime | None, expected: datetime) -> None:
    assert moment is not None and moment.tzinfo is UTC
    assert moment == expected


def test_stored_dates_read_back_aware_in_utc(session_factory: sessionmaker[Session]) -> None:
    comment_id = _store(session_factory, at=NOW, published_at=NOW - timedelta(days=1))
    created, article_created, updated, published, author_created = _read_dates(
        session_factory, comment_id
    )
    for moment in (created, article_created, updated, author_created):
        _assert_utc(moment, NOW)
    _assert_utc(published, NOW - timedelta(days=1))
    # Comparable with an aware clock: SQLite's naive dates used to raise TypeError here.
    assert created is not None and created < NOW + timedelta(seconds=1)


def test_stored_dates_at_another_offset_read_back_as_the_same_instant_in_utc(
    session_factory: sessionmaker[Session],
) -> None:
    comment_id = _store(session_factory, at=NOW_AT_OFFSET, published_at=NOW_AT_OFFSET)
    for moment in _read_dates(session_factory, comment_id):
        _assert_utc(moment, NOW)
        assert moment is not None and (moment.hour, moment.minute) == (10, 0)


def test_stored_dates_queries_compare_instants_not_wall_times(
    session_factory: sessionmaker[Session],
) -> None:
    comment_id = _store(session_factory, at=NOW, published_at=NOW)
    hour = timedelta(hours=1)
    with session_factory() as session:
        after = select(Comment.id).where(Comment.created_at >= NOW_AT_OFFSET - hour)
        later = select(Comment.id).where(Comment.created_at >= NOW_AT_OFFSET + hour)
        assert session.scalars(after).all() == [comment_id]
        assert session.scalars(later).all() == []


def test_stored_dates_naive_datetime_is_refused(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, pytest.raises(sa.exc.StatementError, match="naive"):
        authors.get_or_create(session, display_name="Amir", now=datetime(2026, 12, 1, 10))


def test_stored_dates_export_writes_the_utc_offset(session_factory: sessionmaker[Session]) -> None:
    _store(session_factory, at=NOW_AT_OFFSET, published_at=NOW_AT_OFFSET)
    with session_factory() as session:
        article = next(export.iter_articles(session))
        comment = next(export.iter_comments(session))
    assert article["published_at"] == article["created_at"] == "2026-12-01T10:00:00+00:00"
    assert comment["created_at"] == "2026-12-01T10:00:00+00:00"


def test_stored_dates_api_and_pages_answer_utc_with_its_offset(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _store(session_factory, at=NOW_AT_OFFSET, published_at=NOW_AT_OFFSET)
    client = make_web_client(lexicon_engine)
    listed = client.get("/api/v1/articles/talks/comments").json()
    assert [c["created_at"] for c in listed] == ["2026-12-01T10:00:00Z"]
    assert client.get("/api/v1/articles/talks").json()["published_at"] == "2026-12-01T10:00:00Z"
    page = client.get("/articles/talks").text
    moment = '<time datetime="2026-12-01T10:00:00+00:00">'
    assert page.count(f"{moment}December 1, 2026</time>") == 1  # the article's day
    assert page.count(f"{moment}December 1, 2026, 10:00 UTC</time>") == 1  # the comment's time
