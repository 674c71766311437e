"""Banned words written to get past the lists: reordered by bidi controls, split into pieces.

What readers see must be what the lists checked: directional overrides, embeddings and
isolates are left out of the rendered comment. A phrase's words may be joined by any run of
blanks, hyphens, underscores, dots or invisible characters, or by nothing; a listed word split
by single hyphens or underscores reads as one word. Ordinary words and names stay unmatched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import HOSTILE_CPU_BOUND_S, page_post
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.domain import CommentStatus, Score, Submission
from civility.markup import render_comment, strip_bidi_controls
from civility.pipeline.base import Pipeline
from civility.pipeline.blocklist import Blocklist, make_blocklist
from civility.pipeline.normalize import normalize
from civility.pipeline.policy import build_policy
from civility.pipeline.wordmatch import HitKind, WordList
from civility.store import articles
from civility.store.models import Comment

BIDI_CONTROLS = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


@pytest.fixture(scope="module")
def blocklist() -> Blocklist:
    """The blocklist with the shipped word lists."""
    return make_blocklist()


def _scores(blocklist: Blocklist, text: str) -> dict[str, Score]:
    return {score.name: score for score in blocklist([Submission(text)])[0]}


def _banned(blocklist: Blocklist, text: str) -> str:
    """The banned words reason, after checking that its span covers what was written."""
    score = _scores(blocklist, text)["banned_words"]
    assert score.value == 1.0, (text, score.reason)
    return score.reason


def _shown(html: str) -> str:
    """The text a reader sees in rendered HTML (tags left out, the few entities decoded)."""
    text = re.sub(r"<[^>]*>", "", html)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


# --- 1. Bidirectional controls: what readers see is what the lists read --------------------


def test_bypass_right_to_left_override_is_not_shown_to_readers(blocklist: Blocklist) -> None:
    text = "\u202ereggin\u202c go home"
    # The lists read the stored order ("reggin"), which is no listed word...
    assert _scores(blocklist, text)["banned_words"].value == 0.0
    # ...and readers now see that same order, not the slur the override would display.
    html = render_comment(text)
    assert not any(control in html for control in BIDI_CONTROLS)
    assert _shown(html) == "reggin go home"


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_bypass_every_directional_formatting_character_is_left_out(control: str) -> None:
    html = render_comment(f"a{control}b *c{control}d* {control}")
    assert control not in html
    assert _shown(html) == "ab cd"


def test_bypass_isolates_cannot_swap_runs_for_readers() -> None:
    # Inside a right-to-left isolate two left-to-right isolates display swapped: "nig" "ger".
    html = render_comment("\u2067\u2066ger\u2069\u2066nig\u2069\u2069")
    assert _shown(html) == "gernig"


@pytest.mark.parametrize(
    "text",
    [
        # Arabic and Persian (the reviewer's samples), Hebrew, Urdu, and mixed text.
        "\u0623\u0639\u062a\u0642\u062f \u0623\u0646 \u0642\u0631\u0627\u0631 \u0627\u0644\u0645"
        "\u062c\u0644\u0633 \u0627\u0644\u0628\u0644\u062f\u064a \u0628\u0625\u0635\u0644\u0627"
        "\u062d \u0627\u0644\u0637\u0631\u0642 \u0635\u062d\u064a\u062d \u062a\u0645\u0627\u0645"
        "\u0627",
        "\u0628\u0647 \u0646\u0638\u0631 \u0645\u0646 \u062a\u0635\u0645\u06cc\u0645 \u0634\u0648"
        "\u0631\u0627\u06cc \u0634\u0647\u0631 \u0628\u0631\u0627\u06cc \u062a\u0639\u0645\u06cc"
        "\u0631 \u062c\u0627\u062f\u0647 \u0647\u0627 \u062f\u0631\u0633\u062a \u0627\u0633\u062a",
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05dc\u05d9\u05db\u05dd, 2026",
        "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646 \u0632\u0646\u062f\u06c1 \u0628\u0627\u062f",
        "The council said \u05e9\u05dc\u05d5\u05dd (peace) and \u0633\u0644\u0627\u0645 too.",
    ],
)
def test_bypass_right_to_left_text_is_rendered_unchanged(text: str) -> None:
    assert render_comment(text) == f"<p>{text}</p>\n"


def test_bypass_directional_marks_are_kept() -> None:
    # LRM, RLM and ALM cannot reorder letters; writers of mixed text use them for punctuation.
    text = "\u05e9\u05dc\u05d5\u05dd!\u200f and ok\u200e, \u0633\u0644\u0627\u0645\u061c."
    assert render_comment(text) == f"<p>{text}</p>\n"


def test_bypass_strip_bidi_controls_keeps_everything_else() -> None:
    assert strip_bidi_controls("\u202ea\u2066b\u2069c\u202c\u200f\u200b") == "abc\u200f\u200b"


def _article(factory: sessionmaker[Session]) -> str:
    with factory.begin() as session:
        article = articles.add(
            session,
            title="Talks on the council roads",
            body="First paragraph about roads.\n\nSecond paragraph.",
            now=datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
            outlet="The Express Tribune",
            published_at=datetime(2026, 11, 27, tzinfo=UTC),
        )
        return article.slug


@pytest.fixture
def blocklist_engine() -> Iterator[Engine]:
    """An Engine whose only scorer is the blocklist with the shipped lists."""
    blocklist = make_blocklist()
    pipeline = Pipeline([blocklist], timeout_s=5.0)
    yield Engine(pipeline, build_policy([blocklist]))
    pipeline.close()


def test_bypass_published_comment_page_shows_the_order_the_lists_read(
    make_web_client: Any, blocklist_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(blocklist_engine)
    slug = _article(session_factory)
    text = "\u202ereggin\u202c go home"
    assert page_post(client, slug, text).status_code == 303
    with session_factory() as session:
        stored = session.scalars(select(Comment)).one()
        assert stored.text == text  # what the author wrote is kept, for the record
        assert "\u202e" not in stored.html and "reggin go home" in stored.html
    page = client.get(f"/articles/{slug}").text
    assert "\u202e" not in page.split('id="comments-title"', 1)[1]


def test_bypass_hyphenated_slur_is_refused_on_the_page(
    make_web_client: Any, blocklist_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(blocklist_engine)
    slug = _article(session_factory)
    answer = page_post(client, slug, "Typical porch-monkey behaviour from the council")
    assert answer.status_code == 403 and "was not published" in answer.text
    with session_factory() as session:
        assert session.scalars(select(Comment.status)).one() == CommentStatus.REJECTED


# --- 2. Phrases across any separator, or none ------------------------------------------------

PHRASE_SPELLINGS = [
    "porch-monkey",
    "porch_monkey",
    "porch.monkey",
    "porchmonkey",
    "porch\u00admonkey",  # soft hyphen
    "porch\u2060monkey",  # word joiner
    "porch\u200bmonkey",  # zero-width space
    "porch\u200dmonkey",  # zero-width joiner
    "porch\u00a0monkey",  # no-break space
    "porch \u2013 monkey",
    "porch--monkey",
    "porch...monkey",
    "porch - _ . monkey",
    "porch\u2010monkey",  # hyphen
    "porch\u2011monkey",  # non-breaking hyphen
    "PORCH-MONKEY",
    "p0rch-m0nkey",
    "p o r c h m o n k e y",
]


@pytest.mark.parametrize("written", PHRASE_SPELLINGS)
def test_bypass_phrase_words_joined_by_any_separator(blocklist: Blocklist, written: str) -> None:
    text = f"Typical {written} behaviour from the council"
    scores = _scores(blocklist, text)
    assert "'porch monkey'" in _banned(blocklist, text)
    span = scores["banned_words"].spans[0]
    assert text[span.start : span.end] == written


@pytest.mark.parametrize("written", ["camel-jockeys", "camel_jockey", "cameljockey"])
def test_bypass_other_phrase_and_its_plural(blocklist: Blocklist, written: str) -> None:
    assert "'camel jockey'" in _banned(blocklist, f"those {written} again")


def test_bypass_phrase_ends_stay_at_word_boundaries() -> None:
    words = WordList(["rag head", "hot dog"])
    for text in ("drag heads", "dragheads", "rag headed", "raghe adline", "a shot dogma"):
        assert words.find(normalize(text)) == [], text
    found = [(h.entry, h.kind) for h in words.find(normalize("rag-heads and hot_dog"))]
    assert found == [("rag head", HitKind.EXACT), ("hot dog", HitKind.EXACT)]


# --- 2b. Listed words split into pieces ("towel-head") --------------------------------------

COMPOUND_SPELLINGS = {
    "towel-head": "towelhead",
    "towel_head": "towelhead",
    "towel\u00b7head": "towelhead",
    "towel\u2010head": "towelhead",
    "rag-head": "raghead",
    "rag-heads": "raghead",
    "wet-back": "wetback",
    "wet-backs": "wetback",
    "WET-BACK": "wetback",
    "sand-nigger": "sandnigger",
    "zipper-head": "zipperhead",
    "spear-chucker": "spearchucker",
    "nig-ger": "nigger",
    "n-igger": "nigger",
    "fag-got": "faggot",
}


@pytest.mark.parametrize("written", sorted(COMPOUND_SPELLINGS))
def test_bypass_listed_word_split_by_a_hyphen_or_underscore(
    blocklist: Blocklist, written: str
) -> None:
    text = f"Typical {written} behaviour from the council"
    reason = _banned(blocklist, text)
    assert f"'{COMPOUND_SPELLINGS[written]}'" in reason
    assert reason.count("'") == 4  # one word named: "sand-nigger" is not also 'nigger'
    span = _scores(blocklist, text)["banned_words"].spans[0]
    assert text[span.start : span.end] == written


def test_bypass_split_word_inside_a_longer_hyphenated_run(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "a dirty-towel-head-lover")
    assert "'towelhead' (written 'towel-head')" in scores["banned_words"].reason


def test_bypass_split_suspect_words_only_hold(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "what a dumb-ass and a bull_shit story, a dick-head")
    assert scores["banned_words"].value == 0.0
    reason = scores["suspect_words"].reason
    assert "'dumbass'" in reason and "'bullshit'" in reason and "'dickhead'" in reason


# --- Not matched: ordinary words, names, and what only looks joined --------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The reviewer's list: none matched before, none may match now.
        "Scunthorpe United beat Arsenal; Penistone is near Sheffield.",
        "Niger and Nigeria; he would snigger at a niggardly sum.",
        "A classic assassin story.",
        "Scunthorpe-United, Arsenal-Chelsea, Niger-Nigeria, classic-assassin, Penistone_FC",
        # Two words one entry apart, written as prose writes them.
        "My shirt stuck to my wet back; a rag head-band; a towel head wrap.",
        "Soaking wet.Back home by six. Soaking wet.back home by six.",
        "Soaked to the skin\u2014wet\u2014back home by six; wet\u2013back; wet--back; wet...back.",
        "Let's go ok? Those who re-elected her. The horses hit the fence.",
        "The U.S.hit back at once, the U.K.bitterly.",
        "drag heads and dragheads; porches, monkeys; a porch; the monkey.",
        # Addresses join words with hyphens that prose would space.
        "See https://example.com/horses-hit-by-car and www.x.org/voters-who-re-elected-her",
        "news.example.com/wet-back-pain-remedies and example.org/rag-head-scarf",
    ],
)
def test_bypass_fixes_leave_ordinary_text_alone(blocklist: Blocklist, text: str) -> None:
    scores = _scores(blocklist, text)
    assert scores["banned_words"].value == 0.0, scores["banned_words"].reason
    assert scores["suspect_words"].value == 0.0, scores["suspect_words"].reason


@pytest.mark.parametrize(
    "word", ["Scunthorpe", "Niger", "snigger", "niggardly", "classic", "assassin", "Penistone"]
)
def test_bypass_reviewer_negatives_each_alone(blocklist: Blocklist, word: str) -> None:
    for text in (word, f"the {word} story", f"{word}-based", f"{word}_x", f"anti-{word}"):
        scores = _scores(blocklist, text)
        assert scores["banned_words"].value == scores["suspect_words"].value == 0.0, text


def test_bypass_arsenal_alone(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "Arsenal")
    assert scores["banned_words"].value == scores["suspect_words"].value == 0.0


# --- 3. Spelled out inside a sentence: read as the likeliest words -------------------------


@pytest.mark.parametrize("text", ["u r a f a g g o t", "I a m a n i g g e r"])
def test_bypass_spelled_out_after_other_spelled_words(blocklist: Blocklist, text: str) -> None:
    assert _scores(blocklist, text)["banned_words"].value == 1.0


@pytest.mark.parametrize(
    "text",
    ["O N E S H I T", "F C K N O W", "I N C U N T I L", "M A T S U S H I T A", "i n c u n t"],
)
def test_bypass_spelled_out_words_read_only_among_frame_words(
    blocklist: Blocklist, text: str
) -> None:
    # Letters that no frame word ("u r a", "i am a") surrounds are read whole, as before; a
    # prefix entry ("cunt*") is its stem alone, not the start of any piece ("cuntil").
    scores = _scores(blocklist, text)
    assert scores["banned_words"].value == scores["suspect_words"].value == 0.0, scores


def test_bypass_spelled_out_after_an_article_is_read(blocklist: Blocklist) -> None:
    for text in ("you are a n i g g e r", "a f a g g o t s", "n i g g e r g o h o m e"):
        assert _scores(blocklist, text)["banned_words"].value == 1.0, text


# --- 4. A symbol put between the letters, hiding none ----------------------------------------


@pytest.mark.parametrize("written", ["ni*gger", "nigg*er", "f#a#g#g#o#t", "fag?got"])
def test_bypass_symbol_inserted_between_the_letters(blocklist: Blocklist, written: str) -> None:
    text = f"You are a {written}."
    score = _scores(blocklist, text)["banned_words"]
    assert score.value == 1.0 and text[score.spans[0].start : score.spans[0].end] == written


@pytest.mark.parametrize("text", ["Go!ok, let us start.", "Wet*back and sore: a long run."])
def test_bypass_two_words_joined_by_a_symbol_stay_two(blocklist: Blocklist, text: str) -> None:
    assert _scores(blocklist, text)["banned_words"].value == 0.0


# --- Linear on hostile input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ni-" * 200_000,
        "wet-back-" * 100_000,
        "porch-" * 100_000 + "monkey",
        "porch " + "-_. " * 250_000 + "monkey",
        "a-" * 300_000,
        "https://x.org/" + "wet-back-" * 50_000,
    ],
)
def test_bypass_joining_stays_fast_on_long_runs(blocklist: Blocklist, text: str) -> None:
    started = time.process_time()
    scores = _scores(blocklist, text)
    assert time.process_time() - started < 10.0
    for score in scores.values():
        assert all(0 <= span.start <= span.end <= len(text) for span in score.spans)


@pytest.mark.parametrize("piece", ["ab-", "sh-", "a_", "ab\u00b7"])
def test_bypass_long_chains_that_fail_at_their_end_take_linear_time(piece: str) -> None:
    # A chain of joined pieces ending in a digit is no word; each of its pieces used to be tried
    # again as the start of a chain: 80,000 characters took 8 s, a megabyte some twenty minutes.
    text = (piece * 400_000)[:1_000_000] + "1"
    started = time.process_time()
    scores = make_blocklist().score(text)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert [score.value for score in scores if score.name == "banned_words"] == [0.0]


@pytest.mark.parametrize(
    "text", ["They are 2-wet-back", "a X1-towel-head", "see covid19-towel-head now", "I-5-wet-back"]
)
def test_bypass_a_digit_and_a_hyphen_before_a_split_word_hide_nothing(text: str) -> None:
    # A chain may start after a digit and a mark: no chain of letters covers the digit.
    scores = make_blocklist().score(text)
    assert [score.value for score in scores if score.name == "banned_words"] == [1.0]
