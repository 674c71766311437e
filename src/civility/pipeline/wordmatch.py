"""Word lists matched against normalised text, tolerant of masks and small misspellings.

A hit is a whole word of the normalised text (so "Scunthorpe" and "classic" are not
hits), spelled as listed, or with a masked letter ("f*ck", "sh!t", "f@#k"), or, for
words of five or more letters, with one letter deleted or two letters swapped. Every
hit carries the span of the original text, for the moderator's highlight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
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
        return len(set(self.exact.values()) | set(self.prefixes.values()) | set(self._phrases))

    def find(self, norm: Normalized) -> list[WordHit]:
        """Every entry found in the text, in order, with original-text spans."""
        hits = [hit for match in _TOKEN.finditer(norm.text) for hit in self._match(norm, match)]
        if self._phrase_re is not None:
            for match in self._phrase_re.finditer(norm.text):
                said = " ".join(match.group().split())
                entry = self._phrases.get(said) or self._phrases[said[:-1]]
                start, end = norm.to_original(*match.span())
                hits.append(WordHit(entry, start, end, HitKind.EXACT))
        return sorted(hits, key=lambda hit: hit.start)

    def _match(self, norm: Normalized, match: re.Match[str]) -> list[WordHit]:
        """Hits inside one token of the normalised text."""
        token, base = match.group(), match.start()
        end = base + len(token)
        has_masks = any(char in _MASKS for char in token)
        found = None if has_masks else self._lookup(norm, base, token)
        if found is not None:
            return [self._hit(norm, base, end, *found)]
        hidden = _hidden_letters(norm, base, token)
        masked_entry = self._lookup_masked(token, hidden) if hidden else None
        if masked_entry is not None:
            return [self._hit(norm, base, end, masked_entry, HitKind.MASKED)]
        if not has_masks:
            return []
        # "really?!fuck": the words on either side of the symbols still count.
        hits = []
        for part in _LETTERS.finditer(token):
            start = base + part.start()
            found = self._lookup(norm, start, part.group())
            if found is not None:
                hits.append(self._hit(norm, start, start + len(part.group()), *found))
        return hits

    def _hit(self, norm: Normalized, start: int, end: int, entry: str, kind: HitKind) -> WordHit:
        """A hit with its span mapped back to the original text."""
        orig_start, orig_end = norm.to_original(start, end)
        return WordHit(entry, orig_start, orig_end, kind)

    def _lookup(self, norm: Normalized, base: int, word: str) -> tuple[str, HitKind] | None:
        """The entry a plain word spells, exactly or with one slip, if any."""
        for form in _readings(norm, base, word):
            if form in self.exact:
                return self.exact[form], HitKind.EXACT
            for length in self._prefix_lengths:
                if form[:length] in self.prefixes:
                    return self.prefixes[form[:length]], HitKind.EXACT
        if word in self.fuzzy:
            return self.fuzzy[word], HitKind.FUZZY
        return None

    def _lookup_masked(self, token: str, hidden: frozenset[int]) -> str | None:
        """The entry a masked word may spell: its visible letters in place, one per symbol."""
        if 0 in hidden or len(token) - len(hidden) < 2 or len(token) < 3:
            return None

        def fits(word: str) -> bool:
            return all(i in hidden or word[i] == char for i, char in enumerate(token[: len(word)]))

        for word in self._by_shape.get((len(token), token[0]), ()):
            if fits(word):
                return self.exact[word]
        for prefix, entry in self.prefixes.items():
            if len(prefix) <= len(token) and fits(prefix):
                return entry
        return None


def _hidden_letters(norm: Normalized, base: int, token: str) -> frozenset[int]:
    """Positions of the token that hide a letter: mask symbols, and letters read from '@' or '$'."""
    return frozenset(
        i
        for i, char in enumerate(token)
        if char in _MASKS or norm.source[norm.offsets[base + i]] in "@$"
    )


def _readings(norm: Normalized, base: int, word: str) -> list[str]:
    """The word as normalised, with '1' read as 'l', and with stretched letters doubled."""
    forms = [word]
    ones = [i for i in range(len(word)) if norm.source[norm.offsets[base + i]] == "1"]
    if ones:
        forms.append("".join("l" if i in ones else c for i, c in enumerate(word)))
    stretched = [i for i in range(len(word)) if _is_stretched(norm, base + i)]
    for i in stretched:
        forms.append(word[: i + 1] + word[i:])
    return forms


def _is_stretched(norm: Normalized, at: int) -> bool:
    """Whether a character of the normalised text stands for a run of one repeated letter."""
    start = norm.offsets[at]
    end = norm.offsets[at + 1] if at + 1 < len(norm.offsets) else len(norm.source)
    run = norm.source[start:end].casefold()
    return len(run) >= 3 and len(set(run)) == 1


def load_wordlist(path: Path, *, ordinary: Iterable[str] = ()) -> WordList:
    """Read a word list file; a missing, unreadable or malformed file raises WordListError."""
    try:
        text = path.read_text(encoding="utf-8")
        return WordList(parse_lines(text.splitlines()), ordinary=ordinary)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise WordListError(f"cannot use word list {path}: {exc}") from exc
