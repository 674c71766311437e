"""The queue in parts: one article's comments, held or reported ones, 50 a page, with a total."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, comments, moderation, moderators
from civility.store.models import Comment
from civility.store.moderation import QueuePart

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _case(factory: sessionmaker[Session], engine: Any, *, held_on_budget: int = 3) -> None:
    """Held comments on two articles, and a reported published one on the second."""
    with factory.begin() as session:
        budget = articles.add(session, title="Budget <b>cuts</b>", body="The budget.", now=NOW)
        talks = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        for i in range(held_on_budget):
            submit(session, engine, NewComment(budget.id, f"R{i}", f"stupid budget {i}"), now=NOW)
        submit(session, engine, NewComment(talks.id, "T", "stupid talks"), now=NOW)
        fine, _ = submit(session, engine, NewComment(talks.id, "U", "Good talks."), now=NOW)
        assert fine.status is CommentStatus.PUBLISHED
        comments.add_report(session, fine)


def _login(client: Any) -> str:
    return dashboard_login(client, "mo", PASSWORD)


def _shown(html: str) -> list[str]:
    """The texts of the queue items on a page, in order."""
    texts = re.findall(r'<p class="queue-text">(.*?)</p>', html)
    # Without the marks and the score names read out after them.
    texts = [re.sub(r'<span class="visually-hidden">[^<]*</span>', "", text) for text in texts]
    return [re.sub(r"</?mark[^>]*>", "", text) for text in texts]


def test_queue_parts_count_and_list_the_same_comments(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    _case(session_factory, holding_engine)
    with session_factory() as session:
        talks = articles.get_by_slug(session, "talks")
        assert talks is not None
        parts = {
            "whole": QueuePart(),
            "held": QueuePart(show="held"),
            "reported": QueuePart(show="reported"),
            "talks": QueuePart(article_id=talks.id),
            "talks held": QueuePart(article_id=talks.id, show="held"),
        }
        listed = {
            name: sorted(c.text for c in moderation.list_queue(session, part=part))
            for name, part in parts.items()
        }
        counted = {name: moderation.count_queue(session, part) for name, part in parts.items()}
        assert listed["reported"] == ["Good talks."]
        assert listed["talks"] == ["Good talks.", "stupid talks"]
        assert listed["talks held"] == ["stupid talks"]
        assert len(listed["whole"]) == 5 and len(listed["held"]) == 4
        assert counted == {name: len(texts) for name, texts in listed.items()}
        assert moderation.articles_waiting(session) == [
            ("budget-b-cuts-b", "Budget <b>cuts</b>", 3),
            ("talks", "Talks", 2),
        ]


def test_queue_page_filters_by_article_and_kind_and_escapes_titles(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _case(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    _login(client)
    whole = client.get("/moderate").text
    assert "Queue (5)" in whole and "1\u20135 of 5" in whole
    assert '<option value="budget-b-cuts-b">Budget &lt;b&gt;cuts&lt;/b&gt; (3)</option>' in whole
    talks = client.get("/moderate", params={"article": "talks"}).text
    assert "Queue (2)" in talks and sorted(_shown(talks)) == ["Good talks.", "stupid talks"]
    assert '<option value="talks" selected>' in talks
    reported = client.get("/moderate", params={"show": "reported"}).text
    assert _shown(reported) == ["Good talks."]
    assert client.get("/moderate", params={"article": "nowhere"}).status_code == 404
    assert client.get("/moderate", params={"show": "everything"}).status_code == 422
    assert client.get("/moderate", params={"page": "0"}).status_code == 422
    hostile = client.get("/moderate", params={"article": '"><script>alert(1)</script>'})
    assert hostile.status_code == 404 and "<script>alert(1)" not in hostile.text


def test_queue_pages_hold_fifty_and_a_decision_returns_to_the_same_view(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _case(session_factory, holding_engine, held_on_budget=51)
    client = make_web_client(holding_engine)
    token = _login(client)
    first = client.get("/moderate", params={"article": "budget-b-cuts-b"}).text
    assert "Queue (51)" in first and len(_shown(first)) == 50 and "Page 1 of 2" in first
    assert (
        'href="http://testserver/moderate?article=budget-b-cuts-b&amp;page=2" rel="next"' in first
    )
    second = client.get("/moderate", params={"article": "budget-b-cuts-b", "page": 2}).text
    assert len(_shown(second)) == 1 and "51\u201351 of 51" in second
    action = re.findall(r'action="(/moderate/comments/\d+/decision[^"]*)"', second)[0]
    assert action.endswith("?article=budget-b-cuts-b&amp;page=2")
    decided = client.post(
        action.replace("&amp;", "&"),
        data={"csrf_token": token, "action": "approve", "expected_status": "held"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    done = re.findall(r"/comments/(\d+)/", action)[0]
    assert decided.headers["location"] == (
        f"http://testserver/moderate?article=budget-b-cuts-b&page=2&done={done}"
    )
    # That page is empty now: it shows the last page with comments instead.
    emptied = client.get(decided.headers["location"]).text
    assert "Queue (50)" in emptied and len(_shown(emptied)) == 50 and "Page 1 of 1" not in emptied


def test_queue_api_pages_filters_and_counts(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _case(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    assert client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD}).is_success
    url = "/api/v1/moderation/queue"
    whole = client.get(url, params={"limit": 2, "offset": 1})
    assert whole.headers["X-Total-Count"] == "5" and len(whole.json()) == 2
    talks = client.get(url, params={"article": "talks", "show": "held"})
    assert talks.headers["X-Total-Count"] == "1"
    assert [item["text"] for item in talks.json()] == ["stupid talks"]
    assert client.get(url, params={"article": "nowhere"}).status_code == 404
    assert client.get(url, params={"show": "all of it"}).status_code == 422
    assert client.get(url, params={"offset": -1}).status_code == 422
    with session_factory() as session:
        assert session.query(Comment).count() == 5


def test_queue_shows_each_authors_record_across_their_comments(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        ids = []
        for text in ("Good talks.", "stupid one", "stupid two", "stupid three"):
            new = NewComment(article.id, "Rae", text, author_email="rae@example.com")
            ids.append(submit(session, holding_engine, new, now=NOW)[0].id)
        submit(session, holding_engine, NewComment(article.id, "Other", "stupid too"), now=NOW)
        for comment_id in ids[1:3]:
            comment = session.get(Comment, comment_id)
            assert comment is not None
            comments.set_status(session, comment, status=CommentStatus.REJECTED)
    client = make_web_client(holding_engine)
    _login(client)
    html = client.get("/moderate").text
    assert html.count("1 published, 1 held, 2 rejected") == 1
    assert html.count("0 published, 1 held, 0 rejected") == 1
    queue = client.get("/api/v1/moderation/queue").json()
    records = {item["author_name"]: item["author_history"] for item in queue}
    assert records == {
        "Rae": {"published": 1, "held": 1, "rejected": 2},
        "Other": {"published": 0, "held": 1, "rejected": 0},
    }


def test_queue_filter_names_a_chosen_article_beyond_the_lists_hundred(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        for i in range(101):
            article = articles.add(session, title=f"Story {i:03}", body="Body.", now=NOW)
            for _ in range(2 if i < 100 else 1):
                submit(session, holding_engine, NewComment(article.id, "R", "stupid"), now=NOW)
    client = make_web_client(holding_engine)
    _login(client)
    page = client.get("/moderate", params={"article": "story-100"}).text
    assert "Queue (1)" in page
    assert '<option value="story-100" selected>Story 100 (1)</option>' in page
