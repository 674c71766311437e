"""The 'repetition' scorer: copies of recent comments, and text that repeats itself."""

from __future__ import annotations

import heapq
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from itertools import groupby

from civility.domain import Score, Span, Submission
from civility.pipeline.base import PerComment
from civility.pipeline.normalize import normalize

_WORD = re.compile(r"[^\W_]+")
_BLANKS = re.compile(r"\s+")
_SHINGLE = 4  # characters per shingle when comparing two comments
# Bottom-k sketches: two texts at 50% shingle overlap share about 10 of 32 on average.
_SKETCH_SIZE = 32
_SKETCH_MIN_SHARED = 4
# Spam longer than this is already held by 'length'; comparing more adds nothing.
_COMPARE_CHARS = 5000
# Spam repeats itself from the start: the first 20,000 characters tell.
_REPEAT_CHARS = 20_000
# The longest phrase (in words) whose back-to-back repeats are counted.
_MAX_PHRASE = 4


@lru_cache(maxsize=1024)  # the site's recent comments come back for every new one
def _canonical(text: str) -> str:
    """Text as compared with other comments: normalised, blanks collapsed."""
    return _BLANKS.sub(" ", normalize(text[:_COMPARE_CHARS]).text).strip()


@lru_cache(maxsize=2048)  # each recent comment is compared with every new one
def _shingles(text: str) -> frozenset[str]:
    """Overlapping character n-grams, the unit of near-copy similarity."""
    return frozenset(text[i : i + _SHINGLE] for i in range(max(1, len(text) - _SHINGLE + 1)))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two canonical texts' shingles: 1.0 for the same text."""
    if a == b:
        return 1.0
    if not a or not b or min(len(a), len(b)) < 0.5 * max(len(a), len(b)):
        return 0.0  # very different lengths cannot be near-copies
    if len(_sketch(a) & _sketch(b)) < _SKETCH_MIN_SHARED:
        return 0.0  # far below any copy threshold: skip the exact comparison
    sa, sb = _shingles(a), _shingles(b)
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared)


@lru_cache(maxsize=2048)
def _sketch(text: str) -> frozenset[int]:
    """The smallest shingle hashes: texts that share few of them are not near-copies."""
    return frozenset(heapq.nsmallest(_SKETCH_SIZE, {hash(s) for s in _shingles(text)}))


def most_similar(text: str, others: Iterable[str]) -> float:
    """The highest similarity between a canonical text and any of `others` (raw texts)."""
    return max((similarity(text, _canonical(other)) for other in others), default=0.0)


def longest_repeat(words: list[str]) -> tuple[int, int, int]:
    """(times, start word, phrase length) of the phrase repeated most often back to back."""
    best = (1, 0, 1)
    for size in range(1, _MAX_PHRASE + 1):
        same = [a == b for a, b in zip(words, words[size:], strict=False)]
        at = 0
        for is_same, group in groupby(same):
            length = sum(1 for _ in group)
            times = length // size + 1
            if is_same and times > best[0]:
                best = (times, at, size)
            at += length
    return best


