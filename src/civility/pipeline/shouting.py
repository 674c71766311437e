"""The 'shouting' scorer: comments written mostly in capital letters."""

from __future__ import annotations

import re

from civility.domain import Score, Submission
from civility.pipeline.base import PerComment

# An all-capital word (Latin script, with accents) and a run of them separated
# by a few blanks or punctuation marks: "US & NATO", "DO MORE".
_CAPS_WORD = r"[A-Z\u00c0-\u00d6\u00d8-\u00de]{2,}"
_CAPS_RUN = re.compile(rf"(?<![^\W\d_]){_CAPS_WORD}(?:[^\w\n]{{1,3}}{_CAPS_WORD})*(?![^\W\d_])")
_CAPS_WORDS = re.compile(_CAPS_WORD)


def capital_share(
    text: str, *, max_acronym_run: int = 2, max_acronym_len: int = 6
) -> tuple[int, int]:
    """(capital letters, cased letters), not counting short acronyms inside normal text.

    A run of at most `max_acronym_run` all-capital words of at most `max_acronym_len`
    letters ("US", "NATO", "TTP", "DO MORE") is an acronym or emphasis, not shouting;
    a longer run is shouting however short its words.
    """
    upper = sum(map(str.isupper, text))
    cased = upper + sum(map(str.islower, text))
    for run in _CAPS_RUN.finditer(text):
        words = _CAPS_WORDS.findall(run.group())
        if len(words) <= max_acronym_run and all(len(w) <= max_acronym_len for w in words):
            upper -= sum(map(len, words))
    return upper, cased


def make_shouting(*, min_letters: int = 20) -> PerComment:
    """Score the share of capitals among the letters of comments with `min_letters` or more."""

    def shouting(sub: Submission) -> Score:
        """The share of capitals, once there are enough letters to tell."""
        upper, cased = capital_share(sub.text)
        if cased < min_letters:
            return Score("shouting", 0.0, f"{cased} letters: too few to judge capitals")
        share = upper / cased
        return Score("shouting", share, f"{share:.0%} of letters are capitals")

    return PerComment("shouting", shouting)
