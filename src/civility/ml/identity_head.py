"""An `identity_attack` head on the shared encoder's sentence embedding, fitted on this CPU.

The encoder's own head, fine-tuned with the rest of the encoder on tweets and Gab posts, did
not tell "Gay people are always so annoying." (logit -2.2) from "Muslims are wonderful
people." (-1.7), so only word rules caught hate phrased in new words. A logistic regression on
the frozen embedding, fitted on the training part's comments that name a group and on our own
HateCheck-style sentences (`ml/hate_templates.py`), reads meaning rather than words: on the
functional suite's held-out phrasings it scored 0.85-0.92 alone where the model scored 0.54.
It may have one hidden layer (`TrainConfig.identity_head_units`): measured on 2026-11-29 (night)
against short neutral statements the linear head holds ("Muslims matter.", "I am gay."), it held
fewer of them and more news about groups, so the shipped head is linear (BENCHMARKS.md, "Round 15").
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np

from civility.ml.hate_templates import FIXED_HATEFUL, NON_PROTECTED, cases

log = logging.getLogger(__name__)
# Epochs of the hidden-layer head: a fixed budget, part of the recipe (the loss still falls
# slowly at the end; the shipped head was measured as trained with this budget).
EPOCHS = 200


@dataclass(frozen=True)
class IdentityHead:
    """logit = relu(embedding . hidden + bias) . coef + intercept; without `hidden`, linear."""

    coef: np.ndarray
    intercept: float
    # (embedding dims + 1) x units: the hidden layer's weights, then its bias as the last row.
    hidden: np.ndarray | None = None

    def __call__(self, embeddings: np.ndarray) -> np.ndarray:
        """One logit per embedding row."""
        x = np.asarray(embeddings, dtype=np.float32)
        if self.hidden is not None:
            x = np.maximum(x @ self.hidden[:-1] + self.hidden[-1], 0.0)
        return np.asarray(x @ self.coef + self.intercept, dtype=np.float32)

    def to_array(self) -> np.ndarray:
        """Output coefficients then intercept, as stored in weights.npz."""
        return np.append(self.coef, self.intercept).astype(np.float32)

    def hidden_array(self) -> np.ndarray:
        """The hidden layer as stored in weights.npz (empty for a linear head)."""
        return np.zeros((0, 0), np.float32) if self.hidden is None else self.hidden

    @classmethod
    def from_array(cls, values: np.ndarray, hidden: np.ndarray | None = None) -> IdentityHead:
        """The head stored by `to_array` (and `hidden_array`)."""
        layer = None if hidden is None or not hidden.size else np.asarray(hidden, np.float32)
        if layer is not None and layer.shape[1] != len(values) - 1:
            raise ValueError(f"hidden layer of {layer.shape[1]} units, {len(values) - 1} weights")
        return cls(np.asarray(values[:-1], dtype=np.float32), float(values[-1]), layer)


def template_rows() -> list[tuple[str, float]]:
    """Our sentences that name a protected group, with 1.0 for hateful and 0.0 for not."""
    no_group = {*FIXED_HATEFUL, *NON_PROTECTED}
    return [(text, float(hateful)) for name, text, hateful in cases() if name not in no_group]


def fit_identity_head(
    embeddings: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    *,
    c: float = 1.0,
    units: int = 0,
    alpha: float = 0.01,
    seed: int = 13,
) -> IdentityHead:
    """A logistic head (units=0) or one with a hidden ReLU layer; soft labels as both classes."""
    # Fitting only: scikit-learn takes half a second to import, in every process that scores.
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    x = np.concatenate([embeddings, embeddings])
    y = np.concatenate([np.ones(len(labels)), np.zeros(len(labels))])
    w = np.concatenate([labels * weights, (1.0 - labels) * weights])
    keep = w > 0
    if not units:
        model = LogisticRegression(C=c, max_iter=3000)
        model.fit(x[keep], y[keep], sample_weight=w[keep])
        return IdentityHead(model.coef_[0].astype(np.float32), float(model.intercept_[0]))
    mlp = MLPClassifier(
        hidden_layer_sizes=(units,), alpha=alpha, max_iter=EPOCHS, random_state=seed
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(x[keep], y[keep], sample_weight=w[keep])
    log.info("identity head: %d epochs, final loss %.4f", mlp.n_iter_, mlp.loss_)
    first, second = mlp.coefs_
    hidden = np.vstack([first, mlp.intercepts_[0][None, :]]).astype(np.float32)
    return IdentityHead(second[:, 0].astype(np.float32), float(mlp.intercepts_[1][0]), hidden)
