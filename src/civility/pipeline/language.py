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
UNCLEAR_CAP = 0.49
# The first few thousand characters tell the language as well as a whole megabyte does.
MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The most likely language of a text and how sure the identifier is."""

    language: str
    probability: float
    supported_probability: float


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
        return LanguageGuess(str(language), float(probability), supported)

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
        value = min(UNCLEAR_CAP, 1.0 - guess.supported_probability)
        return Score(name, value, f"language unclear (maybe '{guess.language}')")
