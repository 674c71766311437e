"""The acceptance path in headless Chromium: the seed page, posting, holding, approving by key."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from civility.config import Settings
from civility.domain import CommentStatus
from civility.importers.loader import load_article
from civility.importers.text import parse_text
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderators
from civility.store.models import Comment
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


def test_browser_a_refused_form_focuses_its_error_summary_beside_the_form(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    seed_file: Path,
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    slug, _ = _seed_site(session_factory, default_engine, seed_file)
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{base}/articles/{slug}")
    form = page.locator(".new-comment form")
    form.get_by_label("Name").fill("   ")  # passes `required`; the server refuses it
    form.get_by_label("Your comment").fill("Kept after the refusal.")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Post comment").click()
    assert answer.value.status == 422
    summary = page.locator("#errors-new")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.locator(".new-comment form")).to_be_in_viewport()
    expect(page.locator("#text-new")).to_have_value("Kept after the refusal.")
    summary.get_by_role("link", name="name is empty").click()
    expect(page.locator("#name-new")).to_be_focused()


def _held_queue(factory: sessionmaker[Session], count: int) -> list[int]:
    """A moderator and `count` held comments, in queue order (riskiest first); returns their ids."""
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        moderators.create(
            session, username="mo", password_hash=hash_password("browser-pass-1"), now=NOW
        )
        ids = []
        for i in range(count):
            text = f"Held comment number {i}. " + "The talks go on. " * 3
            comment = comments.add(
                session,
                article_id=article.id,
                author_id=author.id,
                text=text,
                html=text,
                status=CommentStatus.HELD,
                now=NOW,
                risk=0.9 - i / 100,
            )
            ids.append(comment.id)
        return ids


def _open_queue(page: Any, base: str) -> None:
    page.goto(f"{base}/moderate/login")
    page.get_by_label("Username").fill("mo")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()


def _statuses(factory: sessionmaker[Session], ids: list[int]) -> list[CommentStatus]:
    with factory() as session:
        return [session.get_one(Comment, i).status for i in ids]


FIRST_WHOLLY_SHOWN = """() => {
  const items = [...document.querySelectorAll(".queue > .queue-item")];
  const shown = items.find((item) => {
    const box = item.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  return shown ? shown.dataset.comment : null;
}"""


def test_browser_keys_act_on_the_item_in_view_after_scrolling(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    ids = _held_queue(session_factory, 10)
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page(viewport={"width": 800, "height": 800})
    _open_queue(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (10)")
    current = page.locator(".queue-item.is-current")
    expect(current).to_have_attribute("data-comment", str(ids[0]))
    page.mouse.move(400, 300)
    page.mouse.wheel(0, 1800)
    page.wait_for_function(
        "document.querySelectorAll('.queue-item')[1].getBoundingClientRect().bottom < 0"
    )
    shown = page.evaluate(FIRST_WHOLLY_SHOWN)
    assert shown is not None and shown not in (str(ids[0]), str(ids[1]))
    # The highlighted item followed the scroll: the moderator sees which one a key decides.
    expect(current).to_have_attribute("data-comment", shown)
    expect(current).to_be_in_viewport(ratio=1)
    page.keyboard.press("a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (9)")
    expect(page.get_by_role("status")).to_contain_text(f"Comment {shown} published.")
    statuses = dict(zip(ids, _statuses(session_factory, ids), strict=True))
    assert statuses[int(shown)] is CommentStatus.PUBLISHED
    assert statuses[ids[0]] is CommentStatus.HELD
    # A click inside an item makes it current, whatever the scroll.
    page.locator(f"#q{ids[-1]} .queue-text").click()
    expect(current).to_have_attribute("data-comment", str(ids[-1]))
    page.keyboard.press("r")
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (8)")
    assert _statuses(session_factory, [ids[-1]]) == [CommentStatus.REJECTED]


def test_browser_shortcuts_switch_off_is_remembered(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    ids = _held_queue(session_factory, 2)
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page()
    _open_queue(page, base)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Queue (2)")
    switch = page.get_by_label("Keyboard shortcuts")
    expect(switch).to_be_checked()
    switch.uncheck()
    for reloaded in (False, True):
        if reloaded:
            page.reload()
            expect(page.get_by_label("Keyboard shortcuts")).not_to_be_checked()
        page.locator(f"#q{ids[0]} .queue-text").click()  # out of the checkbox, onto an item
        page.keyboard.press("a")
        page.wait_for_timeout(500)
        expect(heading).to_have_text("Queue (2)")
        assert _statuses(session_factory, ids) == [CommentStatus.HELD, CommentStatus.HELD]
    page.get_by_label("Keyboard shortcuts").check()
    page.locator(f"#q{ids[0]} .queue-text").click()
    page.keyboard.press("a")
    expect(heading).to_have_text("Queue (1)")
    assert _statuses(session_factory, ids)[0] is CommentStatus.PUBLISHED
