"""The JSON comment listing in pages of threads (`?page=N`), as the article page cuts them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import store_comments
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles
from civility.web.security import Signer
from civility.web.threads import MAX_PAGE, THREADS_PER_PAGE

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SIZE = THREADS_PER_PAGE
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # conftest's TEST_SECRET
SITE = "https://news.example"


def _article(factory: sessionmaker[Session]) -> str:
    with factory.begin() as session:
        return articles.add(session, title="Budget day", body="Fuel taxes rise.", now=NOW).slug


def _pending(*ids: int) -> str:
    signer = Signer(SECRET, max_age_s=3600)
    return ",".join(f"{i}.{signer.pending_token(i)}" for i in ids)


def _get(client: Any, slug: str, **params: Any) -> Any:
    return client.get(f"/api/v1/articles/{slug}/comments", params=params)


def _numbers(response: Any) -> tuple[int, int, int]:
    headers = response.headers
    return int(headers["X-Total-Count"]), int(headers["X-Page"]), int(headers["X-Page-Count"])


@pytest.fixture
def threads(session_factory: sessionmaker[Session]) -> tuple[str, list[int], list[int]]:
    """SIZE + 5 top-level comments, then replies to the first and to the last thread, written
    after all of them: the article's slug, the top-level ids, the reply ids."""
    slug = _article(session_factory)
    tops = store_comments(session_factory, slug, [None] * (SIZE + 5))
    first = store_comments(session_factory, slug, [tops[0]], start=100)
    deeper = store_comments(session_factory, slug, [first[0]], start=101)
    last = store_comments(session_factory, slug, [tops[-1]], start=102)
    return slug, tops, [*first, *deeper, *last]


def test_comment_pages_hold_whole_threads_in_writing_order_with_their_numbers(
    make_web_client: Any, lexicon_engine: Any, threads: tuple[str, list[int], list[int]]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, tops, replies = threads
    total = len(tops) + len(replies)
    first = _get(client, slug, page=1)
    assert first.status_code == 200
    assert [c["id"] for c in first.json()] == [*tops[:SIZE], *replies[:2]]
    assert _numbers(first) == (total, 1, 2)
    assert "no-store" not in first.headers.get("Cache-Control", "")
    second = _get(client, slug, page=2)
    assert [c["id"] for c in second.json()] == [*tops[SIZE:], replies[2]]
    assert _numbers(second) == (total, 2, 2)
    assert second.json()[-1]["parent_id"] == tops[-1]
    # A page past the last gives the last, and says so.
    for past in (3, MAX_PAGE):
        beyond = _get(client, slug, page=past)
        assert beyond.json() == second.json() and _numbers(beyond) == (total, 2, 2)
    # Without `page`, every comment, as before, and none of the page headers.
    every = _get(client, slug)
    assert [c["id"] for c in every.json()] == [*tops, *replies]
    assert "X-Page" not in every.headers and "X-Page-Count" not in every.headers


def test_comment_pages_of_an_article_without_comments(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    empty = _get(client, slug, page=4)
    assert empty.status_code == 200 and empty.json() == []
    assert _numbers(empty) == (0, 1, 1)
    assert _get(client, "no-such-article", page=1).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "", str(MAX_PAGE + 1), "9" * 30, "1e3"])
def test_comment_pages_refuse_hostile_page_numbers(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], page: str
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    store_comments(session_factory, slug, [None])
    answer = client.get(f"/api/v1/articles/{slug}/comments?page={page}")
    assert answer.status_code == 422, page
    assert "X-Page" not in answer.headers


def test_comment_pages_place_the_readers_held_comments_as_the_page_does(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    threads: tuple[str, list[int], list[int]],
) -> None:
    client = make_web_client(lexicon_engine)
    slug, tops, replies = threads
    total = len(tops) + len(replies)
    held = CommentStatus.HELD
    # A held reply to the first thread, one to the last, a held top-level comment written before
    # the replies, and a held reply to that one: all the reader's own.
    early_top = store_comments(session_factory, slug, [None], status=held, start=50)[0]
    on_first = store_comments(session_factory, slug, [tops[0]], status=held, start=200)[0]
    on_last = store_comments(session_factory, slug, [tops[-1]], status=held, start=201)[0]
    under_held = store_comments(session_factory, slug, [early_top], status=held, start=202)[0]
    mine = _pending(early_top, on_first, on_last, under_held)

    first = _get(client, slug, page=1, pending=mine)
    assert [c["id"] for c in first.json()] == [*tops[:SIZE], *replies[:2], on_first]
    assert first.json()[-1]["status"] == "held"
    assert first.headers["Cache-Control"] == "private, no-store"
    assert _numbers(first) == (total, 1, 2)  # held comments are not counted
    second = _get(client, slug, page=2, pending=mine)
    # In its thread, in writing order; those answering nothing published at the end.
    assert [c["id"] for c in second.json()] == [
        *tops[SIZE:],
        replies[2],
        on_last,
        early_top,
        under_held,
    ]
    assert second.headers["Cache-Control"] == "private, no-store"
    assert _numbers(second) == (total, 2, 2)

    # Nobody else sees them: without the tokens, or with another comment's token.
    for pending in ("", f"{on_first}.{Signer(SECRET, max_age_s=3600).pending_token(tops[0])}"):
        for page in (1, 2):
            listed = _get(client, slug, page=page, pending=pending)
            assert all(c["status"] == "published" for c in listed.json())
            assert "no-store" not in listed.headers.get("Cache-Control", "")


def test_comment_page_headers_are_readable_by_the_widgets_origin(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, allowed_origins=[SITE])
    slug = _article(session_factory)
    store_comments(session_factory, slug, [None, None])
    answer = client.get(
        f"/api/v1/articles/{slug}/comments", params={"page": 1}, headers={"Origin": SITE}
    )
    assert answer.headers["access-control-allow-origin"] == SITE
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    assert {"x-total-count", "x-page", "x-page-count"} <= exposed
    assert _numbers(answer) == (2, 1, 1)


def test_comment_pages_are_described_in_openapi(make_web_client: Any, lexicon_engine: Any) -> None:
    schema = make_web_client(lexicon_engine).get("/openapi.json").json()
    listing = schema["paths"]["/api/v1/articles/{slug}/comments"]["get"]
    page = next(p for p in listing["parameters"] if p["name"] == "page")
    assert "threads" in page["description"]
    assert set(listing["responses"]["200"]["headers"]) == {
        "X-Total-Count",
        "X-Page",
        "X-Page-Count",
    }
