"""CSRF tokens: bound to the moderator's login, expiring for anonymous forms, __Host- on https."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import AuthorTrust, CommentStatus
from civility.passwords import hash_password
from civility.store import articles, moderators
from civility.store.models import AuditEntry, Author, Comment
from civility.web.security import CSRF_COOKIE, CSRF_MAX_AGE_S, DEVICE_COOKIE, SESSION_COOKIE

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


class Clock:
    """The app's clock, moved by hand (installed as ctx.clock)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _setup(factory: sessionmaker[Session], engine: Any) -> tuple[int, int]:
    """Article `talks` with a held and a published comment, moderators mo and bo."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        for name in ("mo", "bo"):
            moderators.create(
                session, username=name, password_hash=hash_password(PASSWORD), now=NOW
            )
        held, _ = submit(session, engine, NewComment(article.id, "R", "so stupid"), now=NOW)
        fine, _ = submit(session, engine, NewComment(article.id, "S", "A fine point."), now=NOW)
        assert held.status is CommentStatus.HELD and fine.status is CommentStatus.PUBLISHED
        return held.id, fine.id


def _csrf(html: str) -> str:
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]


def _login(client: Any, username: str = "mo") -> str:
    """Log in through the dashboard form; returns the token the queue page's forms carry."""
    page = client.get("/moderate/login")
    data = {"csrf_token": _csrf(page.text), "username": username, "password": PASSWORD}
    assert client.post("/moderate/login", data=data, follow_redirects=False).status_code == 303
    return _csrf(client.get("/moderate").text)


def _api_login(client: Any, username: str = "mo") -> str:
    answer = client.post("/api/v1/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200
    token: str = answer.json()["csrf_token"]
    return token


def _anonymous_pair(client: Any) -> tuple[str, str]:
    """What any visitor gets: a signed CSRF cookie and the token of the login form."""
    token = _csrf(client.get("/moderate/login").text)
    return client.cookies[CSRF_COOKIE], token


def _plant(client: Any, name: str, value: str) -> None:
    """Replace a cookie in the jar, as an attacker able to set cookies for the host would."""
    client.cookies.delete(name)
    client.cookies.set(name, value)


def _status(factory: sessionmaker[Session], comment_id: int) -> CommentStatus:
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.status


def _actions(factory: sessionmaker[Session]) -> list[str]:
    with factory() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(Comment.id))) or 0)


def _set_cookies(answer: Any) -> list[str]:
    return list(answer.headers.get_list("set-cookie"))


