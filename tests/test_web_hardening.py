"""Odd input answered with a clear 4xx, the same on SQLite and PostgreSQL, never a 500."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.passwords import hash_password
from civility.store import api_keys, articles, moderators
from civility.store.models import ApiKey, Article, Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ARTICLE = {"title": "Talks resume", "body": "Both sides met.\n\nThey agreed."}
PASSWORD = "correct horse"


def _key(factory: sessionmaker[Session], scope: str = "publisher") -> str:
    with factory.begin() as session:
        count = session.scalar(select(func.count()).select_from(ApiKey)) or 0
        return api_keys.create(session, name=f"key{count}", scope=scope, now=NOW)[1]


def _publish(client: Any, key: str, **fields: Any) -> Any:
    return client.post("/api/v1/articles", json={**ARTICLE, **fields}, headers={"X-API-Key": key})


def _moderator(factory: sessionmaker[Session]) -> None:
    with factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)


def _csrf(html: str) -> str:
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]


def _comments(factory: sessionmaker[Session]) -> list[tuple[int, str]]:
    with factory() as session:
        return [
            (c.article_id, c.text) for c in session.scalars(select(Comment).order_by(Comment.id))
        ]


def _chunks(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """A body sent with Transfer-Encoding: chunked (no Content-Length), as a generator is."""
    sent = 0
    while sent < size:
        yield b"a" * min(chunk, size - sent)
        sent += chunk


def test_hardening_query_digits_that_are_not_ascii_are_ignored(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, _key(session_factory)).json()["slug"]
    for query in ("posted=%C2%B2", "reported=%E2%91%A0", "posted=%D9%A3", "posted=12"):
        assert client.get(f"/articles/{slug}?{query}").status_code == 200, query


def test_hardening_nul_in_an_article_slug_is_404_on_both_databases(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    slug = _publish(client, key).json()["slug"]
    comment = {"author_name": "A", "text": "Fair point."}
    assert client.get("/articles/a%00b").status_code == 404
    assert client.get("/api/v1/articles/a%00b").status_code == 404
    assert client.get("/api/v1/articles/a%00b/comments").status_code == 404
    assert client.post("/api/v1/articles/a%00b/comments", json=comment).status_code == 404
    put = client.put("/api/v1/articles/a%00b", json=ARTICLE, headers={"X-API-Key": key})
    assert put.status_code == 404
    csrf = _csrf(client.get(f"/articles/{slug}").text)
    form = client.post("/articles/a%00/comments", data={**comment, "csrf_token": csrf})
    assert form.status_code == 404
    assert _comments(session_factory) == []


def test_hardening_nul_in_a_username_is_422_on_both_databases(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    _moderator(session_factory)
    api = client.post("/api/v1/login", json={"username": "mo\u0000", "password": PASSWORD})
    assert api.status_code == 422 and "NUL" in api.text
    page = client.get("/moderate/login")
    data = {"csrf_token": _csrf(page.text), "username": "mo\x00", "password": PASSWORD}
    form = client.post("/moderate/login", data=data, follow_redirects=False)
    assert form.status_code == 422 and "NUL character" in form.text
    data["username"] = "mo"
    assert client.post("/moderate/login", data=data, follow_redirects=False).status_code == 303


def _held_comment(client: Any, factory: sessionmaker[Session]) -> int:
    slug = _publish(client, _key(factory)).json()["slug"]
    held = client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "A", "text": "A stupid plan."}
    )
    assert held.status_code == 202
    return int(held.json()["id"])


def test_hardening_nul_in_an_api_decision_note_is_422_and_the_retry_decides(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    comment_id = _held_comment(client, session_factory)
    _moderator(session_factory)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    url = f"/api/v1/moderation/comments/{comment_id}/decision"
    refused = client.post(url, json={"action": "approve", "note": "x\u0000y"}, headers=headers)
    assert refused.status_code == 422 and "NUL" in refused.text
    done = client.post(url, json={"action": "approve", "note": "fine"}, headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "published"


def test_hardening_nul_in_a_dashboard_decision_note_is_422_and_the_retry_decides(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    comment_id = _held_comment(client, session_factory)
    _moderator(session_factory)
    page = client.get("/moderate/login")
    data = {"csrf_token": _csrf(page.text), "username": "mo", "password": PASSWORD}
    assert client.post("/moderate/login", data=data, follow_redirects=False).status_code == 303
    csrf = _csrf(client.get("/moderate").text)
    url = f"/moderate/comments/{comment_id}/decision"
    form = {"csrf_token": csrf, "action": "approve", "note": "x\x00y"}
    refused = client.post(url, data=form, follow_redirects=False)
    assert refused.status_code == 422 and "nothing was changed" in refused.text
    assert client.get(f"/api/v1/articles/{_slug_of(session_factory)}/comments").json() == []
    done = client.post(url, data={**form, "note": "fine"}, follow_redirects=False)
    assert done.status_code == 303
    assert len(client.get(f"/api/v1/articles/{_slug_of(session_factory)}/comments").json()) == 1


def _slug_of(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        return str(session.scalars(select(Article.slug)).one())


@pytest.mark.parametrize("url", ["http://x/\u0000", "http://x/\u0001<script>", "http://x/\x9ba"])
def test_hardening_article_url_with_nul_or_control_characters_is_422(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], url: str
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    created = _publish(client, key, url=url)
    assert created.status_code == 422 and "url" in created.text
    slug = _publish(client, key).json()["slug"]
    updated = client.put(
        f"/api/v1/articles/{slug}", json={**ARTICLE, "url": url}, headers={"X-API-Key": key}
    )
    assert updated.status_code == 422
    assert client.get(f"/api/v1/articles/{slug}").json()["url"] is None


@pytest.mark.parametrize(
    "published_at",
    [
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00",
        "2200-12-31T23:00:00-05:00",  # 2201 in UTC
        "1799-12-31T23:59:59Z",
    ],
)
def test_hardening_published_at_out_of_range_is_422_and_pages_keep_working(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    published_at: str,
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    created = _publish(client, key, published_at=published_at)
    assert created.status_code == 422 and "published_at" in created.text
    slug = _publish(client, key).json()["slug"]
    updated = client.put(
        f"/api/v1/articles/{slug}",
        json={**ARTICLE, "published_at": published_at},
        headers={"X-API-Key": key},
    )
    assert updated.status_code == 422
    assert client.get("/").status_code == 200
    assert client.get(f"/articles/{slug}").status_code == 200
    assert client.get(f"/api/v1/articles/{slug}").status_code == 200


def _stored_published_at(factory: sessionmaker[Session], slug: str) -> datetime:
    with factory() as session:
        moment = session.scalars(select(Article.published_at).where(Article.slug == slug)).one()
        assert moment is not None
        return moment


def test_hardening_published_at_is_stored_in_utc_on_both_databases(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    offset = _publish(client, key, title="Offset", published_at="2020-06-01T23:30:00+05:00")
    naive = _publish(client, key, title="Naive", published_at="2020-06-01T23:30:00")
    edge = _publish(client, key, title="Edge", published_at="1800-01-01T03:00:00+02:00")
    assert (offset.status_code, naive.status_code, edge.status_code) == (201, 201, 201)
    assert _stored_published_at(session_factory, "offset") == datetime(
        2020, 6, 1, 18, 30, tzinfo=UTC
    )
    assert _stored_published_at(session_factory, "naive") == datetime(
        2020, 6, 1, 23, 30, tzinfo=UTC
    )
    assert _stored_published_at(session_factory, "edge") == datetime(1800, 1, 1, 1, tzinfo=UTC)
    updated = client.put(
        "/api/v1/articles/naive",
        json={**ARTICLE, "title": "Naive", "published_at": "2021-01-01T00:00:00-08:00"},
        headers={"X-API-Key": key},
    )
    assert updated.status_code == 200
    assert _stored_published_at(session_factory, "naive") == datetime(2021, 1, 1, 8, tzinfo=UTC)


def test_hardening_chunked_body_over_the_limit_is_413_everywhere(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, _key(session_factory)).json()["slug"]
    perspective = _key(session_factory, scope="perspective")
    big = 3 << 20
    targets = [
        (f"/api/v1/articles/{slug}/comments", "application/json"),
        (f"/articles/{slug}/comments", "application/x-www-form-urlencoded"),
        (f"/articles/{slug}/comments", "multipart/form-data; boundary=xx"),
        (f"/comments:analyze?key={perspective}", "application/json"),
        ("/api/v1/coral/moderation", "application/json"),
    ]
    for path, content_type in targets:
        answer = client.post(path, content=_chunks(big), headers={"content-type": content_type})
        assert answer.status_code == 413 and "too large" in answer.text, (path, content_type)
    assert _comments(session_factory) == []
    # A chunked body under the limit still goes through.
    small = client.post(
        f"/api/v1/articles/{slug}/comments",
        content=iter([b'{"author_name": "A", ', b'"text": "Fair point."}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 201


def test_hardening_a_long_custom_slug_given_twice_fits_its_column(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    slugs = [_publish(client, key, slug="a" * 200) for _ in range(3)]
    assert [s.status_code for s in slugs] == [201, 201, 201]
    assert [s.json()["slug"] for s in slugs] == ["a" * 200, "a" * 198 + "-2", "a" * 198 + "-3"]
    hyphen_at_cut = "b" * 197 + "-cd"
    first, second = (_publish(client, key, slug=hyphen_at_cut) for _ in range(2))
    assert first.json()["slug"] == hyphen_at_cut
    assert second.status_code == 201 and second.json()["slug"] == "b" * 197 + "-2"
    assert client.get(f"/articles/{second.json()['slug']}").status_code == 200


def test_hardening_slug_width_matches_the_column() -> None:
    assert Article.__table__.c.slug.type.length == articles.SLUG_CHARS  # type: ignore[attr-defined]


@pytest.mark.parametrize("title", ["   ", "\u200b\u200b", "\t\n"])
def test_hardening_a_blank_title_is_422(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], title: str
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    created = _publish(client, key, title=title)
    assert created.status_code == 422 and "title is empty" in created.text
    slug = _publish(client, key).json()["slug"]
    updated = client.put(
        f"/api/v1/articles/{slug}", json={**ARTICLE, "title": title}, headers={"X-API-Key": key}
    )
    assert updated.status_code == 422
    assert client.get(f"/api/v1/articles/{slug}").json()["title"] == ARTICLE["title"]


def test_hardening_a_client_key_reused_for_another_comment_is_409(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    first_slug = _publish(client, key, title="Talks resume").json()["slug"]
    other_slug = _publish(client, key, title="Budget day").json()["slug"]
    payload = {"author_name": "A", "text": "First words.", "client_key": "retry-key-0001"}
    first = client.post(f"/api/v1/articles/{first_slug}/comments", json=payload)
    assert first.status_code == 201
    conflicts = [
        (other_slug, payload),
        (other_slug, {**payload, "author_name": "B", "text": "Totally different words."}),
        (first_slug, {**payload, "text": "Other words."}),
        (first_slug, {**payload, "author_name": "B"}),
    ]
    for slug, body in conflicts:
        answer = client.post(f"/api/v1/articles/{slug}/comments", json=body)
        assert answer.status_code == 409 and "already used" in answer.text, (slug, body)
    retry = client.post(f"/api/v1/articles/{first_slug}/comments", json=payload)
    assert retry.status_code == 201 and retry.json()["id"] == first.json()["id"]
    assert client.get(f"/api/v1/articles/{other_slug}/comments").json() == []
    assert len(_comments(session_factory)) == 1
