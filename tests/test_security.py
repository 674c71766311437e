"""Security: headers, cookie flags, CSRF, signed sessions, body size, startup secrets."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_SECRET
from itsdangerous import URLSafeTimedSerializer

from civility.config import Settings, StartupError, secret_key_problem
from civility.web.app import create_app
from civility.web.security import (
    CSRF_COOKIE,
    SessionClaims,
    Signer,
    is_valid_csrf,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "civility" / "web" / "templates"
SECRET = "s" * 40
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_security_headers_on_pages_api_and_errors(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    client = make_web_client(lexicon_engine)
    for path in ("/", "/faq", "/articles/missing", "/api/v1/articles/missing", "/static/site.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "cache-control" not in headers
    assert client.get("/moderate/login").headers["cache-control"] == "no-store"
    assert client.get("/api/v1/moderation/queue").headers["cache-control"] == "no-store"


def test_security_templates_have_no_inline_scripts_or_handlers() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag, f"inline script in {template.name}"
        assert not re.search(r"<[^>]+\son[a-z]+=", text), f"event handler in {template.name}"
        assert "style=" not in text, f"inline style in {template.name}"


def test_security_csrf_cookie_is_httponly_lax_and_secure_on_https(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    plain = make_web_client(lexicon_engine).get("/faq").headers["set-cookie"]
    assert plain.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in plain
    assert "SameSite=lax" in plain and "Secure" not in plain
    tls = make_web_client(lexicon_engine, base_url="https://testserver").get("/faq")
    assert "Secure" in tls.headers["set-cookie"]


def test_security_session_cookie_flags(
    make_web_client: Any, lexicon_engine: Any, session_factory: Any
) -> None:
    from datetime import UTC, datetime

    from civility.passwords import hash_password
    from civility.store import moderators

    with session_factory.begin() as session:
        moderators.create(
            session, username="mo", password_hash=hash_password("pw-123456789"),
            now=datetime.now(UTC),
        )  # fmt: skip
    client = make_web_client(lexicon_engine, base_url="https://testserver")
    answer = client.post("/api/v1/login", json={"username": "mo", "password": "pw-123456789"})
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("__Host-civility_session="))
    for flag in ("HttpOnly", "SameSite=lax", "Secure", "Max-Age=28800", "Path=/"):
        assert flag in session_cookie
    assert "Domain" not in session_cookie


def test_security_signed_cookies_refuse_tampering_and_age() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    cookie = signer.dump_session(SessionClaims(7, 2, "nonce"))
    assert signer.load_session(cookie) == SessionClaims(7, 2, "nonce")
    assert signer.load_session(cookie[:-2] + "xx") is None
    assert Signer("t" * 40, max_age_s=3600).load_session(cookie) is None
    assert Signer(SECRET, max_age_s=-1).load_session(cookie) is None  # older than the limit
    forged = URLSafeTimedSerializer(SECRET, salt="civility.session").dumps(["7", "x", "n"])
    assert signer.load_session(forged) is None
    # A cookie from before sessions carried a nonce: its moderator logs in again.
    older = URLSafeTimedSerializer(SECRET, salt="civility.session").dumps([7, 2])
    assert signer.load_session(older) is None
    assert signer.load_session("") is None and signer.load_session(None) is None


def test_security_csrf_tokens_must_match_a_signed_cookie() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    fresh = signer.csrf_state(None, None, now=NOW)
    assert fresh.is_new and not is_valid_csrf(fresh, fresh.token)  # no cookie yet
    returning = signer.csrf_state(fresh.signed, None, now=NOW)
    assert not returning.is_new and is_valid_csrf(returning, fresh.token)
    assert not is_valid_csrf(returning, "other") and not is_valid_csrf(returning, None)
    planted = signer.csrf_state("attacker-chosen-value", None, now=NOW)  # unsigned: replaced
    assert planted.is_new and not is_valid_csrf(planted, "attacker-chosen-value")


def test_security_comment_post_without_csrf_is_403_and_keeps_text(
    make_web_client: Any, lexicon_engine: Any, session_factory: Any
) -> None:
    from datetime import UTC, datetime

    from civility.store import articles

    with session_factory.begin() as session:
        articles.add(session, title="Talks", body="Body.", now=datetime.now(UTC))
    client = make_web_client(lexicon_engine)
    data = {"author_name": "A", "text": "Kept text 123"}
    missing = client.post("/articles/talks/comments", data=data)
    wrong = client.post("/articles/talks/comments", data={**data, "csrf_token": "nope"})
    for answer in (missing, wrong):
        assert answer.status_code == 403
        assert "This form expired" in answer.text and "Kept text 123" in answer.text
    assert "COMMENTS (0)" in client.get("/articles/talks").text


def test_security_body_over_the_limit_is_413(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine)
    big = b"{" + b" " * (2 << 20) + b"}"
    answer = client.post(
        "/api/v1/articles/x/comments", content=big, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413 and "too large" in answer.text


def test_security_production_refuses_a_short_secret(database_url: str) -> None:
    with pytest.raises(StartupError, match="CIVILITY_SECRET_KEY"):
        create_app(Settings(database_url=database_url, secret_key="short"), engine=None)


def test_security_demo_mode_makes_its_own_secret(database_url: str, lexicon_engine: Any) -> None:
    app = create_app(Settings(database_url=database_url, mode="demo"), engine=lexicon_engine)
    assert len(app.state.civility.settings.secret_key) >= 32


@pytest.mark.parametrize(
    "key",
    [
        " " * 40,  # blank
        "a" * 32,
        "k" * 40,
        "abcd" * 10,  # 40 characters, 4 different
        "sekrit4" * 6,  # a repeated word: 7 different
        "  short-but-padded-key  " + " " * 12,  # 32 with the blanks, 20 without
    ],
)
def test_security_production_refuses_a_key_that_is_no_random_secret(
    database_url: str, key: str
) -> None:
    with pytest.raises(StartupError, match="CIVILITY_SECRET_KEY"):
        create_app(Settings(database_url=database_url, secret_key=key), engine=None)


def test_security_demo_mode_replaces_a_weak_key(database_url: str, lexicon_engine: Any) -> None:
    app = create_app(
        Settings(database_url=database_url, mode="demo", secret_key="a" * 40), engine=lexicon_engine
    )
    key = app.state.civility.settings.secret_key
    assert key != "a" * 40 and secret_key_problem(key) is None


def test_security_generated_and_test_keys_pass() -> None:
    # The key the error message tells operators to make, and the test suite's own.
    for _ in range(200):
        assert secret_key_problem(secrets.token_urlsafe(32)) is None
    assert secret_key_problem(TEST_SECRET) is None
    assert secret_key_problem("a-secret-key-long-enough-for-serving-0123") is None
    assert "8 different" in (secret_key_problem("ab" * 20) or "")
