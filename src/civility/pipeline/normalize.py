"""Text normalisation shared by the scorers: undoes the disguises people put on words.

`normalize(text)` folds look-alike characters, leetspeak, stretched and spaced-out
letters into plain lower-case Latin, and keeps, for every character of the result,
the index of the original character it came from, so a match can be shown to the
moderator in the text the author wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from civility.text_cache import remember_short_texts


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text, and for each of its characters the index of the source character."""

    source: str
    text: str
    offsets: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span [start, end) of `text` back to a span of `source`."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) is outside 0..{len(self.text)}")
        if start == end:
            at = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return at, at
        # The last character may stand for several (a collapsed run "uuuu"): the span
        # runs up to the next kept character, less dropped blanks and invisibles.
        last = self.offsets[end - 1] + 1
        orig_end = self.offsets[end] if end < len(self.offsets) else len(self.source)
        while orig_end > last and not self.source[orig_end - 1].isalnum():
            orig_end -= 1
        return self.offsets[start], orig_end


def _named(prefix: str, names: dict[str, str]) -> dict[str, str]:
    """Characters given by their Unicode names, so that look-alikes stay legible here."""
    return {unicodedata.lookup(f"{prefix} {name}"): latin for name, latin in names.items()}


_CYRILLIC_BOTH = {"A": "a", "IE": "e", "O": "o", "ER": "p", "ES": "c", "HA": "x", "KA": "k"}
_CYRILLIC_BOTH |= {"DZE": "s", "BYELORUSSIAN-UKRAINIAN I": "i", "JE": "j", "QA": "q", "WE": "w"}
_GREEK_BOTH = {"ALPHA": "a", "BETA": "b", "EPSILON": "e", "IOTA": "i", "KAPPA": "k"}
_GREEK_BOTH |= {"OMICRON": "o", "RHO": "p", "TAU": "t", "CHI": "x"}
_SMALL_CAPITALS = "ABCDEFGHIJKLMNOPRSTUVWYZ"

# Look-alikes, checked on the raw character before case folding so that
# capitals and small letters can differ (capital eta is H, small eta is n).
_HOMOGLYPHS = {
    **_named("CYRILLIC CAPITAL LETTER", {**_CYRILLIC_BOTH, "VE": "b", "EM": "m", "EN": "h"}),
    **_named("CYRILLIC CAPITAL LETTER", {"TE": "t", "U": "y"}),
    **_named("CYRILLIC SMALL LETTER", {**_CYRILLIC_BOTH, "U": "y", "SHHA": "h", "KOMI DE": "d"}),
    **_named("CYRILLIC SMALL LETTER", {"VE": "b", "EM": "m", "TE": "t", "SOFT SIGN": "b"}),
    **_named("CYRILLIC SMALL LETTER", {"YI": "i", "IO": "e", "STRAIGHT U": "y"}),
    **_named("CYRILLIC", {"LETTER PALOCHKA": "l", "SMALL LETTER PALOCHKA": "l"}),
    **_named("GREEK CAPITAL LETTER", {**_GREEK_BOTH, "ZETA": "z", "ETA": "h", "MU": "m"}),
    **_named("GREEK CAPITAL LETTER", {"NU": "n", "UPSILON": "y"}),
    **_named("GREEK SMALL LETTER", {**_GREEK_BOTH, "NU": "v", "UPSILON": "u", "OMEGA": "w"}),
    **_named("GREEK SMALL LETTER", {"ETA": "n", "MU": "u", "FINAL SIGMA": "s"}),
    **_named("GREEK", {"LUNATE SIGMA SYMBOL": "c", "CAPITAL LUNATE SIGMA SYMBOL": "c"}),
    # Latin small capitals and letters that Unicode does not decompose.
    **_named("LATIN LETTER SMALL CAPITAL", {c: c.lower() for c in _SMALL_CAPITALS}),
    **_named("LATIN SMALL LETTER", {"DOTLESS I": "i", "L WITH STROKE": "l", "O WITH STROKE": "o"}),
    **_named("LATIN SMALL LETTER", {"D WITH STROKE": "d", "H WITH STROKE": "h", "AE": "ae"}),
    **_named("LATIN SMALL LETTER", {"T WITH STROKE": "t", "F WITH HOOK": "f", "SCRIPT G": "g"}),
    **_named("LATIN SMALL LETTER", {"ALPHA": "a"}),
    **_named("LATIN SMALL LIGATURE", {"OE": "oe"}),
    # Typographic punctuation, so that apostrophes and dashes split words alike.
    **_named("LEFT", {"SINGLE QUOTATION MARK": "'", "DOUBLE QUOTATION MARK": '"'}),
    **_named("RIGHT", {"SINGLE QUOTATION MARK": "'", "DOUBLE QUOTATION MARK": '"'}),
    **_named("SINGLE", {"HIGH-REVERSED-9 QUOTATION MARK": "'", "LOW-9 QUOTATION MARK": "'"}),
    **_named("DOUBLE", {"LOW-9 QUOTATION MARK": '"'}),
    **_named("EN", {"DASH": "-"}),
    **_named("EM", {"DASH": "-"}),
    **_named("MINUS", {"SIGN": "-"}),
    **_named("NON-BREAKING", {"HYPHEN": "-"}),
}

