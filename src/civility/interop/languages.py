"""Language identification for Perspective's `detectedLanguages`, with py3langid's shipped model."""

from __future__ import annotations

from functools import cache
from typing import Any

# Below this probability (or for very short texts) the language is "und": undetermined.
MIN_CONFIDENCE = 0.6
MIN_LETTERS = 12


class LanguageDetector:
    """Detects a text's language; load once per process (the model takes ~0.5 s)."""

    def __init__(self) -> None:
        self._identifier = _load_identifier()

    def detect(self, text: str) -> list[str]:
        """The likely languages, most likely first; ["und"] when the text is too short to tell."""
        if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            return ["und"]
        ranked = self._identifier.rank(text)[:2]
        found = [str(lang) for lang, prob in ranked if prob >= MIN_CONFIDENCE]
        return found or ["und"]


def primary_subtag(language: str) -> str:
    """'en-US' -> 'en', 'pt_BR' -> 'pt': our models care about the language, not the region."""
    return language.replace("_", "-").split("-", 1)[0].strip().lower()


@cache
def _load_identifier() -> Any:
    """The shipped model, read once per process; identification itself is read-only."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
