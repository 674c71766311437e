"""The abuse model at inference time: n-gram features, linear heads, gates, calibration."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from civility.ml.analysis import CUES, Analysis, analyze
from civility.ml.calibration import Platt
from civility.ml.examples import HEADS
from civility.ml.gates import Rules, apply_floors, gate_shifts, with_implied_toxicity
from civility.ml.identity_head import IdentityHead
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
    rules: Rules = field(default_factory=Rules)
    # The shared encoder whose abuse logits the calibration stacks (None: linear only),
    # and how many tokens of a comment it reads for them.
    encoder: str | None = None
    encoder_tokens: int = 64
    # Heads whose encoder logit is read with identity terms masked (`ml.identity_mask`).
    identity_blind_heads: tuple[str, ...] = ()
    # The identity-attack head on the encoder's sentence embedding (`ml.identity_head`).
    identity_head: IdentityHead | None = None

    def analyze(self, texts: Sequence[str]) -> list[Analysis]:
        """Tokens, n-grams and cues of each text."""
        return [analyze(text, self.normalize) for text in texts]

    def logits(self, features: sp.csr_matrix) -> np.ndarray:
        """Gated logits, comments x heads, before calibration."""
        raw = np.asarray(features @ self.coef, dtype=np.float64) + self.intercept
        cues = features[:, len(self.vocab.index) :].toarray()
        return np.asarray(raw + gate_shifts(cues, self.rules.shifts), dtype=np.float64)

    def calibration_inputs(
        self, logits: np.ndarray, neural: np.ndarray | None, cues: np.ndarray
    ) -> np.ndarray:
        """Gated logits; `identity_attack`'s from the embedding head, gated alike, if there is one.

        The head alone ranked HateXplain's hate better than stacked with the n-gram logit
        (ROC-AUC 0.857 against 0.829), so it replaces that logit rather than joining it.
        """
        if self.identity_head is None or neural is None:
            return logits
        out = logits.copy()
        j = HEADS.index("identity_attack")
        # The head learned from comments that name a group; without one, the n-gram logit
        # (lowered by the "no identity" gate) still decides.
        named = cues[:, CUES.index("has_identity")] > 0
        shifted = neural[:, j] + gate_shifts(cues, self.rules.shifts)[:, j]
        out[named, j] = shifted[named]
        return out

    def probabilities(self, features: sp.csr_matrix, neural: np.ndarray | None) -> np.ndarray:
        """Calibrated probabilities before the floors and implied toxicity."""
        cues = features[:, len(self.vocab.index) :].toarray()
        inputs = self.calibration_inputs(self.logits(features), neural, cues)
        return self.calibrate(inputs, neural)

    def calibrate(self, logits: np.ndarray, neural: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities from gated logits (and the encoder's), head by head."""
        out = np.empty_like(logits)
        for j, head in enumerate(HEADS):
            out[:, j] = self.platt[head](logits[:, j], None if neural is None else neural[:, j])
        return out

    def predict(self, texts: Sequence[str], neural: np.ndarray | None = None) -> Prediction:
        """Calibrated probabilities for every head, for a batch of texts."""
        return self.predict_analysed(self.analyze(texts), neural)

    def predict_analysed(
        self, analyses: list[Analysis], neural: np.ndarray | None = None
    ) -> Prediction:
        """Calibrated probabilities for texts already analysed."""
        features = vectorize(analyses, self.vocab)
        probs = self.probabilities(features, neural)
        cues = features[:, len(self.vocab.index) :].toarray()
        probs = with_implied_toxicity(apply_floors(probs, cues, self.rules.floors))
        return Prediction(probs, analyses, features)

    def token_weights(self, analysis: Analysis, row: sp.csr_matrix) -> np.ndarray:
        """Each token's share of each head's logit: tokens x heads.

        An n-gram's contribution (value x weight) is shared by its occurrences and by the
        words each occurrence spans; lexicon cues credit the words that fired them.
        """
        out = np.zeros((len(analysis.tokens), len(HEADS)), dtype=np.float64)
        if not len(analysis.tokens):
            return out
        order = np.argsort(row.indices)
        present, values = row.indices[order], row.data[order]
        cols, firsts, widths = self.vocab.occurrences(analysis)
        if len(cols):
            x = values[np.searchsorted(present, cols)]
            _, inverse, counts = np.unique(cols, return_inverse=True, return_counts=True)
            contrib = (x / counts[inverse] / widths)[:, None] * self.coef[cols]
            np.add.at(out, firsts, contrib)
            pairs = widths == 2
            np.add.at(out, firsts[pairs] + 1, contrib[pairs])
        self._add_cue_weights(out, analysis, present, values)
        return out

    def _add_cue_weights(
        self, out: np.ndarray, analysis: Analysis, present: np.ndarray, values: np.ndarray
    ) -> None:
        """Lexicon cues (swear words, slurs, insults) credit the tokens that fired them."""
        base = len(self.vocab.index)
        for cue, key in (
            ("has_profanity", "profanity"),
            ("has_slur", "slur"),
            ("has_insult_word", "insult"),
        ):
            col = base + CUES.index(cue)
            places = list(analysis.cue_tokens.get(key, ()))
            at = int(np.searchsorted(present, col))
            if places and at < len(present) and present[at] == col:
                out[places] += values[at] * self.coef[col] / len(places)
