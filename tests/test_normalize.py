"""The normaliser: disguises undone, ordinary text left alone, every character traced back."""

from __future__ import annotations

import time

import pytest
from conftest import HOSTILE_CPU_BOUND_S

from civility.pipeline.normalize import Normalized, normalize

CYRILLIC_SHIT = "\u0455\u04bb\u0456\u0442"  # looks like "shit"
GREEK_BITCH = "\u0392\u0399\u03a4\u03f9\u0397"  # looks like "BITCH"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stupid", "stupid"),
        ("stuuuupid", "stupid"),
        ("s h i t", "shit"),
        ("f.u.c.k you", "fuck you"),
        ("s-h-1-t", "shit"),
        ("F_U_C_K", "fuck"),
        ("sh1t", "shit"),
        ("$hit", "shit"),
        ("b@stard", "bastard"),
        ("h4x0r 1d10t", "haxor idiot"),
        ("ni99er", "nigger"),  # 9 for g
        ("\uff26\uff55\uff43\uff4b", "fuck"),  # fullwidth
        ("\U0001d41f\U0001d42e\U0001d41c\U0001d424", "fuck"),  # mathematical bold
        ("\u24d5\u24e4\u24d2\u24da", "fuck"),  # circled letters
        (CYRILLIC_SHIT, "shit"),
        (GREEK_BITCH, "bitch"),
        ("\u1d1b\u0280\u1d00\u0280", "trar"),  # small capitals
        ("fu\u200bck", "fuck"),  # zero-width space
        ("f\u200du\u2060c\ufeffk", "fuck"),  # joiner, word joiner, byte-order mark
        ("\u202ekcuf", "kcuf"),  # the bidi override goes, the letters stay as typed
        ("f\u0338u\u0338c\u0338k\u0338", "fuck"),  # strike-through combining marks
        ("f\u00fcck", "fuck"),
        ("\U0001f595 you", "fuck you"),
        ("\U0001f1eb\U0001f1fa\U0001f1e8\U0001f1f0", "fuck"),  # regional indicators
        ("\U0001f170\U0001f171", "ab"),  # negative squared letters
        ("don\u2019t \u201cquote\u201d \u2014 dash", 'don\'t "quote" - dash'),
        ("\u0130stanbul stra\u00dfe", "istanbul strasse"),
        ("a\x00b\x07c", "abc"),
    ],
)
def test_normalize_undoes_disguises(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "sacrifice of 40,000 civilians and more than 5000 security personnel",
        "Vienna,25-10-2011 Pakistan",
        "Published in The Express Tribune, October 25th, 2011.",
        "180 million innocents in the 1990s, the 3rd time, at 5pm, for $5bn",
        "@markh: you seem to be the only one",
        "haqqani network in north waziristan, nuristan and kunar",
        "taravadu taranga trust -- kulamarva balakrishna",
        "tehmina janjua, gul khan, amir wayn, bhatti",
        "chukwuemeka okonkwo and ngozi adichie; oluwaseun; nkosinathi sithole",
        "muhammad ibn abdullah, abd al-rahman, khadija bint khuwaylid",
        "the classic assassin from scunthorpe read dickens over shiitake",
        "a b",
        "version 1.2.3 and ipv4 10.0.0.1, covid19, the f16 and g7, mp3",
        "the 9pm news, 99 problems, b52 and 9/11",
    ],
)
def test_normalize_leaves_ordinary_text_alone(text: str) -> None:
    assert normalize(text).text == text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646 \u0632\u0646\u062f\u06c1 \u0628\u0627\u062f",
        "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u094b\u0938\u094d\u0924\u094b\u0902",
        "\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f",  # Arabic with its vowel marks
        "\u4f60\u597d\uff0c\u4e16\u754c",
    ],
)
def test_normalize_keeps_other_scripts(text: str) -> None:
    folded = normalize(text).text
    assert [c for c in folded if c.isalpha()] == [c for c in text if c.isalpha()]


def test_normalize_collapses_runs_but_keeps_doubles() -> None:
    assert normalize("good coffee, sooooo good, zzzz").text == "good coffee, so good, z"


def test_normalize_leaves_numbers_unmapped_without_letters() -> None:
    assert normalize("1 2 3 4 5 7 0").text == "1 2 3 4 5 7 0"


def test_normalize_offsets_point_at_source_characters() -> None:
    source = "S h 1 t, \u0455\u04bb\u0456\u0442!! stuuuupid \U0001f595"
    norm = normalize(source)
    assert len(norm.offsets) == len(norm.text)
    assert list(norm.offsets) == sorted(norm.offsets)
    assert all(0 <= at < len(source) for at in norm.offsets)
    assert norm.text == "shit, shit!! stupid fuck"


@pytest.mark.parametrize(
    ("source", "word", "expected"),
    [
        ("you s h i t head", "shit", "s h i t"),
        ("what a stuuuupid idea", "stupid", "stuuuupid"),
        ("it is fu\u200bck\u200b!", "fuck", "fu\u200bck"),
        ("\U0001f595 you", "fuck", "\U0001f595"),
        ("oh \u0455\u04bb\u0456\u0442.", "shit", "\u0455\u04bb\u0456\u0442"),
        ("a f.u.c.k. b", "fuck", "f.u.c.k"),
    ],
)
def test_normalize_to_original_covers_the_disguised_word(
    source: str, word: str, expected: str
) -> None:
    norm = normalize(source)
    start = norm.text.index(word)
    orig_start, orig_end = norm.to_original(start, start + len(word))
    assert source[orig_start:orig_end] == expected


def test_normalize_to_original_keeps_punctuation_inside_the_span() -> None:
    norm = normalize("what?! f**k.")
    assert norm.to_original(0, 6) == (0, 6)
    assert norm.to_original(7, 11) == (7, 11)


def test_normalize_to_original_empty_and_whole_spans() -> None:
    norm = normalize("Hello there")
    assert norm.to_original(0, len(norm.text)) == (0, 11)
    assert norm.to_original(5, 5) == (5, 5)
    assert norm.to_original(len(norm.text), len(norm.text)) == (11, 11)


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)])
def test_normalize_to_original_refuses_spans_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        normalize("short").to_original(start, end)


def test_normalize_result_is_frozen() -> None:
    norm = normalize("text")
    assert isinstance(norm, Normalized)
    with pytest.raises(AttributeError):
        norm.text = "other"  # type: ignore[misc]


def test_normalize_seed_comments_keep_their_words(seed_comments: list[str]) -> None:
    for comment in seed_comments:
        words = normalize(comment).text.split()
        assert len(words) == len(comment.split()), comment


def test_normalize_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    norm = normalize(hostile_text)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert len(norm.offsets) == len(norm.text)
    if norm.text:
        start, end = norm.to_original(0, len(norm.text))
        assert 0 <= start <= end <= len(hostile_text)
