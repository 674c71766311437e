"""Usability of the dashboard and the comment form, as a moderator or reader sees them: the queue
opens at its top (the decision's confirmation in view), fits a phone, marks no bare space; an
invalid field is outlined and the summary follows the form; a refused decision keeps the
dashboard's header."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import pytest
from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.config import Settings
from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, authors, comments, moderators
from civility.store.models import Comment
from civility.web.app import create_app
from civility.web.highlight import Segment, segments

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "ux-check-pass-1"
LONG_TITLE = (
    "During US Secretary of State Hillary Clinton's recent visit to Islamabad, Pakistan made a "
    "commitment to Washington that it would bring the Haqqani network to the negotiating table"
)
WARN = "rgb(138, 28, 28)"  # --warn, #8a1c1c

# --- The highlight: no mark, and no legend entry, on whitespace alone.


def test_highlight_space_between_two_marked_words_is_not_marked() -> None:
    text = "you stupid bastards, go"
    # toxicity covers both words and the space between; insult each word alone.
    spans = [(4, 19, "toxicity"), (4, 10, "insult"), (11, 19, "insult")]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert segs == [
        Segment("you "),
        Segment("stupid", ("toxicity", "insult")),
        Segment(" "),
        Segment("bastards", ("toxicity", "insult")),
        Segment(", go"),
    ]
    # What the queue's legend lists: every marked segment, none of them blank.
    assert [s.text for s in segs if s.marks] == ["stupid", "bastards"]


def test_highlight_whitespace_only_cuts_are_never_marked_and_text_stays_whole() -> None:
    text = "a  \n b\tc d"
    spans = [(0, 10, "toxicity"), (0, 1, "insult"), (5, 6, "insult"), (2, 4, "spam")]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert all(s.text.strip() for s in segs if s.marks)
    # A marked run with words in it keeps its spaces: only bare whitespace loses the mark.
    assert Segment("\tc d", ("toxicity",)) in segs
    # Neighbours with the same marks are still one segment.
    assert all(a.marks != b.marks for a, b in pairwise(segs))


# --- The comment form's error summary: in the fields' order on the form.


def test_form_error_summary_lists_errors_in_the_forms_order(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    with session_factory.begin() as session:
        slug = articles.add(session, title="Talks", body="Both sides met.", now=NOW).slug
    page = client.get(f"/articles/{slug}").text
    data = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": "   ",
        "author_email": "notanemail",
        "text": "",
    }
    answer = client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)
    assert answer.status_code == 422
    summary = answer.text.split('id="errors-new"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="#([a-z]+)-new">([^<]*)</a>', summary)
    assert [field for field, _ in links] == ["name", "email", "text"]
    assert [html_lib.unescape(m) for _, m in links] == [
        "name is empty",
        "email does not look like name@example.org",
        "comment is empty",
    ]
    # The fields themselves come in that order too.
    form = answer.text.split('id="errors-new"', 1)[1]
    assert form.index('id="name-new"') < form.index('id="email-new"') < form.index('id="text-new"')


# --- A refused decision: the dashboard's layout, not the readers'.


def _two_moderators_one_held(factory: sessionmaker[Session], engine: Any) -> int:
    with factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        for name in ("mo", "mo2"):
            moderators.create(
                session, username=name, password_hash=hash_password(PASSWORD), now=NOW
            )
        comment, _ = submit(session, engine, NewComment(article.id, "Reader", "stupid"), now=NOW)
        assert comment.status is CommentStatus.HELD
        return comment.id


def _decision_form(client: Any, comment_id: int) -> dict[str, str]:
    html = client.get("/moderate").text
    form = html[html.index(f'action="/moderate/comments/{comment_id}/decision"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _site_nav(html: str) -> str:
    return html.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]


def test_stale_decision_page_has_the_moderator_navigation(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    held = _two_moderators_one_held(session_factory, holding_engine)
    first, second = make_web_client(holding_engine), make_web_client(holding_engine)
    dashboard_login(first, "mo", PASSWORD)
    dashboard_login(second, "mo2", PASSWORD)
    first_form, second_form = _decision_form(first, held), _decision_form(second, held)
    url = f"/moderate/comments/{held}/decision"
    assert first.post(url, data={**first_form, "action": "reject"}).status_code == 200
    stale = second.post(url, data={**second_form, "action": "approve"})
    assert stale.status_code == 409
    assert "Changed since you loaded it" in stale.text
    nav = _site_nav(stale.text)
    assert '<a href="/moderate">Queue</a>' in nav
    assert 'action="/moderate/logout"' in nav and "<bdi>mo2</bdi>" in nav
    assert "Comments FAQ" not in nav
    # Its Log out form works: it carries this session's token.
    token = re.findall(r'name="csrf_token" value="([^"]+)"', nav)[0]
    assert token == second_form["csrf_token"]
    assert '<a href="/moderate">Back to the queue</a>' in stale.text
    # A note refused as unstorable is a moderator's page too.
    refused = second.post(url, data={**second_form, "action": "hold", "note": "bad\x00note"})
    assert refused.status_code == 422 and "nothing was changed" in refused.text
    assert 'action="/moderate/logout"' in _site_nav(refused.text)


def test_reader_error_pages_keep_the_reader_navigation(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    client = make_web_client(lexicon_engine)
    missing = client.get("/articles/no-such-article")
    assert missing.status_code == 404
    nav = _site_nav(missing.text)
    assert '<a href="/faq">Comments FAQ</a>' in nav and "logout" not in nav


# --- In the browser: scroll, width, and the invalid field's outline.


def _held_queue(
    factory: sessionmaker[Session], count: int, *, title: str = "Talks", shorter: str = ""
) -> list[int]:
    """A moderator `mo` and `count` held comments, in queue order; returns their ids. With
    `shorter`, a second article of that title waits too (the filter lists both)."""
    with factory.begin() as session:
        article = articles.add(session, title=title, body="Both sides met.", now=NOW)
        if shorter:
            other = articles.add(session, title=shorter, body="Talks.", now=NOW)
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        ids = []
        for i in range(count):
            text = f"Held comment number {i}. " + "The talks go on and on. " * 12
            comment = comments.add(
                session,
                article_id=other.id if shorter and i == count - 1 else article.id,
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
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _statuses(factory: sessionmaker[Session], ids: list[int]) -> list[CommentStatus]:
    with factory() as session:
        return [session.get_one(Comment, i).status for i in ids]


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_browser_queue_opens_at_its_top_with_the_confirmation_in_view(
    width: int,
    height: int,
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    ids = _held_queue(session_factory, 4)
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page(viewport={"width": width, "height": height})
    _open_queue(page, base)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Queue (4)")
    # Keyboard users start on the first item; the page does not scroll to it.
    expect(page.locator(f"#q{ids[0]}")).to_be_focused()
    assert page.evaluate("window.scrollY") == 0
    expect(heading).to_be_in_viewport()
    expect(page.locator(".queue-filter")).to_be_in_viewport()
    expect(page.get_by_label("Keyboard shortcuts")).to_be_in_viewport()

    page.locator(f"#q{ids[0]} button[value=approve]").click()
    expect(heading).to_have_text("Queue (3)")
    assert "done=" in page.url
    flash = page.locator(".decision-done .flash")
    expect(flash).to_contain_text(f"Comment {ids[0]} published.")
    expect(flash).to_be_in_viewport(ratio=1)
    expect(page.locator(".decision-done").get_by_role("button", name="Undo")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator(f"#q{ids[1]}")).to_be_focused()

    # j still scrolls to the item it reaches, which a then decides.
    page.keyboard.press("j")
    expect(page.locator(f"#q{ids[2]}")).to_be_focused()
    expect(page.locator(f"#q{ids[2]}")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    page.keyboard.press("a")
    expect(heading).to_have_text("Queue (2)")
    assert _statuses(session_factory, ids) == [
        CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.PUBLISHED, CommentStatus.HELD,
    ]  # fmt: skip
    expect(page.locator(".decision-done .flash")).to_be_in_viewport(ratio=1)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_browser_a_key_shows_an_unseen_item_before_deciding_it(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    ids = _held_queue(session_factory, 2)
    base = live_server(create_app(settings, engine=default_engine))
    # A phone held sideways: the heading and filters fill the window, no item shows.
    page = browser.new_page(viewport={"width": 390, "height": 300})
    _open_queue(page, base)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Queue (2)")
    first = page.locator(f"#q{ids[0]}")
    expect(first).to_be_focused()
    expect(first).not_to_be_in_viewport()
    page.keyboard.press("a")
    expect(first).to_be_in_viewport()
    page.wait_for_timeout(300)
    expect(heading).to_have_text("Queue (2)")
    assert _statuses(session_factory, ids) == [CommentStatus.HELD, CommentStatus.HELD]
    page.keyboard.press("a")
    expect(heading).to_have_text("Queue (1)")
    assert _statuses(session_factory, ids)[0] is CommentStatus.PUBLISHED


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_browser_queue_fits_a_phone_with_a_long_article_title(
    browser: Any,
    settings: Settings,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    _held_queue(session_factory, 2, title=LONG_TITLE, shorter="Budget day")
    base = live_server(create_app(settings, engine=default_engine))
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    _open_queue(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue (2)")
    expect(page.locator("#filter-article option")).to_have_count(3)
    for path in ("/moderate", f"/moderate?show=held&article={_slug(session_factory)}"):
        page.goto(f"{base}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
        box = page.locator("#filter-article").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390


def _slug(factory: sessionmaker[Session]) -> str:
    with factory() as session:
        return next(a.slug for a in articles.list_all(session) if a.title == LONG_TITLE)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_browser_invalid_fields_are_outlined(
    browser: Any,
    settings: Settings,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect

    with session_factory.begin() as session:
        slug = articles.add(session, title="Talks", body="Both sides met.", now=NOW).slug
    base = live_server(create_app(settings, engine=lexicon_engine))
    page = browser.new_page()
    page.goto(f"{base}/articles/{slug}")
    form = page.locator(".new-comment form")
    normal = form.get_by_label("Name").evaluate("e => getComputedStyle(e).borderTopColor")
    form.get_by_label("Name").fill("   ")  # passes `required`; the server refuses it
    form.get_by_label("Your comment").fill("Kept after the refusal.")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_selector(".errors")
    border = "e => [getComputedStyle(e).borderTopColor, getComputedStyle(e).borderTopWidth]"
    name = page.locator("#name-new")
    expect(name).to_have_attribute("aria-invalid", "true")
    color, thickness = name.evaluate(border)
    assert color != normal and color == WARN and thickness == "2px"
    # The valid fields keep the normal border.
    assert page.locator("#text-new").evaluate(border) == [normal, "1px"]

    page.locator("#email-new").fill("notanemail")
    page.locator("#text-new").fill("")
    page.locator(".new-comment form").evaluate("f => f.noValidate = true")
    page.locator(".new-comment form").get_by_role("button", name="Post comment").click()
    page.wait_for_selector("#errors-new")
    for field in ("#name-new", "#email-new", "#text-new"):
        assert page.locator(field).evaluate(border) == [WARN, "2px"], field
    links = page.locator("#errors-new a").all_inner_texts()
    assert links == [
        "name is empty", "email does not look like name@example.org", "comment is empty",
    ]  # fmt: skip


def test_queue_shows_where_bidi_and_invisible_controls_stand(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # An override turns "reggin" around on screen: the moderator must read what was written and
    # see the control, not the word it displays.
    written = "stupid \u202ereggin\u202c <b>go</b> ho\u200bme"
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
        comment, _ = submit(session, holding_engine, NewComment(article.id, "R", written), now=NOW)
        assert comment.status is CommentStatus.HELD
    client = make_web_client(holding_engine)
    dashboard_login(client, "mo", PASSWORD)
    page = client.get("/moderate").text
    text = page.split('<p class="queue-text">', 1)[1].split("</p>", 1)[0]
    assert '<span class="control" title="right-to-left override">[U+202E]</span>reggin' in text
    assert "[U+202C]" in text and "[U+200B]" in text and "&lt;b&gt;go&lt;/b&gt;" in text
    assert not any(char in text for char in "\u202e\u202c\u200b")


def test_reveal_controls_escapes_everything_else() -> None:
    from civility.web.highlight import reveal_controls

    assert reveal_controls('<script>"x"</script>') == "&lt;script&gt;&#34;x&#34;&lt;/script&gt;"
    shown = reveal_controls("a\u2066<i>\u2069")
    assert shown == (
        'a<span class="control" title="left-to-right isolate">[U+2066]</span>&lt;i&gt;'
        '<span class="control" title="pop directional isolate">[U+2069]</span>'
    )
