"""The obfuscation-undoing normaliser and its offsets back into the original text."""

from __future__ import annotations

import pytest

from civility.ml.textnorm import basic_normalize


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("sh1t", "shit"),
        ("$hit", "shit"),
        ("b!tch", "bitch"),
        ("S h i t happens", "shit happens"),
        ("f.u.c.k off", "fuck off"),
        ("fuuuuuck", "fuuck"),
        ("Musl\u0456ms", "muslims"),  # Cyrillic i
        ("zero\u200bwidth", "zerowidth"),
        ("Café", "cafe"),
    ],
)
def test_ml_textnorm_undoes_obfuscation(raw: str, plain: str) -> None:
    assert basic_normalize(raw).text == plain


@pytest.mark.parametrize("text", ["Wake up!", "I have 10 dogs", "a I am", "Really ?"])
def test_ml_textnorm_leaves_plain_text_alone(text: str) -> None:
    assert basic_normalize(text).text == text.lower()


def test_ml_textnorm_offsets_point_into_the_original() -> None:
    raw = "Hey, S h i t\u200b happens"
    norm = basic_normalize(raw)
    start = norm.text.index("shit")
    first, last = norm.to_original(start, start + 4)
    assert raw[first:last] == "S h i t"
    assert len(norm.offsets) == len(norm.text)


def test_ml_textnorm_empty_text() -> None:
    norm = basic_normalize("")
    assert norm.text == ""
    assert norm.to_original(0, 0) == (0, 0)
