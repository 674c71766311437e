"""One author's comments: every one they wrote, whatever its status, newest first (`author=ID`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from conftest import dashboard_login
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, comments, moderation, moderators
from civility.store.models import Comment
from civility.store.moderation import QueuePart

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
HOSTILE_NAME = '"><script>alert(1)</script>'


def _case(
    factory: sessionmaker[Session], engine: Any, *, name: str = "Rae", held: int = 2
) -> dict[str, int]:
    """Rae wrote a published, a reported, a rejected and `held` held comments, a minute apart,
    on two articles; Other wrote a held and a published one in between. Returns the ids: the
    authors' by name, and Rae's comments' by text."""
    with factory.begin() as session:
        talks = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        budget = articles.add(session, title="Budget", body="The budget.", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        ids: dict[str, int] = {}
        minute = iter(range(1000))

        def post(author: str, text: str, article: int = talks.id) -> Comment:
            new = NewComment(article, author, text, author_email=f"{len(author)}@example.com")
            at = NOW + timedelta(minutes=next(minute))
            comment, _ = submit(session, engine, new, now=at)
            ids[author] = comment.author_id
            return comment

        fine = post(name, "Good talks.")
        assert fine.status is CommentStatus.PUBLISHED
        post("Other", "stupid other")
        reported = post(name, "Fair budget.", budget.id)
        comments.add_report(session, reported)
        gone = post(name, "stupid gone")
        comments.set_status(session, gone, status=CommentStatus.REJECTED)
        post("Other", "Other is fine.")
        for i in range(held):
            assert post(name, f"stupid {i}").status is CommentStatus.HELD
        for comment in session.query(Comment).filter(Comment.author_id == ids[name]):
            ids[comment.text] = comment.id
    return ids


def _login(client: Any) -> str:
    return dashboard_login(client, "mo", PASSWORD)


def _shown(html: str) -> list[str]:
    """The texts of the queue items on a page, in order."""
    texts = re.findall(r'<p class="queue-text">(.*?)</p>', html)
    texts = [re.sub(r'<span class="visually-hidden">[^<]*</span>', "", text) for text in texts]
    return [re.sub(r"</?mark[^>]*>", "", text) for text in texts]


def test_author_part_is_all_their_comments_newest_first_or_one_kind_of_them(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    ids = _case(session_factory, holding_engine)
    rae = ids["Rae"]
    with session_factory() as session:
        budget = articles.get_by_slug(session, "budget")
        assert budget is not None
        parts = {
            "all": QueuePart(author_id=rae),
            "held": QueuePart(author_id=rae, show="held"),
            "reported": QueuePart(author_id=rae, show="reported"),
            "rejected": QueuePart(author_id=rae, show="rejected"),
            "published": QueuePart(author_id=rae, show="published"),
            "budget": QueuePart(author_id=rae, article_id=budget.id),
            "other": QueuePart(author_id=ids["Other"]),
        }
        listed = {
            name: [c.text for c in moderation.list_queue(session, part=part)]
            for name, part in parts.items()
        }
        counted = {name: moderation.count_queue(session, part) for name, part in parts.items()}
        # Every status, newest first; nobody else's.
        assert listed["all"] == [
            "stupid 1",
            "stupid 0",
            "stupid gone",
            "Fair budget.",
            "Good talks.",
        ]
        assert sorted(listed["held"]) == ["stupid 0", "stupid 1"]
        assert listed["reported"] == ["Fair budget."]
        assert listed["rejected"] == ["stupid gone"]
        assert listed["published"] == ["Fair budget.", "Good talks."]
        assert listed["budget"] == ["Fair budget."]
        assert listed["other"] == ["Other is fine.", "stupid other"]
        assert counted == {name: len(texts) for name, texts in listed.items()}
        # Without an author, the queue is what it was: held and reported, of everyone.
        assert moderation.count_queue(session, QueuePart()) == 4


def test_author_view_lists_their_comments_and_each_queue_item_links_to_it(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, holding_engine)
    rae, other = ids["Rae"], ids["Other"]
    client = make_web_client(holding_engine)
    _login(client)
    queue = client.get("/moderate").text
    links = re.findall(r'<a class="author-history" href="/moderate\?author=(\d+)">', queue)
    assert sorted(links) == sorted([str(rae)] * 3 + [str(other)])
    page = client.get("/moderate", params={"author": rae})
    assert page.status_code == 200
    html = page.text
    assert "<h1>Comments by <bdi>Rae</bdi> (5)</h1>" in html
    assert "<title>Comments by Rae (5) · " in html
    assert _shown(html) == ["stupid 1", "stupid 0", "stupid gone", "Fair budget.", "Good talks."]
    # The filter form keeps the author; the items' own record is no link to the same page.
    assert f'<input type="hidden" name="author" value="{rae}">' in html
    assert 'class="author-history" href' not in html
    held = client.get("/moderate", params={"author": rae, "show": "held"}).text
    assert "Comments by <bdi>Rae</bdi> (2)" in held
    assert sorted(_shown(held)) == ["stupid 0", "stupid 1"]
    rejected = client.get("/moderate", params={"author": rae, "show": "rejected"}).text
    assert _shown(rejected) == ["stupid gone"]


def test_author_view_pages_and_decisions_undo_and_bans_return_to_it(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, holding_engine, held=50)
    rae = ids["Rae"]
    client = make_web_client(holding_engine)
    token = _login(client)
    first = client.get("/moderate", params={"author": rae}).text
    assert "Comments by <bdi>Rae</bdi> (53)" in first and "Page 1 of 2" in first
    assert _shown(first)[:2] == ["stupid 49", "stupid 48"] and len(_shown(first)) == 50
    assert f'href="http://testserver/moderate?author={rae}&amp;page=2" rel="next"' in first
    second = client.get("/moderate", params={"author": rae, "page": 2}).text
    assert _shown(second) == ["stupid gone", "Fair budget.", "Good talks."]
    assert f'href="http://testserver/moderate?author={rae}" rel="prev"' in second
    # Take the published comment down from page 2: back to the same view, with Undo.
    gone = ids["Good talks."]
    action = f"/moderate/comments/{gone}/decision?author={rae}&amp;page=2"
    assert f'action="{action}"' in second
    decided = client.post(
        action.replace("&amp;", "&"),
        data={"csrf_token": token, "action": "reject", "expected_status": "published"},
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert decided.headers["location"] == (
        f"http://testserver/moderate?author={rae}&page=2&done={gone}"
    )
    after = client.get(decided.headers["location"]).text
    assert f"Comment {gone} rejected." in after and "Good talks." in _shown(after)
    undo = re.findall(r'action="(/moderate/comments/\d+/decision\?undo=[^"]+)"', after)
    assert len(undo) == 1 and undo[0].endswith(f"&amp;author={rae}&amp;page=2")
    undone = client.post(
        undo[0].replace("&amp;", "&"),
        data={"csrf_token": token, "action": "approve", "expected_status": "rejected"},
        follow_redirects=False,
    )
    assert undone.status_code == 303
    assert undone.headers["location"] == (
        f"http://testserver/moderate?author={rae}&page=2&done={gone}"
    )
    # Ban and reject from the author's view: back to it, where the rejections show.
    ban = re.findall(r'action="(/moderate/authors/\d+/trust[^"]*)"', first)[0]
    assert ban == f"/moderate/authors/{rae}/trust?author={rae}"
    banned = client.post(
        ban,
        data={"csrf_token": token, "level": "banned", "reject_comments": "true"},
        follow_redirects=False,
    )
    assert banned.status_code == 303
    assert banned.headers["location"] == (
        f"http://testserver/moderate?author={rae}&banned={rae}&rejected=52"
    )
    rejected = client.get(banned.headers["location"] + "&show=rejected").text
    assert "Comments by <bdi>Rae</bdi> (53)" in rejected


def test_queue_api_filters_by_author_with_a_total(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, holding_engine)
    rae = ids["Rae"]
    client = make_web_client(holding_engine)
    assert client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD}).is_success
    url = "/api/v1/moderation/queue"
    everything = client.get(url, params={"author": rae, "limit": 2, "offset": 1})
    assert everything.status_code == 200 and everything.headers["X-Total-Count"] == "5"
    assert [item["text"] for item in everything.json()] == ["stupid 0", "stupid gone"]
    assert {item["author_id"] for item in everything.json()} == {rae}
    reported = client.get(url, params={"author": rae, "show": "reported"})
    assert reported.headers["X-Total-Count"] == "1"
    assert [item["text"] for item in reported.json()] == ["Fair budget."]
    for garbage in ("abc", "0", "-1", str(2**31), "1e3", str(2**70)):
        assert client.get(url, params={"author": garbage}).status_code == 422, garbage
    assert client.get(url, params={"author": 999_999}).status_code == 404


def test_unknown_or_garbage_author_is_refused(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _case(session_factory, holding_engine)
    client = make_web_client(holding_engine)
    _login(client)
    assert client.get("/moderate", params={"author": 999_999}).status_code == 404
    for garbage in ("abc", "0", "-3", str(2**31), str(2**70), "<script>"):
        answer = client.get("/moderate", params={"author": garbage})
        assert answer.status_code == 422, garbage
        assert "<script>" not in answer.text


def test_hostile_author_name_is_escaped_in_the_heading(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    ids = _case(session_factory, holding_engine, name=HOSTILE_NAME)
    client = make_web_client(holding_engine)
    _login(client)
    html = client.get("/moderate", params={"author": ids[HOSTILE_NAME]}).text
    escaped = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<h1>Comments by <bdi>{escaped}</bdi> (5)</h1>" in html
    assert f"<title>Comments by {escaped} (5)" in html
    assert "<script>alert(1)" not in html


def test_author_view_runs_as_many_statements_for_fifty_comments_as_for_three(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    few = _case(session_factory, holding_engine, held=0)["Rae"]
    with session_factory.begin() as session:
        article = articles.get_by_slug(session, "talks")
        assert article is not None
        for i in range(50):
            new = NewComment(article.id, "Many", f"stupid {i}", author_email="m@example.com")
            submit(session, holding_engine, new, now=NOW + timedelta(hours=1, minutes=i))
        many = session.query(Comment.author_id).filter(Comment.text == "stupid 0").scalar()
    client = make_web_client(holding_engine)
    _login(client)
    bind = client.app.state.civility.sessions.kw["bind"]
    counts = {}
    for author, shown in ((few, 3), (many, 50)):
        tally = [0]

        def count(*_: Any, tally: list[int] = tally) -> None:
            tally[0] += 1

        event.listen(bind, "before_cursor_execute", count)
        try:
            html = client.get("/moderate", params={"author": author}).text
        finally:
            event.remove(bind, "before_cursor_execute", count)
        assert len(_shown(html)) == shown
        counts[shown] = tally[0]
    assert counts[3] == counts[50]
