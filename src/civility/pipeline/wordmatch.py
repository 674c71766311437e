"""Word lists matched against normalised text, tolerant of masks and small misspellings.

A hit is a whole word of the normalised text (so "Scunthorpe" and "classic" are not
hits), spelled as listed, or with a masked letter ("f*ck", "sh!t", "f@#k"), or, for
words of five or more letters, with one letter deleted or two letters swapped. Every
hit carries the span of the original text, for the moderator's highlight.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from civility.pipeline.normalize import Normalized, normalize


class WordListError(ValueError):
    """A word list file that cannot be read; the message names the file."""


class HitKind(StrEnum):
    """How closely a hit matches its list entry."""

    EXACT = "exact"  # spelled as listed, after normalisation
    MASKED = "masked"  # symbols stand for some letters: f*ck, f@#k
    FUZZY = "fuzzy"  # one letter deleted or two swapped: bastrad


@dataclass(frozen=True, slots=True)
class WordHit:
    """One list entry found in a text, with the span of the original text it covers."""

    entry: str
    start: int
    end: int
    kind: HitKind


# Symbols people put in place of letters. At the end of a word only * and #
# count, since "what?!" ends a question, not a word.
_MASKS = "*#@$%!?+~^&"
# Possessive quantifiers: a long run of symbols is read once, never backtracked into.
_TOKEN = re.compile(r"[a-z]++(?:[*#@$%!?+~^&]++[a-z]++)*+[*#]*+")
_LETTERS = re.compile(r"[a-z]+")
_PLURAL_ES = ("s", "x", "ch", "sh", "z")
# Longer runs of letters and symbols are not a masked word.
_MAX_MASKED = 40
# Masked spellings remembered per list: the same "f*ck" repeated through a long comment is
# matched against the list once (a megabyte of them took 4.3 s of 14 before).
_MASKED_CACHE_SIZE = 4096
# Fuzzy matching only looks at words at least this long: shorter ones collide
# with ordinary words too easily.
_FUZZY_MIN = 5


def _plurals(word: str) -> tuple[str, ...]:
    """The word and its regular plural."""
    return (word, word + ("es" if word.endswith(_PLURAL_ES) else "s"))


def _near_misses(word: str) -> Iterator[str]:
    """Spellings one deleted letter or one swap away, keeping the first letter.

    The last letter is not deleted either: a shortened word is more often another
    word or a name ("Bastar", "Moro") than a disguise.
    """
    for i in range(1, len(word) - 1):
        yield word[:i] + word[i + 1 :]
    for i in range(1, len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def parse_lines(lines: Iterable[str]) -> list[str]:
    """Entries of a word list: one per line, '#' starts a comment, blank lines skipped."""
    entries = []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


# Where a word may need another reading than its normalised letters: a '1' (also
# 'l'), an '@' or '$' (a hidden letter), or a letter stretched into a run.
# So does a spelled-out word after the article "a" or "I" ("a b i t c h").
_SEPARATORS = " .-_*,/\\|+~:"
# Three searches, not one alternation: each then skips ahead to where it can match, and their
# matches never overlap (a run of letters, a symbol, an article alone), so the positions are the
# ones a single pattern would find.
_SPECIAL = (
    re.compile(r"[1@$]"),
    re.compile(r"([^\W\d_])\1{2,}"),
    re.compile(r"[aiAI](?<![^\W\d_][aiAI])(?=[ .\-_*,/\\|+~:][^\W\d_](?![^\W\d_]))"),
)

# (start, end, entry, kind) in normalised-text positions.
_Found = tuple[int, int, str, HitKind]


class TextScan:
    """A normalised text being searched, with the positions that need a closer look."""

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm

    @cached_property
    def special(self) -> list[int]:
        """Sorted positions of the normalised text whose reading depends on the original."""
        offsets = self.norm.offsets
        source = self.norm.source
        found = {
            bisect_left(offsets, m.start())
            for pattern in _SPECIAL
            for m in pattern.finditer(source)
        }
        return sorted(found)

    def is_plain(self, start: int, end: int) -> bool:
        """Whether norm.text[start:end] reads only one way, wherever it occurs."""
        at = bisect_left(self.special, start)
        return at == len(self.special) or self.special[at] >= end

    def is_spelled_article(self, at: int) -> bool:
        """Whether the normalised text has an 'a' or 'i' here that was spelled out alone."""
        after = self.norm.offsets[at] + 1
        source = self.norm.source
        return self.norm.text[at] in "ai" and after < len(source) and source[after] in _SEPARATORS

    def source_char(self, at: int) -> str:
        """The original character behind a character of the normalised text."""
        return self.norm.source[self.norm.offsets[at]]

    def is_stretched(self, at: int) -> bool:
        """Whether a character of the normalised text stands for a run of one repeated letter."""
        offsets, source = self.norm.offsets, self.norm.source
        end = offsets[at + 1] if at + 1 < len(offsets) else len(source)
        run = source[offsets[at] : end].casefold()
        return len(run) >= 3 and len(set(run)) == 1


class WordList:
    """A compiled word list. Entries: 'word', 'prefix*' (any word starting so), 'two words'.

    `ordinary` lists real words that a near-miss spelling must never be taken for
    ("morn" is one letter from "moron"), so fuzzy matching skips them.
    """

    def __init__(self, entries: Iterable[str], *, ordinary: Iterable[str] = ()) -> None:
        self.exact: dict[str, str] = {}
        self.prefixes: dict[str, str] = {}
        self.fuzzy: dict[str, str] = {}
        self._bases: dict[str, str] = {}
        self._phrases: dict[str, str] = {}
        for raw in entries:
            self._add(raw)
        never = {normalize(word).text for word in ordinary}
        self._add_near_misses(never | set(self.exact) | set(self.prefixes))
        self._by_shape: dict[tuple[int, str], list[str]] = {}
        for word in self.exact:
            self._by_shape.setdefault((len(word), word[0]), []).append(word)
        self._prefix_lengths = sorted({len(p) for p in self.prefixes})
        self._phrase_re = self._compile_phrases()
        # The first two letters of anything that can match, so that most words of
        # a comment are dismissed with one set lookup. '1' is read as 'i' or 'l'.
        keys = [*self.exact, *self.prefixes, *self.fuzzy]
        self._starts = {key[:2] for key in keys} | {key[:2].replace("l", "i") for key in keys}
        self._initials = {key[0] for key in self._starts}
        self._masked: dict[tuple[str, frozenset[int]], str | None] = {}

    def _add(self, raw: str) -> None:
        """File one entry under exact words, prefixes or phrases, in normalised form."""
        is_prefix = raw.endswith("*")
        key = normalize(raw.rstrip("*")).text.strip()
        if not key:
            return
        if " " in key:
            self._phrases[" ".join(key.split())] = raw
        elif not _LETTERS.fullmatch(key):
            raise ValueError(f"word list entry {raw!r} must be letters, 'prefix*' or a phrase")
        elif is_prefix:
            self.prefixes[key] = raw
            self._bases[key] = raw
        else:
            self._bases.setdefault(key, raw)
            for form in _plurals(key):
                self.exact.setdefault(form, raw)

    def _add_near_misses(self, never: set[str]) -> None:
        """Index one-letter misspellings of the long entries, except real words."""
        for word, raw in self._bases.items():
            if len(word) >= _FUZZY_MIN:
                for miss in _near_misses(word):
                    if miss not in never:
                        self.fuzzy.setdefault(miss, raw)

    def _compile_phrases(self) -> re.Pattern[str] | None:
        """One pattern for every multi-word entry; words may be split by any blanks."""
        if not self._phrases:
            return None
        parts = sorted((r"\s+".join(map(re.escape, p.split())) for p in self._phrases), key=len)
        return re.compile(rf"(?<![a-z])(?:{'|'.join(reversed(parts))})s?(?![a-z])")

    def __len__(self) -> int:
        """How many entries the list has."""
        return len(set(self.exact.values()) | set(self.prefixes.values()) | set(self._phrases))

    def find(self, text: Normalized | TextScan, *, limit: int | None = None) -> list[WordHit]:
        """Entries found in the text, in order, with original-text spans; at most `limit`.

        A TextScan may be shared by several lists searching the same text.
        """
        scan = text if isinstance(text, TextScan) else TextScan(text)
        norm = scan.norm
        found: list[_Found] = []
        # A plain word reads the same wherever it occurs: look it up once.
        known: dict[str, list[_Found]] = {}
        for match in _TOKEN.finditer(norm.text):
            token, base = match.group(), match.start()
            if scan.special and not scan.is_plain(base, base + len(token)):
                found.extend(self._match(scan, base, token))
            else:
                hits = known.get(token)
                if hits is None:
                    hits = known[token] = self._match(None, 0, token)
                found.extend((base + s, base + e, entry, kind) for s, e, entry, kind in hits)
            if limit is not None and len(found) >= limit:
                break
        found.extend(self._find_phrases(norm))
        found.sort(key=lambda item: item[0])
        return [
            WordHit(entry, *norm.to_original(s, e), kind) for s, e, entry, kind in found[:limit]
        ]

    def _find_phrases(self, norm: Normalized) -> list[_Found]:
        """Multi-word entries, matched across any blanks."""
        if self._phrase_re is None:
            return []
        found: list[_Found] = []
        for match in self._phrase_re.finditer(norm.text):
            said = " ".join(match.group().split())
            entry = self._phrases.get(said) or self._phrases[said[:-1]]
            found.append((match.start(), match.end(), entry, HitKind.EXACT))
        return found

    def _may_match(self, scan: TextScan | None, base: int, word: str) -> bool:
        """A quick test that lets through every word that could be a hit."""
        if word[:2] in self._starts:
            return True
        # "f@ck": the second letter may stand for any letter.
        return (
            scan is not None
            and len(word) > 2
            and word[0] in self._initials
            and scan.source_char(base + 1) in "@$"
        )

    def _match(self, scan: TextScan | None, base: int, token: str) -> list[_Found]:
        """Hits inside one token that starts at `base`; `scan` is None for a plain token."""
        found = self._match_word(scan, base, token)
        if not found and scan is not None and len(token) > 3 and scan.is_spelled_article(base):
            # "a b i t c h" was joined whole; the article is a word of its own.
            found = self._match_word(scan, base + 1, token[1:])
        return found

    def _match_word(self, scan: TextScan | None, base: int, token: str) -> list[_Found]:
        """Hits inside one token read as one word (or words split by symbols)."""
        end = base + len(token)
        has_masks = not token.isalpha()
        if not has_masks and not self._may_match(scan, base, token):
            return []
        found = None if has_masks else self._lookup(scan, base, token)
        if found is not None:
            return [(base, end, *found)]
        hidden = _hidden_letters(scan, base, token)
        masked_entry = self._lookup_masked(token, hidden) if hidden else None
        if masked_entry is not None:
            return [(base, end, masked_entry, HitKind.MASKED)]
        if not has_masks:
            return []
        # "really?!fuck": the words on either side of the symbols still count.
        hits: list[_Found] = []
        for part in _LETTERS.finditer(token):
            start, word = base + part.start(), part.group()
            found = self._lookup(scan, start, word) if self._may_match(scan, start, word) else None
            if found is not None:
                hits.append((start, start + len(word), *found))
        return hits

    def _lookup(self, scan: TextScan | None, base: int, word: str) -> tuple[str, HitKind] | None:
        """The entry a plain word spells, exactly or with one slip, if any."""
        for form in _readings(scan, base, word):
            entry = self._spelled(form)
            if entry is not None:
                return entry, HitKind.EXACT
        if word in self.fuzzy:
            return self.fuzzy[word], HitKind.FUZZY
        return None

    def _spelled(self, form: str) -> str | None:
        """The entry this exact spelling is, or starts with for a prefix entry."""
        if form in self.exact:
            return self.exact[form]
        for length in self._prefix_lengths:
            if form[:length] in self.prefixes:
                return self.prefixes[form[:length]]
        return None

    def _lookup_masked(self, token: str, hidden: frozenset[int]) -> str | None:
        """The entry a masked word may spell (remembered for the next comments)."""
        key = (token, hidden)
        if key not in self._masked:
            if len(self._masked) >= _MASKED_CACHE_SIZE:
                self._masked.clear()
            self._masked[key] = self._find_masked(token, hidden)
        return self._masked[key]

    def _find_masked(self, token: str, hidden: frozenset[int]) -> str | None:
        """The entry a masked word may spell: its visible letters in place, one per symbol."""
        if 0 in hidden or len(token) - len(hidden) < 2 or not 3 <= len(token) <= _MAX_MASKED:
            return None

        def fits(word: str) -> bool:
            """Whether the visible letters sit where the word has them."""
            return all(i in hidden or word[i] == char for i, char in enumerate(token[: len(word)]))

        for word in self._by_shape.get((len(token), token[0]), ()):
            if fits(word):
                return self.exact[word]
        for prefix, entry in self.prefixes.items():
            if len(prefix) <= len(token) and fits(prefix):
                return entry
        return None


def _hidden_letters(scan: TextScan | None, base: int, token: str) -> frozenset[int]:
    """Positions of the token that hide a letter: mask symbols, and letters read from '@' or '$'."""
    if len(token) > _MAX_MASKED:
        return frozenset()
    return frozenset(
        i
        for i, char in enumerate(token)
        if char in _MASKS or (scan is not None and scan.source_char(base + i) in "@$")
    )


def _readings(scan: TextScan | None, base: int, word: str) -> Iterator[str]:
    """The word as normalised, then with '1' read as 'l', then with a stretched letter doubled.

    Lazy: most words are settled by the first reading, and hostile words are long.
    """
    yield word
    if scan is None or scan.is_plain(base, base + len(word)):
        return
    ones = [i for i in range(len(word)) if scan.source_char(base + i) == "1"]
    if ones:
        yield "".join("l" if i in ones else c for i, c in enumerate(word))
    for i in range(len(word)):
        if scan.is_stretched(base + i):
            yield word[: i + 1] + word[i:]


def load_wordlist(path: Path, *, ordinary: Iterable[str] = ()) -> WordList:
    """Read a word list file; a missing, unreadable or malformed file raises WordListError."""
    try:
        text = path.read_text(encoding="utf-8")
        return WordList(parse_lines(text.splitlines()), ordinary=ordinary)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WordListError(f"cannot use word list {path}: {exc}") from exc