# Emoji that stand for a letter or a word.
_EMOJI = {
    "🖕": "fuck",
    "💩": "shit",
    "❌": "x",
    "✖": "x",
    "⭕": "o",
    "❗": "!",
    "❕": "!",
    "❓": "?",
    "❔": "?",
    "🆗": "ok",
    "🆘": "sos",
    "🆚": "vs",
    "🆎": "ab",
    **{chr(0x1F1E6 + i): chr(ord("a") + i) for i in range(26)},  # regional indicators
    **{chr(0x1F150 + i): chr(ord("a") + i) for i in range(26)},  # negative circled
    **{chr(0x1F170 + i): chr(ord("a") + i) for i in range(26)},  # negative squared
}

# Characters dropped outright: invisible formatting, combining accents, emoji modifiers.
_DROP_RANGES = (
    (0x0300, 0x036F),  # combining diacritical marks (also "zalgo" text)
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),  # combining marks for symbols, keycap
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFE20, 0xFE2F),
    (0x1F3FB, 0x1F3FF),  # skin tones
    (0xE0000, 0xE01EF),  # tags, variation selectors supplement
)


def is_dropped(char: str) -> bool:
    """Invisible or decorative characters that carry no letter."""
    code = ord(char)
    if any(low <= code <= high for low, high in _DROP_RANGES):
        return True
    category = unicodedata.category(char)
    return category in ("Cf", "Cs", "Me") or (category == "Cc" and char not in "\t\n\r")


def _fold_char(char: str) -> str:
    """One non-ASCII (or control) character as plain lower-case text; '' to drop it."""
    if char == "\ufffd":
        # The replacement character stands where a letter was hidden or lost ("f\ufffdck",
        # or an HTML entity of a surrogate decoded): read as the mask "*" it is.
        return "*"
    if char in _HOMOGLYPHS:
        return _HOMOGLYPHS[char]
    if char in _EMOJI:
        return _EMOJI[char]
    if is_dropped(char):
        return ""
    compat = unicodedata.normalize("NFKC", char)
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", compat) if not unicodedata.combining(c)
    )
    if stripped.isascii() and stripped:
        # Accented Latin letters lose their accents: "fück" reads as "fuck".
        compat = stripped
    folded = compat.casefold()
    return "".join(_HOMOGLYPHS.get(c, c) for c in folded)


Rewrite = Callable[[re.Match[str], Sequence[int]], "tuple[str, Sequence[int]] | None"]


def _rewrite(
    text: str, offsets: Sequence[int], pattern: re.Pattern[str], rewrite: Rewrite
) -> tuple[str, Sequence[int]]:
    """Replace each match of `pattern` by `rewrite(match)`, carrying the offsets along."""
    pieces: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        replaced = rewrite(match, offsets)
        if replaced is None:
            continue
        start, end = match.span()
        pieces.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        pieces.append(replaced[0])
        new_offsets.extend(replaced[1])
        last = end
    if not pieces:
        return text, offsets
    pieces.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(pieces), new_offsets


class _FoldTable(dict[str, str]):
    """_fold_char, remembered per character; bounded, since hostile text may use many."""

    def __missing__(self, char: str) -> str:
        folded = _fold_char(char)
        if len(self) < 65536:
            self[char] = folded
        return folded


