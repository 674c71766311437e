"""The 'length' scorer: comments too short to say anything, or too long to read."""

from __future__ import annotations

import re

from civility.domain import Score, Submission
from civility.pipeline.base import PerComment

# Invisible characters do not make a comment longer: blanks, control characters
# (C0, DEL, C1: a terminal or a page shows nothing, or garbage), zero-width and
# bidi controls, and other format characters.
_INVISIBLE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]+"
)


def visible_length(text: str) -> int:
    """Characters a reader can see: blanks and invisible format characters do not count."""
    return len(_INVISIBLE.sub("", text))


def make_length(*, min_chars: int = 2, max_chars: int = 3000) -> PerComment:
    """Hold comments with fewer than `min_chars` visible characters or more than `max_chars`."""
    if not 0 <= min_chars <= max_chars:
        raise ValueError(
            f"length limits must satisfy 0 <= min_chars <= max_chars, got {min_chars}, {max_chars}"
        )

    def length(sub: Submission) -> Score:
        """Visible characters against the limits."""
        n = visible_length(sub.text)
        if n < min_chars:
            return Score("length", 1.0, f"{n} visible characters (minimum {min_chars})")
        if n > max_chars:
            return Score("length", 1.0, f"{n:,} characters (limit {max_chars:,})")
        return Score("length", 0.0, f"{n:,} characters (limits {min_chars}-{max_chars:,})")

    return PerComment("length", length)
