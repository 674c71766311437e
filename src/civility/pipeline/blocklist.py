"""Banned and suspect words: the site's own lists, matched through the usual disguises."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from civility.domain import Score, Span, Submission
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


class Blocklist:
    """Scores 'banned_words' (rejects) and 'suspect_words' (holds) for each comment.

    A misspelling one letter away from a banned word is only suspect: it may be an
    ordinary word the ordinary-words list does not know yet, so a person decides.
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
        scan = TextScan(normalize(text))  # where the text needs a closer look: found once
        banned_hits = self.banned.find(scan, limit=MAX_SPANS)
        certain = [hit for hit in banned_hits if hit.kind is not HitKind.FUZZY]
        doubtful = [hit for hit in banned_hits if hit.kind is HitKind.FUZZY]
        suspect_hits = self.suspect.find(scan, limit=MAX_SPANS)
        suspect_hits = sorted([*suspect_hits, *doubtful], key=lambda hit: hit.start)
        return [
            _score("banned_words", "banned", certain, text),
            _score("suspect_words", "suspect", suspect_hits, text),
        ]


def _score(name: str, label: str, hits: list[WordHit], text: str) -> Score:
    """A 0/1 score whose reason names the words found and whose spans mark them."""
    if not hits:
        return Score(name, 0.0, f"no {label} words")
    spans = tuple(Span(hit.start, hit.end) for hit in hits[:MAX_SPANS])
    return Score(name, 1.0, _reason(label, hits, text), spans=spans)


def _reason(label: str, hits: list[WordHit], text: str) -> str:
    """ "banned word: 'xxx'", with the spelling used when it differs from the list's."""
    described: dict[str, str] = {}
    for hit in hits:
        entry = hit.entry.rstrip("*")
        written = text[hit.start : hit.end]
        if entry not in described:
            shown = f"'{entry}'"
            if written.casefold() != entry:
                shown += f" (written {written[:40]!r})"
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
