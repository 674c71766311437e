"""The abuse normaliser against invisible characters, and its spans over stretched letters."""

from __future__ import annotations

import sys

import pytest

from civility.domain import Score, Submission
from civility.ml.textnorm import basic_normalize
from civility.pipeline.abuse import AbuseScorer
from civility.pipeline.normalize import is_dropped

# Format, bidi, tag, control (C0, DEL, C1) and grapheme-joiner characters the word lists drop.
HIDDEN = ["\u2063", "\u200e", "\u202e", "\U000e0041", "\x01", "\x1f", "\x7f", "\x85", "\u034f"]
THREAT = "go kill yourself, nobody wants you here"


def _hide(text: str, char: str) -> str:
    """`char` after the second letter of each word longer than three letters."""
    return " ".join(w[:2] + char + w[2:] if len(w) > 3 else w for w in text.split(" "))


def _scores(scorer: object, text: str) -> dict[str, Score]:
    """The abuse scores of one comment, by name."""
    assert isinstance(scorer, AbuseScorer)
    return {s.name: s for s in scorer([Submission(text=text)])[0]}


def _marked(scores: dict[str, Score], name: str, text: str) -> list[str]:
    """The original text of each span of one score."""
    return [text[s.start : s.end] for s in scores[name].spans]


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_textnorm_reads_words_through_invisible_characters(char: str) -> None:
    assert basic_normalize(_hide(THREAT, char)).text == THREAT


def test_textnorm_drops_every_character_the_word_lists_drop() -> None:
    dropped = [chr(c) for c in range(sys.maxunicode + 1) if is_dropped(chr(c))]
    assert len(dropped) > 3000
    read = {c: basic_normalize(f"id{c}iot").text for c in dropped}
    assert {f"U+{ord(c):04X}" for c, t in read.items() if t != "idiot"} == set()


def test_textnorm_keeps_tabs_and_line_breaks() -> None:
    assert basic_normalize("one\ttwo\nthree\r\nfour").text == "one\ttwo\nthree\r\nfour"


def test_textnorm_offsets_skip_the_dropped_characters() -> None:
    raw = "you\x01 are a m\u2063oron"
    norm = basic_normalize(raw)
    assert norm.text == "you are a moron"
    start = norm.text.index("moron")
    first, last = norm.to_original(start, start + 5)
    assert raw[first:last] == "m\u2063oron"
    assert [raw[o] for o in norm.offsets] == list("you are a m") + list("oron")


@pytest.mark.parametrize(
    ("raw", "read", "word"),
    [
        ("you are an idiotttttttt", "idiot", "idiotttttttt"),
        ("fuckkkkkkk you", "fuck", "fuckkkkkkk"),
        ("www.site0.com", "ww", "www"),
        ("well hmmmmm, no", "hmm", "hmmmmm"),  # not a disguise: the squeezed text stays
        ("so stuuuupid!!!", "stupid", "stuuuupid"),
        ("an idiottttt\u2063 here", "idiot", "idiottttt"),  # not the invisible after it
        ("an idiot\u2063ttttt here", "idiot", "idiot\u2063ttttt"),
        ("idiotttt", "idiot", "idiotttt"),  # at the end of the text
    ],
)
def test_textnorm_span_covers_the_whole_stretched_word(raw: str, read: str, word: str) -> None:
    norm = basic_normalize(raw)
    start = norm.text.index(read)
    first, last = norm.to_original(start, start + len(read))
    assert raw[first:last] == word


def test_textnorm_span_of_plain_and_spaced_words_is_unchanged() -> None:
    raw = "You are an idiot, a m o r o n!"
    norm = basic_normalize(raw)
    first, last = norm.to_original(11, 16)
    assert raw[first:last] == "idiot"
    start = norm.text.index("moron")
    first, last = norm.to_original(start, start + 5)
    assert raw[first:last] == "m o r o n"


@pytest.mark.slow
@pytest.mark.parametrize("char", ["\u2063", "\u200e", "\x01"], ids=lambda c: f"U+{ord(c):04X}")
def test_abuse_invisible_characters_do_not_hide_a_threat(abuse_scorer: object, char: str) -> None:
    plain = _scores(abuse_scorer, THREAT)
    hidden = _scores(abuse_scorer, _hide(THREAT, char))
    assert plain["threat"].value >= 0.5
    for name in ("toxicity", "threat", "insult"):
        assert hidden[name].value == pytest.approx(plain[name].value, abs=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "word"),
    [
        ("you are an idiotttttttt", "insult", "idiotttttttt"),
        ("fuckkkkkkk you", "profanity", "fuckkkkkkk"),
    ],
)
def test_abuse_spans_cover_stretched_letters(
    abuse_scorer: object, text: str, name: str, word: str
) -> None:
    assert word in _marked(_scores(abuse_scorer, text), name, text)


@pytest.mark.slow
def test_abuse_spam_spans_keep_whole_words(abuse_scorer: object) -> None:
    text = " ".join(f"www.site{i}.com" for i in range(6))
    marked = _marked(_scores(abuse_scorer, text), "spam", text)
    assert marked
    for span in marked:
        assert all(word in ("www", "com") for word in span.split()), marked
