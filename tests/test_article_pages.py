"""The article page in pages of threads: each thread whole, every `#cID` link on its page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import store_comments
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus
from civility.store import articles
from civility.store.models import Comment
from civility.web.threads import MAX_DEPTH, THREADS_PER_PAGE, ThreadPage

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SIZE = THREADS_PER_PAGE
NOTE = "Awaiting moderation — only you can see this."


def _article(factory: sessionmaker[Session], title: str = "Talks on the Haqqani network") -> str:
    with factory.begin() as session:
        return articles.add(session, title=title, body="Talks resume.", now=NOW).slug


def _shown(html: str) -> list[int]:
    """The ids of the comments on the page, in the page's order."""
    return [int(i) for i in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]


def _current(html: str) -> int | None:
    """The page the pager marks as this one (None: no pager)."""
    found = re.search(r'<a href="[^"]*" aria-label="Page (\d+)" aria-current="page">', html)
    return int(found.group(1)) if found else None


def _csrf(html: str) -> str:
    return re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]


def _form_post(client: Any, slug: str, page: str, **fields: str) -> Any:
    """Send the page's form: the new-comment one, or the reply form of `parent_id`."""
    html = client.get(page).text
    parent = fields.get("parent_id", "")
    form = re.search(
        rf'name="form_token" value="([^"]+)">\s*<input type="hidden" name="parent_id" '
        rf'value="{parent}">',
        html,
    )
    assert form is not None, f"no form for parent {parent!r} on {page}"
    data = {"csrf_token": _csrf(html), "form_token": form.group(1), "author_name": "Amir",
            "text": "A fair point about the talks.", **fields}  # fmt: skip
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


@pytest.fixture
def two_pages_and_more(session_factory: sessionmaker[Session]) -> tuple[str, list[int]]:
    """An article with SIZE * 2 + 5 top-level comments, no replies: three pages."""
    slug = _article(session_factory)
    return slug, store_comments(session_factory, slug, [None] * (SIZE * 2 + 5))


