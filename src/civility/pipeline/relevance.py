"""The `off_topic` score: is a comment about its article, or about the comment it replies to?"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from civility.domain import ArticleContext, ReasonCategory, Score, Submission
from civility.pipeline.article_passages import PassageCache
from civility.pipeline.encoder import Encoder, shared_encoder
from civility.pipeline.language import LanguageCheck
from civility.pipeline.policy import Rule

NAME = "off_topic"
LANGUAGE = "language"
CALIBRATION_FILE = Path(__file__).resolve().parents[1] / "data/models/relevance/calibration.json"
# Without an article or a parent nothing can be off-topic *relative to* anything: a low
# value near the share of off-topic news comments, which never holds on its own.
NO_CONTEXT_VALUE = 0.05
# Rescued comments keep a value this far below the hold line, so they never hold.
RESCUED_VALUE = 0.05
SHORT_REPLY_WORDS = 12
META_REMARK_MAX_WORDS = 40
QUOTE_CHARS = 90

# "The title does not fit the content", "the picture is impressive": about the article itself.
META_REMARK = re.compile(
    r"\b(article|title|headline|picture|photo|photograph|image|caption|video|author|writer|"
    r"journalist|reporter|editor|editorial|column|columnist|story|piece|report|reporting|"
    r"typo|well[- ]written|poorly written|this news)s?\b",
    re.IGNORECASE,
)
# Short agreement or disagreement continues a conversation, whatever its words.
REACTION = re.compile(
    r"^\W*(yes|yeah|yep|no|nope|really|agreed?|i agree|i disagree|disagree|exactly|correct|"
    r"right|true|false|wrong|indeed|nonsense|rubbish|well said|good point|so true|"
    r"absolutely|of course|ohh?|sure|not really|not true|\+1)\b",
    re.IGNORECASE,
)
LINK = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
REPLY_MARKER = re.compile(r"^\s*@[^:\n]{1,60}:")


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model from the best similarity and the comment's length to P(off-topic)."""

    coef: tuple[float, float, float]
    intercept: float
    hold_at: float
    model: str

    def probability(self, similarity: float, words: int) -> float:
        """P(off-topic) for a comment of `words` words whose closest context has `similarity`."""
        length = math.log1p(words)
        z = self.intercept + self.coef[0] * similarity + self.coef[1] * length
        z += self.coef[2] * similarity * length
        return 1.0 / (1.0 + math.exp(-z))


