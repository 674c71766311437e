"""Identity terms masked for the encoder's identity-blind heads."""

from __future__ import annotations

import numpy as np
import pytest

from civility.ml.analysis import analyze
from civility.ml.encoder_inputs import encoder_logits
from civility.ml.examples import HEADS
from civility.ml.identity_mask import without_identities
from civility.ml.textnorm import basic_normalize
from civility.pipeline.encoder import shared_encoder


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Jews deserve the same rights.", "people deserve the same rights."),
        ("Black people are vermin", "people are vermin"),
        ("I met Muslim women today.", "i met people today."),
        ("M u s l i m s are great", "people are great"),
        ("gaypeople are fine", "people are fine"),
        ("Thanks for the article.", None),
        ("", None),
    ],
)
def test_identity_mask_replaces_each_group_with_people(text: str, masked: str | None) -> None:
    assert without_identities(analyze(text, basic_normalize)) == masked


@pytest.mark.slow
def test_identity_mask_only_blind_heads_read_the_masked_text() -> None:
    encoder = shared_encoder()
    texts = ["Jews deserve the same rights as everyone else.", "You are an idiot."]
    analyses = [analyze(t, basic_normalize) for t in texts]
    plain = encoder.abuse_logits(texts, max_tokens=64)
    mixed = encoder_logits(
        encoder, texts, analyses, blind_heads=("insult",), identity_head=None, max_tokens=64
    )
    masked = encoder.abuse_logits(["people deserve the same rights as everyone else."])
    insult = HEADS.index("insult")
    others = [j for j in range(len(HEADS)) if j != insult]
    assert mixed[0, insult] == pytest.approx(masked[0, insult])
    assert mixed[0, insult] != pytest.approx(plain[0, insult])
    assert np.array_equal(mixed[0, others], plain[0, others])
    assert np.array_equal(mixed[1], plain[1])  # names no group: one pass, unchanged