def test_article_pages_hold_fixed_numbers_of_threads_oldest_first_with_the_total_counted(
    make_web_client: Any, lexicon_engine: Any, two_pages_and_more: tuple[str, list[int]]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, ids = two_pages_and_more
    first = client.get(f"/articles/{slug}")
    assert first.status_code == 200
    assert _shown(first.text) == ids[:SIZE] and _current(first.text) == 1
    assert _shown(client.get(f"/articles/{slug}?page=1").text) == ids[:SIZE]
    second = client.get(f"/articles/{slug}?page=2").text
    assert _shown(second) == ids[SIZE : 2 * SIZE] and _current(second) == 2
    last = client.get(f"/articles/{slug}?page=3").text
    assert _shown(last) == ids[2 * SIZE :] and _current(last) == 3
    for html in (first.text, second, last):
        assert f"COMMENTS ({len(ids)})" in html  # every published comment, not the page's
        assert 'action="/articles/' in html  # the new-comment form is on every page
    # A page past the last (a link from before comments were taken down) shows the last one.
    assert _shown(client.get(f"/articles/{slug}?page=4").text) == ids[2 * SIZE :]
    assert _shown(client.get(f"/articles/{slug}?page=100000").text) == ids[2 * SIZE :]


def test_article_pages_boundary_exactly_full_pages_has_no_empty_page(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    ids = store_comments(session_factory, slug, [None] * SIZE)
    html = client.get(f"/articles/{slug}").text
    assert _shown(html) == ids and 'aria-label="Comment pages"' not in html
    more = store_comments(session_factory, slug, [None], start=SIZE)
    html = client.get(f"/articles/{slug}").text
    assert _shown(html) == ids and 'aria-label="Comment pages"' in html
    assert _shown(client.get(f"/articles/{slug}?page=2").text) == more
    assert f"COMMENTS ({SIZE + 1})" in html


def test_article_pages_never_split_a_thread_however_deep_or_late_its_replies(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    tops = store_comments(session_factory, slug, [None] * (SIZE + 3))
    # The page's last thread answered three deep, after every other thread was written.
    late = SIZE + 10
    (reply,) = store_comments(session_factory, slug, [tops[SIZE - 1]], start=late)
    (deeper,) = store_comments(session_factory, slug, [reply], start=late + 1)
    (deepest,) = store_comments(session_factory, slug, [deeper], start=late + 2)
    # A reply to a rejected comment stands on its own (build_threads): a thread of its own.
    (gone,) = store_comments(session_factory, slug, [None], status="rejected", start=late + 3)
    (orphan,) = store_comments(session_factory, slug, [gone], start=late + 4)
    (held,) = store_comments(session_factory, slug, [tops[0]], status="held", start=late + 5)

    first = client.get(f"/articles/{slug}").text
    assert _shown(first) == [*tops[: SIZE - 1], tops[SIZE - 1], reply, deeper, deepest]
    nested = re.search(rf'id="c{reply}".*?<ol class="replies">.*?id="c{deeper}"', first, re.S)
    assert nested is not None
    second = client.get(f"/articles/{slug}?page=2").text
    assert _shown(second) == [*tops[SIZE:], orphan]
    assert f"c{held}" not in first + second  # nobody's held comment, on any page
    assert f"COMMENTS ({SIZE + 3 + 3 + 1})" in second


def test_article_pages_link_previous_next_and_numbers_in_a_labelled_nav(
    make_web_client: Any, lexicon_engine: Any, two_pages_and_more: tuple[str, list[int]]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, _ = two_pages_and_more
    html = client.get(f"/articles/{slug}?page=2").text
    nav = re.search(r'<nav class="pager" aria-label="Comment pages">(.*?)</nav>', html, re.S)
    assert nav is not None
    links = re.findall(r'<a href="([^"]+)"', nav.group(1))
    base = f"/articles/{slug}"
    assert links == [
        f"{base}#comments-title",  # previous: the first page, linked without ?page=
        f"{base}#comments-title",
        f"{base}?page=2#comments-title",
        f"{base}?page=3#comments-title",
        f"{base}?page=3#comments-title",  # next
    ]
    assert 'rel="prev">Previous page</a>' in nav.group(1)
    assert 'rel="next">Next page</a>' in nav.group(1)
    assert "comments, page 2 of 3" in html  # the title says which page, for screen readers
    first = client.get(base).text
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = client.get(f"{base}?page=3").text
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_article_pages_numbers_leave_out_long_runs() -> None:
    def numbers(page: int, pages: int) -> list[int | None]:
        return ThreadPage([], set(), page, pages).numbers

    assert numbers(1, 1) == [1]
    assert numbers(1, 3) == [1, 2, 3]
    assert numbers(1, 40) == [1, 2, 3, None, 40]
    assert numbers(20, 40) == [1, None, 18, 19, 20, 21, 22, None, 40]
    assert numbers(4, 40) == [1, 2, 3, 4, 5, 6, None, 40]
    assert numbers(40, 40) == [1, None, 38, 39, 40]


@pytest.mark.parametrize("value", ["0", "-1", "abc", str(10**30), "1e3", "", "1.5", "100001"])
def test_article_pages_hostile_page_values_are_refused_clearly(
    make_web_client: Any,
    lexicon_engine: Any,
    two_pages_and_more: tuple[str, list[int]],
    value: str,
) -> None:
    client = make_web_client(lexicon_engine)
    slug, _ = two_pages_and_more
    answer = client.get(f"/articles/{slug}", params={"page": value})
    # As the moderator queue's ?page=: a 422 page in the readers' layout, saying what is wrong.
    assert answer.status_code == 422
    assert "text/html" in answer.headers["content-type"]
    assert "Something is wrong with this request" in answer.text and "page" in answer.text
    assert "Traceback" not in answer.text


def test_article_pages_posted_comment_and_reply_land_on_their_page(
    make_web_client: Any, lexicon_engine: Any, two_pages_and_more: tuple[str, list[int]]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, ids = two_pages_and_more
    answer = _form_post(client, slug, f"/articles/{slug}")
    assert answer.status_code == 303
    location = answer.headers["location"]
    new_id = int(location.rsplit("#c", 1)[1])
    page = client.get(location).text  # a new thread: the end of the last page
    assert _shown(page)[-1] == new_id and _current(page) == 3
    assert "Your comment is published." in page
    # A reply to a thread on the first page, sent from there.
    reply = _form_post(client, slug, f"/articles/{slug}", parent_id=str(ids[1]))
    assert reply.status_code == 303
    reply_id = int(reply.headers["location"].rsplit("#c", 1)[1])
    page = client.get(reply.headers["location"]).text
    assert _current(page) == 1 and reply_id in _shown(page)
    assert "Your comment is published." in page
    # A reply on the second page lands there too, under its parent.
    parent = ids[SIZE + 3]
    reply = _form_post(client, slug, f"/articles/{slug}?page=2", parent_id=str(parent))
    page = client.get(reply.headers["location"]).text
    reply_id = int(reply.headers["location"].rsplit("#c", 1)[1])
    assert _current(page) == 2
    assert re.search(rf'id="c{parent}".*?<ol class="replies">\s*<li[^>]* id="c{reply_id}"',
                     page, re.S)  # fmt: skip
    # An explicit ?page= wins over the comment the link is about.
    assert _current(client.get(f"/articles/{slug}?page=1&posted={reply_id}").text) == 1


def test_article_pages_comment_link_and_report_land_on_the_page_holding_it(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    two_pages_and_more: tuple[str, list[int]],
) -> None:
    client = make_web_client(lexicon_engine)
    slug, ids = two_pages_and_more
    target = ids[2 * SIZE + 1]
    html = client.get(f"/articles/{slug}?comment={target}").text
    assert _current(html) == 3 and target in _shown(html)
    data = {"csrf_token": _csrf(client.get(f"/articles/{slug}").text)}
    answer = client.post(f"/comments/{target}/report", data=data, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith(f"#c{target}")
    page = client.get(answer.headers["location"]).text
    assert _current(page) == 3 and target in _shown(page)
    item = re.search(rf'id="c{target}".*?</article>', page, re.S)
    assert item is not None and "a moderator will look at this comment" in item.group(0)
    # A comment of another article, or none at all: the first page, nothing else given away.
    other = _article(session_factory, "Another story")
    for bad in (str(ids[0] + 10**6), "abc", "-3", ""):
        assert _current(client.get(f"/articles/{slug}?comment={bad}").text) == 1
    assert _current(client.get(f"/articles/{other}?comment={target}").text) is None


def test_article_pages_held_comments_show_where_their_thread_is_to_their_poster_only(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    two_pages_and_more: tuple[str, list[int]],
) -> None:
    poster = make_web_client(holding_engine)
    slug, ids = two_pages_and_more
    held_top = _form_post(poster, slug, f"/articles/{slug}", text="What a stupid plan.")
    assert held_top.status_code == 202
    parent = ids[SIZE + 1]
    held_reply = _form_post(
        poster, slug, f"/articles/{slug}?page=2", parent_id=str(parent), text="A stupid reply."
    )
    assert held_reply.status_code == 202
    with session_factory() as session:
        held = select(Comment.id).where(Comment.status == CommentStatus.HELD)
        top_id, reply_id = session.scalars(held.order_by(Comment.id))
    pages = [poster.get(f"/articles/{slug}?page={n}").text for n in (1, 2, 3)]
    assert [NOTE in html for html in pages] == [False, True, True]
    # The held reply under its parent on the second page; the top-level one ends the last.
    assert re.search(rf'id="c{parent}".*?<ol class="replies">\s*<li[^>]* id="c{reply_id}"',
                     pages[1], re.S)  # fmt: skip
    assert _shown(pages[2])[-1] == top_id and top_id not in _shown(pages[1])
    # Links to them find their pages, the ones on the page that says the reply waits too.
    assert f'href="/articles/{slug}?comment={reply_id}#c{reply_id}"' in held_reply.text
    assert _current(poster.get(f"/articles/{slug}?comment={reply_id}").text) == 2
    assert _current(poster.get(f"/articles/{slug}?comment={top_id}").text) == 3
    # Nobody else sees them, on any page, nor learns their page from a link.
    stranger = make_web_client(holding_engine)
    for n in (1, 2, 3):
        assert NOTE not in stranger.get(f"/articles/{slug}?page={n}").text
    for held in (top_id, reply_id):
        html = stranger.get(f"/articles/{slug}?comment={held}").text
        assert _current(html) == 1 and held not in _shown(html)
    assert all(f"COMMENTS ({len(ids)})" in html for html in pages)


def test_article_pages_refused_reply_reshows_its_parents_page_with_the_form_open(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    two_pages_and_more: tuple[str, list[int]],
) -> None:
    client = make_web_client(lexicon_engine)
    slug, ids = two_pages_and_more
    parent = ids[SIZE + 7]
    answer = _form_post(client, slug, f"/articles/{slug}?page=2", parent_id=str(parent), text=" ")
    assert answer.status_code == 422
    html = answer.text
    assert _current(html) == 2 and parent in _shown(html)
    assert f'id="errors-{parent}"' in html and 'id="errors-new"' not in html
    item = re.search(rf'id="c{parent}".*?</details>', html, re.S)
    assert item is not None and "<details open>" in item.group(0)
    # A refused new comment: the last page, where it would have landed, its text kept.
    answer = _form_post(client, slug, f"/articles/{slug}", text="x" * 6000)
    assert answer.status_code == 413
    assert _current(answer.text) == 3 and 'id="errors-new"' in answer.text
    # A reply to a comment not on this article: the last page, the errors in the main form.
    other = _article(session_factory, "Another story")
    (elsewhere,) = store_comments(session_factory, other, [None])
    data = {"csrf_token": _csrf(html), "author_name": "Amir", "text": " ",
            "parent_id": str(elsewhere)}  # fmt: skip
    answer = client.post(f"/articles/{slug}/comments", data=data)
    assert answer.status_code == 422
    assert _current(answer.text) == 3 and 'id="errors-new"' in answer.text


def test_article_pages_render_one_page_of_a_big_article_not_all_of_it(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    tops = store_comments(session_factory, slug, [None] * (SIZE * 6))
    store_comments(session_factory, slug, tops, start=SIZE * 6)  # one reply to each thread
    html = client.get(f"/articles/{slug}?page=4").text
    assert len(_shown(html)) == SIZE * 2  # 50 threads of two comments
    assert html.count('name="form_token"') == SIZE * 2 + 1  # the reply forms and the new one
    assert f"COMMENTS ({SIZE * 12})" in html


def test_article_pages_a_chain_of_replies_hundreds_deep_renders_within_the_depth(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    slug = _article(session_factory)
    ids: list[int] = []
    for n in range(300):  # each a reply to the one before: the page failed at about 250
        ids += store_comments(session_factory, slug, [ids[-1] if ids else None], start=n)
    answer = make_web_client(lexicon_engine).get(f"/articles/{slug}")
    assert answer.status_code == 200
    assert _shown(answer.text) == ids  # one thread, every comment, in writing order
    depth = deepest = 0
    for tag in re.findall(r'<ol class="replies">|</ol>', answer.text):
        depth += 1 if tag != "</ol>" else -1
        deepest = max(deepest, depth)
    assert deepest == MAX_DEPTH


@pytest.mark.parametrize("name", ["comment", "posted", "reported"])
def test_article_pages_ids_beyond_any_row_name_nothing(
    make_web_client: Any,
    lexicon_engine: Any,
    two_pages_and_more: tuple[str, list[int]],
    name: str,
) -> None:
    slug, _ = two_pages_and_more
    client = make_web_client(lexicon_engine)
    for value in (str(2**31 - 1), str(2**31), str(10**11 - 1)):
        answer = client.get(f"/articles/{slug}?{name}={value}")
        assert answer.status_code == 200 and _current(answer.text) == 1, value


def test_article_pages_refused_reply_to_an_id_beyond_any_row_is_a_form_error(
    make_web_client: Any, lexicon_engine: Any, two_pages_and_more: tuple[str, list[int]]
) -> None:
    slug, _ = two_pages_and_more
    client = make_web_client(lexicon_engine)
    html = client.get(f"/articles/{slug}").text
    data = {"csrf_token": _csrf(html), "author_name": "Amir", "text": "", "parent_id": str(2**31)}
    answer = client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)
    assert answer.status_code == 422


def test_article_pages_the_first_link_target_the_reader_can_see_chooses_the_page(
    make_web_client: Any, lexicon_engine: Any, two_pages_and_more: tuple[str, list[int]]
) -> None:
    slug, ids = two_pages_and_more
    client = make_web_client(lexicon_engine)
    target = ids[2 * SIZE + 1]
    for query in (f"comment={ids[0] + 10**6}&reported={target}", f"comment=0&posted={target}"):
        assert _current(client.get(f"/articles/{slug}?{query}").text) == 3, query
