"""Platt scaling from held-out data, and policy thresholds with a precision target."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression


@dataclass(frozen=True, slots=True)
class Platt:
    """p = sigmoid(a * logit + b): maps a model's logit to a calibrated probability."""

    a: float
    b: float

    def __call__(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for raw logits."""
        z = np.clip(self.a * logits + self.b, -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))


def fit_platt(logits: np.ndarray, labels: np.ndarray) -> Platt:
    """Fit Platt scaling; soft labels in [0, 1] count as weighted positive and negative rows."""
    x = np.concatenate([logits, logits]).reshape(-1, 1)
    y = np.concatenate([np.ones(len(labels)), np.zeros(len(labels))])
    w = np.concatenate([labels, 1.0 - labels])
    keep = w > 0
    if len(set(y[keep])) < 2:
        raise ValueError("calibration needs both positive and negative examples")
    model = LogisticRegression(C=1e4)
    model.fit(x[keep], y[keep], sample_weight=w[keep])
    return Platt(float(model.coef_[0, 0]), float(model.intercept_[0]))


def reject_threshold(
    probs: np.ndarray, labels: np.ndarray, *, precision: float = 0.98, min_flagged: int = 30
) -> float | None:
    """Lowest threshold whose flagged rows reach `precision` (and all higher ones do); else None."""
    order = np.argsort(-probs)
    hits = np.cumsum(labels[order] >= 0.5)
    flagged = np.arange(1, len(order) + 1)
    prec = hits / flagged
    # The running minimum from the top keeps only thresholds where every higher cut also holds.
    ok = np.minimum.accumulate(prec) >= precision
    ok &= flagged >= min_flagged
    if not ok.any():
        return None
    last = int(np.nonzero(ok)[0].max())
    return float(np.ceil(probs[order][last] * 1000) / 1000)
