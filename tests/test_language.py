"""The language check: confident non-English holds, short or unclear text does not."""

from __future__ import annotations

import pytest

from civility.pipeline.language import CONFIDENT, LanguageCheck

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def check() -> LanguageCheck:
    """py3langid's shipped model, loaded once."""
    return LanguageCheck()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Regierung hat den Haushalt vorgestellt, aber das reicht nicht.", "de"),
        ("Le gouvernement a présenté son budget, mais ce n'est pas suffisant.", "fr"),
        ("El gobierno presentó el presupuesto, pero no es suficiente para nadie.", "es"),
        ("Правительство представило бюджет, но этого недостаточно.", "ru"),
    ],
)
def test_language_other_languages_score_high(
    check: LanguageCheck, text: str, language: str
) -> None:
    score = check.score(text)
    assert score.value >= CONFIDENT
    assert f"'{language}'" in score.reason


@pytest.mark.parametrize(
    "text",
    [
        "I completely agree with Gul Khan, why US is not helping us negotiate with TTP?",
        "The title does not fit the content of the article.",
        "Ohh Really ?",
        "",
        "😀😀😀",
        "<script>alert('x')</script>",
    ],
)
def test_language_english_and_short_text_score_low(check: LanguageCheck, text: str) -> None:
    assert check.score(text).value < 0.5


def test_language_too_short_says_so(check: LanguageCheck) -> None:
    assert "too short" in check.score("ok ok").reason
    assert check.guess("ok ok") is None


def test_language_huge_text_is_read_from_its_start(check: LanguageCheck) -> None:
    text = "The government presented its budget on Tuesday. " * 40_000
    assert check.score(text).value < 0.5
