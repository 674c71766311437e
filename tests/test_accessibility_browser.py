"""Every page a reader, moderator or admin sees, and the embed widget, checked in headless
Chromium against the WCAG 2.1 A and AA rules (and best practices) of axe-core."""

from __future__ import annotations

import importlib.resources
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from civility.config import Settings
from civility.importers.loader import load_article
from civility.importers.text import parse_text
from civility.passwords import hash_password
from civility.store import articles, moderators
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "axe-check-pass-1"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
HELD_TEXT = "You idiot, the talks are a farce."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


def _violations(page: Any) -> list[str]:
    """axe-core's findings on the page as shown, one line each (empty: none)."""
    axe = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    page.evaluate(axe.read_text(encoding="utf-8"))
    found = page.evaluate("rules => axe.run(document, {runOnly: rules})", RULES)["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
    ]


def test_accessibility_reader_pages_and_the_dashboard(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    seed_file: Path,
    live_server: Any,
) -> None:
    with session_factory.begin() as session:
        imported = parse_text(seed_file.read_bytes())
        slug = load_article(session, default_engine, imported, now=NOW).article.slug
        moderators.create(
            session, username="ed", password_hash=hash_password(PASSWORD), now=NOW, role="admin"
        )
    base = live_server(create_app(settings, engine=default_engine))
    # Scripts are injected as a tester's tool, past the pages' own Content-Security-Policy.
    page = browser.new_context(bypass_csp=True).new_page()
    found: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found[name] = _violations(page)

    page.goto(f"{base}/")
    check("home")
    page.goto(f"{base}/articles/{slug}")
    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("Axe Reader")
    form.get_by_label("Your comment").fill(HELD_TEXT)
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_selector("text=Your comment is awaiting moderation")
    check("posted, held")
    page.goto(f"{base}/articles/{slug}")
    assert page.locator(".is-pending").count() == 1
    check("article, with the reader's held comment")
    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("")
    form.get_by_label("Your comment").fill("x")
    form.evaluate("f => f.noValidate = true")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_selector(".errors")
    check("article, form errors")
    page.goto(f"{base}/faq")
    check("faq")
    page.goto(f"{base}/moderate/login")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    check("login, refused")
    page.get_by_label("Username").fill("ed")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector(".queue-item")
    check("queue")
    page.locator(".queue-item button[value=approve]").first.click()
    page.wait_for_selector(".decision-done form")
    check("queue, decided, with Undo")
    for name, path in [
        ("queue, published", "/moderate?show=published"),
        ("policy report", "/moderate/report?period=all"),
        ("audit log", "/moderate/audit"),
    ]:
        page.goto(f"{base}{path}")
        check(name)
    assert found == {name: [] for name in found}


def test_accessibility_embed_widget(
    browser: Any,
    settings: Settings,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    civility: dict[str, str] = {}

    def story(request: Request) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang=en><head><title>Story</title></head><body><main>"
            "<h1>Budget day</h1><p>The budget raises fuel taxes.</p>"
            f'<script src="{civility["base"]}/embed.js" '
            f'data-article-url="{request.base_url}story.html" async></script></main></body></html>'
        )

    publisher = live_server(Starlette(routes=[Route("/story.html", story)]))
    with session_factory.begin() as session:
        articles.add(
            session, title="Budget day", body="Fuel taxes rise.", now=NOW,
            url=f"{publisher}/story.html",
        )  # fmt: skip
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    civility["base"] = live_server(create_app(site, engine=holding_engine))
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{publisher}/story.html")
    form = page.locator("form.civility-form").first
    form.get_by_label("Name").fill("Axe Reader")
    form.get_by_label("Your comment").fill("A fair budget for once.")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_selector(".civility-flash")
    published = _violations(page)
    page.get_by_role("button", name="Reply to Axe Reader", exact=True).click()
    reply = page.locator("form", has=page.get_by_label("Your reply"))
    reply.get_by_label("Name").fill("Second Reader")
    reply.get_by_label("Your reply").fill(HELD_TEXT)
    reply.get_by_role("button", name="Post reply to Axe Reader").click()
    page.wait_for_selector(".civility-pending")
    assert (published, _violations(page)) == ([], [])
    # The check itself: an image without a text alternative is found.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any("image-alt" in line for line in _violations(page))
