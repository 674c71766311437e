"""What readers see the same way everywhere: an "@Name:" reply names its parent once, on the
article page and in the widget; a comment's time reads the same on both, in UTC; the home
page puts a separator only between the parts an article has."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from test_embed_browser import publisher_site

from civility.commenting import NewComment, submit
from civility.store import articles
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
POSTED = datetime(2026, 11, 28, 18, 33, 34, tzinfo=UTC)
# What both the page and the widget show for POSTED.
SHOWN = "November 28, 2026, 18:33 UTC"
AT_REPLY = "@Nadia: Agreed, and the transfers should be indexed to inflation."


def _story(factory: sessionmaker[Session], engine: Any, url: str | None = None) -> tuple[str, int]:
    """An article with one published comment by Nadia, posted at POSTED."""
    with factory.begin() as session:
        article = articles.add(
            session, title="Budget day", body="Fuel subsidies are cut.", now=NOW, url=url
        )
        text = "Cutting the fuel subsidy will hit commuters hardest."
        comment, _ = submit(session, engine, NewComment(article.id, "Nadia", text), now=POSTED)
        return article.slug, comment.id


def _form_post(client: Any, slug: str, text: str, parent_id: str = "") -> Any:
    page = client.get(f"/articles/{slug}").text
    data = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": "Zara",
        "text": text,
        "parent_id": parent_id,
    }
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


def _comment_id(factory: sessionmaker[Session], text: str) -> tuple[int, int | None]:
    with factory() as session:
        comment = session.scalars(select(Comment).where(Comment.text == text)).one()
        return comment.id, comment.parent_id


def _comment_html(page: str, comment_id: int) -> str:
    """One comment's own markup on the article page, without its replies."""
    found = re.search(rf'<li class="comment[^"]*" id="c{comment_id}">(.*?)</article>', page, re.S)
    assert found is not None
    return found.group(1)


def _text(markup: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_reader_ux_an_at_name_reply_names_its_parent_once_on_the_page(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, nadia = _story(session_factory, lexicon_engine)
    assert _form_post(client, slug, AT_REPLY).status_code == 303
    reply, parent = _comment_id(session_factory, AT_REPLY)
    assert parent == nadia  # threaded under the comment it answers, which is shown
    # A Reply-button reply that does not name her keeps the linked "@Nadia".
    assert _form_post(client, slug, "Good point.", parent_id=str(nadia)).status_code == 303
    plain, _ = _comment_id(session_factory, "Good point.")

    page = client.get(f"/articles/{slug}").text
    at_reply = _comment_html(page, reply)
    assert 'class="reply-to"' not in at_reply
    assert _text(at_reply).count("@Nadia") == 1
    assert f'<p class="reply-to"><a href="#c{nadia}">@<bdi>Nadia</bdi></a></p>' in _comment_html(
        page, plain
    )


def test_reader_ux_a_comment_time_shows_the_hour_in_utc(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug, nadia = _story(session_factory, lexicon_engine)
    page = client.get(f"/articles/{slug}").text
    assert f'<time datetime="2026-11-28T18:33:34+00:00">{SHOWN}</time>' in _comment_html(
        page, nadia
    )


def test_reader_ux_home_separators_only_between_the_parts_there_are(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    day = datetime(2011, 10, 25, tzinfo=UTC)
    with session_factory.begin() as session:
        bare = articles.add(session, title="Bare", body="Text.", now=NOW)
        articles.add(session, title="Outlet only", body="Text.", now=NOW, outlet="The Daily")
        articles.add(session, title="Dated only", body="Text.", now=NOW, published_at=day)
        articles.add(
            session, title="Both", body="Text.", now=NOW, outlet="The Daily", published_at=day
        )
        submit(session, lexicon_engine, NewComment(bare.id, "Nadia", "A fair point."), now=NOW)
    page = make_web_client(lexicon_engine).get("/").text
    items = re.findall(
        r'<a href="/articles/[^"]+">([^<]+)</a>\s*<p class="meta">(.*?)</p>', page, re.S
    )
    metas = {title: _text(meta) for title, meta in items}
    assert metas == {
        "Bare": "1 comment",
        "Outlet only": "The Daily · 0 comments",
        "Dated only": "October 25, 2011 · 0 comments",
        "Both": "The Daily · October 25, 2011 · 0 comments",
    }


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_reader_ux_widget_names_an_at_reply_once_and_shows_the_page_s_time(
    browser: Any,
    settings: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    from civility.web.app import create_app

    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    slug, nadia = _story(session_factory, lexicon_engine, url=f"{publisher}/story.html")
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=lexicon_engine))

    # A reader far from UTC, in another language: the widget still writes the page's words.
    context = browser.new_context(timezone_id="America/Los_Angeles", locale="de-DE")
    page = context.new_page()
    page.goto(f"{publisher}/story.html")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")
    widget_time = page.locator(f"#civility-c{nadia} > .civility-meta time")
    expect(widget_time).to_have_text(SHOWN)

    form = page.locator("form.civility-form").last
    form.get_by_label("Name").fill("Zara")
    form.get_by_label("Your comment").fill(AT_REPLY)
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (2)")
    reply, parent = _comment_id(session_factory, AT_REPLY)
    assert parent == nadia
    item = page.locator(f"#civility-c{nadia} .civility-replies > #civility-c{reply}")
    expect(item.locator(".civility-body")).to_have_text(AT_REPLY)
    expect(item.locator(".civility-reply-to")).to_have_count(0)
    # The reply's time too, the moment it was posted: page and widget write the same text.
    times = [widget_time, item.locator(":scope > .civility-meta time")]
    widget_texts = [t.inner_text() for t in times]

    page.goto(f"{civility['base']}/articles/{slug}")
    site_times = [page.locator(f"#c{i} > article .comment-head time") for i in (nadia, reply)]
    assert [t.inner_text() for t in site_times] == widget_texts
    assert widget_texts[1].endswith(" UTC")
    assert site_times[0].get_attribute("datetime") == "2026-11-28T18:33:34+00:00"
    expect(page.locator(f"#c{reply} .reply-to")).to_have_count(0)
    context.close()
