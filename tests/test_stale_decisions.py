"""Two moderators on one comment: a decision made on a page loaded before another's is refused."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import dashboard_login
from fastapi import HTTPException
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, comments, moderators
from civility.store.models import AuditEntry, Comment, ModerationRecord
from civility.web.queue import decide_comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _held_comment(factory: sessionmaker[Session], engine: Any) -> int:
    """A held comment on a new article, and two moderators, `mo` and `mo2`."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        for name in ("mo", "mo2"):
            moderators.create(
                session, username=name, password_hash=hash_password(PASSWORD), now=NOW
            )
        comment, _ = submit(session, engine, NewComment(article.id, "Reader", "stupid"), now=NOW)
        assert comment.status is CommentStatus.HELD
        return comment.id


def _login(client: Any, username: str) -> None:
    dashboard_login(client, username, PASSWORD)


def _decision_form(client: Any, comment_id: int) -> dict[str, str]:
    """The hidden fields of the comment's decision form, as the loaded queue page has them."""
    html = client.get("/moderate").text
    form = html[html.index(f'action="/moderate/comments/{comment_id}/decision"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _state(factory: sessionmaker[Session], comment_id: int) -> tuple[CommentStatus, int]:
    """The comment's status and how many moderator decisions it has."""
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        reviews = session.scalar(
            select(func.count())
            .select_from(ModerationRecord)
            .where(
                ModerationRecord.comment_id == comment_id,
                ModerationRecord.moderator_id.is_not(None),
            )
        )
        return comment.status, int(reviews or 0)


def test_stale_dashboard_decision_is_refused_and_names_who_decided(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held = _held_comment(session_factory, holding_engine)
    first, second = make_web_client(holding_engine), make_web_client(holding_engine)
    _login(first, "mo")
    _login(second, "mo2")
    first_form, second_form = _decision_form(first, held), _decision_form(second, held)
    assert second_form["expected_status"] == "held"
    url = f"/moderate/comments/{held}/decision"
    rejected = first.post(url, data={**first_form, "action": "reject"}, follow_redirects=False)
    assert rejected.status_code == 303
    stale = second.post(url, data={**second_form, "action": "approve"})
    assert stale.status_code == 409
    assert re.search(
        r"Comment \d+ was held when you loaded it and is now rejected by mo at "
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC; nothing was changed",
        stale.text,
    )
    assert 'href="/moderate">Back to the queue' in stale.text
    assert _state(session_factory, held) == (CommentStatus.REJECTED, 1)
    with session_factory() as session:
        assert session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all() == [
            "moderator.login",
            "moderator.login",
            "comment.rejected",
        ]
    # Reloaded, the page shows where the comment stands; a fresh decision goes through.
    assert f'id="q{held}"' not in second.get("/moderate").text


def test_stale_api_decision_is_409_and_one_without_expected_status_still_applies(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held = _held_comment(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    url = f"/api/v1/moderation/comments/{held}/decision"
    bad = client.post(url, json={"action": "approve", "expected_status": "gone"}, headers=headers)
    assert bad.status_code == 422
    approve = {"action": "approve", "expected_status": "held"}
    assert client.post(url, json=approve, headers=headers).json()["status"] == "published"
    again = client.post(url, json={"action": "reject", "expected_status": "held"}, headers=headers)
    assert again.status_code == 409
    assert "is now published by mo" in again.json()["detail"]
    assert _state(session_factory, held) == (CommentStatus.PUBLISHED, 1)
    # Clients that send no expected status keep the old meaning: the decision applies.
    forced = client.post(url, json={"action": "reject"}, headers=headers)
    assert forced.status_code == 200 and forced.json()["status"] == "rejected"
    assert _state(session_factory, held) == (CommentStatus.REJECTED, 2)


def test_stale_decision_racing_another_waits_for_it_then_is_refused(
    holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held = _held_comment(session_factory, holding_engine)
    outcome: list[object] = []

    def decide(username: str, action: str) -> None:
        with session_factory.begin() as session:
            moderator = moderators.get_by_username(session, username)
            assert moderator is not None
            decide_comment(
                session, moderator, held, action=action, note=None, now=NOW, expected_status="held"
            )

    def second_moderator() -> None:
        try:
            decide("mo2", "approve")
            outcome.append("applied")
        except HTTPException as exc:
            outcome.append(exc.status_code)

    other = threading.Thread(target=second_moderator)
    fired: list[str] = []
    engine: Engine = session_factory.kw["bind"]

    def hook(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        # The first decision has read the comment as held and is writing its record: the
        # second starts now, and gets a second to finish if nothing makes it wait.
        if not fired and sql.lstrip().upper().startswith("INSERT INTO MODERATION_RECORDS"):
            fired.append(sql)
            other.start()
            other.join(timeout=1.0)

    event.listen(engine, "before_cursor_execute", hook)
    try:
        decide("mo", "reject")
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    other.join(timeout=10)
    assert fired and not other.is_alive()
    assert outcome == [409]
    assert _state(session_factory, held) == (CommentStatus.REJECTED, 1)


@pytest.mark.parametrize("expected", ["", "held"])
def test_stale_check_accepts_the_status_the_page_showed(
    holding_engine: Any, session_factory: sessionmaker[Session], expected: str
) -> None:
    held = _held_comment(session_factory, holding_engine)
    with session_factory.begin() as session:
        moderator = moderators.get_by_username(session, "mo")
        assert moderator is not None
        comment = decide_comment(
            session, moderator, held, action="approve", note=None, now=NOW, expected_status=expected
        )
        assert comment.status is CommentStatus.PUBLISHED


def _reported_comment(factory: sessionmaker[Session], engine: Any) -> int:
    """A published comment a reader reported, on the article of `_held_comment`."""
    _held_comment(factory, engine)
    with factory.begin() as session:
        article = articles.get_by_slug(session, "talks")
        assert article is not None
        new = NewComment(article.id, "Other", "A fair point on the talks.")
        comment, _ = submit(session, engine, new, now=NOW)
        assert comment.status is CommentStatus.PUBLISHED
        comments.add_report(session, comment)
        return comment.id


def test_stale_decision_on_a_reported_comment_a_colleague_cleared_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    reported = _reported_comment(session_factory, holding_engine)
    first, second = make_web_client(holding_engine), make_web_client(holding_engine)
    _login(first, "mo")
    _login(second, "mo2")
    first_form, second_form = _decision_form(first, reported), _decision_form(second, reported)
    assert second_form["expected_review"] == "0"
    url = f"/moderate/comments/{reported}/decision"
    # Approving keeps it published and clears its reports: the status alone shows no change.
    assert first.post(url, data={**first_form, "action": "approve"}).status_code == 200
    stale = second.post(url, data={**second_form, "action": "reject"})
    assert stale.status_code == 409
    assert "was decided after you loaded it (published by mo at" in (stale.text)
    assert _state(session_factory, reported) == (CommentStatus.PUBLISHED, 1)


def test_stale_approval_of_a_reported_comment_offers_no_undo(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    reported = _reported_comment(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    _login(client, "mo")
    form = _decision_form(client, reported)
    url = f"/moderate/comments/{reported}/decision"
    page = client.post(url, data={**form, "action": "approve"}).text
    assert f"Comment {reported} published; its reports are cleared." in page
    assert "Undo" not in page


def test_approval_recorded_before_reports_were_kept_claims_no_cleared_reports(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # Decisions stored before migration 0007 know nothing of the reports they found.
    reported = _reported_comment(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    _login(client, "mo")
    form = _decision_form(client, reported)
    url = f"/moderate/comments/{reported}/decision"
    answer = client.post(url, data={**form, "action": "approve"}, follow_redirects=False)
    with session_factory.begin() as session:
        record = session.scalars(
            select(ModerationRecord).order_by(ModerationRecord.id.desc()).limit(1)
        ).one()
        record.previous_reports = None
    page = client.get(answer.headers["location"]).text
    assert f"Comment {reported} published." in page
    assert "its reports are cleared" not in page


def test_stale_api_decision_with_an_old_review_id_is_409(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    reported = _reported_comment(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    item = next(i for i in client.get("/api/v1/moderation/queue").json() if i["id"] == reported)
    assert item["latest_review_id"] == 0
    url = f"/api/v1/moderation/comments/{reported}/decision"
    approve = {"action": "approve", "expected_status": "published", "expected_review": 0}
    assert client.post(url, json=approve, headers=headers).status_code == 200
    again = client.post(url, json={**approve, "action": "reject"}, headers=headers)
    assert again.status_code == 409 and "decided after you loaded it" in again.json()["detail"]
    bad = client.post(url, json={**approve, "expected_review": -1}, headers=headers)
    assert bad.status_code == 422
