"""Banned and suspect words that only markdown puts together: matched as readers see them.

Comments are rendered from a markdown subset (markup.render_comment), so "nig**ger**",
"nig`ger`" or "[nig](https://x.example)ger" display one word that the text as written splits.
The word lists read the text as written and, where markup could change it, the comment as
displayed too (its rendered text, link addresses left out: readers see a link's text). A word
found only there rejects or holds as it would written plainly; the reason says "as displayed"
and its span marks where it is written, or, not simply found there, no span at all.
"""

from __future__ import annotations

import html
import json
import random
import re
import string
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import page_post
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility import markup
from civility.cli import main
from civility.commenting import Engine
from civility.domain import CommentStatus, Score, Submission
from civility.passwords import hash_password
from civility.pipeline import blocklist as blocklist_module
from civility.pipeline.base import Pipeline
from civility.pipeline.blocklist import Blocklist, make_blocklist
from civility.pipeline.policy import build_policy
from civility.store import articles, moderators
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"

# Each trick, and what of it the banned word's span marks in the text as written.
BANNED_TRICKS = {
    "nig**ger**": "nig**ger",
    "nig*ger*": "nig*ger",
    "nig`ger`": "nig`ger",
    "nig`g`er": "nig`g`er",
    "**nig**ger": "nig**ger",
    "n*i*gger": "n*i*gger",
    "[nig](https://x.example)ger": "nig](https://x.example)ger",
    "nig[](https://x.example)ger": "nig[](https://x.example)ger",
    "[nig](https://x.example)[ger](https://y.example)": "nig](https://x.example)[ger",
}
# Other listed words, and a phrase, put together the same ways: (trick, word named).
OTHER_BANNED_TRICKS = [
    ("wet**back**", "wetback"),
    ("fag*got*", "faggot"),
    ("[towel](https://x.example)head", "towelhead"),
    ("porch *monkey*", "porch monkey"),
    ("porch\n> monkey", "porch monkey"),  # a phrase's words split by any blanks: a quote's too
]
SUSPECT_TRICKS = [
    ("dumb*ass*", "dumbass"),
    ("ass`hole`", "asshole"),
    ("f**uck**", "fuck"),
    ("[dick](https://x.example)head", "dickhead"),
    ("towl**ehead**", "towelhead"),  # a near miss of a banned word only holds
]
# A link address with parentheses: displayed "nigger", not simply found as written.
UNPLACED = "[nig](https://x.example/(a))ger"
UNPLACED_SUSPECT = "[dumb](https://x.example/(a))ass"

NEGATIVES = [
    "**Scunthorpe** United beat *Arsenal*",
    "A *classic* _assassin_ story",
    "Use `class` and `Scunthorpe` in code",
    "```\nclass Assassin:\n    snigger = 'Niger'\n```",
    "**Niger**ia and *Penistone*; he would *snigger*",
    "[Penistone](https://example.com/penistone) and [Niger](https://example.com/niger)",
    # A link address is not displayed text: its words are not read as displayed.
    "[the report](https://example.com/wet-back-pain) and [this](https://x.org/horses-hit-by-car)",
    "a [nig](https://x.example) ger, *nig* *ger*",  # displayed as two words
    "**bull** market; wet **back** home",
]


@pytest.fixture(scope="module")
def blocklist() -> Blocklist:
    """The blocklist with the shipped word lists."""
    return make_blocklist()


def _scores(blocklist: Blocklist, text: str) -> dict[str, Score]:
    return {score.name: score for score in blocklist([Submission(text)])[0]}


def _in_sentence(trick: str) -> str:
    return f"Typical {trick} behaviour from the council"


def _marked(text: str, score: Score) -> list[str]:
    return [text[span.start : span.end] for span in score.spans]


# --- The scorer ------------------------------------------------------------------------------


@pytest.mark.parametrize("trick", sorted(BANNED_TRICKS))
def test_displayed_markdown_trick_is_banned(blocklist: Blocklist, trick: str) -> None:
    text = _in_sentence(trick)
    scores = _scores(blocklist, text)
    banned = scores["banned_words"]
    assert banned.value == 1.0, banned.reason
    # Stars between the letters are read as written too (they hide no letter); the rest only
    # as displayed. Either way the span marks the trick as written.
    where = "" if "*" in trick else " as displayed"
    assert banned.reason.startswith(f"banned word: 'nigger'{where} (written ")
    assert _marked(text, banned) == [BANNED_TRICKS[trick]]
    assert scores["suspect_words"].value == 0.0, scores["suspect_words"].reason
    assert markup.visible_text(text) == _in_sentence("nigger")  # what readers see


@pytest.mark.parametrize(("trick", "word"), OTHER_BANNED_TRICKS)
def test_displayed_other_banned_words_and_phrases(
    blocklist: Blocklist, trick: str, word: str
) -> None:
    banned = _scores(blocklist, _in_sentence(trick))["banned_words"]
    assert banned.value == 1.0, banned.reason
    assert f"'{word}'" in banned.reason
    if "*" not in trick:  # stars between the letters are read as written too
        assert "as displayed" in banned.reason
    assert len(banned.spans) == 1


