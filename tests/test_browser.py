"""The acceptance path in headless Chromium: the seed page, posting, holding, approving by key."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from civility.config import Settings
from civility.importers.loader import load_article
from civility.importers.text import parse_text
from civility.passwords import hash_password
from civility.store import moderators
from civility.web.app import create_app

SCREENSHOT = Path("/tmp/civility-article-phone.png")
COMMENTS_SCREENSHOT = Path("/tmp/civility-comments-phone.png")
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


def _seed_site(
    factory: sessionmaker[Session], engine: Any, seed_file: Path
) -> tuple[str, list[str]]:
    """Import the seed and add a moderator; returns the article slug and the comment texts."""
    imported = parse_text(seed_file.read_bytes())
    with factory.begin() as session:
        slug = load_article(session, engine, imported, now=NOW).article.slug
        moderators.create(
            session, username="mo", password_hash=hash_password("browser-pass-1"), now=NOW
        )
    return slug, [item.text for item in imported.comments]


def test_browser_seed_page_post_hold_and_approve_by_keyboard(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    seed_file: Path,
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    slug, texts = _seed_site(session_factory, default_engine, seed_file)
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page()
    page.goto(f"{base}/articles/{slug}")
    expect(page.locator("#comments-title")).to_have_text("COMMENTS (12)")
    shown = page.locator(".comment-body").all_inner_texts()
    assert len(shown) == 12
    for text, body in zip(texts, shown, strict=True):
        assert text[-20:] in body

    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("Browser Reader")
    form.get_by_label("Your comment").fill("Talks with the Haqqanis deserve a fair chance.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments-title")).to_have_text("COMMENTS (13)")
    expect(page.get_by_text("Your comment is published.")).to_be_visible()
    expect(page.get_by_text("deserve a fair chance.")).to_be_visible()

    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("Loud Reader")
    form.get_by_label("Your comment").fill("THE HAQQANI TALKS ARE ALL THAT MATTERS NOW")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is awaiting moderation")
    expect(page.get_by_text("written in capitals")).to_be_visible()
    page.go_back()
    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("Louder Reader")
    form.get_by_label("Your comment").fill("PAKISTAN MUST BE HONEST ABOUT THE TALIBAN LINKS")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("written in capitals")).to_be_visible()

    page.goto(f"{base}/moderate/login")
    page.get_by_label("Username").fill("mo")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (2)")
    current = page.locator(".queue-item.is-current")
    expect(current).to_contain_text("THE HAQQANI TALKS")
    page.keyboard.press("j")
    expect(current).to_contain_text("HONEST ABOUT THE TALIBAN")
    page.keyboard.press("r")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (1)")
    page.keyboard.press("k")
    expect(current).to_contain_text("THE HAQQANI TALKS")
    page.keyboard.press("a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (0)")

    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    phone.goto(f"{base}/articles/{slug}")
    expect(phone.locator("#comments-title")).to_have_text("COMMENTS (14)")
    expect(phone.get_by_text("THE HAQQANI TALKS")).to_be_visible()
    expect(phone.get_by_text("HONEST ABOUT THE TALIBAN")).to_have_count(0)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone"
    phone.screenshot(path=str(SCREENSHOT), full_page=False)
    phone.locator("#comments-title").scroll_into_view_if_needed()
    phone.screenshot(path=str(COMMENTS_SCREENSHOT), full_page=False)
    assert re.match(rb"\x89PNG", SCREENSHOT.read_bytes()[:4])
