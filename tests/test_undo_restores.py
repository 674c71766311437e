"""Undo puts a comment back where it was before the decision; `hold` returns one to the queue,
and a return to the queue is no verdict for the report or for learning the policy."""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from conftest import dashboard_login, database_at
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import ImportedComment, NewComment, import_comments, review
from civility.domain import CommentStatus, Decision, Score
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderation, moderators
from civility.store.db import make_engine, make_session_factory, upgrade
from civility.store.models import Article, AuditEntry, Comment, ModerationRecord
from civility.store.policy_report import policy_report
from civility.store.reviewed import reviewed_holds
from civility.store.types import UtcDateTime

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
    assert 'Comment returned to the queue <code class="audit-key">comment.held</code>' in audit
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


# --- Undo restores what the comment had just before the decision: its status (an imported
# comment's too, whose first record is the engine's decision, not its status) and its reports.


def _undo_form(page: str, comment_id: int) -> tuple[str, dict[str, str]]:
    """The confirmation's Undo form as a browser posts it: its URL (which names the decision
    undone) and its fields with the button's action."""
    status = page[page.index('role="status"') : page.index("</div>", page.index('role="status"'))]
    start = status.index(f'action="/moderate/comments/{comment_id}/decision')
    url = html.unescape(status[start + len('action="') : status.index('"', start + 8)])
    return url, _undo(page, comment_id)


def _imported(factory: sessionmaker[Session], engine: Any, text: str, status: CommentStatus) -> int:
    """A comment imported with `status`, which the engine decides as it decides `text`."""
    _site(factory, [])
    with factory.begin() as session:
        article_id = session.scalars(select(Article.id)).one()
        new = NewComment(article_id=article_id, author_name="Old reader", text=text)
        ((comment, decision),) = import_comments(
            session, engine, [ImportedComment(new, created_at=NOW, status=status)]
        )
        assert decision is not None and decision.status is not status  # they disagree
        return comment.id


@pytest.mark.parametrize(
    ("text", "imported", "action", "undo_action"),
    [
        # Published on the old platform, held by the engine, taken down by mistake.
        ("You idiot, read the article.", PUBLISHED, "reject", "approve"),
        # Held there, published by the engine, approved: Undo puts it back in the queue.
        ("Both sides gave something up.", HELD, "approve", "hold"),
    ],
)
def test_undo_of_a_decision_on_an_imported_comment_restores_its_imported_status(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    text: str,
    imported: CommentStatus,
    action: str,
    undo_action: str,
) -> None:
    comment_id = _imported(session_factory, holding_engine, text, imported)
    client = make_web_client(holding_engine)
    token = _login(client)
    data = {"csrf_token": token, "action": action, "expected_status": imported.value}
    page = _decide(client, comment_id, data).text
    url, undo = _undo_form(page, comment_id)
    assert undo["action"] == undo_action
    assert client.post(url, data=undo).status_code == 200
    assert _state(session_factory, comment_id)[0] is imported


def _reported(factory: sessionmaker[Session], reports: int) -> int:
    """A published comment that `reports` readers reported."""
    (comment_id,) = _site(factory, [PUBLISHED])
    with factory.begin() as session:
        comment = comments.get(session, comment_id)
        assert comment is not None
        for _ in range(reports):
            comments.add_report(session, comment)
    return comment_id