def load_calibration(path: Path | None = None) -> Calibration:
    """The shipped calibration (written by `python -m civility.ml.train_relevance`)."""
    data = json.loads((path or CALIBRATION_FILE).read_text(encoding="utf-8"))
    coef = tuple(float(c) for c in data["coef"])
    if len(coef) != 3:
        raise ValueError(f"calibration needs 3 coefficients, got {len(coef)}")
    return Calibration(
        (coef[0], coef[1], coef[2]),
        float(data["intercept"]),
        float(data["hold_at"]),
        str(data["model"]),
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """How close a comment is to its article's best passage and to its parent comment."""

    article: float | None = None
    passage: str | None = None
    position: int | None = None
    parent: float | None = None

    @property
    def best(self) -> float | None:
        """The closest context of any kind."""
        found = [s for s in (self.article, self.parent) if s is not None]
        return max(found) if found else None


class OffTopic:
    """Scores `off_topic` (and `language`) for a batch, embedding each text once."""

    names = (NAME, LANGUAGE)

    def __init__(
        self,
        encoder: Encoder,
        calibration: Calibration,
        *,
        language: LanguageCheck | None = None,
        cache_size: int = 256,
    ) -> None:
        self.encoder = encoder
        self.calibration = calibration
        self.language = language or LanguageCheck()
        self.articles = PassageCache(encoder, size=cache_size)

    @property
    def rules(self) -> list[Rule]:
        """Off-topic holds, never rejects; an unreadable language holds too."""
        return [
            Rule(
                NAME,
                ReasonCategory.OFF_TOPIC,
                "not about the article or the conversation",
                hold_at=self.calibration.hold_at,
            ),
            Rule(
                LANGUAGE,
                ReasonCategory.LANGUAGE,
                "in a language the moderation models do not read",
                hold_at=0.5,
            ),
        ]

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """One off_topic and one language score per submission, in order."""
        evidence = self.evidence(batch)
        return [
            [self.score(sub, ev), self.language.score(sub.text, name=LANGUAGE)]
            for sub, ev in zip(batch, evidence, strict=True)
        ]

    def evidence(self, batch: Sequence[Submission]) -> list[Evidence]:
        """Similarities of each comment to its article passages and its parent."""
        comments = self.encoder.embed([sub.text for sub in batch])
        parent_texts = sorted({sub.parent_text for sub in batch if sub.parent_text})
        parent_texts = [text for text in parent_texts if text.strip()]
        parent_rows = dict(zip(parent_texts, self.encoder.embed(parent_texts), strict=True))
        out = []
        for sub, vector in zip(batch, comments, strict=True):
            ev = self._article_evidence(sub.article, vector)
            if sub.parent_text in parent_rows:
                parent = float(vector @ parent_rows[sub.parent_text])
                ev = Evidence(ev.article, ev.passage, ev.position, parent)
            out.append(ev)
        return out

    def _article_evidence(self, article: ArticleContext | None, vector: np.ndarray) -> Evidence:
        """The closest passage of the article and its similarity."""
        if article is None:
            return Evidence()
        passages, matrix = self._passages(article)
        if not passages:
            return Evidence()
        sims = matrix @ vector
        best = int(np.argmax(sims))
        return Evidence(float(sims[best]), passages[best], best)

    def _passages(self, article: ArticleContext) -> tuple[tuple[str, ...], np.ndarray]:
        """Stored passage vectors when the caller has them, else embedded and cached."""
        vectors = article.passage_vectors
        if vectors is not None and len(article.passages) == len(vectors) > 0:
            return article.passages, np.asarray(vectors, dtype=np.float32)
        return self.articles.get(article.title, article.body)

    def score(self, sub: Submission, ev: Evidence) -> Score:
        """The calibrated probability and a reason naming the closest passage."""
        words = len(sub.text.split())
        rescue = _rescue_reason(sub, words)
        best = ev.best
        if best is None:
            return Score(
                NAME, NO_CONTEXT_VALUE, "no article or parent comment given: relevance not judged"
            )
        if rescue is not None:
            return Score(NAME, RESCUED_VALUE, f"{rescue}; {_closest(ev)}")
        value = self.calibration.probability(best, words)
        if value >= self.calibration.hold_at:
            why = f"nothing in the article or the thread is close; {_closest(ev)}"
            return Score(NAME, value, why)
        return Score(NAME, value, f"on-topic: {_closest(ev)}")


def _has_text(text: str | None) -> bool:
    """True for a parent text with something in it."""
    return bool(text and text.strip())


def _rescue_reason(sub: Submission, words: int) -> str | None:
    """Why a comment is on-topic whatever its similarity, if it is one of the known kinds."""
    text = sub.text
    if LINK.search(text):
        return None  # advertising often says "this article": links never rescue a comment
    if words <= META_REMARK_MAX_WORDS and (match := META_REMARK.search(text)):
        return f"a remark about the article itself ('{match.group(0)}')"
    body = REPLY_MARKER.sub("", text, count=1)
    is_reply = _has_text(sub.parent_text) or body != text
    if words <= SHORT_REPLY_WORDS and is_reply:
        return "a short reply in the conversation"
    if len(body.split()) <= SHORT_REPLY_WORDS and REACTION.search(body):
        return "a short agreement or disagreement"
    return None


def _closest(ev: Evidence) -> str:
    """Plain words naming the closest passage (or that none is close) and the parent match."""
    parts = []
    if ev.article is not None and ev.passage is not None:
        parts.append(
            f"closest article passage {(ev.position or 0) + 1}: "
            f"\u201c{_quote(ev.passage)}\u201d (similarity {ev.article:.2f})"
        )
    if ev.parent is not None:
        parts.append(f"similarity to the parent comment {ev.parent:.2f}")
    return "; ".join(parts)


def _quote(text: str) -> str:
    """The start of a passage, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= QUOTE_CHARS:
        return text
    return text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "\u2026"


def make_off_topic(
    *, model_dir: str | None = None, calibration_file: str | None = None, cache_size: int = 256
) -> OffTopic:
    """Build the off_topic scorer: the shared encoder, the shipped calibration, a language check."""
    encoder = shared_encoder(Path(model_dir) if model_dir else None)
    calibration = load_calibration(Path(calibration_file) if calibration_file else None)
    return OffTopic(encoder, calibration, language=_shared_language_check(), cache_size=cache_size)


@functools.lru_cache(maxsize=1)
def _shared_language_check() -> LanguageCheck:
    """One language identifier per process: its model takes a moment to load."""
    return LanguageCheck()
