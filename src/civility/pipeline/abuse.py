"""Abuse scorers: toxicity, severe toxicity, insult, threat, identity attack, profanity, spam."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from civility.domain import ReasonCategory, Score, Span, Submission
from civility.ml.analysis import CUES, Analysis
from civility.ml.artifacts import SHIPPED_DIR, ModelFileError, load_model
from civility.ml.encoder_inputs import encoder_logits, encoder_reading
from civility.ml.encoder_spans import encoder_token_weights
from civility.ml.examples import HEADS
from civility.ml.identity_mask import masked_with_sources
from civility.ml.model import AbuseModel, Prediction
from civility.ml.spans import token_spans
from civility.pipeline.encoder import Encoder, shared_encoder
from civility.pipeline.policy import Rule

# Scoring cost grows with length; the tail of a very long comment adds little evidence.
MAX_SCORED_CHARS = 10_000
# Words are highlighted for the scores that hold a comment by default. Against the characters
# Civil Comments' raters marked, highlighting from 0.2 up scored F1 0.457 on the calibration
# part, from 0.5 up 0.509: below the hold line the words are mostly noise
# (benchmarks/span_f1.py).
SPAN_MIN_SCORE = 0.5
_CUE_NOTES = {
    "counter_speech": "reads as quoting or condemning hate",
    "negated_hate": "negates the hostile words",
}
_RULE_NOTES = {
    "identity_attack": ("derogation", "a sentence demeans a named group"),
    "threat": ("threat_at_someone", "says someone will be hurt"),
}


class AbuseScorer:
    """Scores a batch with the shipped abuse model; explains each score with spans.

    The linear model's logits are stacked with the shared encoder's abuse heads where the
    model was calibrated that way; the spans come from the words' weights in both, each in the
    units of the calibrated logit.
    """

    names: tuple[str, ...] = HEADS

    def __init__(
        self,
        model: AbuseModel,
        rules: tuple[Rule, ...],
        *,
        span_min_score: float,
        encoder: Encoder | None = None,
    ) -> None:
        if model.encoder is not None and (encoder is None or encoder.name != model.encoder):
            found = None if encoder is None else encoder.name
            raise ModelFileError(
                f"abuse model {model.version} was calibrated with encoder {model.encoder}, "
                f"not {found}: retrain it with `civility train`"
            )
        self.model = model
        self.rules = rules
        self.span_min_score = span_min_score
        self.encoder = encoder

    @property
    def model_versions(self) -> tuple[str, ...]:
        """The abuse model's version and the encoder it was stacked on, if any."""
        return (
            self.model.version,
            *((self.encoder.name,) if self.model.encoder and self.encoder else ()),
        )

    def prepare(self, batch: Sequence[Submission]) -> None:
        """Start the encoder's pass over each comment while the scorers before this one run."""
        if self.model.encoder is None or self.encoder is None:
            return
        words = self.model.links_read_as_words
        self.encoder.prefetch(
            [encoder_reading(sub.text, links_read_as_words=words) for sub in batch],
            max_tokens=self.model.encoder_tokens,
        )

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """Seven calibrated scores per submission, in the order of `names`."""
        texts = [sub.text[:MAX_SCORED_CHARS] for sub in batch]
        prediction = self.predict([sub.text for sub in batch])
        out = []
        for i, analysis in enumerate(prediction.analyses):
            probs = prediction.probs[i]
            weights = None
            if probs.max() >= self.span_min_score:
                weights = self.model.token_weights(analysis, prediction.features[i])
                weights += self.encoder_weights(batch[i].text, analysis)
            out.append(
                [
                    self._score(head, float(probs[j]), analysis, weights, j, texts[i])
                    for j, head in enumerate(HEADS)
                ]
            )
        return out

    def predict(self, texts: Sequence[str]) -> Prediction:
        """Calibrated probabilities (texts x heads) with what explains them."""
        analyses = self.model.analyze([text[:MAX_SCORED_CHARS] for text in texts])
        neural = None
        if self.model.encoder is not None and self.encoder is not None:
            # The encoder gets the whole text, as off_topic gives it, so the two share one pass.
            neural = encoder_logits(
                self.encoder,
                texts,
                analyses,
                blind_heads=self.model.identity_blind_heads,
                identity_head=self.model.identity_head,
                max_tokens=self.model.encoder_tokens,
                links_read_as_words=self.model.links_read_as_words,
            )
        return self.model.predict_analysed(analyses, neural)

    def encoder_weights(self, text: str, analysis: Analysis) -> np.ndarray:
        """The encoder's share of each head's calibrated logit, per word (tokens x heads).

        `text` is the comment as `predict` gave it to the encoder: its passes are in the
        encoder's cache, so this costs no model run.
        """
        coefficients = np.array([self.model.platt[head].c for head in HEADS])
        encoder = self.encoder
        if encoder is None or not encoder.has_token_logits or not coefficients.any():
            return np.zeros((len(analysis.tokens), len(HEADS)))
        tokens = self.model.encoder_tokens
        words = self.model.links_read_as_words
        plain = encoder.token_logits(
            [encoder_reading(text, links_read_as_words=words)], max_tokens=tokens
        )[0]
        masked = None
        blind = [HEADS.index(head) for head in self.model.identity_blind_heads]
        if blind and (found := masked_with_sources(analysis)) is not None:
            masked_text, sources = found
            masked_tokens = encoder.token_logits(
                [encoder_reading(masked_text, links_read_as_words=words)], max_tokens=tokens
            )[0]
            masked = None if masked_tokens is None else (masked_tokens, sources)
        return encoder_token_weights(analysis, coefficients, plain, masked, blind)

    def _score(
        self,
        head: str,
        value: float,
        analysis: Analysis,
        weights: np.ndarray | None,
        j: int,
        text: str,
    ) -> Score:
        """One Score with its spans and reason; spans only where the score is worth a look."""
        spans: tuple[Span, ...] = ()
        if weights is not None and value >= self.span_min_score:
            spans = token_spans(analysis, weights[:, j])
        value = round(min(max(value, 0.0), 1.0), 4)
        return Score(head, value, _reason(head, value, analysis, spans, text), spans)


