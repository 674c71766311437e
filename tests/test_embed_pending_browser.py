"""The widget shows a reader their own held comment, after a reload too, in headless Chromium."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from civility.config import Settings
from civility.domain import CommentStatus
from civility.store import articles, comments
from civility.store.models import Comment
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
NOTE = "Awaiting moderation — only you can see this."
HOSTILE_NAME = "<img src=x onerror=window.pwned=1>"

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


def _sites(
    live_server: Any, settings: Settings, engine: Any, factory: sessionmaker[Session]
) -> str:
    """The publisher's story URL, its article registered on a Civility server that holds."""
    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    with factory.begin() as session:
        articles.add(session, title="Budget day", body="Fuel taxes rise.", now=NOW,
                     url=f"{publisher}/story.html")  # fmt: skip
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=engine))
    return f"{publisher}/story.html"


def test_embed_pending_browser_held_comment_stays_shown_to_its_poster(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    story = _sites(live_server, settings, holding_engine, session_factory)
    page = browser.new_page()
    page.goto(story)
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")
    form = page.locator("form.civility-form").last
    form.get_by_label("Name").fill(HOSTILE_NAME)
    form.get_by_label("Your comment").fill("What a stupid plan.")
    form.get_by_role("button", name="Post comment").click()
    expect(form.locator(".civility-form-status")).to_contain_text(
        "Your comment is awaiting moderation"
    )
    mine = page.locator(".civility-pending")
    expect(mine).to_contain_text("What a stupid plan.")
    expect(mine.locator(".civility-pending-note")).to_have_text(NOTE)
    expect(form.get_by_label("Your comment")).to_have_value("")  # nothing to post again
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")

    page.reload()
    expect(mine.locator(".civility-pending-note")).to_have_text(NOTE)
    expect(mine).to_contain_text("What a stupid plan.")
    expect(mine.locator("strong")).to_have_text(HOSTILE_NAME)  # the name is text
    expect(mine.get_by_role("button")).to_have_count(0)  # no Reply, no Report
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")
    assert page.evaluate("window.pwned") is None

    stranger = browser.new_page()  # another browser's storage: nothing to show
    stranger.goto(story)
    expect(stranger.locator("#civility-title")).to_have_text("COMMENTS (0)")
    expect(stranger.locator(".civility-thread > li")).to_have_count(0)

    with session_factory.begin() as session:
        held = session.scalars(select(Comment)).one()
        comments.set_status(session, held, status=CommentStatus.PUBLISHED)
    page.reload()
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")
    expect(page.locator(".civility-thread > li")).to_have_count(1)
    expect(page.locator(".civility-pending")).to_have_count(0)
    expect(page.locator(".civility-report")).to_have_count(1)
    # Approved, it is an ordinary comment: the browser keeps no token for it any longer.
    assert page.evaluate("Object.keys(localStorage).length") == 0

    # A held reply sits under the comment it answers, before a reload and after it.
    page.locator(".civility-reply").click()
    reply_form = page.locator(".civility-thread form")
    reply_form.get_by_label("Name").fill("Second Reader")
    reply_form.get_by_label("Your reply").fill("You idiot, farmers get subsidies.")
    reply_form.get_by_role("button", name=f"Post reply to {HOSTILE_NAME}").click()
    nested = page.locator(".civility-thread > li > .civility-replies > li.civility-pending")
    expect(nested).to_contain_text("farmers get subsidies")
    expect(reply_form.get_by_label("Your reply")).to_have_value("")
    page.reload()
    expect(nested.locator(".civility-pending-note")).to_have_text(NOTE)
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")


def test_embed_pending_browser_works_without_storage(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    story = _sites(live_server, settings, holding_engine, session_factory)
    page = browser.new_page()
    # As in private modes that refuse storage: every use of localStorage throws.
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{ get() { throw new DOMException('denied', 'SecurityError'); } });"
    )
    page.goto(story)
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")
    form = page.locator("form.civility-form").last
    form.get_by_label("Name").fill("Reader")
    form.get_by_label("Your comment").fill("What a stupid plan.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".civility-pending .civility-pending-note")).to_have_text(NOTE)
    page.reload()  # nothing was kept: the thread loads all the same, without it
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (0)")
    expect(page.locator(".civility-pending")).to_have_count(0)
