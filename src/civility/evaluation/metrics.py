"""Metrics for a score against binary labels: ROC-AUC, F1 at a threshold, calibration error."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import f1_score, roc_auc_score


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One line of the evaluation table: a score on a dataset."""

    dataset: str
    score: str
    n: int
    positives: int
    roc_auc: float | None
    f1_at_half: float
    ece: float
    system: str = "civility"
    note: str = ""


def expected_calibration_error(labels: ArrayLike, probs: ArrayLike, *, bins: int = 10) -> float:
    """Mean gap between predicted probability and observed rate, weighted by bin size."""
    y = np.asarray(labels, dtype=float)
    p = np.asarray(probs, dtype=float)
    if len(y) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            gap += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return float(gap)


def evaluate_score(
    dataset: str,
    score: str,
    labels: ArrayLike,
    probs: ArrayLike,
    *,
    system: str = "civility",
    note: str = "",
) -> EvalRow:
    """Compute every metric of the table for one score on one dataset."""
    y = np.asarray(labels, dtype=int)
    p = np.asarray(probs, dtype=float)
    both_classes = 0 < y.sum() < len(y)
    return EvalRow(
        dataset=dataset,
        score=score,
        n=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, p)) if both_classes else None,
        f1_at_half=float(f1_score(y, p >= 0.5, zero_division=0.0)),
        ece=expected_calibration_error(y, p),
        system=system,
        note=note,
    )