def _reason(head: str, value: float, analysis: Analysis, spans: tuple[Span, ...], text: str) -> str:
    """A sentence for the moderator: how likely, and which words drove it."""
    words = ", ".join(f'"{text[s.start : s.end][:40]}"' for s in spans[:3])
    text = f"{head.replace('_', ' ')} {value:.0%} likely"
    if words:
        text += f", driven by {words}"
    notes = [note for cue, note in _CUE_NOTES.items() if analysis.cues[CUES.index(cue)]]
    if notes and head in ("identity_attack", "severe_toxicity", "threat"):
        return text + "; lowered because it " + " and ".join(notes)
    rule = _RULE_NOTES.get(head)
    if rule and analysis.cues[CUES.index(rule[0])]:
        text += f"; {rule[1]}"
    return text


def rules_from(thresholds: dict[str, object]) -> tuple[Rule, ...]:
    """Policy rules recorded with the model (thresholds from its dev data)."""
    items = thresholds.get("rules", [])
    assert isinstance(items, list)
    return tuple(
        Rule(
            score=item["score"],
            category=ReasonCategory(item["category"]),
            label=item["label"],
            hold_at=item.get("hold_at"),
            reject_at=item.get("reject_at"),
        )
        for item in items
    )


def make_abuse(
    *,
    model_dir: Path | None = None,
    encoder_dir: Path | None = None,
    span_min_score: float = SPAN_MIN_SCORE,
    encoder_threads: int = 2,
) -> AbuseScorer:
    """Load the abuse model once (shipped with the package unless `model_dir` is given)."""
    model, thresholds = load_model(model_dir or SHIPPED_DIR)
    encoder = None
    if model.encoder is not None:
        encoder = shared_encoder(Path(encoder_dir) if encoder_dir else None, encoder_threads)
    return AbuseScorer(
        model, rules_from(thresholds), span_min_score=span_min_score, encoder=encoder
    )