def test_csrf_binding_planted_anonymous_pair_cannot_act_on_the_dashboard(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, _ = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    _login(client)
    html = client.get("/moderate").text
    author_id = re.search(r'action="/moderate/authors/(\d+)/trust"', html).group(1)  # type: ignore[union-attr]
    cookie, token = _anonymous_pair(make_web_client(holding_engine))
    _plant(client, CSRF_COOKIE, cookie)
    for url, data in (
        (f"/moderate/comments/{held}/decision", {"action": "approve"}),
        (f"/moderate/authors/{author_id}/trust", {"level": "trusted"}),
        ("/moderate/logout", {}),
    ):
        answer = client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 403, url
    assert _status(session_factory, held) is CommentStatus.HELD
    assert _actions(session_factory) == ["moderator.login"]
    with session_factory() as session:
        assert session.get(Author, int(author_id)).trust is AuthorTrust.NORMAL  # type: ignore[union-attr]
    assert client.get("/moderate", follow_redirects=False).status_code == 200  # still logged in


def test_csrf_binding_planted_anonymous_pair_cannot_decide_through_the_api(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, _ = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    login_token = _api_login(client)
    cookie, token = _anonymous_pair(make_web_client(holding_engine))
    _plant(client, CSRF_COOKIE, cookie)
    url = f"/api/v1/moderation/comments/{held}/decision"
    forged = client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": token})
    assert forged.status_code == 403
    assert client.post("/api/v1/logout", headers={"X-CSRF-Token": token}).status_code == 403
    assert _status(session_factory, held) is CommentStatus.HELD
    assert _actions(session_factory) == ["moderator.login"]
    # The token the login answered with still works: it never depended on that cookie.
    done = client.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": login_token})
    assert done.status_code == 200 and done.json()["status"] == "published"


def test_csrf_binding_token_of_another_moderators_session_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, _ = _setup(session_factory, holding_engine)
    victim, attacker = make_web_client(holding_engine), make_web_client(holding_engine)
    _login(victim, "mo")
    bo_token = _api_login(attacker, "bo")
    bo_page_token = _login(attacker, "bo")
    # bo copies everything CSRF-related from his own browser into mo's.
    _plant(victim, CSRF_COOKIE, attacker.cookies[CSRF_COOKIE])
    url = f"/api/v1/moderation/comments/{held}/decision"
    api = victim.post(url, json={"action": "approve"}, headers={"X-CSRF-Token": bo_token})
    assert api.status_code == 403
    for token in (bo_token, bo_page_token):
        form = victim.post(
            f"/moderate/comments/{held}/decision",
            data={"csrf_token": token, "action": "approve"},
            follow_redirects=False,
        )
        assert form.status_code == 403
    assert _status(session_factory, held) is CommentStatus.HELD


def test_csrf_binding_tokens_from_before_login_or_an_earlier_login_are_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, _ = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    before_login = _csrf(client.get("/moderate/login").text)
    first_login = _login(client)
    url = f"/moderate/comments/{held}/decision"

    def decide(token: str) -> int:
        data = {"csrf_token": token, "action": "approve"}
        return int(client.post(url, data=data, follow_redirects=False).status_code)

    assert decide(before_login) == 403
    out = client.post("/moderate/logout", data={"csrf_token": first_login}, follow_redirects=False)
    assert out.status_code == 303
    after_relogin = _login(client)
    assert after_relogin not in (first_login, before_login)
    assert decide(first_login) == 403 and decide(before_login) == 403
    # A second login without a logout (same generation) gets its own token too.
    api_token = _api_login(client)
    assert decide(after_relogin) == 403
    assert _status(session_factory, held) is CommentStatus.HELD
    assert decide(api_token) == 303
    assert _status(session_factory, held) is CommentStatus.PUBLISHED


def test_csrf_binding_login_and_logout_issue_a_new_anonymous_token(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _, published = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    page = client.get("/articles/talks")
    anonymous, first_cookie = _csrf(page.text), client.cookies[CSRF_COOKIE]
    data = {"csrf_token": anonymous, "username": "mo", "password": PASSWORD}
    login = client.post("/moderate/login", data=data, follow_redirects=False)
    assert any(c.startswith(f"{CSRF_COOKIE}=") for c in _set_cookies(login))
    assert client.cookies[CSRF_COOKIE] != first_cookie
    session_token = _csrf(client.get("/moderate").text)
    out = client.post("/moderate/logout", data={"csrf_token": session_token})
    assert any(c.startswith(f"{CSRF_COOKIE}=") for c in _set_cookies(out.history[0]))
    assert SESSION_COOKIE not in client.cookies
    # Neither the token from before login nor the session's works for readers' forms now.
    comment = {"author_name": "A", "text": "A calm reply."}
    for stale in (anonymous, session_token):
        refused = client.post("/articles/talks/comments", data={**comment, "csrf_token": stale})
        assert refused.status_code == 403 and "This form expired" in refused.text
        report = client.post(f"/comments/{published}/report", data={"csrf_token": stale})
        assert report.status_code == 403
    fresh = _csrf(client.get("/articles/talks").text)
    assert fresh not in (anonymous, session_token)
    posted = client.post(
        "/articles/talks/comments", data={**comment, "csrf_token": fresh}, follow_redirects=False
    )
    assert posted.status_code == 303
    report = client.post(
        f"/comments/{published}/report", data={"csrf_token": fresh}, follow_redirects=False
    )
    assert report.status_code == 303


def test_csrf_binding_anonymous_tokens_expire_after_eight_hours(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _, published = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    clock = Clock(NOW)
    client.app.state.civility = replace(client.app.state.civility, clock=clock)
    token = _csrf(client.get("/articles/talks").text)
    comment = {"author_name": "A", "text": "A calm reply.", "csrf_token": token}
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S - 60)
    kept = client.post("/articles/talks/comments", data=comment, follow_redirects=False)
    assert kept.status_code == 303
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S + 60)
    before = _count(session_factory)
    late = client.post("/articles/talks/comments", data={**comment, "text": "Later reply."})
    assert late.status_code == 403 and "This form expired" in late.text
    assert "Later reply." in late.text and _count(session_factory) == before
    report = client.post(f"/comments/{published}/report", data={"csrf_token": token})
    assert report.status_code == 403
    login = client.post(
        "/moderate/login", data={"csrf_token": token, "username": "mo", "password": PASSWORD}
    )
    assert login.status_code == 403 and SESSION_COOKIE not in client.cookies
    # The refusal hands out a fresh token, valid from the clock's now.
    again = {**comment, "text": "Later reply.", "csrf_token": _csrf(late.text)}
    posted = client.post("/articles/talks/comments", data=again, follow_redirects=False)
    assert posted.status_code == 303 and _count(session_factory) == before + 1


def test_csrf_binding_page_shown_late_in_a_tokens_life_hands_out_a_fresh_one(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    clock = Clock(NOW)
    client.app.state.civility = replace(client.app.state.civility, clock=clock)
    first = _csrf(client.get("/articles/talks").text)
    # Reloaded 30 seconds before the first token expires: the form must not die with it.
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S - 30)
    reload = client.get("/articles/talks")
    assert any(c.startswith(f"{CSRF_COOKIE}=") for c in _set_cookies(reload))
    shown = _csrf(reload.text)
    assert shown != first
    # Another tab still showing the first token may post until that token expires.
    early = {"author_name": "A", "text": "From the old tab.", "csrf_token": first}
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S - 10)
    assert (
        client.post("/articles/talks/comments", data=early, follow_redirects=False).status_code
        == 303
    )
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S + 30)
    before = _count(session_factory)
    comment = {"author_name": "A", "text": "A calm reply.", "csrf_token": shown}
    posted = client.post("/articles/talks/comments", data=comment, follow_redirects=False)
    assert posted.status_code == 303 and _count(session_factory) == before + 1
    # The form shown at NOW and never reloaded still expires eight hours after it was shown.
    clock.now = NOW + timedelta(seconds=CSRF_MAX_AGE_S + 60)
    late = client.post("/articles/talks/comments", data={**comment, "csrf_token": first})
    assert late.status_code == 403 and "This form expired" in late.text
    assert _count(session_factory) == before + 1


