"""The poster's own held comments: shown to their browser alone, marked awaiting moderation."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import URLSafeSerializer
from sqlalchemy import event, select
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles, comments
from civility.store.models import Comment
from civility.web.security import PENDING_COOKIE, PENDING_MAX_AGE_S, Signer

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NOTE = "Awaiting moderation — only you can see this."
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # conftest's TEST_SECRET


def _article(factory: sessionmaker[Session], title: str = "Talks on the Haqqani network") -> str:
    with factory.begin() as session:
        return articles.add(session, title=title, body="Talks resume.", now=NOW).slug


def _post(client: Any, slug: str, text: str, **fields: str) -> Any:
    page = client.get(f"/articles/{slug}").text
    data = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": "Amir",
        "text": text,
        **fields,
    }
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


def _ids(factory: sessionmaker[Session]) -> list[int]:
    with factory() as session:
        return list(session.scalars(select(Comment.id).order_by(Comment.id)))


def _set_status(factory: sessionmaker[Session], comment_id: int, status: CommentStatus) -> None:
    with factory.begin() as session:
        comment = comments.get(session, comment_id)
        assert comment is not None
        comments.set_status(session, comment, status=status)


def test_pending_own_held_comment_shows_to_its_poster_only(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    posted = _post(poster, slug, "What a stupid plan.")
    assert posted.status_code == 202
    assert "no need to post it again" in posted.text
    page = poster.get(f"/articles/{slug}")
    assert page.status_code == 200
    assert NOTE in page.text and "What a stupid plan." in page.text
    assert "COMMENTS (0)" in page.text  # the count is what everyone sees
    assert page.headers["cache-control"] == "private, no-store"
    (comment_id,) = _ids(session_factory)
    item = re.search(
        rf'<li class="comment is-pending" id="c{comment_id}">.*?</li>', page.text, re.S
    )
    assert item is not None
    assert "/report" not in item.group(0) and "Reply" not in item.group(0)  # nothing to act on

    stranger = make_web_client(holding_engine)
    other = stranger.get(f"/articles/{slug}")
    assert "What a stupid plan." not in other.text and NOTE not in other.text
    assert "no-store" not in other.headers.get("cache-control", "")
    # Another article, with the poster's own cookie: only the article it was posted under.
    elsewhere = _article(session_factory, "Another story")
    assert "What a stupid plan." not in poster.get(f"/articles/{elsewhere}").text


def test_pending_forged_or_tampered_cookie_shows_nothing_and_is_dropped(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    _post(poster, slug, "What a stupid plan.")
    (comment_id,) = _ids(session_factory)
    genuine = poster.cookies[PENDING_COOKIE]
    forged_elsewhere = URLSafeSerializer("another-secret", salt="civility.pending")
    # Another purpose's signature with the right secret does not pass either.
    csrf_signed = URLSafeSerializer(SECRET, salt="civility.csrf")
    stamp = int(NOW.timestamp()) + 10**8
    for value in [
        genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"),
        genuine.replace(".", "x", 1),
        f"[1,[{comment_id}]]",
        forged_elsewhere.dumps([stamp, [comment_id]]),
        csrf_signed.dumps([stamp, [comment_id]]),
        "%%%not-a-cookie",
        "",
    ]:
        stranger = make_web_client(holding_engine)
        stranger.cookies.set(PENDING_COOKIE, value)
        page = stranger.get(f"/articles/{slug}")
        assert page.status_code == 200, value
        assert "What a stupid plan." not in page.text and NOTE not in page.text, value
        if value:
            dropped = page.headers.get("set-cookie", "")
            assert dropped.startswith(f"{PENDING_COOKIE}=") and "Max-Age=0" in dropped, value


def test_pending_signed_values_of_the_wrong_shape_are_refused() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    serializer = URLSafeSerializer(SECRET, salt="civility.pending")
    stamp = int(NOW.timestamp())
    for payload in [
        [stamp, ["1"]],
        [stamp, [1.5]],
        [stamp, [True]],
        [stamp, [0]],
        [stamp, 1],
        [str(stamp), [1]],
        {"ids": [1]},
        [stamp],
    ]:
        assert signer.load_pending(serializer.dumps(payload), now=NOW) is None, payload
    assert signer.load_pending(None, now=NOW) is None


def test_pending_list_keeps_the_latest_twenty_for_a_week() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    value = signer.dump_pending(list(range(1, 26)), now=NOW)
    assert signer.load_pending(value, now=NOW) == list(range(6, 26))
    week = timedelta(seconds=PENDING_MAX_AGE_S)
    assert signer.load_pending(value, now=NOW + week) == list(range(6, 26))
    assert signer.load_pending(value, now=NOW + week + timedelta(seconds=1)) is None


def test_pending_approved_shows_once_as_a_normal_comment_and_rejected_goes(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    _post(poster, slug, "A stupid plan, first.")
    _post(poster, slug, "A stupid plan, second.")
    first, second = _ids(session_factory)
    page = poster.get(f"/articles/{slug}").text
    assert page.count(NOTE) == 2
    _set_status(session_factory, first, CommentStatus.PUBLISHED)
    _set_status(session_factory, second, CommentStatus.REJECTED)
    page = poster.get(f"/articles/{slug}").text
    assert NOTE not in page and "is-pending" not in page
    assert page.count("A stupid plan, first.") == 1 and "COMMENTS (1)" in page
    assert f'<li class="comment" id="c{first}">' in page
    assert f'action="/comments/{first}/report"' in page  # a normal comment: it can be reported
    assert "A stupid plan, second." not in page  # rejected: no trace, as for everyone


def test_pending_reply_sits_under_its_parent(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    assert _post(poster, slug, "A calm opening.").status_code == 303
    (parent,) = _ids(session_factory)
    assert _post(poster, slug, "A stupid reply.", parent_id=str(parent)).status_code == 202
    page = poster.get(f"/articles/{slug}").text
    nested = re.search(rf'id="c{parent}".*?<ol class="replies">(.*?)</ol>', page, re.S)
    assert nested is not None and NOTE in nested.group(1) and "A stupid reply." in nested.group(1)


def test_pending_hostile_text_stays_escaped(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> stupid"
    assert _post(poster, slug, hostile, author_name="<b>Eve</b>").status_code == 202
    page = poster.get(f"/articles/{slug}").text
    assert NOTE in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Eve" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;Eve&lt;/b&gt;" in page


def test_pending_expired_cookie_shows_nothing(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    _post(poster, slug, "What a stupid plan.")
    ctx = poster.app.state.civility
    later = NOW.replace(year=2100)
    poster.app.state.civility = replace(ctx, clock=lambda: later)
    page = poster.get(f"/articles/{slug}")
    assert page.status_code == 200 and NOTE not in page.text


def test_pending_page_reads_them_in_one_query(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(holding_engine)
    slug = _article(session_factory)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def page_queries() -> int:
        statements.clear()
        event.listen(SqlEngine, "before_cursor_execute", count)
        try:
            assert poster.get(f"/articles/{slug}").status_code == 200
        finally:
            event.remove(SqlEngine, "before_cursor_execute", count)
        return len(statements)

    _post(poster, slug, "A stupid plan, one.")
    with_one = page_queries()
    for n in ("two", "three", "four"):
        _post(poster, slug, f"A stupid plan, {n}.")
    assert poster.get(f"/articles/{slug}").text.count(NOTE) == 4
    assert page_queries() == with_one
