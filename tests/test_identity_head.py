"""The identity-attack head on sentence embeddings: data, fitting, storage, use."""

from __future__ import annotations

import numpy as np
import pytest

from civility.ml.analysis import analyze
from civility.ml.encoder_inputs import encoder_logits, encoder_reading
from civility.ml.examples import HEADS
from civility.ml.hate_templates import GROUPS
from civility.ml.identity_head import IdentityHead, fit_identity_head, template_rows
from civility.ml.textnorm import basic_normalize
from civility.pipeline.encoder import shared_encoder


def test_identity_head_templates_are_labelled_and_name_a_group() -> None:
    rows = template_rows()
    labels = {label for _, label in rows}
    assert labels == {0.0, 1.0}
    # A group's name, even glued into one word ("deathtotranspeople"), or a sentence.
    glued = [g.lower().replace(" ", "") for g in GROUPS]
    assert all(
        any(g in text.lower().replace(" ", "") for g in glued) or " " in text for text, _ in rows
    )
    assert ("I hate Muslims.", 1.0) in rows
    assert ("I love Muslims.", 0.0) in rows
    assert not any(text == "Shut up, faggot." for text, _ in rows)  # names no group


def test_identity_head_fits_soft_labels_in_the_right_direction() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    labels = (x[:, 0] > 0).astype(float)
    head = fit_identity_head(x, labels, np.ones(200))
    assert head.coef[0] > 1.0
    scores = head(x)
    assert scores[labels == 1].mean() > scores[labels == 0].mean()


def test_identity_head_survives_storage() -> None:
    head = IdentityHead(np.array([0.5, -1.0], dtype=np.float32), 0.25)
    back = IdentityHead.from_array(head.to_array())
    assert np.array_equal(back.coef, head.coef)
    assert back.intercept == pytest.approx(0.25)


def test_identity_head_with_a_hidden_layer_learns_what_a_line_cannot() -> None:
    # Hateful when exactly one of two directions is positive: no linear head separates it.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 4)).astype(np.float32)
    labels = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(float)
    linear = fit_identity_head(x, labels, np.ones(600))
    hidden = fit_identity_head(x, labels, np.ones(600), units=16, alpha=0.001)
    assert hidden.hidden is not None and hidden.hidden.shape == (5, 16)

    def accuracy(head: IdentityHead) -> float:
        return float(((head(x) > 0) == (labels == 1)).mean())

    assert accuracy(linear) < 0.7
    assert accuracy(hidden) > 0.9


def test_identity_head_with_a_hidden_layer_computes_relu_then_line() -> None:
    hidden = np.array([[1.0, -1.0], [0.0, 2.0], [0.5, 0.0]], dtype=np.float32)  # 2 dims + bias
    head = IdentityHead(np.array([2.0, 1.0], dtype=np.float32), -1.0, hidden)
    x = np.array([[1.0, 1.0], [-3.0, 0.0]], dtype=np.float32)
    # Row 1: relu([1.5, 1.0]) . [2, 1] - 1 = 3.0; row 2: relu([-2.5, 3.0]) . [2, 1] - 1 = 2.0.
    assert np.allclose(head(x), [3.0, 2.0])


def test_identity_head_with_a_hidden_layer_survives_storage() -> None:
    hidden = np.arange(6, dtype=np.float32).reshape(3, 2)
    head = IdentityHead(np.array([0.5, -1.0], dtype=np.float32), 0.25, hidden)
    back = IdentityHead.from_array(head.to_array(), head.hidden_array())
    assert back.hidden is not None and np.array_equal(back.hidden, hidden)
    assert np.array_equal(back.coef, head.coef)
    # A linear head stores an empty hidden layer and reads back linear.
    linear = IdentityHead(np.array([0.5], dtype=np.float32), 0.0)
    assert IdentityHead.from_array(linear.to_array(), linear.hidden_array()).hidden is None
    with pytest.raises(ValueError, match="units"):
        IdentityHead.from_array(np.zeros(4, np.float32), hidden)


@pytest.mark.slow
def test_identity_head_is_one_more_column_read_from_the_masked_comment() -> None:
    encoder = shared_encoder()
    texts = ["I hate Muslims.", "Thanks for the article."]
    analyses = [analyze(t, basic_normalize) for t in texts]
    head = IdentityHead(np.ones(encoder.dim, dtype=np.float32), -1.0)
    out = encoder_logits(
        encoder, texts, analyses, blind_heads=(), identity_head=head, max_tokens=64
    )
    read = encoder.embed(["i hate people.", "Thanks for the article."], max_tokens=64)
    plain = encoder.abuse_logits(texts, max_tokens=64)
    assert out.shape == (2, len(HEADS) + 1)
    assert np.allclose(out[:, len(HEADS)], read.sum(axis=1) - 1.0, atol=1e-4)
    assert np.array_equal(out[:, : len(HEADS)], plain)  # the encoder's own heads, unchanged


@pytest.mark.slow
def test_encoder_logits_read_each_link_as_the_word_where_the_model_says_so() -> None:
    encoder = shared_encoder()
    texts = ["Watch https://www.youtube.com/watch?v=g_dJRaBLAdg now, Muslims."]
    worded = ["Watch " + "link".ljust(43) + " now, Muslims."]
    assert encoder_reading(texts[0], links_read_as_words=True) == worded[0]
    assert encoder_reading(texts[0], links_read_as_words=False) == texts[0]
    head = IdentityHead(np.ones(encoder.dim, dtype=np.float32), -1.0)

    def logits(text: list[str], links_read_as_words: bool) -> np.ndarray:
        return encoder_logits(
            encoder,
            text,
            [analyze(t, basic_normalize) for t in text],
            blind_heads=("insult",),
            identity_head=head,
            max_tokens=64,
            links_read_as_words=links_read_as_words,
        )

    # Plain and masked passes alike read the word; as written, the address reaches the heads.
    assert np.array_equal(logits(texts, True), logits(worded, False))
    assert not np.array_equal(logits(texts, True), logits(texts, False))
