"""Word lists matched against normalised text, tolerant of masks and small misspellings.

A hit is a whole word of the normalised text (so "Scunthorpe" and "classic" are not
hits), spelled as listed, or with a masked letter ("f*ck", "sh!t", "f@#k"), or, for
words of five or more letters, with one letter deleted or two letters swapped. A word
split by single hyphens or underscores ("towel-head", "wet_back") is read as one, and a
phrase's words may be joined by any run of blanks, hyphens, underscores or dots, or
by nothing ("porch-monkey", "porchmonkey"). Every hit carries the span of the original
text, for the moderator's highlight.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from itertools import pairwise
from pathlib import Path

from civility.ml.deobfuscate import is_word
from civility.ml.segment import spelled_words
from civility.pipeline.links import link_spans
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
# Atomic groups, not possessive quantifiers on groups: CPython before 3.11.3 matched those
# wrongly ("nig&#103;ger" gave the token "nig&#", read as a masked slur), and the project
# promises any Python 3.11.
_TOKEN = re.compile(r"(?>[a-z]+)(?>(?:[*#@$%!?+~^&]+[a-z]+)*)(?>[*#]*)")
_LETTERS = re.compile(r"[a-z]+")
_PLURAL_ES = ("s", "x", "ch", "sh", "z")
# Longer runs of letters and symbols are not a masked word.
_MAX_MASKED = 40
# Masked spellings remembered per list: the same "f*ck" repeated through a long comment is
# matched against the list once (a megabyte of them took 4.3 s of 14 before).
_MASKED_CACHE_SIZE = 4096
# Longer runs of spelled-out letters are looked up whole, not read as words: the search for
# words grows with the run's length times the longest word.
_MAX_SPELLED = 40
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
# So do letters spelled out one by one, joined whole by normalisation ("u r a b i t c h").
_SEPARATORS = " .-_*,/\\|+~:"
# Three searches, not one alternation: each then skips ahead to where it can match, and their
# matches never overlap (a run of letters, a symbol, an article alone), so the positions are the
# ones a single pattern would find.
_SPECIAL = (
    re.compile(r"[1@$]"),
    re.compile(r"([^\W\d_])\1{2,}"),
    re.compile(r"[^\W\d_](?<![^\W\d_]{2})(?=[ .\-_*,/\\|+~:][^\W\d_](?![^\W\d_]))"),
)

# (start, end, entry, kind) in normalised-text positions.
_Found = tuple[int, int, str, HitKind]

# What may stand between the words of a phrase: any run of blanks, hyphens (as normalised, and
# the Unicode hyphens and dashes it keeps), underscores and dots, or nothing ("porchmonkey").
# Soft hyphens and invisible joiners were dropped by normalisation, so they count as nothing.
# Only what lies between the words: the phrase still starts and ends at word boundaries, so
# "rag head" is not found in "drag heads".
_GAP_CHARS = r"\s\-_.\u00b7\u2010-\u2015\u2027"
_PHRASE_GAP = rf"[{_GAP_CHARS}]*+"
_GAPS = re.compile(rf"[{_GAP_CHARS}]+")

# A word split into pieces by single joining marks ("towel-head", "wet_back", "rag\u00b7head";
# a hyphen as normalised: also U+2010, U+2011, fullwidth and small hyphen-minus), read as one
# word too. One mark only: "wet--back" is two words with punctuation between. Not blanks:
# "wet back" and "go ok" are ordinary English, one entry ("wetback", "gook") apart. Not dots
# either: "the U.S.hit back" and "soaking wet.back home" are a space left out after a full stop.
# A chain never starts inside another (after a letter and a mark): one that fails at its end
# ("ab-ab-...-ab1") is given up whole, not tried again from each of its pieces, which took
# time growing with the square of its length (80,000 characters: 8 s). After a digit and a
# mark it may ("2-wet-back"): no chain of letters covers the digit.
_CHAIN = re.compile(
    r"(?<![^\W_])(?<![a-z][\-_\u00b7\u2010\u2027])"
    r"(?>[a-z]+(?:[\-_\u00b7\u2010\u2027][a-z]+)+)(?![^\W_])"  # atomic: see _TOKEN
)
# Dashes that set off a clause ("soaked\u2014back home"), normalised to '-' but not joiners.
_CLAUSE_DASHES = frozenset("\u2013\u2014\u2015\u2212")


def _joins(norm: Normalized, at: int) -> bool:
    """Whether the mark at norm.text[at], between two pieces of letters, joins them into a word.

    Not a dash that sets off a clause, written without spaces ("wet\u2014back then").
    """
    return norm.source[norm.offsets[at]] not in _CLAUSE_DASHES


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

    def is_spelled_out(self, start: int, end: int) -> bool:
        """Whether norm.text[start:end] was written one letter at a time, separators between."""
        source, offsets = self.norm.source, self.norm.offsets
        return all(
            source[offsets[at] + 1] in _SEPARATORS and offsets[at + 1] - offsets[at] == 2
            for at in range(start, end - 1)
        )

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
        # Each phrase by its letters alone, as the separators between its words may vary.
        self._phrase_keys: dict[str, str] = {}
        for raw in entries:
            self._add(raw)
        never = {normalize(word).text for word in ordinary}
        self._add_near_misses(never | set(self.exact) | set(self.prefixes))
        self._by_shape: dict[tuple[int, str], list[str]] = {}
        for word in self.exact:
            self._by_shape.setdefault((len(word), word[0]), []).append(word)
        self._prefix_lengths = sorted({len(p) for p in self.prefixes})
        # A word split into pieces is looked up while the joined pieces are no longer than this.
        self._longest = max(map(len, [*self.exact, *self.prefixes]), default=0)
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
            phrase = " ".join(key.split())
            self._phrases[phrase] = raw
            self._phrase_keys.setdefault(_GAPS.sub("", phrase), raw)
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
        """One pattern for every multi-word entry; its words split by any gap, or none."""
        if not self._phrases:
            return None
        parts = sorted(
            (_PHRASE_GAP.join(map(re.escape, p.split())) for p in self._phrases), key=len
        )
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
        compounds = self._find_compounds(norm, limit)
        if compounds:
            found = _outside(found, compounds) + compounds
        found.extend(self._find_phrases(norm))
        found.sort(key=lambda item: item[0])
        return [
            WordHit(entry, *norm.to_original(s, e), kind) for s, e, entry, kind in found[:limit]
        ]

    def _find_phrases(self, norm: Normalized) -> list[_Found]:
        """Multi-word entries, matched across any gaps between their words."""
        if self._phrase_re is None:
            return []
        found: list[_Found] = []
        for match in self._phrase_re.finditer(norm.text):
            said = _GAPS.sub("", match.group())
            entry = self._phrase_keys.get(said) or self._phrase_keys[said[:-1]]
            found.append((match.start(), match.end(), entry, HitKind.EXACT))
        return found

    def _find_compounds(self, norm: Normalized, limit: int | None) -> list[_Found]:
        """Words split into pieces by joining marks ("towel-head"), each piece run read as one.

        From each piece, the longest run of joined pieces that spells an entry exactly (or
        starts with a prefix entry) is a hit; the search goes on after it. A run may not
        cross a mark that does not join (see _joins), nor grow longer than the longest entry.
        """
        found: list[_Found] = []
        text = norm.text
        for chain in _CHAIN.finditer(text):
            pieces = [
                (chain.start() + m.start(), chain.start() + m.end())
                for m in _LETTERS.finditer(chain.group())
            ]
            i = 0
            while i < len(pieces) - 1:
                hit: _Found | None = None
                last = i
                joined = text[slice(*pieces[i])]
                j = i
                while j + 1 < len(pieces) and _joins(norm, pieces[j][1]):
                    j += 1
                    joined += text[slice(*pieces[j])]
                    if len(joined) > self._longest or joined[:2] not in self._starts:
                        break
                    entry = self._spelled(joined)
                    if entry is not None:
                        hit, last = (pieces[i][0], pieces[j][1], entry, HitKind.EXACT), j
                if hit is None:
                    i += 1
                    continue
                found.append(hit)
                if limit is not None and len(found) >= limit:
                    break
                i = last + 1
        return _outside_links(norm, found[:limit]) if found else found

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
        if (
            not found
            and scan is not None
            and 3 < len(token) <= _MAX_SPELLED
            and scan.is_spelled_out(base, base + len(token))
        ):
            found = self._match_spelled_words(scan, base, token)
        return found

    def _match_spelled_words(self, scan: TextScan, base: int, token: str) -> list[_Found]:
        """Hits among the words that letters spelled out one by one stand for.

        "u r a b i t c h" was joined whole into one token: it reads as frame words and listed
        words ("u r a bitch"; "a b i t c h" too, `segment.spelled_words`), each listed word as
        listed, not any word a prefix entry starts ("i n c u n t i l" is no "cunt*").
        """
        cuts = spelled_words(token, lambda piece: self._listed_piece(piece) is not None)
        if not cuts:
            return []
        found: list[_Found] = []
        for start, end in pairwise((0, *cuts, len(token))):
            entry = self._listed_piece(token[start:end])
            if entry is not None:
                found.append((base + start, base + end, entry, HitKind.EXACT))
        return found

    def _listed_piece(self, piece: str) -> str | None:
        """The entry a piece of spelled-out letters is: a word as listed, or a prefix entry's
        stem alone or in the plural (its other words would be guesses at where a word ends)."""
        if piece in self.exact:
            return self.exact[piece]
        for stem in (piece, piece[:-1] if piece.endswith("s") else None):
            if stem and stem in self.prefixes:
                return self.prefixes[stem]
        return None

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
        pieces = list(_LETTERS.finditer(token))
        inserted = self._spelled("".join(p.group() for p in pieces))
        if inserted is not None and len(pieces) > 1 and not all(is_word(p.group()) for p in pieces):
            # "ni*gger", "nig**ger**": a symbol put between the letters hides none; the hit is
            # from the first letter to the last. Not two words joined by one ("go!ok").
            return [(base + pieces[0].start(), base + pieces[-1].end(), inserted, HitKind.EXACT)]
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


def _outside_links(norm: Normalized, found: list[_Found]) -> list[_Found]:
    """The hits that are not in a link: an address joins words with hyphens that prose spaces.

    "example.com/horses-hit-by-car" and ".../voters-who-re-elected-her" are no "horseshit" and
    no "whore"; a listed word standing alone in an address is still found as a word.
    """
    links = link_spans(norm.source)
    if not links:
        return found
    starts = [start for start, _ in links]
    kept = []
    for hit in found:
        start = norm.offsets[hit[0]]
        at = bisect_right(starts, start) - 1
        if at < 0 or start >= links[at][1]:
            kept.append(hit)
    return kept


def _outside(found: list[_Found], wider: list[_Found]) -> list[_Found]:
    """The hits of `found` not inside one of `wider` (sorted, not overlapping each other)."""
    starts = [start for start, _, _, _ in wider]
    kept = []
    for hit in found:
        at = bisect_right(starts, hit[0]) - 1
        if at < 0 or hit[1] > wider[at][1]:
            kept.append(hit)
    return kept


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
