"""An `identity_attack` head on the shared encoder's sentence embedding, fitted on this CPU.

The encoder's own head, fine-tuned with the rest of the encoder on tweets and Gab posts, did
not tell "Gay people are always so annoying." (logit -2.2) from "Muslims are wonderful
people." (-1.7), so only word rules caught hate phrased in new words. A logistic regression on
the frozen embedding, fitted on the training part's comments that name a group and on our own
HateCheck-style sentences (`ml/hate_templates.py`), reads meaning rather than words: on the
functional suite's held-out phrasings it scored 0.85-0.92 alone where the model scored 0.54.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from civility.ml.hate_templates import FIXED_HATEFUL, NON_PROTECTED, cases


@dataclass(frozen=True)
class IdentityHead:
    """logit = embedding . coef + intercept."""

    coef: np.ndarray
    intercept: float

    def __call__(self, embeddings: np.ndarray) -> np.ndarray:
        """One logit per embedding row."""
        return np.asarray(embeddings @ self.coef + self.intercept, dtype=np.float32)

    def to_array(self) -> np.ndarray:
        """Coefficients then intercept, as stored in weights.npz."""
        return np.append(self.coef, self.intercept).astype(np.float32)

    @classmethod
    def from_array(cls, values: np.ndarray) -> IdentityHead:
        """The head stored by `to_array`."""
        return cls(np.asarray(values[:-1], dtype=np.float32), float(values[-1]))


def template_rows() -> list[tuple[str, float]]:
    """Our sentences that name a protected group, with 1.0 for hateful and 0.0 for not."""
    no_group = {*FIXED_HATEFUL, *NON_PROTECTED}
    return [(text, float(hateful)) for name, text, hateful in cases() if name not in no_group]


def fit_identity_head(
    embeddings: np.ndarray, labels: np.ndarray, weights: np.ndarray, *, c: float = 1.0
) -> IdentityHead:
    """Logistic regression with soft labels: each row counts as positive and negative."""
    x = np.concatenate([embeddings, embeddings])
    y = np.concatenate([np.ones(len(labels)), np.zeros(len(labels))])
    w = np.concatenate([labels * weights, (1.0 - labels) * weights])
    keep = w > 0
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x[keep], y[keep], sample_weight=w[keep])
    return IdentityHead(model.coef_[0].astype(np.float32), float(model.intercept_[0]))
