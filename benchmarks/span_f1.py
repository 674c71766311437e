"""Explanations against people: the highlighted words vs Civil Comments' toxic spans.

Civil Comments' toxic-span raters marked the characters that made each news comment toxic.
On the test part of `civil_comments_toxic_spans` (seed 13 split; the span lexicon reads only the
train part's spans), a character is toxic where at least half of the comment's raters marked it.
Ours are the spans the moderator sees: those of every abuse score at or above the scorer's span
threshold. Scored as SemEval-2021 Task 5 scores toxic-span systems: character F1 per comment (1
when both sides are empty, 0 when only one is), averaged. Rows: the shipped explanations; the
same without the encoder's words (`ml/encoder_spans.py`); every character of every comment.

    .venv/bin/python benchmarks/span_f1.py [--datasets-dir ../shared/datasets]
        [--span-min-score 0.2]   # the lowest score whose words are highlighted (default 0.5)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from civility.domain import Submission
from civility.ml.analysis import Analysis
from civility.ml.datasets import load_civil_spans, load_toxic_spans
from civility.ml.examples import ABUSE_HEADS, HEADS
from civility.ml.split import Part, part_of
from civility.pipeline.abuse import SPAN_MIN_SCORE, AbuseScorer, make_abuse

KINDS = ("Insult", "Other", "Profane", "Identity", "Threat")


class WithoutEncoderWords(AbuseScorer):
    """The shipped scorer, explaining with the n-gram and span-lexicon weights only."""

    def encoder_weights(self, text: str, analysis: Analysis) -> np.ndarray:
        """No word is credited with the encoder's share."""
        return np.zeros((len(analysis.tokens), len(HEADS)))


def gold_characters(ratings: list[list[tuple[int, int]]]) -> set[int]:
    """Characters at least half of the raters marked."""
    votes: dict[int, int] = {}
    for spans in ratings:
        for char in {c for start, end in spans for c in range(start, end)}:
            votes[char] = votes.get(char, 0) + 1
    return {c for c, n in votes.items() if 2 * n >= len(ratings)}


def f1(predicted: set[int], gold: set[int]) -> float:
    """SemEval-2021 Task 5's per-comment F1."""
    if not predicted and not gold:
        return 1.0
    if not predicted or not gold:
        return 0.0
    hit = len(predicted & gold)
    return 2 * hit / (len(predicted) + len(gold))


def highlighted(scorer: AbuseScorer, texts: list[str]) -> Iterable[set[int]]:
    """The characters of each comment that some abuse score highlights."""
    for row in scorer([Submission(text) for text in texts]):
        yield {
            c
            for s in row
            if s.name in ABUSE_HEADS
            for sp in s.spans
            for c in range(sp.start, sp.end)
        }


def main() -> None:
    """Print mean F1, precision and recall per explanation."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--span-min-score", type=float, default=SPAN_MIN_SCORE)
    args = parser.parse_args()
    folder = args.datasets_dir / "civil_comments_toxic_spans"
    if not folder.is_dir():
        raise SystemExit(f"needs {folder}")
    rows = [e for e in load_civil_spans(folder) if part_of(e, seed=13) is Part.TEST]
    ratings = load_toxic_spans(folder, KINDS)
    golds = [gold_characters(ratings.get(e.group, [])) for e in rows]
    texts = [e.text for e in rows]
    shipped = make_abuse(span_min_score=args.span_min_score)
    plain = WithoutEncoderWords(
        shipped.model,
        shipped.rules,
        span_min_score=shipped.span_min_score,
        encoder=shipped.encoder,
    )
    systems = {
        "shipped (n-gram, span lexicon and encoder words)": list(highlighted(shipped, texts)),
        "without the encoder's words": list(highlighted(plain, texts)),
        "every character": [set(range(len(text))) for text in texts],
    }
    print(
        f"model {shipped.model.version}; {len(rows)} test comments, "
        f"{sum(1 for g in golds if g)} with characters half the raters marked; "
        f"words of scores >= {args.span_min_score}"
    )
    print("| explanation | F1 | precision | recall |")
    print("|---|---|---|---|")
    for name, predicted in systems.items():
        scores = [f1(p, g) for p, g in zip(predicted, golds, strict=True)]
        hits = sum(len(p & g) for p, g in zip(predicted, golds, strict=True))
        precision = hits / max(1, sum(len(p) for p in predicted))
        recall = hits / max(1, sum(len(g) for g in golds))
        print(f"| {name} | {np.mean(scores):.3f} | {precision:.3f} | {recall:.3f} |")


if __name__ == "__main__":
    main()
