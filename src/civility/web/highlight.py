"""Split a comment into plain and marked segments, so templates escape every character."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from civility.markup import BIDI_CONTROLS

# Characters that reorder or hide text (bidi embeddings, overrides and isolates; zero-width
# marks and joiners): readers' pages drop the reordering ones, but the moderator reads the
# comment as written and must see where they stand, not a word they turned around.
_CONTROLS = frozenset(map(chr, BIDI_CONTROLS)) | frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff"
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and the names of the scores whose spans cover it (empty: unmarked)."""

    text: str
    marks: tuple[str, ...] = ()


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Segment]:
    """Cut `text` at every span boundary; out-of-range spans are clipped, empty ones dropped.

    A cut that leaves only whitespace (the space between two marked words, where one span covers
    both and others each) is not marked: a mark there shows nothing, and its legend entry would
    name a score beside no text. The text itself is kept whole, every character in order.
    """
    clipped = [
        (max(0, int(start)), min(len(text), int(end)), name)
        for start, end, name in spans
        if min(len(text), int(end)) > max(0, int(start))
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    result: list[Segment] = []
    for start, end in pairwise(cuts):
        piece = text[start:end]
        names = (
            ()
            if piece.isspace()
            else tuple(dict.fromkeys(n for s, e, n in clipped if s <= start and end <= e))
        )
        if result and result[-1].marks == names:
            result[-1] = Segment(result[-1].text + piece, names)
        else:
            result.append(Segment(piece, names))
    return result


def reveal_controls(text: str) -> Markup:
    """The text escaped, each control in _CONTROLS shown as a visible, named token."""
    if not any(char in _CONTROLS for char in text):
        return escape(text)
    out = []
    for char in text:
        if char in _CONTROLS:
            code = f"U+{ord(char):04X}"
            name = unicodedata.name(char, code).lower()
            out.append(Markup('<span class="control" title="{}">[{}]</span>').format(name, code))
        else:
            out.append(escape(char))
    return Markup("").join(out)
