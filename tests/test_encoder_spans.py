"""The encoder's per-token shares turned into weights on the words of a comment."""

from __future__ import annotations

import numpy as np
import pytest

from civility.domain import Score, Submission
from civility.ml.analysis import analyze
from civility.ml.encoder_spans import encoder_token_weights
from civility.ml.examples import HEADS
from civility.ml.identity_mask import masked_with_sources
from civility.ml.textnorm import basic_normalize
from civility.pipeline.encoder import TokenLogits

INSULT = HEADS.index("insult")


def _shares(offsets: list[tuple[int, int]], insult: list[float]) -> TokenLogits:
    """Per-token shares for one head, zero elsewhere."""
    logits = np.zeros((len(offsets), len(HEADS)), dtype=np.float32)
    logits[:, INSULT] = insult
    return TokenLogits(np.array(offsets, dtype=np.int64), logits)


def test_shares_above_the_average_credit_the_word_the_piece_read() -> None:
    text = "you are an \u0456d1ot"
    analysis = analyze(text, basic_normalize)
    coefficients = np.zeros(len(HEADS))
    coefficients[INSULT] = 2.0
    # [CLS] you are an i ##d1ot [SEP], i Cyrillic: the pieces of one word add up on that word.
    shares = _shares(
        [(0, 0), (0, 3), (4, 7), (8, 10), (11, 12), (12, 16), (0, 0)],
        [5.0, -1.0, -1.0, -1.0, 1.0, 2.0, 5.0],
    )
    weights = encoder_token_weights(analysis, coefficients, shares)
    words = [token for token, _, _ in analysis.tokens]
    assert words == ["you", "are", "an", "idiot"]
    # Average over the pieces that read a word: 0; special tokens credit no word.
    assert weights[:, INSULT].tolist() == [-2.0, -2.0, -2.0, 6.0]
    assert not np.delete(weights, INSULT, axis=1).any()


def test_masked_pass_credits_no_group_word_and_replaces_its_heads() -> None:
    text = "Muslims are lazy"
    analysis = analyze(text, basic_normalize)
    found = masked_with_sources(analysis)
    assert found is not None
    masked_text, sources = found
    assert masked_text == "people are lazy"
    assert "".join(text[i] if i >= 0 else "_" for i in sources) == "______ are lazy"
    coefficients = np.ones(len(HEADS))
    plain = _shares([(0, 0), (0, 7), (8, 11), (12, 16), (0, 0)], [0, 9.0, 0, 0, 0])
    masked = _shares([(0, 0), (0, 6), (7, 10), (11, 15), (0, 0)], [0, 9.0, 0, 3.0, 0])
    weights = encoder_token_weights(analysis, coefficients, plain, (masked, sources), [INSULT])
    # "people" stands for the group and reads no character of the comment: its share is
    # neither credited to "Muslims" nor counted in the average.
    assert weights[:, INSULT].tolist() == [0.0, -1.5, 1.5]


def test_no_pass_no_weight() -> None:
    analysis = analyze("", basic_normalize)
    assert encoder_token_weights(analysis, np.ones(len(HEADS)), None).shape == (0, len(HEADS))


def _scores(scorer: object, text: str) -> dict[str, Score]:
    return {s.name: s for s in scorer([Submission(text)])[0]}  # type: ignore[operator]


def _marked(score: Score, text: str) -> str:
    return " ".join(text[s.start : s.end] for s in score.spans)


@pytest.mark.slow
def test_threat_reason_names_the_harm_the_encoder_read(abuse_scorer: object) -> None:
    text = "I will find you and break your legs, you pathetic little man."
    threat = _scores(abuse_scorer, text)["threat"]
    assert threat.value >= 0.5
    assert "break" in _marked(threat, text) or "legs" in _marked(threat, text)


@pytest.mark.slow
def test_insult_at_a_group_never_credits_the_group_word(abuse_scorer: object) -> None:
    text = "Muslims are such lazy, dirty and worthless people."
    insult = _scores(abuse_scorer, text)["insult"]
    assert insult.value >= 0.5
    marked = _marked(insult, text)
    assert "Muslims" not in marked
    assert any(word in marked for word in ("lazy", "dirty", "worthless"))


@pytest.mark.slow
def test_spam_reason_names_the_sales_words(abuse_scorer: object) -> None:
    text = "Buy cheap watches at www.example.com, best prices!!! Click here"
    spam = _scores(abuse_scorer, text)["spam"]
    assert spam.value >= 0.5
    assert "prices" in _marked(spam, text)