@pytest.mark.parametrize(("trick", "word"), SUSPECT_TRICKS)
def test_displayed_suspect_words_hold(blocklist: Blocklist, trick: str, word: str) -> None:
    scores = _scores(blocklist, _in_sentence(trick))
    assert scores["banned_words"].value == 0.0, scores["banned_words"].reason
    suspect = scores["suspect_words"]
    assert suspect.value == 1.0, suspect.reason
    assert f"'{word}'" in suspect.reason


def test_displayed_hit_not_found_as_written_has_no_span(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, _in_sentence(UNPLACED))
    assert scores["banned_words"].value == 1.0
    assert scores["banned_words"].reason == "banned word: 'nigger' as displayed"
    assert scores["banned_words"].spans == ()
    suspect = _scores(blocklist, UNPLACED_SUSPECT)["suspect_words"]
    assert (suspect.value, suspect.reason, suspect.spans) == (
        1.0,
        "suspect word: 'dumbass' as displayed",
        (),
    )


def test_displayed_spelling_is_shown_when_not_found_as_written(blocklist: Blocklist) -> None:
    banned = _scores(blocklist, "[N1g](https://x.example/(a))GER")["banned_words"]
    assert banned.reason == "banned word: 'nigger' as displayed (shown 'N1gGER')"
    assert banned.spans == ()


def test_displayed_hit_of_a_word_also_written_plainly(blocklist: Blocklist) -> None:
    text = "nigger, and then nig**ger**"
    banned = _scores(blocklist, text)["banned_words"]
    assert banned.reason == "banned word: 'nigger'"  # named once, as written first
    assert _marked(text, banned) == ["nigger", "nig**ger"]


def test_displayed_reading_adds_nothing_where_written_already_matched(
    blocklist: Blocklist,
) -> None:
    # Emphasis around a word found as written: the same word, not a second one "as displayed".
    for text, reason in [
        ("*nigger*", "banned word: 'nigger' (written 'nigger*')"),
        ("`nigger`", "banned word: 'nigger'"),
        ("[nigger](https://x.example)", "banned word: 'nigger'"),
    ]:
        banned = _scores(blocklist, text)["banned_words"]
        assert (banned.value, banned.reason, len(banned.spans)) == (1.0, reason, 1), text


@pytest.mark.parametrize("text", NEGATIVES)
def test_displayed_negatives_stay_unmatched(blocklist: Blocklist, text: str) -> None:
    scores = _scores(blocklist, text)
    assert scores["banned_words"].value == 0.0, scores["banned_words"].reason
    assert scores["suspect_words"].value == 0.0, scores["suspect_words"].reason


def test_displayed_link_address_is_not_read_as_displayed(blocklist: Blocklist) -> None:
    # The address is written in the comment and the text as written is read as before (a
    # listed word standing alone in it is found); it is not displayed, so never "as displayed".
    text = "[see this](https://example.com/nigger)"
    banned = _scores(blocklist, text)["banned_words"]
    assert (banned.value, banned.reason) == (1.0, "banned word: 'nigger'")
    assert markup.visible_text(text) == "see this"


@pytest.mark.parametrize(
    ("text", "banned"),
    [("nig<b></b>ger", 0.0), ("nig<!-- -->ger", 0.0), ("nig&#103;ger", 0.0), ("nig~~ger~~", 1.0)],
)
def test_displayed_raw_html_entities_and_strikethrough_are_shown_as_written(
    blocklist: Blocklist, text: str, banned: float
) -> None:
    # Raw HTML, entities and ~~ are no markup here: readers see them as typed, and the word
    # lists read the same thing both ways; "nig~~ger~~" as "ni*gger" is, symbols between letters.
    assert markup.visible_text(text) == text
    assert html.unescape(re.sub(r"<[^>]*>", "", markup.render_comment(text))).strip() == text
    assert _scores(blocklist, text)["banned_words"].value == banned


def test_displayed_text_without_markup_is_not_rendered(
    blocklist: Blocklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def counting(text: str) -> str:
        rendered.append(text)
        return markup.visible_text(text)

    monkeypatch.setattr(blocklist_module, "visible_text", counting)
    for text in ["A fair point about the talks.", "Costs rose 5% - again.\n\nThanks!", "a > b"]:
        _scores(blocklist, text)
    assert rendered == []
    _scores(blocklist, "A *fair* point.")
    assert rendered == ["A *fair* point."]


ALPHABET = [
    *string.printable,
    "\u00a0",
    "\u2028",
    "\x00",
    "\u00ad",
    "\u200b",
    "\u202e",
    "\u2066",
    *["nig", "ger", "porch", "monkey", " ", "\n", "\r", "1.", "2)", "- ", "+ ", "~~~", "> "],
]


def test_displayed_rendering_skipped_only_where_it_keeps_the_words() -> None:
    # Where has_markup says no, the words readers see are the words written: skipping the
    # render loses nothing. Random texts over every ASCII character and the markers.
    rng = random.Random(20261201)
    checked = 0
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 16)))
        if markup.has_markup(text):
            continue
        checked += 1
        written = markup.strip_bidi_controls(text).replace("\x00", "\ufffd")
        assert markup.visible_text(text).split() == written.split(), repr(text)
    assert checked > 5_000


