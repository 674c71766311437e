"""Undo common obfuscations (homoglyphs, leetspeak, spaced or stretched letters) with offsets.

Emoji read as words or letters first (`ml/emoji_words.py`), swear words used as names
("Dick Cheney") as "name" (`ml/names.py`); disguised abuse words
("f*ck", "idoit", "ki11") are restored last (`ml/deobfuscate.py`).

The abuse model records which normaliser (this one or `civility.pipeline.normalize`) it was
trained with and always uses the same one; both drop the same invisible characters.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from civility.ml.deobfuscate import (
    TARGETS,
    is_english,
    reading,
    restorations,
    split_words,
)
from civility.ml.emoji_words import expand
from civility.ml.lexicon import IDENTITY_TERMS
from civility.ml.names import PLACEHOLDER, name_spans
from civility.ml.segment import spelled_words
from civility.pipeline.normalize import ASCII_CONTROL, is_dropped
from civility.text_cache import remember_short_texts

# Look-alike letters from other scripts, mapped to the Latin letter they imitate.
_HOMOGLYPHS = str.maketrans(
    "аеорсухіјѕԁɡһķӏոԛԝаАВЕКМНОРСТХІЈЅαβεικνορτυχıƒ",
    "aeopcyxijsdghklnqwaabekmhopctxijsabeikvoptuxif",
)
# "£" for "f" as in "£ucking" (before letters only: "£5" and "£10bn" are money).
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "\u00a3": "f",
}
_LEET_CHAR = re.compile("[" + re.escape("".join(_LEET)) + "]")
# Single letters (or leetspeak digits) separated by one space or punctuation mark: "s h i t",
# "f.u.c.k", "m u s 1 i m s"; runs with fewer than three letters are numbers, not words.
_SPACED = re.compile(r"\b(?:[a-z0-9][ .\-_*]){2,}[a-z0-9]\b")
_MIN_SPACED_LETTERS = 3
# Spelled-out runs longer than this are joined whole, not read as words: the search for words
# grows with the run, and a hostile text may spell out thousands of letters.
_MAX_SEGMENTED = 40


_STRETCH = re.compile(r"([^\W\d_])\1\1")
# Compounds made of an abuse word in a harmless sense, read as one word: "The minister's
# knee-jerk response ..." scored toxicity 0.81 on "jerk" (about 10 of C3's news comments).
# Not "dumb-bell": a C3 comment uses it as a politician's nickname.
_COMPOUNDS = {"kneejerk": re.compile(r"\bknee[\s\-]?jerk")}


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text, for each of its characters the index it came from, and the original."""

    text: str
    offsets: tuple[int, ...]
    source: str = ""  # "" where unknown: a range then ends after its last character's index

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original character range behind normalised range [start, end)."""
        if not self.offsets or start >= end:
            return (0, 0)
        first = self.offsets[min(start, len(self.offsets) - 1)]
        return (first, self._original_end(min(end, len(self.offsets))))

    def _original_end(self, end: int) -> int:
        """Where the original of normalised [.., end) ends, the last character's whole run in."""
        last = self.offsets[end - 1] + 1
        if not self.source:
            return last
        # A stretch keeps two letters ("idiottttt" -> "idiott"): the dropped rest, up to the next
        # kept character, belongs to the last one, less blanks and invisibles dropped between.
        stop = self.offsets[end] if end < len(self.offsets) else len(self.source)
        while stop > last and not _in_word(self.source[stop - 1]):
            stop -= 1
        return max(stop, last)