def test_csrf_binding_https_uses_host_prefixed_secure_cookies(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, published = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine, base_url="https://testserver")
    page = client.get("/articles/talks")
    (csrf_cookie,) = _set_cookies(page)
    assert csrf_cookie.startswith(f"__Host-{CSRF_COOKIE}=")
    for flag in ("Secure", "Path=/", "HttpOnly", "SameSite=lax"):
        assert flag in csrf_cookie
    assert "Domain" not in csrf_cookie
    comment = {"author_name": "A", "text": "A calm reply.", "csrf_token": _csrf(page.text)}
    posted = client.post("/articles/talks/comments", data=comment, follow_redirects=False)
    assert posted.status_code == 303
    report = client.post(
        f"/comments/{published}/report", data={"csrf_token": comment["csrf_token"]},
        follow_redirects=False,
    )  # fmt: skip
    assert report.status_code == 303
    login_page = client.get("/moderate/login")
    data = {"csrf_token": _csrf(login_page.text), "username": "mo", "password": PASSWORD}
    login = client.post("/moderate/login", data=data, follow_redirects=False)
    names = [c.split("=", 1)[0] for c in _set_cookies(login)]
    expected = [f"__Host-{CSRF_COOKIE}", f"__Host-{DEVICE_COOKIE}", f"__Host-{SESSION_COOKIE}"]
    assert sorted(names) == expected
    assert all("Secure" in c and "Path=/" in c for c in _set_cookies(login))
    token = _csrf(client.get("/moderate").text)
    decided = client.post(
        f"/moderate/comments/{held}/decision", data={"csrf_token": token, "action": "approve"},
        follow_redirects=False,
    )  # fmt: skip
    assert decided.status_code == 303
    assert _status(session_factory, held) is CommentStatus.PUBLISHED
    out = client.post("/moderate/logout", data={"csrf_token": token}, follow_redirects=False)
    deleted = next(c for c in _set_cookies(out) if c.startswith(f"__Host-{SESSION_COOKIE}="))
    # Browsers ignore a __Host- cookie without Secure, even one that only deletes it.
    assert "Secure" in deleted and "Max-Age=0" in deleted
    assert f"__Host-{SESSION_COOKIE}" not in client.cookies
    assert client.get("/moderate", follow_redirects=False).status_code == 303


def test_csrf_binding_https_ignores_cookies_without_the_host_prefix(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held, _ = _setup(session_factory, holding_engine)
    client = make_web_client(holding_engine, base_url="https://testserver")
    # A pair from plain http: the kind a sibling subdomain or a network attacker can plant.
    cookie, token = _anonymous_pair(make_web_client(holding_engine))
    _plant(client, CSRF_COOKIE, cookie)
    before = _count(session_factory)
    comment = {"author_name": "A", "text": "Planted reply.", "csrf_token": token}
    refused = client.post("/articles/talks/comments", data=comment)
    assert refused.status_code == 403 and _count(session_factory) == before
    login = {"csrf_token": token, "username": "mo", "password": PASSWORD}
    assert client.post("/moderate/login", data=login).status_code == 403
    # Nor does an unprefixed session cookie log anyone in over https.
    http = make_web_client(holding_engine)
    _login(http)
    _plant(client, SESSION_COOKIE, http.cookies[SESSION_COOKIE])
    assert client.get("/moderate", follow_redirects=False).status_code == 303
    assert _status(session_factory, held) is CommentStatus.HELD