def test_undo_of_a_takedown_restores_the_readers_reports(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    reported = _reported(session_factory, 3)
    client = make_web_client(holding_engine)
    token = _login(client)
    data = {"csrf_token": token, "action": "reject", "expected_status": "published"}
    page = _decide(client, reported, {**data, "show": "reported"}).text
    assert _state(session_factory, reported) == (REJECTED, 0)
    url, undo = _undo_form(page, reported)
    assert undo["action"] == "approve"
    undone = client.post(url, data=undo)
    assert undone.status_code == 200
    # Published again with its three reports, back in the reported queue to be read.
    assert _state(session_factory, reported) == (PUBLISHED, 3)
    queue = client.get("/moderate", params={"show": "reported"}).text
    assert f'id="q{reported}"' in queue and "· published · reported 3\u00d7" in queue


def test_undo_of_a_hold_on_the_api_keeps_the_readers_reports(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    reported = _reported(session_factory, 2)
    client = make_web_client(holding_engine)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    url = f"/api/v1/moderation/comments/{reported}/decision"
    hold = {"action": "hold", "expected_status": "published", "expected_review": 0}
    assert client.post(url, json=hold, headers=headers).status_code == 200
    assert _state(session_factory, reported) == (HELD, 2)
    queue = client.get("/api/v1/moderation/queue", params={"show": "held"}).json()
    review_id = next(i for i in queue if i["id"] == reported)["latest_review_id"]
    undo = {"action": "approve", "expected_status": "held", "expected_review": review_id}
    undone = client.post(url, json={**undo, "undo": review_id}, headers=headers)
    assert undone.status_code == 200 and undone.json()["status"] == "published"
    assert _state(session_factory, reported) == (PUBLISHED, 2)  # published, still reported
    queue = client.get("/api/v1/moderation/queue", params={"show": "reported"}).json()
    assert [(i["id"], i["reports"]) for i in queue] == [(reported, 2)]


def test_an_undo_naming_another_decision_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    (mine, other) = _site(session_factory, [PUBLISHED, PUBLISHED])
    with session_factory.begin() as session:
        for comment_id in (mine, other):
            comment = comments.get(session, comment_id)
            assert comment is not None
            comments.add_report(session, comment)
    client = make_web_client(holding_engine)
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}

    def decide(comment_id: int, body: dict[str, Any]) -> Any:
        url = f"/api/v1/moderation/comments/{comment_id}/decision"
        return client.post(url, json=body, headers=headers)

    def reviews(comment_id: int) -> list[int]:
        with session_factory() as session:
            records = moderation.history(session, comment_id=comment_id)
            return [r.id for r in records if not r.is_automatic]

    for comment_id in (mine, other):
        assert decide(comment_id, {"action": "reject"}).status_code == 200
    (taken_down,), (others,) = reviews(mine), reviews(other)
    with session_factory() as session:
        system = moderation.latest_system_record(session, comment_id=mine)
        assert system is not None
    forged = [
        ({"action": "approve", "undo": others}, 409, "is not the latest on comment"),
        ({"action": "approve", "undo": system.id}, 409, "is not the latest on comment"),
        ({"action": "hold", "undo": taken_down}, 422, "is 'approve' (back to published)"),
    ]
    for body, code, message in forged:
        refused = decide(mine, body)
        assert refused.status_code == code and message in refused.json()["detail"], body
        assert _state(session_factory, mine) == (REJECTED, 0) and reviews(mine) == [taken_down]
    assert decide(mine, {"action": "approve", "undo": 0}).status_code == 422
    # Strict ids: true or "7" names no decision (lax mode read true as decision 1).
    assert decide(mine, {"action": "approve", "undo": True}).status_code == 422
    assert decide(mine, {"action": "approve", "undo": str(taken_down)}).status_code == 422
    assert decide(mine, {"action": "approve", "expected_review": True}).status_code == 422
    # A later decision: the takedown can no longer be undone, whatever the action.
    assert decide(mine, {"action": "hold"}).status_code == 200
    refused = decide(mine, {"action": "approve", "undo": taken_down})
    assert refused.status_code == 409 and _state(session_factory, mine) == (HELD, 0)
    # The other comment's takedown undone, it is published and reported again; an approval
    # then changes no status (it only clears the reports): there is nothing to undo.
    assert decide(other, {"action": "approve", "undo": others}).status_code == 200
    assert _state(session_factory, other) == (PUBLISHED, 1)
    assert decide(other, {"action": "approve"}).status_code == 200
    kept = reviews(other)[-1]
    refused = decide(other, {"action": "approve", "undo": kept})
    assert refused.status_code == 422 and "nothing to undo" in refused.json()["detail"]
    assert _state(session_factory, other) == (PUBLISHED, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_at_0006(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """An empty database migrated to revision 0006 only: SQLite, or a PostgreSQL schema."""
    with database_at(request.param, "0006", tmp_path) as url:
        yield url


# Rows as revision 0006 stored them, written as plain rows: the models describe later revisions.
MODERATOR = {"username": "mo", "password_hash": "x", "role": "admin", "session_generation": 0}
ARTICLE = {"slug": "talks", "title": "Talks", "body": "Met.", "updated_at": NOW, "version": 1}
AUTHOR = {"display_name": "Reader", "trust": "normal"}
COMMENT = {"article_id": 1, "author_id": 1, "text": "Fine.", "html": "<p>Fine.</p>"}
ROWS_AT_0006: list[tuple[str, dict[str, Any]]] = [
    ("moderators", MODERATOR),
    ("articles", ARTICLE),
    ("authors", AUTHOR),
    ("comments", {**COMMENT, "status": "published", "reports": 0, "risk": 0.0}),
]


def _insert(conn: sa.Connection, table: str, row: dict[str, Any]) -> None:
    """One row, stamped NOW."""
    dates = ("created_at", "updated_at")
    columns: list[sa.ColumnClause[Any]] = [sa.column(name) for name in row if name not in dates]
    columns += [sa.column(name, UtcDateTime()) for name in dates]
    conn.execute(sa.table(table, *columns).insert().values(created_at=NOW, **row))


def test_migration_0007_keeps_decisions_stored_before_it(database_at_0006: str) -> None:
    engine = make_engine(database_at_0006)
    with engine.begin() as conn:
        for table, row in ROWS_AT_0006:
            _insert(conn, table, {"id": 1, **row})
        # A published comment the system held and a moderator approved.
        for status, moderator_id in (("held", None), ("published", 1)):
            decision = {"status": status, "moderator_id": moderator_id, "reasons": "[]"}
            _insert(conn, "moderation_records", {"comment_id": 1, **decision})
    upgrade(database_at_0006, "0007")
    with make_session_factory(engine)() as session:
        system, approval = moderation.history(session, comment_id=1)
        for record in (system, approval):
            assert (record.previous_status, record.previous_reports) == (None, None)
        assert moderation.status_before(session, approval) is HELD  # the record before it
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [("0007",)]
    engine.dispose()


def test_a_decision_stores_the_status_and_reports_just_before_it(
    session_factory: sessionmaker[Session],
) -> None:
    reported = _reported(session_factory, 2)
    with session_factory.begin() as session:
        mo = moderators.get_by_username(session, "mo")
        comment = comments.get_for_decision(session, reported)
        assert mo is not None and comment is not None
        review(session, comment, status=REJECTED, moderator_id=mo.id, now=NOW)
    with session_factory() as session:
        record = session.scalars(
            select(ModerationRecord).where(ModerationRecord.moderator_id.is_not(None))
        ).one()
        assert (record.status, record.previous_status, record.previous_reports) == (
            REJECTED,
            PUBLISHED,
            2,
        )
