"""Is a comment in a language our English models read? py3langid's shipped model decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civility.domain import Score

SUPPORTED = frozenset({"en"})
# Fewer letters than this and language identification is a guess ("Ohh Really ?").
MIN_LETTERS = 20
# Only a confident other-language verdict holds a comment; a mixed or unclear one does not.
CONFIDENT = 0.9
# A verdict split between close languages (Arabic and Moroccan Arabic, Croatian, Bosnian and
# Serbian) is as sure that the text is not English: the few most likely other languages together
# decide. Only a few: English shouting, hashtags or laughter spread the identifier's belief thinly
# over many languages with little left for English, and must not be held for it.
CLOSE_LANGUAGES = 3
UNCLEAR_CAP = 0.49
# The first few thousand characters tell the language as well as a whole megabyte does.
MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The most likely language of a text and how sure the identifier is."""

    language: str
    probability: float
    supported_probability: float
    # The `CLOSE_LANGUAGES` most likely unsupported languages together.
    close_probability: float = 0.0


class LanguageCheck:
    """Scores how likely a comment is written in a language the models do not handle."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier: Any = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def guess(self, text: str) -> LanguageGuess | None:
        """The identifier's verdict, or None when the text is too short to tell."""
        text = text[:MAX_CHARS]
        if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            return None
        ranked = self._identifier.rank(text)
        language, probability = ranked[0]
        supported = sum(float(p) for lang, p in ranked if lang in SUPPORTED)
        others = [float(p) for lang, p in ranked if lang not in SUPPORTED][:CLOSE_LANGUAGES]
        return LanguageGuess(str(language), float(probability), supported, sum(others))

    def score(self, text: str, *, name: str = "language") -> Score:
        """High only for a confident verdict of a language other than English."""
        guess = self.guess(text)
        if guess is None:
            return Score(name, 0.0, "too short to tell the language; treated as English")
        if guess.language in SUPPORTED:
            value = min(UNCLEAR_CAP, 1.0 - guess.supported_probability)
            return Score(name, value, f"written in '{guess.language}'")
        if guess.probability >= CONFIDENT:
            return Score(
                name,
                guess.probability,
                f"written in '{guess.language}', a language the moderation models "
                "do not read: a moderator checks it",
            )
        unsupported = 1.0 - guess.supported_probability
        if guess.close_probability >= CONFIDENT:
            return Score(
                name,
                unsupported,
                f"not English (most likely '{guess.language}'), a language the moderation "
                "models do not read: a moderator checks it",
            )
        value = min(UNCLEAR_CAP, unsupported)
        return Score(name, value, f"language unclear (maybe '{guess.language}')")