_FOLDED = _FoldTable({chr(code): chr(code).lower() for code in range(0x20, 0x7F)})
_FOLDED.update({"\t": "\t", "\n": "\n", "\r": "\r"})
ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fold(text: str) -> tuple[str, Sequence[int]]:
    """Fold Unicode to lower-case Latin where it stands for Latin; drop invisible marks."""
    if text.isascii() and not ASCII_CONTROL.search(text):
        return text.lower(), range(len(text))
    parts = list(map(_FOLDED.__getitem__, text))
    folded = "".join(parts)
    if len(folded) == len(parts) and all(parts):
        return folded, range(len(text))
    return folded, [at for at, part in enumerate(parts) for _ in part]


# "s h i t", "f.u.c.k", "s-h-1-t": three or more single characters with separators.
_SINGLE = r"[a-z0-9@$]"
_SPACED = re.compile(
    rf"(?<![a-z0-9@$]){_SINGLE}(?:[ .\-_*,/\\|+~:]{{1,3}}{_SINGLE}(?![a-z0-9@$])){{2,}}"
)


def _join_spaced(match: re.Match[str], offsets: Sequence[int]) -> tuple[str, list[int]] | None:
    """Join single characters spelled out with separators, when most of them are letters."""
    chars = [(i, c) for i, c in enumerate(match.group(), start=match.start()) if c in _SINGLES]
    letters = sum(c.isalpha() for _, c in chars)
    if letters < 2 or letters * 2 < len(chars):
        return None
    return "".join(c for _, c in chars), [offsets[i] for i, _ in chars]


_SINGLES = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")

# A word that mixes letters with digits or symbols: candidates for leetspeak.
_LEET_WORD = re.compile(
    r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0134579@$])[a-z0-9@$]+(?![a-z0-9@$])"
)
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "$": "s"}
# Numbers with a unit or ordinal ("3rd", "1990s", "5pm", "40km"), and names ending in
# a number ("ipv4", "covid19", "f16"), are not leetspeak.
_NUMBER_WITH_UNIT = re.compile(
    r"\$?[0-9][0-9,.]*(?:st|nd|rd|th|s|am|pm|k|m|b|bn|mn|km|kg|g|mm|cm|ml|x|d|h|min|mph|"
    r"gb|mb|tb|ft|lb|lbs|yr|yrs|mw|kw|v|usd|pkr|rs|am|cr|lac|lakh|crore)"
    r"|[a-z]+[0-9]+"
)


def _map_leet(match: re.Match[str], offsets: Sequence[int]) -> tuple[str, Sequence[int]] | None:
    """Read digits and symbols inside a word as the letters they imitate: sh1t, $hit, b@stard."""
    word = match.group()
    if (word[0] in _NUMBER_START or word[-1].isdigit()) and _NUMBER_WITH_UNIT.fullmatch(word):
        return None
    mapped = word.translate(_LEET_TABLE)
    if "@" in mapped:
        # A leading '@' is a reply to someone ("@Name:"), not a letter.
        mapped = mapped[0] + mapped[1:-1].replace("@", "a") + mapped[-1]
    if mapped == word:
        return None
    return mapped, offsets[match.start() : match.end()]


_LEET_TABLE = str.maketrans(_LEET)
_NUMBER_START = frozenset("0123456789$")


_REPEATED = re.compile(r"([^\W\d_])\1{2,}")


def _collapse(match: re.Match[str], offsets: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Collapse a letter repeated three or more times to one: "stuuuupid" -> "stupid"."""
    return match.group(1), offsets[match.start() : match.start() + 1]


# Several scorers normalise the same comment; short texts are remembered.
@remember_short_texts(max_chars=10_000, maxsize=256)
def normalize(text: str) -> Normalized:
    """Undo the usual disguises of words, keeping a map back to the original characters."""
    folded, offsets = _fold(text)
    folded, offsets = _rewrite(folded, offsets, _SPACED, _join_spaced)
    folded, offsets = _rewrite(folded, offsets, _LEET_WORD, _map_leet)
    folded, offsets = _rewrite(folded, offsets, _REPEATED, _collapse)
    if not isinstance(offsets, range):
        offsets = tuple(offsets)
    return Normalized(source=text, text=folded, offsets=offsets)
