"""The widget's own held comments: a token from the held post, sent back to list them."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, comments
from civility.store.models import Comment
from civility.web.security import Signer

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SITE = "https://news.example"
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # conftest's TEST_SECRET
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def _article(factory: sessionmaker[Session], title: str = "Budget day") -> str:
    with factory.begin() as session:
        return articles.add(session, title=title, body="Fuel taxes rise.", now=NOW).slug


def _post(client: Any, slug: str, text: str, **fields: Any) -> Any:
    body = {"author_name": "Amir", "text": text, **fields}
    return client.post(f"/api/v1/articles/{slug}/comments", json=body)


def _held(client: Any, slug: str, text: str) -> tuple[int, str]:
    """Post a comment the holding engine holds; its id and pending token."""
    answer = _post(client, slug, text)
    assert answer.status_code == 202, answer.text
    return answer.json()["id"], answer.json()["pending_token"]


def _list(client: Any, slug: str, pending: str | None = None) -> Any:
    params = {} if pending is None else {"pending": pending}
    return client.get(f"/api/v1/articles/{slug}/comments", params=params)


def _set_status(factory: sessionmaker[Session], comment_id: int, status: CommentStatus) -> None:
    with factory.begin() as session:
        comment = comments.get(session, comment_id)
        assert comment is not None
        comments.set_status(session, comment, status=status)


def test_embed_pending_token_only_for_held_posts(
    make_web_client: Any,
    holding_engine: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    comment_id, token = _held(client, slug, "What a stupid plan.")
    assert TOKEN_RE.match(token)
    assert token == Signer(SECRET, max_age_s=3600).pending_token(comment_id)

    published = _post(client, slug, "Fuel taxes will hurt farmers most.")
    assert published.status_code == 201 and published.json()["pending_token"] is None
    refused = _post(make_web_client(lexicon_engine), slug, "What a stupid plan, again.")
    assert refused.status_code == 403 and refused.json()["pending_token"] is None
    # Without the token, the held comment is nobody's to see.
    listed = _list(client, slug)
    assert [c["status"] for c in listed.json()] == ["published"]
    assert listed.json()[0]["pending_token"] is None


def test_embed_pending_token_is_the_secrets_own_for_this_purpose() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    assert signer.pending_token(5) == signer.pending_token(5)
    assert signer.pending_token(5) != signer.pending_token(6)
    assert signer.pending_token(5) != Signer(SECRET + "x", max_age_s=3600).pending_token(5)
    assert all(TOKEN_RE.match(signer.pending_token(i)) for i in (1, 2**31 - 1))


def test_embed_pending_listed_held_in_writing_order_and_not_cached(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine, allowed_origins=[SITE])
    slug = _article(session_factory)
    assert _post(client, slug, "First, a calm remark.").status_code == 201
    held_id, token = _held(client, slug, "Then a stupid one.")
    assert _post(client, slug, "Last, another calm remark.").status_code == 201

    plain = _list(client, slug)
    assert "Then a stupid one." not in plain.text
    assert "no-store" not in plain.headers.get("cache-control", "")

    mine = client.get(
        f"/api/v1/articles/{slug}/comments",
        params={"pending": f"{held_id}.{token}"},
        headers={"Origin": SITE},
    )
    assert mine.status_code == 200
    assert [(c["status"], "stupid" in c["html"]) for c in mine.json()] == [
        ("published", False),
        ("held", True),
        ("published", False),
    ]
    assert mine.json()[1]["id"] == held_id and mine.json()[1]["pending_token"] is None
    assert mine.headers["cache-control"] == "private, no-store"
    assert mine.headers["access-control-allow-origin"] == SITE  # the widget may read it


def test_embed_pending_shows_nothing_that_is_not_its_own(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    mine, token = _held(client, slug, "Mine: a stupid plan.")
    other, other_token = _held(client, slug, "Theirs: a stupid plan.")
    refused, refused_token = _held(client, slug, "Refused: a stupid plan.")
    _set_status(session_factory, refused, CommentStatus.REJECTED)
    elsewhere_slug = _article(session_factory, "Another story")
    elsewhere, elsewhere_token = _held(client, elsewhere_slug, "Elsewhere: a stupid plan.")
    published = _post(client, slug, "A calm remark.").json()["id"]
    signer = Signer(SECRET, max_age_s=3600)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for value in [
        f"{mine}.{flipped}",
        f"{mine}.{other_token}",
        f"{other}.{token}",
        f"{mine}.{token.lower()}",
        f"{mine}.{token[:-1]}",
        f"{mine}.{token}x",
        f"{mine}.{Signer('another-secret-key-0123456789', max_age_s=1).pending_token(mine)}",
        f"{refused}.{refused_token}",
        f"{elsewhere}.{elsewhere_token}",
        f"{published}.{signer.pending_token(published)}",
        "abc",
        "1.",
        ".x",
        f".{token}",
        f"{mine}",
        f"{mine}.",
        f"-{mine}.{token}",
        f"{mine} {token}",
        f"{mine}..{token}",
        f"{2**31}.{signer.pending_token(2**31)}",
        f"{10**40}.{token}",
        f"{'٣' * len(str(mine))}.{token}",  # digits, but not ASCII ones
        f"{mine}.{token[:-1]}é",
        "\u202e\ufeff\x00.\x00",
        "'; DROP TABLE comments; --",
        f"{mine}.{token}'; DROP TABLE comments; --",
        ",,,.,.,",
        "",
    ]:
        answer = _list(client, slug, value)
        assert answer.status_code == 200, value
        assert "stupid" not in answer.text, value
        assert "no-store" not in answer.headers.get("cache-control", ""), value
        assert [c["id"] for c in answer.json()] == [published], value
    with session_factory() as session:
        assert session.scalar(select(func.count(Comment.id))) == 5  # nothing dropped
    assert "Mine" in _list(client, slug, f"{mine}.{token}").text  # the genuine pair still works


def test_embed_pending_bounds_the_parameter(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    mine, token = _held(client, slug, "Mine: a stupid plan.")
    pair = f"{mine}.{token}"
    too_long = _list(client, slug, pair + "," + "x" * 10_000)
    assert too_long.status_code == 422 and "stupid" not in too_long.text
    # More than 20 pairs: the last 20 count, as the widget keeps its latest 20.
    junk = [f"{n}.{token}" for n in range(100, 124)]
    assert "Mine" not in _list(client, slug, ",".join([pair, *junk])).text
    shown = _list(client, slug, ",".join([*junk, pair]))
    assert shown.status_code == 200 and [c["id"] for c in shown.json()] == [mine]
    # Twenty of the longest pairs the widget can send fit.
    longest = ",".join([f"{2**31 - 1 - n}.{token}" for n in range(19)] + [pair])
    assert _list(client, slug, longest).json()[0]["id"] == mine


def test_embed_pending_approved_shows_once_as_a_normal_comment(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    first, first_token = _held(client, slug, "A stupid plan, first.")
    second, second_token = _held(client, slug, "A stupid plan, second.")
    pending = f"{first}.{first_token},{second}.{second_token}"
    assert [c["status"] for c in _list(client, slug, pending).json()] == ["held", "held"]
    _set_status(session_factory, first, CommentStatus.PUBLISHED)
    _set_status(session_factory, second, CommentStatus.REJECTED)
    answer = _list(client, slug, pending)
    assert [(c["id"], c["status"]) for c in answer.json()] == [(first, "published")]
    assert "no-store" not in answer.headers.get("cache-control", "")


def test_embed_pending_hostile_text_stays_data(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> stupid"
    answer = _post(client, slug, hostile, author_name="<b>Eve</b>")
    assert answer.status_code == 202
    pair = f"{answer.json()['id']}.{answer.json()['pending_token']}"
    listed = _list(client, slug, pair)
    assert listed.headers["content-type"] == "application/json"
    (held,) = listed.json()
    assert held["status"] == "held" and held["author_name"] == "<b>Eve</b>"  # a string to show
    assert "<script" not in held["html"] and "<img" not in held["html"]
    assert "&lt;script&gt;" in held["html"]


def test_embed_pending_read_in_one_query(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def queries(pending: str) -> int:
        statements.clear()
        event.listen(SqlEngine, "before_cursor_execute", count)
        try:
            assert _list(client, slug, pending).status_code == 200
        finally:
            event.remove(SqlEngine, "before_cursor_execute", count)
        return len(statements)

    pairs = ["{}.{}".format(*_held(client, slug, f"A stupid plan, {n}.")) for n in range(4)]
    with_one = queries(pairs[0])
    assert len(_list(client, slug, ",".join(pairs)).json()) == 4
    assert queries(",".join(pairs)) == with_one
