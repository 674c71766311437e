"""Readers' reports from the widget (POST /api/v1/comments/{id}/reports): CORS, JSON only,
published comments only, the rate limit, and one counted report per comment, client and day."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import redis
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles
from civility.store.models import Comment
from civility.web.ratelimit import MemoryCounter, RateLimiter, RedisCounter, parse_rate

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SITE = "https://news.example"
EVIL = "https://evil.example"
DAY_S = 86_400


def _client(make_web_client: Any, engine: Any, **overrides: Any) -> Any:
    """The site embedding on news.example."""
    return make_web_client(engine, allowed_origins=[SITE], **overrides)


def _comment(client: Any, factory: sessionmaker[Session], text: str = "A fair point.") -> int:
    """A comment posted through the API on the article `talks` (created on first use)."""
    with factory.begin() as session:
        if articles.get_by_slug(session, "talks") is None:
            articles.add(session, title="Talks", body="Body.", now=NOW, url=f"{SITE}/talks")
    posted = client.post(
        "/api/v1/articles/talks/comments", json={"author_name": "Amir", "text": text}
    )
    assert posted.status_code in (201, 202, 403), posted.text
    return int(posted.json()["id"])


def _reports(factory: sessionmaker[Session], comment_id: int) -> int:
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.reports


def _report(client: Any, comment_id: object, **headers: str) -> Any:
    return client.post(f"/api/v1/comments/{comment_id}/reports", json={}, headers=headers)


def test_embed_report_cors_for_configured_origins_only(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    comment_id = _comment(client, session_factory)
    path = f"/api/v1/comments/{comment_id}/reports"
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}  # fmt: skip
    allowed = client.options(path, headers={"Origin": SITE, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert "access-control-allow-credentials" not in allowed.headers
    answer = _report(client, comment_id, Origin=SITE)
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"comment_id": comment_id,
                             "message": "Thanks, a moderator will look at it."}  # fmt: skip
    assert answer.headers["access-control-allow-origin"] == SITE
    assert "access-control-allow-credentials" not in answer.headers
    assert _reports(session_factory, comment_id) == 1
    denied = client.options(path, headers={"Origin": EVIL, **preflight})
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
    foreign = _report(client, comment_id, Origin=EVIL)
    assert "access-control-allow-origin" not in foreign.headers
    # The page route stays same-origin: only the widget's paths answer other origins.
    page_route = client.options(f"/comments/{comment_id}/report",
                                headers={"Origin": SITE, **preflight})  # fmt: skip
    assert "access-control-allow-origin" not in page_route.headers


def test_embed_report_reads_only_json(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    comment_id = _comment(client, session_factory)
    path = f"/api/v1/comments/{comment_id}/reports"
    # What another site's page can send with no preflight: a form, a text/plain beacon, or a
    # body with no type at all (a Blob without one).
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        sent = client.post(path, content=b"{}", headers={"Content-Type": content_type})
        assert sent.status_code == 422, content_type
    assert client.post(path, content=b"{}").status_code == 422
    assert client.post(path).status_code == 422
    assert client.post(path, json={"reason": "spam"}).status_code == 422  # nothing else accepted
    assert _reports(session_factory, comment_id) == 0
    assert client.post(path, json={}).status_code == 202
    assert _reports(session_factory, comment_id) == 1


def test_embed_report_only_published_comments(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    rejected = _comment(client, session_factory, "You idiot.")
    held = _comment(client, session_factory, "Held by a moderator later.")
    with session_factory.begin() as session:
        comment = session.get(Comment, held)
        assert comment is not None
        comment.status = CommentStatus.HELD
    for comment_id in (rejected, held, 99_999):
        answer = _report(client, comment_id, Origin=SITE)
        assert answer.status_code == 404, comment_id
        assert answer.json() == {"detail": f"no published comment {comment_id}"}
        assert answer.headers["access-control-allow-origin"] == SITE
    assert _reports(session_factory, rejected) == _reports(session_factory, held) == 0


def test_embed_report_hostile_ids_are_refused_clearly(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    _comment(client, session_factory)
    for bad in (0, -1, 2**31, 10**30, "abc", "1.5", "%00"):
        answer = _report(client, bad)
        assert answer.status_code == 422, bad
        detail = answer.json()["detail"]
        assert isinstance(detail, list) and detail[0].startswith("path.comment_id: "), detail
    assert client.post("/api/v1/comments//reports", json={}).status_code == 404


def test_embed_report_is_rate_limited_per_client(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine, post_rate_limit="3/minute")
    # Posting has its own counter: three comments, then three reports fill the report limit.
    ids = [_comment(client, session_factory, f"Point number {n}.") for n in range(3)]
    for comment_id in ids[:2]:
        assert _report(client, comment_id).status_code == 202
    assert _report(client, ids[0]).status_code == 202  # a repeat still costs a request
    refused = _report(client, ids[2], Origin=SITE)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert refused.headers["access-control-allow-origin"] == SITE  # the widget can read why
    assert _reports(session_factory, ids[2]) == 0


def test_embed_report_counts_once_per_client_and_comment(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    first, second = _comment(client, session_factory), _comment(client, session_factory, "Yes.")
    for _ in range(3):
        # The repeat gets the same answer: the reader has nothing to do about it.
        assert _report(client, first).status_code == 202
    assert _reports(session_factory, first) == 1
    assert _report(client, second).status_code == 202
    assert _reports(session_factory, second) == 1


def _page_report(client: Any, comment_id: int) -> Any:
    page = client.get("/articles/talks")
    csrf = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    data = {"csrf_token": csrf}
    return client.post(f"/comments/{comment_id}/report", data=data, follow_redirects=False)


def test_embed_report_page_route_counts_once_per_client_too(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _client(make_web_client, lexicon_engine)
    comment_id = _comment(client, session_factory)
    assert _page_report(client, comment_id).status_code == 303
    assert _page_report(client, comment_id).status_code == 303
    assert _report(client, comment_id).status_code == 202
    assert _reports(session_factory, comment_id) == 1


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000_000.0

    def __call__(self) -> float:
        return self.now


def _once_limiters() -> list[tuple[RateLimiter, Clock]]:
    """The report limiter on the in-process counter, and on Redis when it answers."""
    memory_clock, redis_clock = Clock(), Clock()
    limiters = [(RateLimiter("report", parse_rate("10/minute"), MemoryCounter(clock=memory_clock)),
                 memory_clock)]  # fmt: skip
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        return limiters
    counter = RedisCounter(client, prefix=f"civility-test:{uuid.uuid4().hex}:", clock=redis_clock)
    limiters.append((RateLimiter("report", parse_rate("10/minute"), counter), redis_clock))
    return limiters


def test_embed_report_once_a_day_per_client_and_subject() -> None:
    for limiter, clock in _once_limiters():
        assert limiter.allow_once("1.2.3.4", "7", period_s=DAY_S)
        clock.now += 3600
        assert not limiter.allow_once("1.2.3.4", "7", period_s=DAY_S)
        assert limiter.allow_once("1.2.3.4", "8", period_s=DAY_S)  # another comment
        assert limiter.allow_once("5.6.7.8", "7", period_s=DAY_S)  # another client
        assert limiter.allow("1.2.3.4")  # the request limit is a counter of its own
        clock.now += DAY_S - 3600 - 1
        assert not limiter.allow_once("1.2.3.4", "7", period_s=DAY_S)  # still within a day
        clock.now += 2 * DAY_S
        assert limiter.allow_once("1.2.3.4", "7", period_s=DAY_S)