def compressed_ratio(text: str) -> float:
    """Compressed size over raw size: low for text that repeats itself."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(zlib.compress(raw, 6)) / max(1, len(raw))


def _ramp(value: float, at_half: float, at_one: float) -> float:
    """0 -> 0.5 linearly up to `at_half`, then 0.5 -> 1 up to `at_one`; clipped to [0, 1]."""
    if value <= at_half:
        return max(0.0, 0.5 * value / at_half)
    return min(1.0, 0.5 + 0.5 * (value - at_half) / (at_one - at_half))


class _Finding:
    """The strongest repetition signal found so far, with its reason and spans."""

    def __init__(self) -> None:
        self.value = 0.0
        self.reason = "no repetition"
        self.spans: tuple[Span, ...] = ()

    def offer(self, value: float, reason: str, spans: tuple[Span, ...] = ()) -> None:
        """Keep this signal if it is stronger than the one kept."""
        if value > self.value:
            self.value, self.reason, self.spans = value, reason, spans


def make_repetition(
    *,
    min_chars: int = 30,
    copy_similarity: float = 0.8,
    max_repeats: int = 3,
    min_compress_chars: int = 200,
    max_char_run: int = 49,
) -> PerComment:
    """Score copies of the author's or the site's recent comments, and self-repeating text.

    A comment of `min_chars` or more that is `copy_similarity` alike (shingle Jaccard)
    to a recent one scores 0.5 and up; so do more than `max_repeats` back-to-back
    repeats of a word (one more for a phrase, twice as many for laughter and the like
    or when they are a small part of a longer comment: "Money, money, money..." is
    rhetoric), a letter or mark repeated
    more than `max_char_run` times, and text of `min_compress_chars` or more that
    compresses like a loop.
    """

    def repetition(sub: Submission) -> Score:
        """The strongest of the repetition signals, with its reason."""
        found = _Finding()
        _check_copies(sub, found, min_chars=min_chars, copy_similarity=copy_similarity)
        _check_repeats(sub.text, found, max_repeats=max_repeats)
        _check_char_runs(sub.text, found, max_char_run=max_char_run)
        if len(sub.text) >= min_compress_chars:
            ratio = compressed_ratio(sub.text)
            # Prose compresses to about half; a pasted loop to a tenth or less.
            value = _ramp(0.45 - ratio, 0.25, 0.35)
            found.offer(value, f"text repeats itself (compresses to {ratio:.0%})")
        return Score("repetition", found.value, found.reason, found.spans)

    return PerComment("repetition", repetition)


def _check_copies(
    sub: Submission, found: _Finding, *, min_chars: int, copy_similarity: float
) -> None:
    """Near-copies of the author's own recent comments or of anyone's on the site."""
    text = _canonical(sub.text)
    if len(text) < min_chars:
        return  # "Yes, really." may well be said twice
    sources = (
        (sub.author_recent_texts, "one of the author's recent comments"),
        (sub.site_recent_texts, "a recent comment on the site"),
    )
    for others, whose in sources:
        alike = most_similar(text, others)
        if alike > 0:
            what = "a copy" if alike == 1.0 else f"{alike:.0%} alike"
            found.offer(_ramp(alike, copy_similarity, 1.0), f"{what} of {whose}")


def _check_repeats(text: str, found: _Finding, *, max_repeats: int) -> None:
    """A word or short phrase said again and again: "buy buy buy buy"."""
    norm = normalize(text[:_REPEAT_CHARS])
    matches = list(_WORD.finditer(norm.text))
    times, start, size = longest_repeat([m.group() for m in matches])
    if times <= 1:
        return
    first, last = matches[start], matches[start + times * size - 1]
    span = Span(*norm.to_original(first.start(), last.end()))
    phrase = " ".join(m.group() for m in matches[start : start + size])
    at_half = max_repeats + 1 if size == 1 else max_repeats + 2
    if phrase in _SAID_AGAIN or (span.end - span.start) < 0.25 * len(text):
        at_half *= 2
    value = _ramp(times, at_half, 2 * at_half)
    found.offer(value, f"'{phrase[:40]}' repeated {times} times in a row", (span,))


# Words people repeat on purpose: laughter, refusal, rhythm.
_SAID_AGAIN_WORDS = """
ha hah haha he hehe hi ho lol no yes yeah yay very so la na blah bla go on and more
never tick tock knock bye why please again
"""
_SAID_AGAIN = frozenset(_SAID_AGAIN_WORDS.split())

# Letters, digits and !? only: lines of dashes or dots separate quotes in comments.
_CHAR_RUN = re.compile(r"([^\W_]|[!?])\1{9,}")


def _check_char_runs(text: str, found: _Finding, *, max_char_run: int) -> None:
    """One key held down: "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"."""
    longest = max(_CHAR_RUN.finditer(text), key=lambda m: m.end() - m.start(), default=None)
    if longest is None:
        return
    length = longest.end() - longest.start()
    value = _ramp(length, max_char_run + 1, 3 * (max_char_run + 1))
    span = Span(longest.start(), longest.end())
    found.offer(value, f"{longest.group(1)!r} repeated {length} times", (span,))
