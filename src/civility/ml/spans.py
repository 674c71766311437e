"""Per-token contributions turned into word-level character spans of the original text."""

from __future__ import annotations

import numpy as np

from civility.domain import Span
from civility.ml.analysis import Analysis


def token_spans(
    analysis: Analysis, weights: np.ndarray, *, share: float = 0.3, limit: int = 5
) -> tuple[Span, ...]:
    """Runs of tokens carrying at least `share` of the top positive weight, in the original text."""
    if not len(weights) or weights.max() <= 0:
        return ()
    cut = share * float(weights.max())
    chosen = [i for i in range(len(weights)) if weights[i] > 0 and weights[i] >= cut]
    runs: list[list[int]] = []
    for i in chosen:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    runs.sort(key=lambda run: -float(weights[run].sum()))
    spans = [_span(analysis, run, float(weights[run].sum())) for run in runs[:limit]]
    return tuple(sorted(spans, key=lambda s: s.start))


def _span(analysis: Analysis, run: list[int], weight: float) -> Span:
    """The original character range of a run of tokens."""
    start = analysis.tokens[run[0]][1]
    end = analysis.tokens[run[-1]][2]
    first, last = analysis.norm.to_original(start, end)
    return Span(first, last, round(weight, 4))
