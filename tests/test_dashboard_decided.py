"""The dashboard's rejected and published views, and the confirmation with Undo after a decision."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus, Decision
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderation, moderators
from civility.store.models import Comment
from civility.store.moderation import QueuePart

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
Row = tuple[str, CommentStatus, int, int, str]  # text, status, minutes after NOW, reports, article
CASE: list[Row] = [
    ("published old", CommentStatus.PUBLISHED, 0, 0, "talks"),
    ("rejected old", CommentStatus.REJECTED, 1, 0, "talks"),
    ("rejected budget", CommentStatus.REJECTED, 2, 0, "budget"),
    ("rejected new", CommentStatus.REJECTED, 3, 0, "talks"),
    ("published reported", CommentStatus.PUBLISHED, 4, 2, "talks"),
    ("held", CommentStatus.HELD, 5, 0, "talks"),
]


def _case(factory: sessionmaker[Session], rows: list[Row]) -> dict[str, int]:
    """Comments with these statuses (each the system's decision, as `submit` records one) and
    ages on two articles, and moderators `mo` and `mo2`; returns the comment ids by text."""
    with factory.begin() as session:
        found = {
            slug: articles.add(session, title=slug.title(), body="", now=NOW).id
            for slug in ("talks", "budget")
        }
        for name in ("mo", "mo2"):
            password_hash = hash_password(PASSWORD)
            moderators.create(session, username=name, password_hash=password_hash, now=NOW)
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        ids = {}
        for text, status, minutes, reports, slug in rows:
            comment = comments.add(
                session,
                article_id=found[slug],
                author_id=author.id,
                text=text,
                html=text,
                status=status,
                now=NOW + timedelta(minutes=minutes),
            )
            comment.reports = reports
            decision = Decision(status, reasons=(), scores=(), policy_version="test")
            moderation.record(
                session, comment_id=comment.id, decision=decision, now=comment.created_at
            )
            ids[text] = comment.id
        session.flush()
        return ids


def _login(client: Any, username: str = "mo") -> str:
    """Log in; returns the CSRF token the dashboard's forms carry."""
    return dashboard_login(client, username, PASSWORD)


def _shown(html: str) -> list[str]:
    """The texts of the queue items on a page, in order."""
    return re.findall(r'<p class="queue-text">(.*?)</p>', html)


def _form(html: str, comment_id: int) -> str:
    """The decision form of one comment on a page."""
    start = html.index(f'action="/moderate/comments/{comment_id}/decision')
    return html[start : html.index("</form>", start)]


def _status(factory: sessionmaker[Session], comment_id: int) -> CommentStatus:
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.status


def test_dashboard_decided_views_list_newest_first_with_counts_and_filters(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, CASE)
    client = make_web_client(holding_engine)
    _login(client)
    rejected = client.get("/moderate", params={"show": "rejected"})
    assert rejected.status_code == 200 and "Queue (3)" in rejected.text
    assert _shown(rejected.text) == ["rejected new", "rejected budget", "rejected old"]
    assert '<option value="rejected" selected>rejected</option>' in rejected.text
    assert '<option value="published">published</option>' in rejected.text
    published = client.get("/moderate", params={"show": "published"}).text
    assert "Queue (2)" in published
    assert _shown(published) == ["published reported", "published old"]
    talks = client.get("/moderate", params={"show": "rejected", "article": "talks"}).text
    assert "Queue (2)" in talks and _shown(talks) == ["rejected new", "rejected old"]
    # Only the buttons that change something: reinstate a rejected one, take a published one down.
    reinstate = _form(rejected.text, ids["rejected new"])
    assert 'value="approve"' in reinstate and 'value="reject"' not in reinstate
    take_down = _form(published, ids["published old"])
    assert 'value="reject"' in take_down and 'value="approve"' not in take_down
    assert 'value="approve"' in _form(published, ids["published reported"])
    with session_factory() as session:
        for show in ("rejected", "published"):
            part = QueuePart(show=show)
            listed = moderation.list_queue(session, part=part)
            assert moderation.count_queue(session, part) == len(listed)


def test_dashboard_decided_reinstate_and_take_down_with_expected_status(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, CASE)
    client = make_web_client(holding_engine)
    token = _login(client)
    rejected, published = ids["rejected old"], ids["published old"]
    url = "/moderate/comments/{}/decision?show={}"
    stale = client.post(
        url.format(rejected, "rejected"),
        data={"csrf_token": token, "action": "approve", "expected_status": "held"},
    )
    assert stale.status_code == 409 and _status(session_factory, rejected) is CommentStatus.REJECTED
    back = client.post(
        url.format(rejected, "rejected"),
        data={"csrf_token": token, "action": "approve", "expected_status": "rejected"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    assert back.headers["location"] == f"http://testserver/moderate?show=rejected&done={rejected}"
    assert _status(session_factory, rejected) is CommentStatus.PUBLISHED
    down = client.post(
        url.format(published, "published"),
        data={"csrf_token": token, "action": "reject", "expected_status": "published"},
    )
    assert down.status_code == 200 and "Queue (2)" in down.text
    assert _status(session_factory, published) is CommentStatus.REJECTED
    assert "published old" not in _shown(down.text)


def test_dashboard_decided_view_pages_and_a_decision_returns_to_it(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    rows = [(f"rejected {i}", CommentStatus.REJECTED, i, 0, "talks") for i in range(51)]
    ids = _case(session_factory, rows)
    client = make_web_client(holding_engine)
    token = _login(client)
    first = client.get("/moderate", params={"show": "rejected"}).text
    assert "Queue (51)" in first and "Page 1 of 2" in first and len(_shown(first)) == 50
    assert _shown(first)[0] == "rejected 50"
    assert 'href="http://testserver/moderate?show=rejected&amp;page=2" rel="next"' in first
    second = client.get("/moderate", params={"show": "rejected", "page": 2}).text
    assert _shown(second) == ["rejected 0"]
    action = re.findall(r'action="(/moderate/comments/\d+/decision[^"]*)"', second)[0]
    assert action == f"/moderate/comments/{ids['rejected 0']}/decision?show=rejected&amp;page=2"
    decided = client.post(
        action.replace("&amp;", "&"),
        data={"csrf_token": token, "action": "approve", "expected_status": "rejected"},
        follow_redirects=False,
    )
    location = decided.headers["location"]
    assert location == f"http://testserver/moderate?show=rejected&page=2&done={ids['rejected 0']}"
    emptied = client.get(location).text
    assert "Queue (50)" in emptied and len(_shown(emptied)) == 50
    assert f"Comment {ids['rejected 0']} published." in emptied


def test_dashboard_decision_confirms_and_undo_restores_the_status_before(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, CASE)
    held = ids["held"]
    client = make_web_client(holding_engine)
    token = _login(client)
    assert 'role="status"></div>' in client.get("/moderate").text  # empty until a decision
    decided = client.post(
        f"/moderate/comments/{held}/decision",
        data={"csrf_token": token, "action": "reject", "expected_status": "held"},
        follow_redirects=False,
    )
    assert decided.headers["location"] == f"http://testserver/moderate?done={held}"
    page = client.get(decided.headers["location"]).text
    assert f"<title>Comment {held} rejected · Queue (1)" in page
    status = page[page.index('role="status"') : page.index("</div>", page.index('role="status"'))]
    assert f"<span>Comment {held} rejected.</span>" in status
    undo = _form(status, held)
    assert 'name="expected_status" value="rejected"' in undo
    # Undo puts the comment back where it was: held, in the queue, not published.
    assert 'name="action" value="hold"' in undo and ">Undo</button>" in undo
    undone = client.post(
        f"/moderate/comments/{held}/decision",
        data={"csrf_token": token, "action": "hold", "expected_status": "rejected"},
    )
    assert _status(session_factory, held) is CommentStatus.HELD
    assert f"<span>Comment {held} held.</span>" in undone.text
    assert 'name="action" value="reject" class="link-button">Undo' in undone.text


def test_dashboard_undo_is_refused_when_another_moderator_moved_the_comment(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, CASE)
    held = ids["held"]
    mine, theirs = make_web_client(holding_engine), make_web_client(holding_engine)
    token, their_token = _login(mine), _login(theirs, "mo2")
    reject = {"csrf_token": token, "action": "reject", "expected_status": "held"}
    page = mine.post(f"/moderate/comments/{held}/decision", data=reject).text
    undo = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', _form(page, held)))
    assert undo == {
        "csrf_token": token,
        "expected_status": "rejected",
        "expected_review": undo["expected_review"],
        "action": "hold",
    }
    assert int(undo["expected_review"]) > 0
    theirs.post(
        f"/moderate/comments/{held}/decision",
        data={"csrf_token": their_token, "action": "approve", "expected_status": "rejected"},
    )
    refused = mine.post(f"/moderate/comments/{held}/decision", data=undo)
    assert refused.status_code == 409 and "is now published by mo2" in refused.text
    assert _status(session_factory, held) is CommentStatus.PUBLISHED
    # The old confirmation no longer holds: it is not shown again.
    assert f"Comment {held} rejected" not in mine.get(f"/moderate?done={held}").text


def test_dashboard_confirmation_only_shows_the_moderators_own_decision(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, CASE)
    client = make_web_client(holding_engine)
    _login(client)
    # Rejected by the system, never by this moderator: a crafted link claims nothing.
    crafted = client.get("/moderate", params={"done": ids["rejected old"]}).text
    assert "Undo" not in crafted and f"Comment {ids['rejected old']} rejected" not in crafted
    assert client.get("/moderate", params={"done": 999_999}).status_code == 200
    assert client.get("/moderate", params={"done": "<b>x</b>"}).status_code == 422
    assert client.get("/moderate", params={"done": 0}).status_code == 422


def test_dashboard_api_queue_lists_the_decided_parts(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _case(session_factory, CASE)
    client = make_web_client(holding_engine)
    assert client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD}).is_success
    rejected = client.get("/api/v1/moderation/queue", params={"show": "rejected", "limit": 2})
    assert rejected.headers["X-Total-Count"] == "3"
    assert [item["text"] for item in rejected.json()] == ["rejected new", "rejected budget"]
    published = client.get("/api/v1/moderation/queue", params={"show": "published"})
    assert published.headers["X-Total-Count"] == "2"
