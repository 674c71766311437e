"""Platt scaling from held-out data, and policy thresholds with a precision target."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Platt:
    """p = sigmoid(a * logit + b + c * neural + d * span): a calibrated probability.

    With c = d = 0 it is plain Platt scaling of the linear model; c stacks the shared encoder's
    logit for the same head, d the comment's span-lexicon score (`ml.span_lexicon`), each
    weighted on held-out data.
    """

    a: float
    b: float
    c: float = 0.0
    d: float = 0.0

    def __call__(
        self,
        logits: np.ndarray,
        neural: np.ndarray | None = None,
        span: np.ndarray | None = None,
    ) -> np.ndarray:
        """Calibrated probabilities for raw logits (and the stacked inputs, where stacked)."""
        z = self.a * logits + self.b
        if self.c:
            if neural is None:
                raise ValueError("this calibration stacks the encoder's logits: pass them")
            z = z + self.c * neural
        if self.d:
            if span is None:
                raise ValueError("this calibration stacks the span-lexicon score: pass it")
            z = z + self.d * span
        z = np.clip(z, -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> list[float]:
        """[a, b], [a, b, c] or [a, b, c, d]."""
        if self.d:
            return [self.a, self.b, self.c, self.d]
        return [self.a, self.b, self.c] if self.c else [self.a, self.b]


def fit_platt(
    logits: np.ndarray,
    labels: np.ndarray,
    neural: np.ndarray | None = None,
    span: np.ndarray | None = None,
) -> Platt:
    """Fit Platt scaling (stacked on what is given); soft labels weigh both classes.

    Every input keeps a weight >= 0: one that would come out negative (it only corrects the
    others on this sample) is left out and the rest refitted, as in stacked generalisation, so
    that a higher score of any input never lowers the probability.
    """
    given = {i: c for i, c in enumerate((logits, neural, span)) if c is not None}
    active = list(given)
    while True:
        coef, intercept = _fit_columns([given[i] for i in active], labels)
        if len(active) == 1 or coef.min() >= 0:
            break
        del active[int(np.argmin(coef))]
    weights = dict(zip(active, (float(c) for c in coef), strict=True))
    return Platt(weights.get(0, 0.0), intercept, weights.get(1, 0.0), weights.get(2, 0.0))


def _fit_columns(columns: list[np.ndarray], labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression of soft labels on the columns: (weights, intercept)."""
    # Fitting only: scikit-learn takes half a second to import, in every process that scores.
    from sklearn.linear_model import LogisticRegression

    single = np.stack(columns, axis=1)
    x = np.concatenate([single, single])
    y = np.concatenate([np.ones(len(labels)), np.zeros(len(labels))])
    w = np.concatenate([labels, 1.0 - labels])
    keep = w > 0
    if len(set(y[keep])) < 2:
        raise ValueError("calibration needs both positive and negative examples")
    model = LogisticRegression(C=1e4)
    model.fit(x[keep], y[keep], sample_weight=w[keep])
    return model.coef_[0], float(model.intercept_[0])


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
