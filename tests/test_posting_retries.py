"""A retry (same client_key) is answered with the comment stored the first time, whatever
changed since; and the reader-facing input takes keys and ids only in their exact form."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, comments
from civility.store.models import Comment
from civility.web.schemas import ArticleIn, CommentIn

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NOT_PUBLISHED = "comment {} is not published; it cannot be answered"


def _article(factory: sessionmaker[Session]) -> str:
    with factory.begin() as session:
        return articles.add(session, title="Budget talks", body="The budget.", now=NOW).slug


def _set_status(factory: sessionmaker[Session], comment_id: int, status: CommentStatus) -> None:
    """A moderator's decision on the comment, as far as posting can tell."""
    with factory.begin() as session:
        comment = comments.get(session, comment_id)
        assert comment is not None
        comments.set_status(session, comment, status=status)


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(Comment.id))) or 0)


def _api_post(client: Any, slug: str, **fields: Any) -> Any:
    payload = {"author_name": "Bo", "text": "A fair point about the budget.", **fields}
    return client.post(f"/api/v1/articles/{slug}/comments", json=payload)


@pytest.mark.parametrize("status", [CommentStatus.HELD, CommentStatus.REJECTED])
def test_posting_a_retry_of_a_reply_stored_before_its_parent_was_decided_is_answered_as_stored(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    status: CommentStatus,
) -> None:
    # The reply was stored but its answer lost; a moderator then held (or rejected) the comment
    # it answers; the widget sends the same reply again (same key): it gets its reply, not 422.
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    parent = _api_post(client, slug, text="The budget is fair.")
    assert parent.status_code == 201
    parent_id = parent.json()["id"]
    reply = {"text": "I disagree with you.", "parent_id": parent_id}
    first = _api_post(client, slug, **reply, client_key="retry-key-0001")
    assert first.status_code == 201
    _set_status(session_factory, parent_id, status)

    again = _api_post(client, slug, **reply, client_key="retry-key-0001")
    assert again.status_code == 201
    assert again.json() == first.json()
    # The key still answers only the comment it was sent with; a new reply is refused as before.
    edited = {**reply, "text": "Other words."}
    other = _api_post(client, slug, **edited, client_key="retry-key-0001")
    assert other.status_code == 409
    new = _api_post(client, slug, **reply, client_key="retry-key-0002")
    assert (new.status_code, new.json()) == (422, {"detail": NOT_PUBLISHED.format(parent_id)})
    assert _count(session_factory) == 2


def test_posting_a_form_sent_again_after_its_parent_was_held_shows_the_stored_reply(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # The page's reply form: its one-time token and the typed fields make the key.
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    parent_id = _api_post(client, slug, text="The budget is fair.").json()["id"]
    page = client.get(f"/articles/{slug}").text
    form = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": "Amir",
        "text": "I disagree with you.",
        "parent_id": str(parent_id),
    }
    first = client.post(f"/articles/{slug}/comments", data=form, follow_redirects=False)
    assert first.status_code == 303
    _set_status(session_factory, parent_id, CommentStatus.HELD)

    again = client.post(f"/articles/{slug}/comments", data=form, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"]
    assert _count(session_factory) == 2


# --- The reader's input, exactly as sent.


@pytest.mark.parametrize("key", ["abcdefgh\n", "retry-key-0001\n"])
def test_posting_a_client_key_with_a_newline_is_refused_and_stores_nothing(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], key: str
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _api_post(client, slug, client_key=key)
    assert answer.status_code == 422
    assert "client_key must be 8-100 letters" in str(answer.json()["detail"])
    assert _count(session_factory) == 0


@pytest.mark.parametrize("parent_id", [True, "1", 1.0])
def test_posting_a_parent_id_that_is_not_a_json_integer_is_refused(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    parent_id: object,
) -> None:
    # Lax mode read true (and "1", 1.0) as comment 1, and posted a reply to it.
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    assert _api_post(client, slug).status_code == 201  # comment 1
    answer = _api_post(client, slug, text="A reply?", parent_id=parent_id)
    assert answer.status_code == 422
    assert "parent_id" in str(answer.json()["detail"])
    assert _count(session_factory) == 1
    reply = _api_post(client, slug, text="A reply.", parent_id=1)
    assert reply.status_code == 201 and reply.json()["parent_id"] == 1


def test_posting_the_patterns_match_the_whole_value() -> None:
    # A pattern ending in "$" also matched a value ending in a newline.
    with pytest.raises(ValidationError):
        CommentIn(author_name="Bo", text="hi", client_key="abcdefgh\n")
    assert CommentIn(author_name="Bo", text="hi", client_key="abcdefgh").client_key == "abcdefgh"
    with pytest.raises(ValidationError):
        ArticleIn(title="Budget day", slug="budget-day\n")
    with pytest.raises(ValidationError):
        ArticleIn(title="Budget day", url="https://news.example/a\n")
    article = ArticleIn(title="Budget day", slug="budget-day", url="https://news.example/a")
    assert (article.slug, article.url) == ("budget-day", "https://news.example/a")
