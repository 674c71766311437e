"""The embed widget in headless Chromium, on a page served from another origin."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import store_comments
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from civility.config import Settings
from civility.passwords import hash_password
from civility.store import articles, moderators
from civility.store.models import Comment
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


def publisher_site(civility: dict[str, str]) -> Starlette:
    """A news site of its own origin whose story page embeds the widget with one tag."""

    def story(request: Request) -> HTMLResponse:
        page_url = f"{request.base_url}story.html"
        return HTMLResponse(
            "<!doctype html><html lang=en><head><title>Story</title></head><body>"
            "<h1>Budget day</h1><p>The budget raises fuel taxes.</p>"
            f'<script src="{civility["base"]}/embed.js" data-article-url="{page_url}" async>'
            "</script></body></html>"
        )

    return Starlette(routes=[Route("/story.html", story)])


def test_embed_browser_post_from_another_origin(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    with session_factory.begin() as session:
        article = articles.add(
            session, title="Budget day", body="Fuel taxes rise.", now=NOW,
            url=f"{publisher}/story.html",
        )  # fmt: skip
        slug = article.slug
        moderators.create(
            session, username="mo", password_hash=hash_password("embed-pass-1"), now=NOW
        )
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=holding_engine))

    page = browser.new_page()
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((publisher, civility["base"])) else None
        ),
    )
    page.goto(f"{publisher}/story.html")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")

    form = page.locator("form.civility-form").first
    form.get_by_label("Name").fill("Embedded Reader")
    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers most.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")
    expect(page.locator(".civility-flash")).to_have_text("Your comment is published.")

    # Reply from the keyboard: Enter on the Reply button moves focus into the reply form.
    reply = page.get_by_role("button", name="Reply to Embedded Reader", exact=True)
    reply.focus()
    page.keyboard.press("Enter")
    expect(reply).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(reply).to_have_attribute("aria-expanded", "false")
    expect(reply).to_be_focused()
    page.keyboard.press("Enter")
    expect(reply).to_have_attribute("aria-expanded", "true")
    page.keyboard.type("Second Reader")
    page.get_by_label("Your reply").fill("You idiot, farmers get subsidies.")
    page.get_by_role("button", name="Post reply to Embedded Reader").click()
    expect(page.locator(".civility-form-status").first).to_contain_text(
        "Your comment is awaiting moderation"
    )
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")

    page.goto(f"{civility['base']}/articles/{slug}")
    expect(page.locator("#comments-title")).to_have_text("COMMENTS (1)")
    expect(page.get_by_text("Fuel taxes will hurt farmers most.")).to_be_visible()

    page.goto(f"{civility['base']}/moderate/login")
    page.get_by_label("Username").fill("mo")
    page.get_by_label("Password").fill("embed-pass-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (1)")
    expect(page.locator(".queue-item").first).to_contain_text("farmers get subsidies")
    assert outside == []


def test_embed_browser_a_key_spent_on_an_earlier_version_is_renewed(
    browser: Any,
    settings: Settings,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    # The first post is stored but its answer is lost, so the form keeps its key for a retry;
    # the reader edits the text and sends it: 409. The form takes a new key, says what
    # happened, and the next send posts the edited text (the spent key got 409 every time).
    from playwright.sync_api import expect

    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    with session_factory.begin() as session:
        articles.add(
            session, title="Budget day", body="Fuel taxes rise.", now=NOW,
            url=f"{publisher}/story.html",
        )  # fmt: skip
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=lexicon_engine))

    page = browser.new_page()
    sent: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        sent.append(route.request.post_data_json["client_key"])
        if len(sent) == 1:
            route.fetch()  # the server stores the comment; the answer never arrives
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/articles/*/comments", lose_the_first_answer)
    page.goto(f"{publisher}/story.html")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")
    form = page.locator("form.civility-form").first
    status = form.locator(".civility-form-status")
    form.get_by_label("Name").fill("Embedded Reader")
    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers.")
    form.get_by_role("button", name="Post comment").click()
    expect(status).to_have_text("Your comment could not be sent. Please try again.")

    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers most.")
    form.get_by_role("button", name="Post comment").click()
    expect(status).to_have_text(
        "An earlier version of this comment was received; send again to post this one too."
    )
    expect(form.get_by_label("Your comment")).to_have_value("Fuel taxes will hurt farmers most.")

    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".civility-flash")).to_have_text("Your comment is published.")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (2)")
    assert len(sent) == 3 and sent[0] == sent[1] != sent[2]
    with session_factory() as session:
        texts = session.scalars(select(Comment.text).order_by(Comment.id)).all()
    assert texts == ["Fuel taxes will hurt farmers.", "Fuel taxes will hurt farmers most."]


def test_embed_browser_shows_threads_a_page_at_a_time(
    browser: Any,
    settings: Settings,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    from civility.web.threads import THREADS_PER_PAGE

    url, slug, ids = _paged_article(settings, lexicon_engine, session_factory, live_server)
    tops = len(ids)
    store_comments(session_factory, slug, [ids[0]], start=tops)  # a reply to the first, last
    page = browser.new_page()
    page.goto(url)
    threads = page.locator(".civility-thread > li")
    expect(page.locator("#civility-title")).to_have_text(f"COMMENTS ({tops + 1})")
    expect(threads).to_have_count(THREADS_PER_PAGE)
    expect(page.locator(".civility-replies > li")).to_have_text(
        re.compile(f"Comment number {tops} on the story")
    )
    more = page.get_by_role("button", name="Show more comments")
    more.focus()
    page.keyboard.press("Enter")
    expect(threads).to_have_count(tops)
    expect(more).to_have_count(0)
    expect(threads.last).to_contain_text(f"Comment number {tops - 1} on the story.")
    expect(threads.nth(THREADS_PER_PAGE)).to_be_focused()  # reading goes on there
    expect(page.locator(".civility-live")).to_have_text("More comments shown.")

    form = page.locator("form.civility-form").first
    form.get_by_label("Name").fill("Embedded Reader")
    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers most.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator("#civility-title")).to_have_text(f"COMMENTS ({tops + 2})")
    expect(page.locator(".civility-flash")).to_have_text("Your comment is published.")
    expect(threads).to_have_count(tops + 1)  # every page shown again, the new thread last
    expect(threads.last).to_contain_text("Fuel taxes will hurt farmers most.")
    expect(threads.last).to_be_focused()


def _paged_article(
    settings: Settings, engine: Any, session_factory: sessionmaker[Session], live_server: Any
) -> tuple[str, str, list[int]]:
    """A publisher's page with the widget, over an article of 53 threads: the page's URL, the
    article's slug and the threads' ids."""
    from civility.web.threads import THREADS_PER_PAGE

    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    with session_factory.begin() as session:
        slug = articles.add(
            session, title="Budget day", body="Fuel taxes rise.", now=NOW,
            url=f"{publisher}/story.html",
        ).slug  # fmt: skip
    ids = store_comments(session_factory, slug, [None] * (THREADS_PER_PAGE + 3))
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=engine))
    return f"{publisher}/story.html", slug, ids


def test_embed_browser_a_new_thread_posted_from_the_first_page_is_shown(
    browser: Any,
    settings: Settings,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    url, _, ids = _paged_article(settings, lexicon_engine, session_factory, live_server)
    page = browser.new_page()
    page.goto(url)
    form = page.locator("form.civility-form").last
    form.get_by_label("Name").fill("Embedded Reader")
    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers most.")
    form.get_by_role("button", name="Post comment").click()
    # It goes on the last page: every page is loaded, and it is shown, focused.
    expect(page.locator("#civility-title")).to_have_text(f"COMMENTS ({len(ids) + 1})")
    new = page.locator(".civility-thread > li").last
    expect(new).to_contain_text("Fuel taxes will hurt farmers most.")
    expect(new).to_be_focused()


def test_embed_browser_a_held_reply_is_kept_when_the_last_page_is_loaded(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    url, _, ids = _paged_article(settings, holding_engine, session_factory, live_server)
    page = browser.new_page()
    page.goto(url)
    first = page.locator(f"#civility-c{ids[0]}")
    first.get_by_role("button", name="Reply").first.click()
    first.locator("form").get_by_label("Name").fill("Held Reader")
    first.locator("form").get_by_label("Your reply").fill("You idiot, farmers get subsidies.")
    first.locator("form").get_by_role("button", name="Post reply").click()
    expect(page.locator(".civility-pending")).to_have_count(1)
    # The last page does not hold it (its thread is on the first): it is not forgotten.
    page.get_by_role("button", name="Show more comments").click()
    expect(page.get_by_role("button", name="Show more comments")).to_have_count(0)
    page.reload()
    expect(page.locator(".civility-pending")).to_have_count(1)
