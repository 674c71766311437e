"""Banning an author from the queue, and with it rejecting their published and held comments."""

from __future__ import annotations

import importlib.resources
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import dashboard_login
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import review
from civility.config import Settings
from civility.domain import AuthorTrust, CommentStatus, Decision
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderation, moderators
from civility.store.models import (
    Article,
    AuditEntry,
    Author,
    Comment,
    ModerationRecord,
    ScoreRecord,
)
from civility.store.reviewed import reviewed_holds
from civility.web import queue
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
HOSTILE = "<script>alert('x')</script> & Co"
# text, author, status, reports
CASE = [
    ("spam published", "Spammer", CommentStatus.PUBLISHED, 0),
    ("spam reported", "Spammer", CommentStatus.PUBLISHED, 3),
    ("spam held", "Spammer", CommentStatus.HELD, 1),
    ("spam rejected", "Spammer", CommentStatus.REJECTED, 0),
    ("fine published", "Reader", CommentStatus.PUBLISHED, 0),
    ("fine held", "Reader", CommentStatus.HELD, 0),
]


def _case(factory: sessionmaker[Session], spammer: str = "Spammer") -> dict[str, int]:
    """The comments of CASE on one article (each with the system's decision), and a moderator
    `mo`; returns the comment ids by text, and the authors' ids under their names."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="", slug="talks", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        ids: dict[str, int] = {}
        for minutes, (text, name, status, reports) in enumerate(CASE):
            name = spammer if name == "Spammer" else name
            email = "spammer@example.org" if name == spammer else "reader@example.org"
            author = authors.get_or_create(session, display_name=name, now=NOW, email=email)
            comment = comments.add(
                session,
                article_id=article.id,
                author_id=author.id,
                text=text,
                html=text,
                status=status,
                now=NOW + timedelta(minutes=minutes),
            )
            comment.reports = reports
            decision = Decision(status, reasons=(), scores=(), policy_version="test")
            moderation.record(session, comment_id=comment.id, decision=decision, now=NOW)
            ids[text] = comment.id
            ids[name] = author.id
        session.flush()
        return ids


def _statuses(factory: sessionmaker[Session]) -> dict[str, CommentStatus]:
    with factory() as session:
        return {c.text: c.status for c in session.scalars(select(Comment))}


def _trust_of(factory: sessionmaker[Session], author_id: int) -> AuthorTrust:
    with factory() as session:
        author = session.get(Author, author_id)
        assert author is not None
        return author.trust


def _ban(client: Any, token: str, author_id: int, **extra: str) -> Any:
    data = {"csrf_token": token, "level": "banned", **extra}
    return client.post(f"/moderate/authors/{author_id}/trust", data=data, follow_redirects=False)


def _ban_form(html: str, author_id: int) -> str:
    """The first ban form of this author on a page."""
    start = html.index(f'action="/moderate/authors/{author_id}/trust')
    return html[start : html.index("</form>", start)]


def test_ban_and_reject_rejects_the_authors_published_and_held_comments_only(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    banned = _ban(client, token, ids["Spammer"], reject_comments="true")
    assert banned.status_code == 303
    location = banned.headers["location"]
    assert location == f"http://testserver/moderate?banned={ids['Spammer']}&rejected=3"
    assert _trust_of(session_factory, ids["Spammer"]) is AuthorTrust.BANNED
    assert _statuses(session_factory) == {
        "spam published": CommentStatus.REJECTED,
        "spam reported": CommentStatus.REJECTED,
        "spam held": CommentStatus.REJECTED,
        "spam rejected": CommentStatus.REJECTED,
        "fine published": CommentStatus.PUBLISHED,
        "fine held": CommentStatus.HELD,
    }
    with session_factory() as session:
        reviews = {
            r.comment_id: r
            for r in session.scalars(
                select(ModerationRecord).where(ModerationRecord.moderator_id.is_not(None))
            )
        }
        # Each rejection is a decision of its own, with what Undo puts back.
        assert {i: (r.previous_status, r.previous_reports) for i, r in reviews.items()} == {
            ids["spam published"]: (CommentStatus.PUBLISHED, 0),
            ids["spam reported"]: (CommentStatus.PUBLISHED, 3),
            ids["spam held"]: (CommentStatus.HELD, 1),
        }
        assert all(r.status is CommentStatus.REJECTED for r in reviews.values())
        log = [
            (e.action, e.comment_id, e.detail)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert log[-1] == ("author.banned", None, "rejected 3 published and held comments")
    assert sorted(c for action, c, _ in log if action == "comment.rejected") == sorted(reviews)
    page = client.get(location).text
    assert "Author <bdi>Spammer</bdi> banned; 3 comments rejected." in page
    assert "<title>Author Spammer banned · Queue (1)" in page
    article = client.get("/articles/talks").text
    assert "fine published" in article
    assert "spam published" not in article and "spam reported" not in article


def test_ban_and_reject_one_rejection_can_be_undone_alone(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    _ban(client, token, ids["Spammer"], reject_comments="true")
    reported = ids["spam reported"]
    with session_factory() as session:
        latest = moderation.latest_review(session, comment_id=reported)
        assert latest is not None and latest[0].note == queue.BAN_NOTE
    undone = client.post(
        f"/moderate/comments/{reported}/decision?undo={latest[0].id}",
        data={"csrf_token": token, "action": "approve", "expected_status": "rejected"},
        follow_redirects=False,
    )
    assert undone.status_code == 303
    with session_factory() as session:
        comment = session.get(Comment, reported)
        # Back where it was before the ban: published, its readers' reports with it.
        assert comment is not None and comment.status is CommentStatus.PUBLISHED
        assert comment.reports == 3
    assert _statuses(session_factory)["spam published"] is CommentStatus.REJECTED


def test_ban_without_the_box_leaves_their_comments(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    before = _statuses(session_factory)
    banned = _ban(client, token, ids["Spammer"])
    assert banned.headers["location"] == f"http://testserver/moderate?banned={ids['Spammer']}"
    assert _trust_of(session_factory, ids["Spammer"]) is AuthorTrust.BANNED
    assert _statuses(session_factory) == before
    page = client.get(banned.headers["location"]).text
    assert "Author <bdi>Spammer</bdi> banned." in page and "rejected." not in page


@pytest.mark.parametrize("level", ["trusted", "normal"])
def test_ban_and_reject_is_refused_without_a_ban(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    level: str,
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    before = _statuses(session_factory)
    data = {"csrf_token": token, "level": level, "reject_comments": "true"}
    refused = client.post(f"/moderate/authors/{ids['Spammer']}/trust", data=data)
    assert refused.status_code == 422
    assert "rejected only with a ban; nothing was changed" in refused.text
    assert _statuses(session_factory) == before
    assert _trust_of(session_factory, ids["Spammer"]) is AuthorTrust.NORMAL


def test_ban_and_reject_of_an_unknown_author_is_404(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    before = _statuses(session_factory)
    assert _ban(client, token, 999_999, reject_comments="true").status_code == 404
    assert _ban(client, token, 0, reject_comments="true").status_code == 422
    assert _statuses(session_factory) == before
    # A crafted confirmation claims nothing untrue: no ban, or more than they have rejected.
    assert "Author <bdi>" not in client.get(f"/moderate?banned={ids['Reader']}&rejected=9").text
    assert "Author <bdi>" not in client.get("/moderate?banned=999999&rejected=9").text
    _ban(client, token, ids["Spammer"])
    crafted = client.get(f"/moderate?banned={ids['Spammer']}&rejected=50").text
    assert "banned; 1 comment rejected." in crafted
    # Another moderator's link: not their ban, so no confirmation of it.
    with session_factory.begin() as session:
        moderators.create(session, username="ed", password_hash=hash_password(PASSWORD), now=NOW)
    colleague = make_web_client(holding_engine)
    dashboard_login(colleague, "ed", PASSWORD)
    shown = colleague.get(f"/moderate?banned={ids['Spammer']}&rejected=1").text
    assert "Author <bdi>" not in shown


def test_ban_and_reject_above_the_limit_is_refused_and_changes_nothing(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _case(session_factory)
    monkeypatch.setattr(queue, "MAX_BAN_REJECTIONS", 2)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    before = _statuses(session_factory)
    refused = _ban(client, token, ids["Spammer"], reject_comments="true")
    assert refused.status_code == 422 and "nothing was changed" in refused.text
    assert _statuses(session_factory) == before
    assert _trust_of(session_factory, ids["Spammer"]) is AuthorTrust.NORMAL


def test_ban_and_reject_escapes_the_authors_name(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, spammer=HOSTILE)
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    banned = _ban(client, token, ids[HOSTILE], reject_comments="true")
    page = client.get(banned.headers["location"]).text
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"
    assert f"Author <bdi>{escaped}</bdi> banned; 3 comments rejected." in page
    assert "<script>alert" not in page


def test_ban_and_reject_the_queue_offers_the_box_with_the_count(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory)
    client = make_web_client(holding_engine)
    dashboard_login(client, "mo", PASSWORD)
    page = client.get("/moderate").text
    form = _ban_form(page, ids["Spammer"])
    assert "also reject their 3 published and held comments</label>" in form
    # In the label with the box, and left unchecked: a ban alone is the default.
    assert re.search(
        r'<label class="reject-all"><input type="checkbox" name="reject_comments"', form
    )
    assert "checked" not in form and 'value="banned">Ban author</button>' in form
    assert "also reject their 2 published and held comments" in _ban_form(page, ids["Reader"])
    # The trust and reset buttons are in a form of their own: the box never goes with them.
    assert 'value="trusted"' not in form and 'value="normal"' not in form


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_ban_and_reject_box_by_keyboard_and_the_confirmation_pass_axe(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    _case(session_factory)
    base = live_server(create_app(settings, engine=holding_engine))
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{base}/moderate/login")
    page.get_by_label("Username").fill("mo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector(".queue-item")
    # The box is named by its label, and checked and sent with the keyboard alone.
    box = page.get_by_label("also reject their 3 published and held comments").first
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Author Spammer banned; 3 comments rejected.")
    axe = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    page.evaluate(axe.read_text(encoding="utf-8"))
    rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    found = page.evaluate("rules => axe.run(document, {runOnly: rules})", rules)["violations"]
    assert [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found] == []
    assert _statuses(session_factory)["spam held"] is CommentStatus.REJECTED


def test_ban_and_reject_refuses_an_author_who_gave_no_email(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # "Anonymous" with no email is everyone who typed it: one click would take down strangers.
    ids = _case(session_factory)
    with session_factory.begin() as session:
        article = session.scalars(select(Article)).one()
        nobody = authors.get_or_create(session, display_name="Anonymous", now=NOW)
        comment = comments.add(
            session, article_id=article.id, author_id=nobody.id, text="anon held",
            html="anon held", status=CommentStatus.HELD, now=NOW,
        )  # fmt: skip
        decision = Decision(CommentStatus.HELD, reasons=(), scores=(), policy_version="test")
        moderation.record(session, comment_id=comment.id, decision=decision, now=NOW)
        nobody_id = nobody.id
    client = make_web_client(holding_engine)
    token = dashboard_login(client, "mo", PASSWORD)
    page = client.get("/moderate").text
    assert "reject_comments" in _ban_form(page, ids["Spammer"])
    assert "reject_comments" not in _ban_form(page, nobody_id)
    refused = _ban(client, token, nobody_id, reject_comments="true")
    assert refused.status_code == 422 and "everyone who posted under that name" in refused.text
    assert _trust_of(session_factory, nobody_id) is AuthorTrust.NORMAL
    assert _statuses(session_factory)["anon held"] is CommentStatus.HELD
    assert _ban(client, token, nobody_id).status_code == 303  # the ban alone stands


def test_ban_and_reject_teaches_the_policy_nothing(
    session_factory: sessionmaker[Session],
) -> None:
    # A ban's sweep is a verdict on the author, not on each text: learn-policy, which reads
    # moderators' rejections of held and published comments as lessons, leaves it out.
    ids = _case(session_factory)
    with session_factory.begin() as session:
        for text in ("spam held", "fine held"):  # the held comments' scores, as the system
            record = moderation.latest_system_record(session, comment_id=ids[text])
            assert record is not None
            record.scores.append(
                ScoreRecord(name="toxicity", value=0.6, reason="rude", spans=[], failed=False)
            )
        mo = moderators.get_by_username(session, "mo")
        assert mo is not None
        queue.set_author_trust(
            session, mo, ids["Spammer"], trust="banned", now=NOW, reject_comments=True
        )
        fine = comments.get_for_decision(session, ids["fine held"])
        assert fine is not None
        review(session, fine, status=CommentStatus.REJECTED, moderator_id=mo.id, now=NOW)
    with session_factory() as session:
        lessons = reviewed_holds(session, since=None)
    assert [(hold.rejected, [s.value for s in hold.scores]) for hold in lessons] == [(True, [0.6])]
