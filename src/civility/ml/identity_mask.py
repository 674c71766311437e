"""Encoder logits for identity-blind heads, read with the comment's identity terms masked.

The encoder's heads learned that group names come with abuse in the training sets: alone it
scored "Jews deserve the same rights as everyone else." 0.74 `insult`. An insult is one
whoever it is aimed at, so those heads read the comment with each named identity replaced by
"people" ("people deserve the same rights ..."), as the linear heads read `_id_`.
"""

from __future__ import annotations

from civility.ml.analysis import ID_MARK, Analysis

NEUTRAL_WORD = "people"
# Nouns an identity word may qualify: "black people" becomes "people", not "people people".
_HEAD_NOUNS = frozenset(("people", "folks", "persons", "men", "guys", "kids", "children"))


def without_identities(analysis: Analysis) -> str | None:
    """The normalised text with each run of identity terms as one "people"; None if none."""
    masked = masked_with_sources(analysis)
    return None if masked is None else masked[0]


def masked_with_sources(analysis: Analysis) -> tuple[str, tuple[int, ...]] | None:
    """The masked text and, per character, its index in the normalised text (-1: inserted)."""
    if ID_MARK not in analysis.words:
        return None
    text = analysis.norm.text
    out: list[str] = []
    sources: list[int] = []
    last = 0
    previous_masked = False
    tokens, words = analysis.tokens, analysis.words
    for i, ((_, start, end), word) in enumerate(zip(tokens, words, strict=True)):
        if word != ID_MARK:
            previous_masked = False
            continue
        qualifies = i + 1 < len(tokens) and tokens[i + 1][0] in _HEAD_NOUNS
        # A run of identity words ("muslim women") is one group: one "people" for it.
        if not (previous_masked and not text[last:start].strip()):
            out.append(text[last:start])
            sources.extend(range(last, start))
            if not qualifies:
                out.append(NEUTRAL_WORD)
                sources.extend([-1] * len(NEUTRAL_WORD))
        if qualifies:
            end = tokens[i + 1][1]  # drop the word and the space before its noun
        last, previous_masked = end, True
    out.append(text[last:])
    sources.extend(range(last, len(text)))
    return "".join(out), tuple(sources)