def test_displayed_very_long_text_with_markup_is_held_unread(blocklist: Blocklist) -> None:
    limit = blocklist_module.MAX_RENDERED
    text = "nig**ger** " * (limit // 11 + 1)
    started = time.process_time()
    scores = _scores(blocklist, text)
    assert time.process_time() - started < 10.0
    assert scores["suspect_words"].value == 1.0
    assert "not read as displayed" in scores["suspect_words"].reason
    plain = "A fair point. " * (limit // 14 + 1)
    assert _scores(blocklist, plain)["suspect_words"].value == 0.0


# --- End to end: the posting page and `civility moderate` ------------------------------------


def _article(factory: sessionmaker[Session]) -> str:
    with factory.begin() as session:
        return articles.add(
            session,
            title="Talks on the council roads",
            body="First paragraph about roads.\n\nSecond paragraph.",
            now=NOW,
        ).slug


@pytest.fixture
def blocklist_engine() -> Iterator[Engine]:
    """An Engine whose only scorer is the blocklist with the shipped lists."""
    scorer = make_blocklist()
    pipeline = Pipeline([scorer], timeout_s=5.0)
    yield Engine(pipeline, build_policy([scorer]))
    pipeline.close()


def _statuses(factory: sessionmaker[Session]) -> list[CommentStatus]:
    with factory() as session:
        return list(session.scalars(select(Comment.status).order_by(Comment.id)))


def test_displayed_tricks_are_refused_on_the_page(
    make_web_client: Any, blocklist_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(blocklist_engine, post_rate_limit="1000/minute")
    slug = _article(session_factory)
    tricks = [*BANNED_TRICKS, *(trick for trick, _ in OTHER_BANNED_TRICKS), UNPLACED]
    for trick in tricks:
        answer = page_post(client, slug, _in_sentence(trick))
        assert answer.status_code == 403 and "was not published" in answer.text, trick
    assert _statuses(session_factory) == [CommentStatus.REJECTED] * len(tricks)


def test_displayed_negatives_are_published_on_the_page(
    make_web_client: Any, blocklist_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(blocklist_engine, post_rate_limit="1000/minute")
    slug = _article(session_factory)
    for text in NEGATIVES:
        assert page_post(client, slug, text).status_code == 303, text
    assert _statuses(session_factory) == [CommentStatus.PUBLISHED] * len(NEGATIVES)


def test_displayed_tricks_by_civility_moderate() -> None:
    texts = [
        *map(_in_sentence, BANNED_TRICKS),
        *(_in_sentence(trick) for trick, _ in OTHER_BANNED_TRICKS),
        _in_sentence(UNPLACED),
        *(_in_sentence(trick) for trick, _ in SUSPECT_TRICKS),
        *NEGATIVES,
    ]
    expected = [
        *["reject"] * (len(BANNED_TRICKS) + len(OTHER_BANNED_TRICKS) + 1),
        *["hold"] * len(SUSPECT_TRICKS),
        *["publish"] * len(NEGATIVES),
    ]
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    result = CliRunner().invoke(
        main, ["moderate", "-"], input=lines, env={"CIVILITY_SCORERS": '["blocklist"]'}
    )
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["decision"] for o in out] == expected
    displayed = [o for o, t in zip(out, texts, strict=False) if "*" not in t]
    assert all("as displayed" in " ".join(o["reasons"]) for o in displayed[:6])


# --- The moderator's queue -------------------------------------------------------------------


def _login(client: Any) -> None:
    page = client.get("/moderate/login").text
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page)[0]
    data = {"csrf_token": token, "username": "mo", "password": PASSWORD}
    assert client.post("/moderate/login", data=data, follow_redirects=False).status_code == 303


def test_displayed_hits_in_the_moderator_queue(
    make_web_client: Any, blocklist_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(blocklist_engine, post_rate_limit="1000/minute")
    slug = _article(session_factory)
    with session_factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=NOW)
    placed, unplaced = "What a dumb*ass* idea", f"What a {UNPLACED_SUSPECT} idea"
    for text in (placed, unplaced):
        assert page_post(client, slug, text).status_code == 202  # held for a moderator
    assert _statuses(session_factory) == [CommentStatus.HELD, CommentStatus.HELD]
    _login(client)
    page = client.get("/moderate")
    assert page.status_code == 200
    assert "Queue (2)" in page.text
    # Placed: its span marks the word where it is written.
    assert '<mark title="suspect_words">dumb*ass</mark>' in page.text
    # Not placed: named in the reason, the comment shown whole and unmarked.
    reason = "<td>suspect word: &#39;dumbass&#39; as displayed</td>"
    assert reason in page.text
    assert f'<p class="queue-text">{html.escape(unplaced, quote=False)}</p>' in page.text
