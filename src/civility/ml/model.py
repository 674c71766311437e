"""The abuse model at inference time: n-gram features, linear heads, gates, calibration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from civility.ml.analysis import CUES, Analysis, analyze
from civility.ml.calibration import Platt
from civility.ml.examples import HEADS
from civility.ml.gates import apply_floors, gate_shifts
from civility.ml.textnorm import Normalized
from civility.ml.vectors import Vocabulary, vectorize


@dataclass(frozen=True)
class Prediction:
    """Calibrated probabilities (comments x heads) with what is needed to explain them."""

    probs: np.ndarray
    analyses: list[Analysis]
    features: sp.csr_matrix


@dataclass(frozen=True)
class AbuseModel:
    """Linear heads over shared features; each head's logit is gated, then calibrated."""

    vocab: Vocabulary
    coef: np.ndarray  # features x heads
    intercept: np.ndarray  # heads
    platt: dict[str, Platt]
    normalize: Callable[[str], Normalized]
    version: str

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Tokens, n-grams and cues of each text."""
        return [analyze(text, self.normalize) for text in texts]

    def logits(self, features: sp.csr_matrix) -> np.ndarray:
        """Gated logits, comments x heads, before calibration."""
        raw = np.asarray(features @ self.coef, dtype=np.float64) + self.intercept
        cues = features[:, len(self.vocab.index) :].toarray()
        return np.asarray(raw + gate_shifts(cues), dtype=np.float64)

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from gated logits, head by head."""
        out = np.empty_like(logits)
        for j, head in enumerate(HEADS):
            out[:, j] = self.platt[head](logits[:, j])
        return out

    def predict(self, texts: Sequence[str]) -> Prediction:
        """Calibrated probabilities for every head, for a batch of texts."""
        analyses = self.analyze(texts)
        features = vectorize(analyses, self.vocab)
        probs = self.calibrate(self.logits(features))
        cues = features[:, len(self.vocab.index) :].toarray()
        return Prediction(apply_floors(probs, cues), analyses, features)

    def token_weights(self, analysis: Analysis, row: sp.csr_matrix, head: str) -> np.ndarray:
        """Each token's share of the head's logit (n-gram and cue contributions)."""
        j = HEADS.index(head)
        weights = np.zeros(len(analysis.tokens), dtype=np.float64)
        value = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        occurrences: dict[int, list[tuple[int, int]]] = {}
        for gram, first, last in analysis.grams:
            col = self.vocab.index.get(gram)
            if col is not None:
                occurrences.setdefault(col, []).append((first, last))
        for col, places in occurrences.items():
            share = value[col] * float(self.coef[col, j]) / len(places)
            for first, last in places:
                weights[first:last] += share / (last - first)
        self._add_cue_weights(weights, analysis, value, j)
        return weights

    def _add_cue_weights(
        self, weights: np.ndarray, analysis: Analysis, value: dict[int, float], j: int
    ) -> None:
        """Lexicon cues (swear words, slurs, insults) credit the tokens that fired them."""
        base = len(self.vocab.index)
        for cue, key in (
            ("has_profanity", "profanity"),
            ("has_slur", "slur"),
            ("has_insult_word", "insult"),
        ):
            col = base + CUES.index(cue)
            places = analysis.cue_tokens.get(key, ())
            if col in value and places:
                for i in places:
                    weights[i] += value[col] * float(self.coef[col, j]) / len(places)
