"""Repository functions for articles, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, authors, comments

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_store_articles_slug_is_made_unique(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        slugs = [
            articles.add(session, title="Haqqani talks", body="", now=NOW).slug for _ in range(3)
        ]
        custom = articles.add(session, title="x", body="", now=NOW, slug="haqqani-talks").slug
    assert slugs == ["haqqani-talks", "haqqani-talks-2", "haqqani-talks-3"]
    assert custom == "haqqani-talks-4"


def test_store_articles_slugify_handles_unicode_and_empty_titles() -> None:
    title = "Clinton\u2019s visit: \u00abIslamabad\u00bb \u2014 2011!"
    assert articles.slugify(title) == "clintons-visit-islamabad-2011"
    assert articles.slugify("Café Zürich") == "cafe-zurich"
    assert articles.slugify("<script>alert(1)</script>") == "script-alert-1-script"
    assert articles.slugify("日本語") == "article"
    assert len(articles.slugify("word " * 100)) <= 80


def test_store_articles_version_bumps_only_on_text_change(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Body.", now=NOW)
        articles.update(session, article, title="Talks", body="Body.", now=NOW, outlet="Dawn")
        assert article.version == 1 and article.outlet == "Dawn"
        articles.update(session, article, title="Talks", body="New body.", now=NOW)
        articles.update(session, article, title="New talks", body="New body.", now=NOW)
        article_id = article.id
    with session_factory() as session:
        stored = articles.get(session, article_id)
        assert stored is not None and stored.version == 3 and stored.title == "New talks"


def test_store_articles_lookups_and_recent_counts(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        old = articles.add(session, title="Old", body="", now=NOW, url="https://x.example/old")
        new = articles.add(session, title="New", body="", now=NOW + timedelta(hours=1))
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        for status in (CommentStatus.PUBLISHED, CommentStatus.PUBLISHED, CommentStatus.HELD):
            comments.add(
                session,
                article_id=old.id,
                author_id=author.id,
                text="t",
                html="<p>t</p>",
                status=status,
                now=NOW,
            )
    with session_factory() as session:
        assert articles.get_by_url(session, "https://x.example/old").id == old.id  # type: ignore[union-attr]
        assert articles.get_by_slug(session, "new").id == new.id  # type: ignore[union-attr]
        assert articles.get_by_slug(session, "missing") is None
        recent = [(a.title, n) for a, n in articles.list_recent(session)]
        assert recent == [("New", 0), ("Old", 2)]
