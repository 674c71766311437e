"""Banned and suspect words: the site's own lists, matched through the usual disguises."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from civility.domain import Score, Span, Submission
from civility.markup import has_markup, visible_text
from civility.pipeline.normalize import normalize
from civility.pipeline.wordmatch import (
    HitKind,
    TextScan,
    WordHit,
    WordList,
    load_wordlist,
    parse_lines,
)

WORDLISTS = Path(__file__).resolve().parents[1] / "data" / "wordlists"
DEFAULT_BANNED = WORDLISTS / "banned_words.txt"
DEFAULT_SUSPECT = WORDLISTS / "suspect_words.txt"
ORDINARY_WORDS = WORDLISTS / "ordinary_words.txt"

# A hostile comment can hold thousands of hits; the moderator needs the first few.
MAX_SPANS = 100
MAX_WORDS_IN_REASON = 5
# A word seen only as displayed is looked for in the text as written up to this long.
MAX_PLACED = 200
# Longer texts with markup are not rendered to be read as displayed (a megabyte of dense
# markup takes seconds to parse, past the scorers' time limit), and are held instead. The site
# refuses comments over max_comment_chars (5,000 by default) before scoring, and the length
# scorer holds those over 3,000 characters; only a batch run or raised limits get here.
MAX_RENDERED = 100_000


class Blocklist:
    """Scores 'banned_words' (rejects) and 'suspect_words' (holds) for each comment.

    A misspelling one letter away from a banned word is only suspect: it may be an
    ordinary word the ordinary-words list does not know yet, so a person decides.

    Both lists read the text as written and, where markup could change it, the comment as
    readers see it too (markup.visible_text): "nig**ger**" or "[nig](https://x.example)ger" is
    displayed as one word. A word found only there counts the same, named "as displayed".
    """

    names: tuple[str, ...] = ("banned_words", "suspect_words")

    def __init__(self, banned: WordList, suspect: WordList) -> None:
        self.banned = banned
        self.suspect = suspect

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """Both scores for each submission."""
        return [self.score(sub.text) for sub in batch]

    def score(self, text: str) -> list[Score]:
        """Both scores for one text."""
        certain, suspect = self._find(text)
        written = [_Hit.of(hit, text) for hit in certain], [_Hit.of(hit, text) for hit in suspect]
        # Rendered only where a character markup could act on is written (markup.has_markup).
        marked = has_markup(text)
        unread = marked and len(text) > MAX_RENDERED
        shown = _displayed(text) if marked and not unread else None
        if shown is not None:
            seen = self._find(shown)
            for found, more in zip(written, seen, strict=True):
                found.extend(_displayed_only(more, found, text, shown))
        banned = _score("banned_words", "banned", written[0])
        suspect_score = _score("suspect_words", "suspect", written[1])
        return [banned, _unread(suspect_score, len(text)) if unread else suspect_score]

    def _find(self, text: str) -> tuple[list[WordHit], list[WordHit]]:
        """The banned hits, and the suspect ones (near misses of banned words among them)."""
        scan = TextScan(normalize(text))  # where the text needs a closer look: found once
        banned_hits = self.banned.find(scan, limit=MAX_SPANS)
        certain = [hit for hit in banned_hits if hit.kind is not HitKind.FUZZY]
        doubtful = [hit for hit in banned_hits if hit.kind is HitKind.FUZZY]
        suspect_hits = self.suspect.find(scan, limit=MAX_SPANS)
        return certain, sorted([*suspect_hits, *doubtful], key=lambda hit: hit.start)


@dataclass(frozen=True, slots=True)
class _Hit:
    """A list entry found, and where in the text as written (None: not placed there)."""

    entry: str
    span: Span | None
    spelled: str  # as written; as displayed when only seen there and not placed
    displayed: bool = False  # found only in the comment as readers see it

    @classmethod
    def of(cls, hit: WordHit, text: str) -> _Hit:
        """A hit of the text as written."""
        return cls(hit.entry, Span(hit.start, hit.end), text[hit.start : hit.end])


def _displayed(text: str) -> str | None:
    """The comment as readers see it, when markup makes that other words than `text` holds."""
    shown = visible_text(text)
    return None if shown.split() == text.split() else shown


def _unread(suspect: Score, length: int) -> Score:
    """The suspect words score of a text not read as displayed: held, saying why."""
    why = f"not read as displayed: {length:,} characters with markup (limit {MAX_RENDERED:,})"
    reason = why if suspect.value == 0.0 else f"{suspect.reason}; {why}"
    return Score(suspect.name, 1.0, reason, spans=suspect.spans)


def _displayed_only(hits: list[WordHit], written: list[_Hit], text: str, shown: str) -> list[_Hit]:
    """The hits of the displayed text that the written text's hits do not already account for.

    Each is placed in the written text where simple (see _place); a placed hit overlapping a
    written hit of the same entry, or an unplaced one whose entry was found as written, is
    the same word and left out.
    """
    entries = {hit.entry for hit in written}
    kept: list[_Hit] = []
    cursor = 0
    for hit in hits:
        at = _place(text, shown[hit.start : hit.end], cursor)
        if at is None:
            if hit.entry not in entries:
                kept.append(_Hit(hit.entry, None, shown[hit.start : hit.end], displayed=True))
            continue
        cursor = at.start + 1
        if not any(old.entry == hit.entry and _overlap(old.span, at) for old in written):
            kept.append(_Hit(hit.entry, at, text[at.start : at.end], displayed=True))
    return kept


def _overlap(span: Span | None, other: Span) -> bool:
    return span is not None and span.start < other.end and other.start < span.end


# Between two displayed characters of a word, what markup may stand in the written text:
# emphasis and code marks, link brackets, a link's address "](...)", and the directional
# controls rendering leaves out. A blank of a phrase may also be written with quote and list
# markers and fences.
_MARKS = r"*_`~\[\]\u202a-\u202e\u2066-\u2069"
# Atomic groups, not possessive quantifiers on groups (wordmatch._TOKEN: CPython < 3.11.3).
_INLINE_MARKS = rf"(?>(?:\]\((?>[^)\n]*)\)|[{_MARKS}])*)"
_BLOCK_MARKS = rf"(?>(?:\s|[>+\-{_MARKS}]|\d{{1,9}}[.)])+)"


def _place(text: str, seen: str, start: int) -> Span | None:
    """Where the displayed `seen` is written in `text`, from `start`: None when not simply there.

    The displayed letters are the written ones, in order, with only markup between them; the
    first such place at or after `start` is taken. A phrase displayed across a long run of
    blanks and marks is not placed: its pattern would grow with the run.
    """
    if len(seen) > MAX_PLACED:
        return None
    pattern = "".join(
        _BLOCK_MARKS if part.isspace() else _INLINE_MARKS.join(map(re.escape, part))
        for part in re.split(r"(\s+)", seen)
        if part
    )
    found = re.compile(pattern).search(text, start)
    return Span(found.start(), found.end()) if found else None


def _score(name: str, label: str, hits: list[_Hit]) -> Score:
    """A 0/1 score whose reason names the words found and whose spans mark them."""
    if not hits:
        return Score(name, 0.0, f"no {label} words")
    placed = sorted((hit for hit in hits if hit.span), key=_start)
    spans = tuple(hit.span for hit in placed[:MAX_SPANS] if hit.span)
    unplaced = [hit for hit in hits if hit.span is None]  # named after the placed ones
    return Score(name, 1.0, _reason(label, [*placed, *unplaced]), spans=spans)


def _start(hit: _Hit) -> int:
    return hit.span.start if hit.span else -1


def _reason(label: str, hits: list[_Hit]) -> str:
    """ "banned word: 'xxx'", with the spelling used when it differs from the list's.

    A word seen only in the comment as displayed says so: "'xxx' as displayed (written
    'x**xx**')", or, not placed in the written text, "(shown 'Xxx')" when spelled otherwise.
    """
    described: dict[str, str] = {}
    for hit in hits:
        entry = hit.entry.rstrip("*")
        if entry in described:
            continue
        shown = f"'{entry}'"
        if hit.displayed:
            shown += " as displayed"
        if hit.spelled.casefold() != entry:
            shown += f" ({'written' if hit.span else 'shown'} {hit.spelled[:40]!r})"
        described[entry] = shown
    words = list(described.values())
    more = (
        f" and {len(words) - MAX_WORDS_IN_REASON} more" if len(words) > MAX_WORDS_IN_REASON else ""
    )
    plural = "s" if len(words) > 1 else ""
    return f"{label} word{plural}: {', '.join(words[:MAX_WORDS_IN_REASON])}{more}"


def make_blocklist(
    *, banned_words_file: Path | None = None, suspect_words_file: Path | None = None
) -> Blocklist:
    """Load both word lists once; a missing or unreadable file fails at startup, naming it."""
    ordinary = parse_lines(ORDINARY_WORDS.read_text(encoding="utf-8").splitlines())
    banned = load_wordlist(Path(banned_words_file or DEFAULT_BANNED), ordinary=ordinary)
    suspect = load_wordlist(Path(suspect_words_file or DEFAULT_SUSPECT), ordinary=ordinary)
    return Blocklist(banned, suspect)
