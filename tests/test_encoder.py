"""The shipped int8 sentence encoder: shapes, normalisation, order, hostile input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from civility.pipeline.encoder import MAX_TOKENS, SHIPPED_DIR, Encoder, _Entry, load_encoder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    """The shipped model, loaded once for this module."""
    return load_encoder(batch_size=4)


def test_encoder_ships_a_small_model() -> None:
    assert (SHIPPED_DIR / "model.onnx").stat().st_size < 25_000_000
    assert (SHIPPED_DIR / "tokenizer.json").exists()


def test_all_shipped_models_together_stay_within_60_mb() -> None:
    models = SHIPPED_DIR.parent
    assert sum(f.stat().st_size for f in models.rglob("*") if f.is_file()) <= 60_000_000


def test_encoder_rows_are_unit_vectors(encoder: Encoder) -> None:
    vectors = encoder.embed(["The Navy named a ship after Harvey Milk.", "ok"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_encoder_empty_batch_gives_no_rows(encoder: Encoder) -> None:
    assert encoder.embed([]).shape == (0, 384)


def test_encoder_keeps_input_order_under_length_bucketing(encoder: Encoder) -> None:
    texts = [
        "word " * 90,
        "Short one.",
        "A medium sized comment about the budget and taxes.",
        "Yes",
        "Pakistan agreed to tackle the Haqqani network, a diplomat said.",
        "x " * 40,
    ]
    together = encoder.embed(texts)
    one_by_one = np.stack([load_encoder().embed([t])[0] for t in texts])
    # Dynamic int8 scales activations per batch, so rows match closely, not exactly.
    similarity = together @ one_by_one.T
    assert (similarity.argmax(axis=1) == np.arange(len(texts))).all()
    assert (np.diag(similarity) > 0.95).all()


def test_encoder_rows_do_not_depend_on_batch_mates_or_threads() -> None:
    texts = ["You are an idiot.", "word " * 90, "Pakistan agreed to tackle the Haqqani network."]
    alone = np.stack([load_encoder(threads=1)._rows([t], MAX_TOKENS)[0] for t in texts])
    together = load_encoder(threads=2)._rows(texts[::-1], MAX_TOKENS)[::-1]
    assert np.array_equal(alone, together)


def test_encoder_similar_texts_are_closer_than_unrelated(encoder: Encoder) -> None:
    a, b, c = encoder.embed(
        [
            "The Senate passed the budget bill on Thursday.",
            "Lawmakers approved the spending plan this week.",
            "My cat loves to sleep in the sun.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_encoder_truncates_huge_input(encoder: Encoder) -> None:
    huge = "budget " * 200_000
    first = "budget " * (MAX_TOKENS + 10)
    vectors = encoder.embed([huge, first])
    assert np.allclose(vectors[0], vectors[1], atol=1e-5)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\u202etxet desrever\u202c",
        "z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o",
        "\U0001f600\U0001f4a9" * 50,
        "\x00\x01\x02 control",
        "<script>alert('x')</script>",
        "'; DROP TABLE comments; --",
        "\ud800 lone surrogate",
        "日本語のコメントです",
    ],
)
def test_encoder_odd_input_gives_a_unit_vector(encoder: Encoder, text: str) -> None:
    vector = encoder.embed([text])[0]
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


def test_encoder_cache_returns_the_same_rows(encoder: Encoder) -> None:
    texts = ["cached comment one", "cached comment two"]
    first = encoder.embed(texts)
    again = encoder.embed(list(reversed(texts)))
    assert np.array_equal(first, again[::-1])


def test_encoder_forget_runs_the_model_again_for_the_same_rows(encoder: Encoder) -> None:
    texts = ["a comment to forget", "and another one"]
    first = encoder.embed(texts)
    encoder.forget()
    assert not encoder._cache
    assert np.array_equal(encoder.embed(texts), first)
    assert len(encoder._cache) == 2


def test_encoder_missing_directory_says_how_to_export(tmp_path: object) -> None:
    with pytest.raises(FileNotFoundError, match="export_encoder"):
        load_encoder(tmp_path)  # type: ignore[arg-type]


def test_encoder_gives_the_seven_abuse_logits_from_the_same_pass(encoder: Encoder) -> None:
    texts = ["You are a complete idiot.", "Thank you for the thoughtful article."]
    logits = encoder.abuse_logits(texts, max_tokens=64)
    assert logits.shape == (2, 7)
    assert np.isfinite(logits).all()
    # The insult head (index 2) separates an insult from thanks.
    assert logits[0, 2] > logits[1, 2]
    # Embedding and logits come from one cached row: asking again computes nothing new.
    vectors = encoder.embed(texts, max_tokens=64)
    assert vectors.shape == (2, 384)
    assert np.allclose(encoder.abuse_logits(texts, max_tokens=64), logits)


def test_encoder_reads_text_through_the_models_normaliser(encoder: Encoder) -> None:
    # Leetspeak and homoglyphs reach the model as the plain word (textnorm runs first).
    plain, obfuscated = encoder.abuse_logits(["you are an idiot", "you are an \u0456d1ot"])
    assert np.allclose(plain, obfuscated, atol=1e-5)


class CountingEncoder(Encoder):
    """The real encoder, counting the texts it actually runs the model on."""

    encoded = 0

    def _run_uncached(self, texts: list[str], max_tokens: int) -> list[_Entry]:
        self.encoded += len(texts)
        return super()._run_uncached(texts, max_tokens)


def test_encoder_parallel_scorers_share_one_pass(encoder: Encoder) -> None:
    counting = CountingEncoder(
        encoder._session, encoder._tokenizer, name=encoder.name, batch_size=4
    )
    texts = [f"Comment number {i} about the budget and the new tax." for i in range(40)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        vectors = pool.submit(counting.embed, texts, max_tokens=64)
        logits = pool.submit(counting.abuse_logits, texts, max_tokens=64)
        assert vectors.result().shape == (40, 384)
        assert logits.result().shape == (40, 7)
    assert counting.encoded == 40


def test_encoder_prefetched_texts_are_read_once_with_the_same_rows(encoder: Encoder) -> None:
    counting = CountingEncoder(
        encoder._session, encoder._tokenizer, name=encoder.name, batch_size=1
    )
    texts = ["A prefetched comment about the council's budget.", "You are an idiot.", ""]
    counting.prefetch(texts, max_tokens=64)
    rows = counting.embed(texts, max_tokens=64)  # waits for the passes started above
    plain = load_encoder(batch_size=1).embed(texts, max_tokens=64)
    assert np.array_equal(rows, plain)
    assert counting.encoded == len(texts)


def test_encoder_prefetch_while_the_model_is_busy_leaves_the_pass_to_the_caller(
    encoder: Encoder,
) -> None:
    counting = CountingEncoder(
        encoder._session, encoder._tokenizer, name=encoder.name, batch_size=1
    )
    with counting._pass_lock:  # another request's pass is running
        counting.prefetch(["Written while the server was busy."], max_tokens=64)
    if counting._background is not None:  # let anything queued there finish first
        counting._background.submit(lambda: None).result()
    assert counting.encoded == 0  # nothing was queued behind the running pass
    counting.embed(["Written while the server was busy."], max_tokens=64)
    assert counting.encoded == 1


def test_encoder_prefetch_of_hostile_input_leaves_the_request_to_answer(encoder: Encoder) -> None:
    texts = ["\ud800 lone surrogate", "<script>alert(1)</script>" * 2000, "\u202e\u0000"]
    encoder.prefetch(texts, max_tokens=64)
    rows = encoder.embed(texts, max_tokens=64)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)


def test_encoder_token_logits_add_up_to_the_head_logits(encoder: Encoder) -> None:
    texts = ["You are a complete idiot.", "Thank you for the thoughtful article.", "word " * 90, ""]
    logits = encoder.abuse_logits(texts, max_tokens=64)
    tokens = encoder.token_logits(texts, max_tokens=64)
    assert encoder.has_token_logits
    rests = []
    for row, shares in zip(logits, tokens, strict=True):
        assert shares is not None
        assert shares.logits.shape == (len(shares.offsets), 7)
        rests.append(row - shares.logits.sum(axis=0))
    # What the shares leave over is the heads' bias, the same for every text (int8 rounding).
    assert np.abs(np.array(rests) - rests[0]).max() < 0.05
    assert len(tokens[2].offsets) == 64  # type: ignore[union-attr]


def test_encoder_token_offsets_point_at_the_characters_of_the_input(encoder: Encoder) -> None:
    text = "Honestly, you are an \u0456d1ot!!"
    shares = encoder.token_logits([text])[0]
    assert shares is not None
    read = [text[start:end] for start, end in shares.offsets]
    # [CLS] and [SEP] read nothing; the obfuscated word is read where it stands.
    assert read[0] == read[-1] == ""
    assert "\u0456d1ot" in read
    assert all(0 <= start <= end <= len(text) for start, end in shares.offsets)