def _in_word(char: str) -> bool:
    """A letter, digit or mark on one (an accent written apart): part of the word before it."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """One character folded to lower-case ASCII where it has a plain equivalent."""
    folded = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in folded if not unicodedata.combining(c)) or char
    return base.translate(_HOMOGLYPHS).lower()


_invisible = lru_cache(maxsize=8192)(is_dropped)


def _is_letter(text: str, i: int) -> bool:
    """Whether position i holds a letter (after folding)."""
    return 0 <= i < len(text) and text[i].isalpha()


def _deleet(chars: list[str]) -> list[str]:
    """Digits and symbols inside words become the letters they imitate ("sh1t", "@ss")."""
    out = list(chars)
    # Only the places of leet characters are read: most text has few.
    for match in _LEET_CHAR.finditer("".join(chars)):
        i, c = match.start(), match.group()
        before = i > 0 and chars[i - 1].isalpha()
        after = i + 1 < len(chars) and chars[i + 1].isalpha()
        if (before and after) or (after and c in "@$\u00a3") or (before and c in "0$"):
            out[i] = _LEET[c]
    return out


# The abuse model and the encoder both read a comment normalised: a batch's texts are kept for
# the second to ask. Long texts are left out to bound the memory (offsets are a tuple of ints).
@remember_short_texts(max_chars=4096, maxsize=512)
def basic_normalize(text: str) -> Normalized:
    """Fold case, accents, homoglyphs and leetspeak; join spaced letters; shorten stretches."""
    names = dict(name_spans(text))
    # Control characters hide words as other invisibles do: ASCII with them takes the long way.
    if text.isascii() and not names and not ASCII_CONTROL.search(text):
        # Most comments: every character folds to its lower case, one for one.
        chars, offsets = list(text.lower()), list(range(len(text)))
    else:
        chars, offsets = _folded(text, names)
    return _finished(chars, offsets, text)


def _finished(chars: list[str], offsets: list[int], source: str) -> Normalized:
    """Folded characters with leetspeak read, stretches cut, spaced and disguised words joined."""
    chars = _deleet(chars)
    chars, offsets = _squeeze(chars, offsets)
    return _restore(_join_spaced(Normalized("".join(chars), tuple(offsets), source)))


def _folded(text: str, names: dict[int, int]) -> tuple[list[str], list[int]]:
    """Each character read (emoji as words, names as the placeholder) and folded, with offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    skip_to = 0
    for i, piece in expand(text):
        # Invisible characters are read as the word lists read them, as nothing: "ki\u2063ll"
        # is "kill". Checked on the original, which emoji reading may have taken for a letter.
        if i < skip_to or _invisible(text[i]):
            continue
        if i in names:
            piece, skip_to = PLACEHOLDER, names[i]
        for char in piece:
            for c in _fold(char):
                chars.append(c)
                offsets.append(i)
    return chars, offsets


def _squeeze(chars: list[str], offsets: list[int]) -> tuple[list[str], list[int]]:
    """Letters repeated three or more times are kept twice ("fuuuuck" -> "fuuck")."""
    if not _STRETCH.search("".join(chars)):
        return chars, offsets
    out_c: list[str] = []
    out_o: list[int] = []
    for c, o in zip(chars, offsets, strict=True):
        if len(out_c) >= 2 and c.isalpha() and out_c[-1] == c and out_c[-2] == c:
            continue
        out_c.append(c)
        out_o.append(o)
    return out_c, out_o


def _join_spaced(norm: Normalized) -> Normalized:
    """Remove the separators of spelled-out words ("s h i t" -> "shit")."""
    keep = [True] * len(norm.text)
    chars = list(norm.text)
    for match in _SPACED.finditer(norm.text):
        if sum(c.isalpha() for c in match.group()) < _MIN_SPACED_LETTERS:
            continue
        cuts = _word_cuts(match.group()[::2])
        start = match.start() + 1
        if not cuts and _is_separate_word(match.group()):
            start += 2  # "a m o r o n": the article stays a word of its own
        for i in range(start, match.end(), 2):
            if (i - match.start() + 1) // 2 in cuts:
                chars[i] = " "
            else:
                keep[i] = False
    if all(keep):
        return norm
    text = "".join(c for c, k in zip(chars, keep, strict=True) if k)
    offsets = tuple(o for o, k in zip(norm.offsets, keep, strict=True) if k)
    return Normalized(text, offsets, norm.source)


