"""The embed widget as a reader uses it, in headless Chromium on another origin: reporting,
focus and announcements after posting, a held post shown in the thread, plain messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from civility.commenting import NewComment, submit
from civility.config import Settings
from civility.interop.article_fetch import ArticleFetcher
from civility.store import articles
from civility.store.models import Comment
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


def publisher_site(civility: dict[str, str]) -> Starlette:
    """A news site of its own origin: /story.html and /other.html embed the widget, and
    /closed.html embeds that of another Civility server (`closed`), where it is not known."""

    def story(request: Request) -> HTMLResponse:
        page_url = f"{request.base_url}{request.url.path.lstrip('/')}"
        server = civility["closed" if "closed" in page_url else "base"]
        return HTMLResponse(
            "<!doctype html><html lang=en><head><title>Story</title></head><body>"
            "<h1>Budget day</h1><p>The budget raises fuel taxes.</p>"
            f'<script src="{server}/embed.js" data-article-url="{page_url}" async>'
            "</script></body></html>"
        )

    pages = ("/story.html", "/other.html", "/closed.html")
    return Starlette(routes=[Route(path, story) for path in pages])


def _sites(
    live_server: Any, settings: Settings, engine: Any, factory: sessionmaker[Session]
) -> tuple[str, dict[str, str], int]:
    """The publisher and Civility servers; the story has one published comment by MarkH."""
    civility: dict[str, str] = {}
    publisher = live_server(publisher_site(civility))
    with factory.begin() as session:
        article = articles.add(session, title="Budget day", body="Fuel taxes rise.", now=NOW,
                               url=f"{publisher}/story.html")  # fmt: skip
        comment, _ = submit(session, engine, NewComment(article.id, "MarkH", "Taxes hurt."),
                            now=NOW)  # fmt: skip
        comment_id = comment.id
    site = settings.model_copy(
        update={"allowed_origins": [publisher], "article_fetch_origins": [publisher]}
    )
    app = create_app(site, engine=engine)
    # The publisher's other pages cannot be read: a lookup of one answers 502.
    app.state.article_fetcher = ArticleFetcher(
        transport=httpx.MockTransport(lambda request: httpx.Response(503))
    )
    civility["base"] = live_server(app)
    return publisher, civility, comment_id


def _reports(factory: sessionmaker[Session], comment_id: int) -> int:
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        return comment.reports


def test_embed_browser_report_a_comment(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    publisher, _, comment_id = _sites(live_server, settings, holding_engine, session_factory)
    page = browser.new_page()
    page.goto(f"{publisher}/story.html")
    report = page.get_by_role("button", name="Report comment by MarkH")
    report.focus()
    page.keyboard.press("Enter")
    thanks = "Thanks, a moderator will look at it."
    expect(page.locator(".civility-live")).to_have_text(thanks)
    expect(page.locator(f"#civility-c{comment_id} .civility-report-status")).to_have_text(thanks)
    expect(report).to_be_disabled()
    expect(page.locator(f"#civility-c{comment_id} .civility-report-status")).to_be_focused()
    assert _reports(session_factory, comment_id) == 1
    assert page.locator("[aria-live]").count() == 1  # one live region, no others


def test_embed_browser_focus_and_announcement_after_posting(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    publisher, _, comment_id = _sites(live_server, settings, holding_engine, session_factory)
    page = browser.new_page()
    page.goto(f"{publisher}/story.html")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")
    page.evaluate("window.liveBefore = document.querySelector('.civility-live')")

    # Held: the message is announced; the comment shows in the thread, awaiting moderation, and
    # the box is emptied, so the reader does not post it again.
    reply = page.get_by_role("button", name="Reply to MarkH", exact=True)
    reply.click()
    form = page.locator(f"#civility-c{comment_id} form")
    form.get_by_label("Name").fill("Second Reader")
    form.get_by_label("Your reply").fill("You idiot, farmers get subsidies.")
    form.get_by_role("button", name="Post reply to MarkH").click()
    held = "Your comment is awaiting moderation (abusive language; insulting)."
    expect(page.locator(".civility-live")).to_have_text(held)
    expect(form.locator(".civility-form-status")).to_have_text(held)
    expect(form.get_by_label("Your reply")).to_have_value("")

    # Published: the thread is rebuilt around the new reply, which takes the focus.
    form.get_by_label("Your reply").fill("Farmers get subsidies, though.")
    form.get_by_role("button", name="Post reply to MarkH").click()
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (2)")
    expect(page.locator(".civility-live")).to_have_text("Your comment is published.")
    new = page.locator(f"#civility-c{comment_id} .civility-replies > li:not(.civility-pending)")
    expect(new).to_be_focused()
    expect(new.locator(".civility-flash")).to_have_text("Your comment is published.")
    expect(page.locator(".civility-form-status")).to_have_text([""])  # the held message went
    assert page.evaluate("window.liveBefore === document.querySelector('.civility-live')")
    assert page.locator("[aria-live]").count() == 1
    # Replies are named by whom they answer, and show the mention as the site's pages do.
    expect(new.get_by_role("button", name="Reply to Second Reader", exact=True)).to_be_visible()
    expect(new.locator(".civility-reply-to a")).to_have_text("@MarkH")
    expect(new.locator(".civility-reply-to a")).to_have_attribute(
        "href", f"#civility-c{comment_id}"
    )


def test_embed_browser_messages_are_plain_words(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    publisher, civility, _ = _sites(live_server, settings, holding_engine, session_factory)
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{publisher}/story.html")
    form = page.locator("form.civility-form").last
    form.get_by_label("Name").fill("Reader")
    form.get_by_label("Email (optional, never shown)").fill("not-an-address")
    form.get_by_label("Your comment").fill("Fuel taxes will hurt farmers most.")
    form.get_by_role("button", name="Post comment").click()
    wrong = "Email: email does not look like name@example.org"
    expect(form.locator(".civility-form-status")).to_have_text(wrong)
    expect(page.locator(".civility-live")).to_have_text(wrong)
    expect(form.get_by_label("Your comment")).to_have_value("Fuel taxes will hurt farmers most.")

    # A page with no article here (the fetch fails: 502), and a page no one registered (404).
    page.goto(f"{publisher}/other.html")
    expect(page.locator(".civility-status")).to_have_text(
        "Comments could not be loaded. Please try again later."
    )
    assert "could not read the article page" in "\n".join(console)
    with_no_fetch = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["closed"] = live_server(create_app(with_no_fetch, engine=holding_engine))
    page.goto(f"{publisher}/closed.html")
    expect(page.locator(".civility-status")).to_have_text("Comments are not open on this page.")
    assert "no article registered at this URL" in "\n".join(console)
