"""Undo puts a comment back where it was before the decision; `hold` returns one to the queue,
and a return to the queue is no verdict for the report or for learning the policy."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import dashboard_login
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import review
from civility.domain import CommentStatus, Decision, Score
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderation, moderators
from civility.store.models import AuditEntry, Comment
from civility.store.policy_report import policy_report
from civility.store.reviewed import reviewed_holds

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
PUBLISHED, HELD, REJECTED = CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.REJECTED


def _site(
    factory: sessionmaker[Session],
    statuses: list[CommentStatus],
    *,
    at: datetime = NOW,
    values: list[float] | None = None,
) -> list[int]:
    """Moderators `mo` (an admin) and `mo2`, and a comment the system gave each of these
    statuses (toxicity and insult scored at the matching `values`); returns the comments' ids."""
    with factory.begin() as session:
        for name, role in (("mo", "admin"), ("mo2", "moderator")):
            password_hash = hash_password(PASSWORD)
            moderators.create(
                session, username=name, password_hash=password_hash, now=at, role=role
            )
        article = articles.add(session, title="Talks", body="Both sides met.", now=at)
        author = authors.get_or_create(session, display_name="Reader", now=at)
        ids = []
        for i, status in enumerate(statuses):
            when = at + timedelta(minutes=i)
            comment = comments.add(
                session,
                article_id=article.id,
                author_id=author.id,
                text=f"Comment {i}",
                html=f"<p>Comment {i}</p>",
                status=status,
                now=when,
            )
            value = values[i] if values else 0.0
            scores = (Score("toxicity", value, "rude"), Score("insult", value, "insulting"))
            decision = Decision(status, reasons=(), scores=scores, policy_version="test")
            moderation.record(session, comment_id=comment.id, decision=decision, now=when)
            ids.append(comment.id)
        return ids


def _login(client: Any, username: str = "mo") -> str:
    """Log in on the dashboard; returns the CSRF token its forms carry."""
    return dashboard_login(client, username, PASSWORD)


def _decide(client: Any, comment_id: int, data: dict[str, str]) -> Any:
    """Post a decision from the dashboard and follow it back to the queue."""
    return client.post(f"/moderate/comments/{comment_id}/decision", data=data)


def _undo(page: str, comment_id: int) -> dict[str, str]:
    """The Undo form of the confirmation: its hidden fields and its button's action."""
    status = page[page.index('role="status"') : page.index("</div>", page.index('role="status"'))]
    start = status.index(f'action="/moderate/comments/{comment_id}/decision')
    form = status[start : status.index("</form>", start)]
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


def _state(factory: sessionmaker[Session], comment_id: int) -> tuple[CommentStatus, int]:
    """The comment's status and reports."""
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.status, comment.reports


