"""The audit log page: 100 actions a page, with who, which comment and which author by name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, audit, authors, comments, moderators

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _admin_client(make_web_client: Any, engine: Any) -> Any:
    client = make_web_client(engine)
    dashboard_login(client, "boss", PASSWORD)
    return client


def test_audit_page_pages_and_names_what_each_action_touched(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        boss = moderators.create(
            session, username="boss", password_hash=hash_password(PASSWORD), now=NOW, role="admin"
        )
        article = articles.add(session, title="Budget day", body="The budget.", now=NOW)
        author = authors.get_or_create(session, display_name="<b>Rae</b>", now=NOW)
        comment = comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text="<script>alert(1)</script> " + "word " * 40,
            html="",
            status=CommentStatus.HELD,
            now=NOW,
        )
        for i in range(130):
            audit.log(
                session,
                action="comment.rejected",
                now=NOW + timedelta(minutes=i),
                moderator_id=boss.id,
                comment_id=comment.id,
                author_id=author.id,
            )
        audit.log(session, action="moderator.disabled", now=NOW, detail="cli: mo")
        comment_id, author_id = comment.id, author.id
    client = _admin_client(make_web_client, lexicon_engine)
    first = client.get("/moderate/audit").text
    # 130 decisions, one command-line action and the admin's own login.
    assert "132 moderator actions, newest first; page 1 of 2" in first
    assert first.count("<tr>") == 1 + 100
    # Held: not on the article's page, so the link is to the author's held comments.
    held_url = f"/moderate?author={author_id}&amp;show=held#q{comment_id}"
    assert f'<a href="{held_url}">{comment_id}</a>' in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first and "<script>alert" not in first
    assert f"<bdi>&lt;b&gt;Rae&lt;/b&gt;</bdi> ({author_id})" in first
    assert 'href="/moderate/audit?page=2" rel="next"' in first
    assert "<bdi>system</bdi>" in first and "cli: mo" in first
    second = client.get("/moderate/audit", params={"page": 2}).text
    assert second.count("<tr>") == 1 + 32
    assert second.count("comment.rejected") == 32
    beyond = client.get("/moderate/audit", params={"page": 99}).text
    assert "page 2 of 2" in beyond
    assert client.get("/moderate/audit", params={"page": 0}).status_code == 422
