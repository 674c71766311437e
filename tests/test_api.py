"""The JSON API: publishers' articles, anyone's comments, and the moderators' queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.passwords import hash_password
from civility.store import api_keys, moderators
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ARTICLE = {"title": "Talks resume", "body": "Both sides met.\n\nThey agreed.", "outlet": "Tribune"}


def _key(factory: sessionmaker[Session], scope: str = "publisher", name: str = "cms") -> str:
    with factory.begin() as session:
        return api_keys.create(session, name=name, scope=scope, now=NOW)[1]


def _publish(client: Any, factory: sessionmaker[Session], **fields: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {_key(factory, name=f'k{len(fields)}')}"}
    answer = client.post("/api/v1/articles", json={**ARTICLE, **fields}, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _moderator(factory: sessionmaker[Session], name: str = "mo", role: str = "moderator") -> None:
    with factory.begin() as session:
        moderators.create(
            session, username=name, password_hash=hash_password("correct horse"), now=NOW,
            role=role,
        )  # fmt: skip


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(Comment.id))) or 0)


def test_api_publisher_creates_and_updates_articles(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    raw = _key(session_factory)
    created = client.post(
        "/api/v1/articles", json={**ARTICLE, "url": "https://news.example/talks"},
        headers={"X-API-Key": raw},
    )  # fmt: skip
    assert created.status_code == 201
    body = created.json()
    assert (body["slug"], body["comment_count"], body["version"]) == ("talks-resume", 0, 1)
    update = {**ARTICLE, "title": "Talks resume again", "url": "https://news.example/talks"}
    updated = client.put(
        "/api/v1/articles/talks-resume", json=update, headers={"Authorization": f"Bearer {raw}"}
    )
    assert updated.status_code == 200
    assert (updated.json()["title"], updated.json()["version"]) == ("Talks resume again", 2)
    missing = client.put("/api/v1/articles/nope", json=update, headers={"X-API-Key": raw})
    assert missing.status_code == 404
    again = client.post(
        "/api/v1/articles", json={**ARTICLE, "url": "https://news.example/talks"},
        headers={"X-API-Key": raw},
    )  # fmt: skip
    assert again.status_code == 409


def test_api_missing_wrong_revoked_or_misscoped_keys_are_refused(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    missing = client.post("/api/v1/articles", json=ARTICLE)
    assert missing.status_code == 401 and "API key required" in missing.json()["detail"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/v1/articles", json=ARTICLE, headers={"X-API-Key": "civ_guess"})
    assert wrong.status_code == 401 and "invalid or revoked" in wrong.json()["detail"]
    other = _key(session_factory, scope="perspective", name="persp")
    scoped = client.post("/api/v1/articles", json=ARTICLE, headers={"X-API-Key": other})
    assert scoped.status_code == 403 and "perspective" in scoped.json()["detail"]
    raw = _key(session_factory, name="old")
    with session_factory.begin() as session:
        api_keys.revoke(session, name="old", now=NOW)
    revoked = client.post("/api/v1/articles", json=ARTICLE, headers={"X-API-Key": raw})
    assert revoked.status_code == 401
    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(Comment)).scalar() == 0


@pytest.mark.parametrize(
    ("text", "status"),
    [("A fair point about the talks.", 201), ("What a stupid plan.", 202)],
)
def test_api_post_comment_is_201_published_or_202_held(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    text: str,
    status: int,
) -> None:
    client = make_web_client(holding_engine)
    slug = _publish(client, session_factory)["slug"]
    answer = client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "Amir", "text": text}
    )
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["status"] == ("published" if status == 201 else "held")
    assert "author_email" not in body and "email" not in str(body)
    if status == 202:
        assert body["reasons"] == [{"category": "abuse", "words": "abusive language"}]
    listed = client.get(f"/api/v1/articles/{slug}/comments").json()
    assert len(listed) == (1 if status == 201 else 0)


def test_api_refused_comment_is_403_with_the_reason(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, session_factory)["slug"]
    answer = client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "A", "text": "you idiot"}
    )
    assert answer.status_code == 403
    assert answer.json()["status"] == "rejected"
    assert {r["category"] for r in answer.json()["reasons"]} == {"abuse"}


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"author_name": "A", "text": ""}, 422, "comment is empty"),
        ({"author_name": "A", "text": "\u200b \u200b"}, 422, "comment is empty"),
        ({"author_name": "", "text": "hi"}, 422, "name is empty"),
        ({"author_name": "A", "text": "nul \x00 byte"}, 422, "NUL character"),
        ({"author_name": "A", "text": "x" * 61}, 413, "limit 60"),
        ({"author_name": "A", "text": "hi", "parent_id": 999}, 422, "no comment 999"),
        ({"author_name": "A", "text": "hi", "parent_id": 2**40}, 422, "less than or equal"),
        ({"author_name": "A", "text": "hi", "author_email": "no"}, 422, "email"),
        ({"author_name": "A", "text": "hi", "admin": True}, 422, "Extra inputs"),
        ({"author_name": "A"}, 422, "Field required"),
    ],
)
def test_api_invalid_comments_get_a_clear_error_and_store_nothing(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    payload: dict[str, Any],
    status: int,
    message: str,
) -> None:
    client = make_web_client(lexicon_engine, max_comment_chars=60)
    slug = _publish(client, session_factory)["slug"]
    answer = client.post(f"/api/v1/articles/{slug}/comments", json=payload)
    assert answer.status_code == status
    assert message in str(answer.json()["detail"])
    assert _count(session_factory) == 0


def test_api_malformed_json_and_unknown_article(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, session_factory)["slug"]
    broken = client.post(
        f"/api/v1/articles/{slug}/comments",
        content=b'{"author_name": "A", "text": ',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 422 and "JSON" in str(broken.json()["detail"])
    unknown = client.post("/api/v1/articles/nope/comments", json={"author_name": "A", "text": "x"})
    assert unknown.status_code == 404 and "no article" in unknown.json()["detail"]
    assert client.get("/api/v1/articles/nope/comments").status_code == 404
    assert _count(session_factory) == 0


def test_api_client_key_makes_a_repeated_post_store_one_comment(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, session_factory)["slug"]
    payload = {"author_name": "A", "text": "Once.", "client_key": "retry-key-0001"}
    first = client.post(f"/api/v1/articles/{slug}/comments", json=payload)
    second = client.post(f"/api/v1/articles/{slug}/comments", json=payload)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert _count(session_factory) == 1


def test_api_hostile_text_comes_back_sanitised(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _publish(client, session_factory)["slug"]
    text = "<script>x()</script><img src=x onerror=y()> [a](javascript:z())"
    answer = client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "A", "text": text}
    )
    html = answer.json()["html"]
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


def test_api_post_rate_limit_answers_429(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, post_rate_limit="2/hour")
    slug = _publish(client, session_factory)["slug"]
    url = f"/api/v1/articles/{slug}/comments"
    codes = [
        client.post(url, json={"author_name": "A", "text": f"n{i}"}).status_code for i in range(3)
    ]
    assert codes == [201, 201, 429]
    assert _count(session_factory) == 2


def test_api_moderator_reads_queue_and_decides_with_csrf_header(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _publish(client, session_factory)["slug"]
    held = client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "A", "text": "A stupid plan."}
    ).json()
    assert client.get("/api/v1/moderation/queue").status_code == 401
    _moderator(session_factory)
    wrong = client.post("/api/v1/login", json={"username": "mo", "password": "nope"})
    assert wrong.status_code == 401
    login = client.post("/api/v1/login", json={"username": "mo", "password": "correct horse"})
    assert login.status_code == 200
    token = login.json()["csrf_token"]
    queue = client.get("/api/v1/moderation/queue").json()
    assert [item["id"] for item in queue] == [held["id"]]
    toxicity = next(s for s in queue[0]["scores"] if s["name"] == "toxicity")
    assert toxicity["spans"] == [{"start": 2, "end": 8, "weight": 1.0}]
    url = f"/api/v1/moderation/comments/{held['id']}/decision"
    assert client.post(url, json={"action": "approve"}).status_code == 403
    bad = client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": "forged"})
    assert bad.status_code == 403
    done = client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": token})
    assert done.status_code == 200 and done.json()["status"] == "published"
    assert len(client.get(f"/api/v1/articles/{slug}/comments").json()) == 1
    assert client.get("/api/v1/moderation/queue").json() == []
    logout = client.post("/api/v1/logout", headers={"X-CSRF-Token": token})
    assert logout.status_code == 204
    assert client.get("/api/v1/moderation/queue").status_code == 401


def test_api_openapi_documents_every_api_route(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine)
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/docs" not in paths
    for path in (
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/articles/{slug}/comments",
        "/api/v1/moderation/queue",
        "/api/v1/moderation/comments/{comment_id}/decision",
        "/api/v1/login",
    ):
        assert path in paths
    assert "/moderate" not in paths and "/articles/{slug}" not in paths


def test_api_docs_page_loads_swagger_from_this_server(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    client = make_web_client(lexicon_engine)
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http" not in page.headers["content-security-policy"]
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css"):
        assert f'"{asset}"' in page.text or f"'{asset}'" in page.text
        assert client.get(asset).status_code == 200
    assert "cdn." not in page.text