def test_undo_of_an_approval_returns_the_held_comment_to_the_queue_with_its_reports(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    (held,) = _site(session_factory, [HELD])
    client = make_web_client(holding_engine)
    token = _login(client)
    approve = {"csrf_token": token, "action": "approve", "expected_status": "held"}
    page = _decide(client, held, approve).text
    assert _state(session_factory, held) == (PUBLISHED, 0)
    assert f'id="q{held}"' not in page
    undo = _undo(page, held)
    assert (undo["action"], undo["expected_status"]) == ("hold", "published")
    with session_factory.begin() as session:  # a reader reports it while it is published
        comment = comments.get(session, held)
        assert comment is not None
        comments.add_report(session, comment)
    undone = _decide(client, held, undo)
    assert undone.status_code == 200
    # Held again, back in the queue, and the reader's report is still there to read.
    assert _state(session_factory, held) == (HELD, 1)
    assert f'id="q{held}"' in undone.text and "· held · reported 1\u00d7" in undone.text
    assert f"<span>Comment {held} held.</span>" in undone.text
    assert _undo(undone.text, held)["action"] == "approve"  # and Undo of the Undo publishes it
    audit = client.get("/moderate/audit").text
    assert "comment.held (returned to the queue)" in audit
    with session_factory() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["comment.published", "comment.held"]


@pytest.mark.parametrize(
    ("before", "action", "undo_action"),
    [
        (HELD, "reject", "hold"),  # rejected from the queue: back to the queue
        (PUBLISHED, "reject", "approve"),  # taken down: published again
        (REJECTED, "approve", "reject"),  # reinstated: rejected again
        (PUBLISHED, "hold", "approve"),  # returned to the queue: published again
        (REJECTED, "hold", "reject"),
    ],
)
def test_undo_restores_the_status_before_the_decision(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    before: CommentStatus,
    action: str,
    undo_action: str,
) -> None:
    (comment_id,) = _site(session_factory, [before])
    client = make_web_client(holding_engine)
    token = _login(client)
    show = {HELD: "held", PUBLISHED: "published", REJECTED: "rejected"}[before]
    listed = client.get("/moderate", params={"show": show}).text
    form = listed[listed.index(f'action="/moderate/comments/{comment_id}/decision') :]
    assert f'value="{action}"' in form[: form.index("</form>")]  # the dashboard offers it
    data = {"csrf_token": token, "action": action, "expected_status": before.value}
    page = _decide(client, comment_id, data).text
    decided = _state(session_factory, comment_id)[0]
    assert decided is not before
    undo = _undo(page, comment_id)
    assert (undo["action"], undo["expected_status"]) == (undo_action, decided.value)
    assert _decide(client, comment_id, undo).status_code == 200
    assert _state(session_factory, comment_id)[0] is before


def test_hold_on_the_api_returns_a_reported_comment_to_the_queue(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    (reported,) = _site(session_factory, [PUBLISHED])
    with session_factory.begin() as session:
        comment = comments.get(session, reported)
        assert comment is not None
        comments.add_report(session, comment)
        comments.add_report(session, comment)
    client = make_web_client(holding_engine)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    url = f"/api/v1/moderation/comments/{reported}/decision"
    bad = client.post(url, json={"action": "restore"}, headers=headers)
    assert bad.status_code == 422 and _state(session_factory, reported) == (PUBLISHED, 2)
    hold = {"action": "hold", "expected_status": "published", "expected_review": 0}
    held = client.post(url, json=hold, headers=headers)
    assert held.status_code == 200 and held.json()["status"] == "held"
    assert _state(session_factory, reported) == (HELD, 2)  # the reports wait with it
    queue = client.get("/api/v1/moderation/queue", params={"show": "held"}).json()
    item = next(i for i in queue if i["id"] == reported)
    assert (item["status"], item["reports"]) == ("held", 2) and item["latest_review_id"] > 0
    again = client.post(url, json=hold, headers=headers)  # the page that showed it published
    assert again.status_code == 409 and "is now held by mo" in again.json()["detail"]
    schema = client.get("/openapi.json").json()["components"]["schemas"]["DecisionIn"]
    assert schema["properties"]["action"]["enum"] == ["approve", "reject", "hold"]


def test_stale_undo_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    moved, redecided = _site(session_factory, [HELD, HELD])
    mine, theirs = make_web_client(holding_engine), make_web_client(holding_engine)
    token, their_token = _login(mine), _login(theirs, "mo2")
    undos = {}
    for comment_id in (moved, redecided):
        approve = {"csrf_token": token, "action": "approve", "expected_status": "held"}
        undos[comment_id] = _undo(_decide(mine, comment_id, approve).text, comment_id)
        assert undos[comment_id]["action"] == "hold"
    # A colleague takes one down, and approves the other again (its status stays published).
    for comment_id, action in ((moved, "reject"), (redecided, "approve")):
        data = {"csrf_token": their_token, "action": action, "expected_status": "published"}
        assert _decide(theirs, comment_id, data).status_code == 200
    refused = _decide(mine, moved, undos[moved])
    assert refused.status_code == 409 and "is now rejected by mo2" in refused.text
    assert _state(session_factory, moved)[0] is REJECTED
    refused = _decide(mine, redecided, undos[redecided])
    assert refused.status_code == 409 and "decided after you loaded it" in refused.text
    assert _state(session_factory, redecided)[0] is PUBLISHED


def test_a_comment_returned_to_the_queue_is_no_verdict_in_the_report(
    session_factory: sessionmaker[Session],
) -> None:
    held, approved, published = _site(session_factory, [HELD, HELD, PUBLISHED])
    with session_factory.begin() as session:
        mo = moderators.get_by_username(session, "mo")
        assert mo is not None
        steps = [(held, PUBLISHED), (held, HELD), (approved, PUBLISHED)]
        steps += [(published, REJECTED), (published, HELD)]
        for minutes, (comment_id, status) in enumerate(steps, start=60):
            comment = comments.get(session, comment_id)
            assert comment is not None
            review(
                session,
                comment,
                status=status,
                moderator_id=mo.id,
                now=NOW + timedelta(minutes=minutes),
            )
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW + timedelta(days=1))
        reviewed = reviewed_holds(session, since=None)
    assert report.answered(HELD, PUBLISHED) == 1  # `approved` alone
    assert report.answered(HELD, None) == 1  # `held`: approved, then back in the queue
    assert report.answered(PUBLISHED, REJECTED) == 0 and report.answered(PUBLISHED, None) == 1
    assert report.to_json()["held"]["waiting"] == 1
    (rule,) = report.rules
    assert (rule.held, rule.held_approved, rule.held_rejected, rule.held_waiting) == (2, 1, 0, 1)
    assert report.median_wait_s == 61 * 60  # only `approved`'s wait: the other still waits
    assert len(reviewed) == 1


def test_learn_policy_leaves_out_published_comments_returned_to_the_queue(
    session_factory: sessionmaker[Session], cli_env: dict[str, str]
) -> None:
    # Published just under the 0.5 hold lines: 200 that moderators mostly rejected afterwards,
    # and 100 they returned to the queue, still undecided (not accepted).
    rng = random.Random(23)
    values = [round(rng.uniform(0.43, 0.4999), 4) for _ in range(300)]
    at = datetime.now(UTC) - timedelta(days=2)
    ids = _site(session_factory, [PUBLISHED] * 300, at=at, values=values)
    with session_factory.begin() as session:
        mo = moderators.get_by_username(session, "mo")
        assert mo is not None
        for i, comment_id in enumerate(ids):
            if i < 200 and rng.random() >= 0.9:
                continue  # not reviewed: accepted
            status = REJECTED if i < 200 else HELD
            moderation.record_review(
                session, comment_id=comment_id, status=status, moderator_id=mo.id, now=at
            )
    result = CliRunner().invoke(main, ["learn-policy", "--json", "--all"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["published_below_lines"] == 200
