"""The moderator dashboard: login, the queue with marked passages, decisions, logout, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import AuthorTrust, CommentStatus, Decision, Reason, ReasonCategory, Score
from civility.passwords import hash_password
from civility.store import articles, moderation, moderators
from civility.store.models import AuditEntry, Author, Comment
from civility.web.security import SESSION_COOKIE

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _setup(
    factory: sessionmaker[Session], engine: Any, *texts: str, role: str = "moderator"
) -> list[int]:
    """An article with these comments, and a moderator `mo`; returns the comment ids."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        moderators.create(
            session, username="mo", password_hash=hash_password(PASSWORD), now=NOW, role=role
        )
        ids = []
        for i, text in enumerate(texts):
            new = NewComment(article.id, f"Reader {i}", text)
            ids.append(submit(session, engine, new, now=NOW)[0].id)
        return ids


def _csrf(html: str) -> str:
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]


def _login(client: Any, password: str = PASSWORD) -> Any:
    page = client.get("/moderate/login")
    data = {"csrf_token": _csrf(page.text), "username": "mo", "password": password}
    return client.post("/moderate/login", data=data, follow_redirects=False)


def _status(factory: sessionmaker[Session], comment_id: int) -> CommentStatus:
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.status


def test_dashboard_requires_login_and_refuses_wrong_password(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    _setup(session_factory, holding_engine)
    queue = client.get("/moderate", follow_redirects=False)
    assert queue.status_code == 303 and queue.headers["location"].endswith("/moderate/login")
    wrong = _login(client, "guess")
    assert wrong.status_code == 401 and "Wrong username or password." in wrong.text
    assert SESSION_COOKIE not in client.cookies
    right = _login(client)
    assert right.status_code == 303 and right.headers["location"].endswith("/moderate")
    assert client.get("/moderate").status_code == 200


def test_dashboard_queue_shows_scores_reasons_and_escaped_marked_spans(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    held, _published = _setup(
        session_factory, holding_engine, "<b>so</b> stupid <script>x()</script>", "A fine point."
    )
    _login(client)
    html = client.get("/moderate").text
    assert "Queue (1)" in html
    assert f'id="q{held}"' in html and "A fine point." not in html
    assert (
        '&lt;b&gt;so&lt;/b&gt; <mark title="toxicity">stupid</mark>'
        '<span class="visually-hidden"> (toxicity)</span> '
        "&lt;script&gt;x()&lt;/script&gt;"
    ) in html
    assert "<script>x()" not in html
    assert '<th scope="row">toxicity</th><td>0.95</td>' in html
    assert "<strong>abuse</strong>: 1 listed words" in html
    assert 'href="/articles/talks"' in html
    assert '<script src="/static/dashboard.js" defer></script>' in html


def test_dashboard_approve_and_reject_by_button(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    first, second = _setup(session_factory, holding_engine, "stupid one", "stupid two")
    _login(client)
    token = _csrf(client.get("/moderate").text)
    approve = client.post(
        f"/moderate/comments/{first}/decision",
        data={"csrf_token": token, "action": "approve"},
        follow_redirects=False,
    )
    assert approve.status_code == 303
    client.post(
        f"/moderate/comments/{second}/decision",
        data={"csrf_token": token, "action": "reject", "note": "insults a reader <b>"},
    )
    assert _status(session_factory, first) is CommentStatus.PUBLISHED
    assert _status(session_factory, second) is CommentStatus.REJECTED
    with session_factory() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        notes = session.scalars(select(AuditEntry.detail).where(AuditEntry.detail.is_not(None)))
        assert actions == ["moderator.login", "comment.published", "comment.rejected"]
        assert list(notes) == ["insults a reader <b>"]
    assert "Queue (0)" in client.get("/moderate").text


def test_dashboard_post_without_or_with_wrong_csrf_is_403_and_changes_nothing(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    (held,) = _setup(session_factory, holding_engine, "stupid")
    _login(client)
    url = f"/moderate/comments/{held}/decision"
    assert client.post(url, data={"action": "approve"}).status_code == 403
    assert client.post(url, data={"action": "approve", "csrf_token": "x"}).status_code == 403
    assert _status(session_factory, held) is CommentStatus.HELD
    unknown = client.post(
        "/moderate/comments/999/decision",
        data={"csrf_token": _csrf(client.get("/moderate").text), "action": "approve"},
    )
    assert unknown.status_code == 404


def test_dashboard_session_used_after_logout_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    (held,) = _setup(session_factory, holding_engine, "stupid")
    _login(client)
    old_cookie = client.cookies[SESSION_COOKIE]
    token = _csrf(client.get("/moderate").text)
    out = client.post("/moderate/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and SESSION_COOKIE not in client.cookies
    client.cookies.set(SESSION_COOKIE, old_cookie)  # as an attacker who copied it would
    replay = client.get("/moderate", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].endswith("/login")
    decided = client.post(
        f"/moderate/comments/{held}/decision", data={"csrf_token": token, "action": "approve"},
        follow_redirects=False,
    )  # fmt: skip
    assert decided.status_code == 303 and decided.headers["location"].endswith("/login")
    assert _status(session_factory, held) is CommentStatus.HELD
    assert client.get("/api/v1/moderation/queue").status_code == 401


def test_dashboard_ban_author_refuses_their_next_comment(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    (held,) = _setup(session_factory, holding_engine, "stupid")
    _login(client)
    html = client.get("/moderate").text
    author_id = re.search(r'action="/moderate/authors/(\d+)/trust"', html).group(1)  # type: ignore[union-attr]
    bad = client.post(
        f"/moderate/authors/{author_id}/trust", data={"csrf_token": _csrf(html), "level": "king"}
    )
    assert bad.status_code == 422
    client.post(
        f"/moderate/authors/{author_id}/trust", data={"csrf_token": _csrf(html), "level": "banned"}
    )
    with session_factory.begin() as session:
        author = session.get(Author, int(author_id))
        assert author is not None and author.trust is AuthorTrust.BANNED
        article_id = session.get(Comment, held).article_id  # type: ignore[union-attr]
        comment, _ = submit(
            session, holding_engine, NewComment(article_id, author.display_name, "Hello"), now=NOW
        )
        assert comment.status is CommentStatus.REJECTED


def test_dashboard_audit_log_is_for_admins_only(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    _setup(session_factory, holding_engine, "stupid", role="moderator")
    _login(client)
    refused = client.get("/moderate/audit")
    assert refused.status_code == 403 and "only admins" in refused.text
    with session_factory.begin() as session:
        moderators.create(
            session, username="boss", password_hash=hash_password(PASSWORD), now=NOW, role="admin"
        )
    admin = make_web_client(holding_engine)
    page = admin.get("/moderate/login")
    admin.post(
        "/moderate/login",
        data={"csrf_token": _csrf(page.text), "username": "boss", "password": PASSWORD},
    )
    html = admin.get("/moderate/audit").text
    assert "moderator.login" in html and "<bdi>mo</bdi>" in html and "<bdi>boss</bdi>" in html


def test_dashboard_login_is_rate_limited(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine, login_rate_limit="2/hour")
    _setup(session_factory, holding_engine)
    codes = [_login(client, "guess").status_code for _ in range(3)]
    assert codes == [401, 401, 429]
    assert _login(client).status_code == 429  # even the right password waits


def test_dashboard_reply_shows_the_comment_it_answers(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    (parent_id,) = _setup(session_factory, holding_engine, "The <i>talks</i> matter.")
    with session_factory.begin() as session:
        article_id = session.get(Comment, parent_id).article_id  # type: ignore[union-attr]
        reply = NewComment(article_id, "B", "stupid idea", parent_id=parent_id)
        submit(session, holding_engine, reply, now=NOW)
    _login(client)
    html = client.get("/moderate").text
    assert "In reply to:</p><p>The &lt;i&gt;talks&lt;/i&gt; matter.</p>" in html
    queue = client.get("/api/v1/moderation/queue").json()
    assert queue[0]["parent_text"] == "The <i>talks</i> matter."


def test_dashboard_marked_passages_name_their_score_without_a_mouse(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    _setup(session_factory, holding_engine, "so stupid, and stupid again")
    _login(client)
    html = client.get("/moderate").text
    # Read in place by a screen reader; shown in a legend to keyboard users, whom a title misses.
    label = '<mark title="toxicity">stupid</mark><span class="visually-hidden"> (toxicity)</span>'
    assert html.count(label) == 2
    legend = re.search(r'<ul class="mark-legend" aria-hidden="true">(.*?)</ul>', html)
    assert legend is not None
    assert legend.group(1).count("<li><mark>stupid</mark> toxicity</li>") == 2


def test_dashboard_failed_score_reads_failed_not_a_number(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    (held,) = _setup(session_factory, holding_engine, "stupid")
    decision = Decision(
        status=CommentStatus.HELD,
        reasons=(Reason(ReasonCategory.REVIEW, "toxicity failed: timeout", "toxicity"),),
        scores=(
            Score("toxicity", 0.0, "toxicity failed: timeout", failed=True),
            Score("links", 0.0, "0 links (limit 2)"),
        ),
        policy_version="p-test",
    )
    with session_factory.begin() as session:
        moderation.record(session, comment_id=held, decision=decision, now=NOW)
    _login(client)
    html = client.get("/moderate").text
    assert '<tr class="failed"><th scope="row">toxicity</th><td>failed</td>' in html
    assert '<th scope="row">links</th><td>0.00</td>' in html
