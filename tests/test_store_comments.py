"""Repository functions for comments and threads, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, authors, comments
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _add(
    session: Session,
    article_id: int,
    name: str,
    text: str,
    minutes: int,
    status: CommentStatus = CommentStatus.PUBLISHED,
    key: str | None = None,
) -> Comment:
    author = authors.get_or_create(session, display_name=name, now=NOW)
    return comments.add(
        session,
        article_id=article_id,
        author_id=author.id,
        text=text,
        html=f"<p>{text}</p>",
        status=status,
        now=NOW + timedelta(minutes=minutes),
        external_key=key,
    )


def test_store_comments_published_in_written_order(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        _add(session, article.id, "B", "second", 2)
        _add(session, article.id, "A", "first", 1)
        _add(session, article.id, "C", "held", 0, CommentStatus.HELD)
        _add(session, article.id, "D", "rejected", 3, CommentStatus.REJECTED)
        article_id = article.id
    with session_factory() as session:
        assert [c.text for c in comments.list_published(session, article_id=article_id)] == [
            "first",
            "second",
        ]
        assert comments.count_published(session, article_id=article_id) == 2


def test_store_comments_latest_by_author_name(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        other = articles.add(session, title="Other", body="", now=NOW)
        early = _add(session, article.id, "MarkH", "early", 1)
        late = _add(session, article.id, "MarkH", "late", 5)
        _add(session, other.id, "MarkH", "elsewhere", 9)
        ids = article.id, early.id, late.id
    article_id, early_id, late_id = ids
    with session_factory() as session:
        found = comments.latest_by_author_name(session, article_id=article_id, display_name="markh")
        assert found is not None and found.id == late_id
        before = comments.latest_by_author_name(
            session, article_id=article_id, display_name="MarkH", before_id=late_id
        )
        assert before is not None and before.id == early_id
        assert (
            comments.latest_by_author_name(session, article_id=article_id, display_name="Bhatti")
            is None
        )


def test_store_comments_external_key_and_recent_texts(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        _add(session, article.id, "A", "old", -60 * 48)
        keyed = _add(session, article.id, "A", "keyed", 1, key="import:1")
        _add(session, article.id, "B", "other", 2)
        author_id, keyed_id = keyed.author_id, keyed.id
    with session_factory() as session:
        found = comments.get_by_external_key(session, "import:1")
        assert found is not None and found.id == keyed_id
        assert comments.get_by_external_key(session, "import:2") is None
        assert comments.recent_texts_by_author(session, author_id=author_id) == ["keyed", "old"]
        since = NOW - timedelta(hours=24)
        assert comments.recent_site_texts(session, since=since) == ["other", "keyed"]


def test_store_comments_status_and_reports(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        comment = _add(session, article.id, "A", "text", 1, CommentStatus.HELD)
        comments.set_status(session, comment, status=CommentStatus.PUBLISHED)
        comments.add_report(session, comment)
        comments.add_report(session, comment)
        comment_id = comment.id
    with session_factory() as session:
        stored = comments.get(session, comment_id)
        assert stored is not None
        assert (stored.status, stored.reports) == (CommentStatus.PUBLISHED, 2)
        assert stored.author.display_name == "A" and stored.article.title == "Talks"
