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


# --- A verdict split between other languages is still "not English": held, naming the likeliest.

ARABIC = "أعتقد أن قرار المجلس البلدي بإصلاح الطرق صحيح تماما"


def test_language_arabic_split_with_its_dialects_is_held_naming_arabic(
    check: LanguageCheck,
) -> None:
    guess = check.guess(ARABIC)
    # The identifier splits Arabic with Moroccan Arabic: no one language reaches the line.
    assert guess is not None and guess.language == "ar" and guess.probability < CONFIDENT
    score = check.score(ARABIC)
    assert score.value >= CONFIDENT
    assert score.reason.startswith("not English (most likely 'ar')")
    assert "a moderator checks it" in score.reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Jeg synes det er en god beslutning af byrådet at reparere vejene.", "da"),  # da / no
        ("Ik denk dat het besluit van de gemeenteraad goed is.", "nl"),  # nl / af
        ("Ovo je potpuno pogrešna odluka gradskog vijeća o cestama.", "hr"),  # hr / bs / sr
    ],
)
def test_language_split_between_other_languages_is_held(
    check: LanguageCheck, text: str, language: str
) -> None:
    guess = check.guess(text)
    assert guess is not None and guess.probability < CONFIDENT
    score = check.score(text)
    assert score.value >= CONFIDENT
    assert f"not English (most likely '{language}')" in score.reason


@pytest.mark.parametrize(
    "text",
    [
        # Foreign names and a few foreign words in English.
        "I met Jürgen Klöpfer-Øvergaard in Zürich, and he said the council is wrong.",
        "Angela Merkel said the Bundesregierung will not change its Flüchtlingspolitik this year.",
        "The mayor said c'est la vie, but the roads are still broken.",
        # English comments (C3, Fox News, Civil Comments) the identifier calls barely English:
        # its belief spreads over many languages, none of them close to sure.
        "Globe and Mail endorses conservatives. Quelle surprise!",
        "Just remember no trabjo no cervesa",
        "Bravo, Margaret! Well spoken!",
        "Celina Caesar-ChavannesEmmanuel DubourgGreg Fergus",
        "Hey! Stupid politicians: WE'RE BROKE! STOP. SPENDING. MONEY! jackwagons.",
    ],
)
def test_language_english_with_foreign_words_is_not_held(check: LanguageCheck, text: str) -> None:
    score = check.score(text)
    assert score.value < 0.5
    assert "not English" not in score.reason
