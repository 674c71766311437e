"""Banned and suspect words: disguised spellings are found, ordinary words and names are not."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from civility.config import Settings
from civility.domain import Score, Submission
from civility.pipeline.blocklist import (
    DEFAULT_BANNED,
    DEFAULT_SUSPECT,
    MAX_SPANS,
    Blocklist,
    make_blocklist,
)
from civility.pipeline.registry import build_pipeline
from civility.pipeline.wordmatch import WordListError, parse_lines


@pytest.fixture(scope="module")
def blocklist() -> Blocklist:
    """The blocklist with the shipped word lists."""
    return make_blocklist()


def _scores(blocklist: Blocklist, text: str) -> dict[str, Score]:
    return {score.name: score for score in blocklist([Submission(text)])[0]}


_LEET = str.maketrans("aeiost", "431057")
_CYRILLIC = str.maketrans("aeopcxi", "\u0430\u0435\u043e\u0440\u0441\u0445\u0456")


def _swap(word: str) -> str:
    i = next(i for i in range(1, len(word) - 2) if word[i] != word[i + 1])
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _mask(word: str) -> str:
    return word[0] + "*" + word[2:]


def _mask_two(word: str) -> str:
    return word[0] + "@#" + word[3:]


def _stretch(word: str) -> str:
    vowel = next(i for i, c in enumerate(word) if c in "aeiou")
    return word[:vowel] + word[vowel] * 5 + word[vowel + 1 :]


def _delete(word: str) -> str:
    return word[:3] + word[4:]


# Each disguise, and whether it is certain enough to count as the listed word itself.
# Near misses (a swap, a deletion) of a banned word only hold: a person decides.
TEMPLATES: dict[str, tuple[Callable[[str], str], bool]] = {
    "plain": (lambda w: w, True),
    "capitals": (str.upper, True),
    "leetspeak": (lambda w: w.translate(_LEET), True),
    "spaces": (" ".join, True),
    "dots": (".".join, True),
    "dashes": ("-".join, True),
    "repeated_letters": (_stretch, True),
    "homoglyphs": (lambda w: w.translate(_CYRILLIC), True),
    "zero_width": ("\u200b".join, True),
    "masked_letter": (_mask, True),
    "masked_two_letters": (_mask_two, True),
    "replacement_character": (lambda w: w[0] + "\ufffd" + w[2:], True),
    "swapped_letters": (_swap, False),
    "deleted_letter": (_delete, False),
}
WORDS = {"bastard": "suspect_words", "asshole": "suspect_words", "faggot": "banned_words"}
WORDS |= {"towelhead": "banned_words", "imbecile": "suspect_words"}


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("word", sorted(WORDS))
def test_blocklist_finds_disguised_words(blocklist: Blocklist, word: str, template: str) -> None:
    disguise, is_certain = TEMPLATES[template]
    written = disguise(word)
    text = f"You are a {written} and everyone knows it."
    listed = WORDS[word]
    expected = listed if is_certain else "suspect_words"
    scores = _scores(blocklist, text)
    assert scores[expected].value == 1.0, (written, scores)
    span = scores[expected].spans[0]
    assert text[span.start : span.end] == written
    assert f"'{word}'" in scores[expected].reason
    if expected == "suspect_words":
        assert scores["banned_words"].value == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United, Penistone and Middlesex are places, not insults.",
        "A classic assassin story; the bass player passed the class with passion.",
        "Dickens wrote about Cockburn; Hancock sold shiitake (some spell it shitake).",
        "Sheila Dikshit and Matthew Coon Come met Nkosinathi Sithole in Niger and Nigeria.",
        "The Haqqani network in Nuristan; Kulamarva Balakrishna of Taravadu Taranga Trust.",
        "Raghad Hussein, Bastar district, Baner in Pune and Moroni in the Comoros.",
        "We should be sitting by the moon in the morning, she wore a coat.",
        "The attack was offensive; they will kill, strike and bomb: terrorist bombing.",
        "Militants killed in the shooting; an assassination attempt; the jihad debate.",
        "Pakistan, Pakistani, Pakistanis and the Pak army.",
        "Analysis of the therapist's cocktail at the Essex scrapbook and the butthead-free zone.",
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430?",
        "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1",
        "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646 \u0632\u0646\u062f\u06c1 \u0628\u0627\u062f",
        "What?! Really?? Ok** and *emphasis* and **bold** and C++ and C#.",
        "Email me@example.com or @Markh: reply; US$5, 1st, 3rd, 40,000 and 25-10-2011.",
    ],
)
def test_blocklist_leaves_ordinary_words_and_names_alone(blocklist: Blocklist, text: str) -> None:
    scores = _scores(blocklist, text)
    assert scores["banned_words"].value == 0.0, scores["banned_words"].reason
    assert scores["suspect_words"].value == 0.0, scores["suspect_words"].reason


def test_blocklist_seed_comments_have_no_listed_words(
    blocklist: Blocklist, seed_comments: list[str]
) -> None:
    for comment in seed_comments:
        scores = _scores(blocklist, comment)
        assert scores["banned_words"].value == scores["suspect_words"].value == 0.0, comment


@pytest.mark.parametrize("path", [DEFAULT_BANNED, DEFAULT_SUSPECT])
def test_blocklist_shipped_lists_leave_out_news_words(path: Path) -> None:
    entries = {entry.rstrip("*") for entry in parse_lines(path.read_text(encoding="utf-8"))}
    news = {"attack", "offensive", "kill", "strike", "terrorist", "bomb", "jihad", "militant"}
    assert entries & news == set()


def test_blocklist_reason_names_every_word_found(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "You f*cking idiot, you moron.")
    reason = scores["suspect_words"].reason
    assert reason.startswith("suspect words: ")
    assert "'fuck' (written 'f*cking')" in reason
    assert "'idiot'" in reason
    assert "'moron'" in reason
    assert len(scores["suspect_words"].spans) == 3
    assert scores["banned_words"].reason == "no banned words"


def test_blocklist_near_miss_of_a_banned_word_only_holds(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "what a towlehead")
    assert scores["banned_words"].value == 0.0
    assert scores["suspect_words"].value == 1.0
    assert "'towelhead' (written 'towlehead')" in scores["suspect_words"].reason


def test_blocklist_keeps_the_first_spans_of_a_flood(blocklist: Blocklist) -> None:
    scores = _scores(blocklist, "idiot " * 5000)
    assert len(scores["suspect_words"].spans) == MAX_SPANS


def test_blocklist_custom_lists_replace_the_shipped_ones(tmp_path: Path) -> None:
    banned, suspect = tmp_path / "banned.txt", tmp_path / "suspect.txt"
    banned.write_text("# site's own\nsausage\n", encoding="utf-8")
    suspect.write_text("mustard\n", encoding="utf-8")
    custom = make_blocklist(banned_words_file=banned, suspect_words_file=suspect)
    scores = _scores(custom, "Sausages with must4rd, you idiot")
    assert scores["banned_words"].reason == "banned word: 'sausage' (written 'Sausages')"
    assert scores["suspect_words"].reason == "suspect word: 'mustard' (written 'must4rd')"


def test_blocklist_settings_choose_the_lists(tmp_path: Path) -> None:
    banned = tmp_path / "banned.txt"
    banned.write_text("sausage\n", encoding="utf-8")
    pipeline = build_pipeline(Settings(scorers=["blocklist"], banned_words_file=banned))
    try:
        scores = {score.name: score for score in pipeline.run(Submission("a sausage"))}
    finally:
        pipeline.close()
    assert scores["banned_words"].value == 1.0


@pytest.mark.parametrize("which", ["banned_words_file", "suspect_words_file"])
def test_blocklist_missing_list_fails_at_startup_naming_it(tmp_path: Path, which: str) -> None:
    missing = tmp_path / "no-such-list.txt"
    with pytest.raises(WordListError, match=r"no-such-list\.txt"):
        make_blocklist(**{which: missing})


def test_blocklist_unreadable_list_fails_naming_it(tmp_path: Path) -> None:
    with pytest.raises(WordListError, match=re.escape(str(tmp_path))):
        make_blocklist(banned_words_file=tmp_path)  # a directory, not a file


def test_blocklist_survives_hostile_text(blocklist: Blocklist, hostile_text: str) -> None:
    started = time.process_time()
    scores = _scores(blocklist, hostile_text)
    # Tells a linear pass (about 4 s of CPU for the megabyte of masks on a busy shared host)
    # from backtracking, which on a megabyte takes minutes; 5 s failed on a slow host in CI.
    assert time.process_time() - started < 15.0
    for score in scores.values():
        assert 0.0 <= score.value <= 1.0
        assert all(0 <= span.start <= span.end <= len(hostile_text) for span in score.spans)