def _word_cuts(letters: str) -> frozenset[int]:
    """Where words begin in spelled-out letters that frame an abuse word ("u r a faggot").

    Only frame words and abuse words (`segment.spelled_words`), and one of them an abuse word
    other than a group's name; letters that are one word, or spell no such words, are joined
    whole, as before.
    """
    if len(letters) > _MAX_SEGMENTED or _is_word(letters):
        return frozenset()
    cuts = spelled_words(letters, TARGETS.__contains__)
    if not cuts:
        return frozenset()
    words = [letters[i:j] for i, j in itertools.pairwise((0, *cuts, len(letters)))]
    if not any(w in TARGETS and w not in IDENTITY_TERMS for w in words):
        return frozenset()
    return frozenset(cuts)


def _is_separate_word(spaced: str) -> bool:
    """Whether a spelled-out run starts with "a" or "i" standing alone ("a m o r o n")."""
    letters = spaced[::2]
    if letters[0] not in "ai" or spaced[1] != " ":
        return False
    return not _is_word(letters) and _is_word(letters[1:])


def _is_word(letters: str) -> bool:
    """An English word or a disguised abuse word."""
    return is_english(letters) or reading(letters) is not None


def _restore(norm: Normalized) -> Normalized:
    """Split abuse words joined ("h ate"), then disguised ones replaced by the plain word."""
    joined = _edited(norm, split_words(norm.text, case=_written_case(norm)))
    restored = _edited(joined, restorations(joined.text))
    return _edited(restored, _compounds(restored.text))


def _written_case(norm: Normalized) -> Callable[[int, int], str]:
    """How a range of the normalised text was written: "upper", "title" or "" (lower case).

    Lower case throughout a text written mostly in capitals, where they tell nothing. The text
    is counted only when asked: most comments split no abuse word, and never ask.
    """
    source, offsets = norm.source, norm.offsets

    @lru_cache(maxsize=1)
    def shouted() -> bool:
        return 2 * sum(c.isupper() for c in source) > sum(c.isalpha() for c in source)

    def case(start: int, end: int) -> str:
        written = [source[i] for i in offsets[start:end]]
        if not written or not written[0].isupper() or shouted():
            return ""
        return "upper" if all(c.isupper() for c in written) else "title"

    return case


def _compounds(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each harmless compound, in text order."""
    found = [
        (m.start(), m.end(), word)
        for word, pattern in _COMPOUNDS.items()
        for m in pattern.finditer(text)
    ]
    return sorted(found)


def _edited(norm: Normalized, edits: Iterable[tuple[int, int, str]]) -> Normalized:
    """Each (start, end, word) replaced, the word spread over the replaced offsets."""
    text: list[str] = []
    offsets: list[int] = []
    done = 0
    for start, end, word in edits:
        if start < done:
            continue  # overlaps the previous edit
        text.append(norm.text[done:start])
        offsets.extend(norm.offsets[done:start])
        # First letter to the disguise's first character, last to its last: "h ate" is all marked.
        stretch = (end - start - 1) / max(len(word) - 1, 1)
        text.append(word)
        offsets.extend(norm.offsets[start + round(j * stretch)] for j in range(len(word)))
        done = end
    if not done:
        return norm
    text.append(norm.text[done:])
    offsets.extend(norm.offsets[done:])
    return Normalized("".join(text), tuple(offsets), norm.source)


NORMALIZERS = ("civility.ml.textnorm", "civility.pipeline.normalize")


def normalizer_named(name: str) -> Callable[[str], Normalized]:
    """The normaliser a model was trained with, by the module name recorded in its meta.json."""
    if name == "civility.ml.textnorm":
        return basic_normalize
    if name == "civility.pipeline.normalize":
        from civility.pipeline.normalize import normalize

        return normalize  # type: ignore[return-value]
    raise ValueError(f"unknown normaliser {name!r}; known: {NORMALIZERS}")
