"""Trust goes only to authors a stranger cannot impersonate by typing their name."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import AuthorTrust, CommentStatus
from civility.passwords import hash_password
from civility.store import articles, authors, moderators
from civility.store.models import Author

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _moderator_client(make_web_client: Any, engine: Any, factory: sessionmaker[Session]) -> Any:
    """A logged-in moderator's client."""
    with factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
    client = make_web_client(engine)
    page = client.get("/moderate/login")
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    client.post(
        "/moderate/login",
        data={"csrf_token": token, "username": "mo", "password": PASSWORD},
        follow_redirects=False,
    )
    return client


def _held_by(factory: sessionmaker[Session], engine: Any, email: str | None) -> int:
    """The author id of a held comment by 'Alice' with this email."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        new = NewComment(article.id, "Alice", "stupid", author_email=email)
        comment, _ = submit(session, engine, new, now=NOW)
        assert comment.status is CommentStatus.HELD
        return comment.author_id


def _trust(client: Any, author_id: int) -> Any:
    """Press "Trust author" on the queue page."""
    html = client.get("/moderate").text
    token = re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]
    return client.post(
        f"/moderate/authors/{author_id}/trust",
        data={"csrf_token": token, "level": "trusted"},
        follow_redirects=False,
    )


def test_an_author_known_only_by_name_cannot_be_trusted(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _moderator_client(make_web_client, holding_engine, session_factory)
    author_id = _held_by(session_factory, holding_engine, None)
    # The queue offers no trust to a name alone, and refuses it when asked anyway.
    page = client.get("/moderate").text
    assert "Ban author" in page and "Trust author" not in page
    assert client.get("/api/v1/moderation/queue").json()[0]["author_can_be_trusted"] is False
    refused = _trust(client, author_id)
    assert refused.status_code == 422 and "email" in refused.text
    with session_factory() as session:
        author = session.get(Author, author_id)
        assert author is not None and author.trust is AuthorTrust.NORMAL


def test_a_trusted_author_with_an_email_skips_holds_and_a_namesake_does_not(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _moderator_client(make_web_client, holding_engine, session_factory)
    author_id = _held_by(session_factory, holding_engine, "alice@example.org")
    assert "Trust author" in client.get("/moderate").text
    assert _trust(client, author_id).status_code in (200, 303)
    with session_factory.begin() as session:
        article = articles.add(session, title="More talks", body="They met again.", now=NOW)
        own = NewComment(article.id, "Alice", "stupid", author_email="alice@example.org")
        namesake = NewComment(article.id, "Alice", "stupid")
        assert submit(session, holding_engine, own, now=NOW)[0].status is CommentStatus.PUBLISHED
        assert submit(session, holding_engine, namesake, now=NOW)[0].status is CommentStatus.HELD


def test_trust_given_to_a_name_alone_before_is_not_applied(
    holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    author_id = _held_by(session_factory, holding_engine, None)
    with session_factory.begin() as session:
        author = session.get(Author, author_id)
        assert author is not None
        author.trust = AuthorTrust.TRUSTED  # as a moderator could before the rule
        assert authors.effective_trust(author) is AuthorTrust.NORMAL
        article = articles.add(session, title="Later", body="Another day.", now=NOW)
        again = NewComment(article.id, "Alice", "stupid")
        assert submit(session, holding_engine, again, now=NOW)[0].status is CommentStatus.HELD
