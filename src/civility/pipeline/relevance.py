"""The `off_topic` score: is a comment about its article, or about the comment it replies to?

Two looks, cheapest first: comments sharing several distinctive words with an article
passage or the parent are on-topic (pipeline/overlap.py); the rest get the int8 MiniLM
similarity to the article's passages and to the parent, calibrated to a probability.
Comments that are on-topic by kind (remarks on the article, short replies;
pipeline/topic_rules.py) are capped below the hold line.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from civility.domain import ArticleContext, ReasonCategory, Score, Submission
from civility.ml.artifacts import ModelFileError
from civility.model_layout import SHIPPED
from civility.pipeline.article_passages import ArticleEntry, PassageCache
from civility.pipeline.encoder import MAX_TOKENS, Encoder, shared_encoder
from civility.pipeline.language import LanguageCheck
from civility.pipeline.overlap import Idf, Overlap, load_idf, words
from civility.pipeline.policy import Rule
from civility.pipeline.topic_rules import on_topic_reason

NAME = "off_topic"
LANGUAGE = "language"
CALIBRATION_FILE = SHIPPED.relevance_calibration
# Without an article or a parent nothing can be off-topic *relative to* anything: a low
# value near the share of off-topic news comments, which never holds on its own.
NO_CONTEXT_VALUE = 0.05
# Comments on-topic by kind (topic_rules.py) are capped below both 0.5 and the hold line,
# keeping the model's order among them (a flat value cost 0.11 ROC-AUC on SemEval replies).
RESCUE_CAP = 0.45
LEXICAL_VALUE = 0.01
QUOTE_CHARS = 90
# Comments (and parents) are read up to this many tokens: on 1,000 Globe and Mail comments
# 89 instead of 55 comments/s, for 0.002-0.013 ROC-AUC (BENCHMARKS.md, Relevance).
COMMENT_TOKENS = 64
# Articles whose passages stay embedded. A batch file cycles through hundreds of articles, and
# an LRU smaller than that cycle re-embeds each on every pass (256 did, at 399 articles: 3.6 s
# of every 1,000 comments). An entry is at most 64 passages x 1.5 KB; a story of 15 passages
# takes 23 KB, so a full cache of such stories about 46 MB.
ARTICLE_CACHE_SIZE = 2048


@dataclass(frozen=True, slots=True)
class Calibration:
    """A logistic model from the best similarity and the comment's length to P(off-topic).

    `lexical_clear_at`: summed IDF of shared distinctive words at which a comment is
    on-topic without the encoder (None: always use the encoder); `lexical_value` is the
    off-topic rate measured among such comments. `short_reply_floor`: the similarity below
    which a short reply is not rescued as part of the thread (None: always rescued).
    """

    coef: tuple[float, float, float]
    intercept: float
    hold_at: float
    model: str
    lexical_clear_at: float | None = None
    lexical_value: float = LEXICAL_VALUE
    short_reply_floor: float | None = None

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
    clear_at = data.get("lexical_clear_at")
    floor = data.get("short_reply_floor")
    return Calibration(
        (coef[0], coef[1], coef[2]),
        float(data["intercept"]),
        float(data["hold_at"]),
        str(data["model"]),
        None if clear_at is None else float(clear_at),
        float(data.get("lexical_value", LEXICAL_VALUE)),
        None if floor is None else float(floor),
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
    """Scores `off_topic` (and `language`) for a batch; the encoder runs only where needed."""

    names = (NAME, LANGUAGE)

    def __init__(
        self,
        encoder: Encoder,
        calibration: Calibration,
        *,
        idf: Idf | None = None,
        language: LanguageCheck | None = None,
        cache_size: int = ARTICLE_CACHE_SIZE,
        comment_tokens: int = MAX_TOKENS,
    ) -> None:
        self.encoder = encoder
        self.calibration = calibration
        self.idf = idf or load_idf()
        self.language = language or LanguageCheck()
        self.articles = PassageCache(encoder, size=cache_size)
        # Parent comments, split and embedded like articles; their own cache, so that a thread's
        # many parents never push its article out.
        self.parents = PassageCache(encoder, size=cache_size)
        self.comment_tokens = comment_tokens

    @property
    def model_versions(self) -> tuple[str, ...]:
        """The encoder whose similarities the calibration was fitted on."""
        return (self.encoder.name,)

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
        scores: list[Score | None] = [self.quick_score(sub) for sub in batch]
        pending = [i for i, score in enumerate(scores) if score is None]
        evidence = self.evidence([batch[i] for i in pending])
        for i, ev in zip(pending, evidence, strict=True):
            scores[i] = self.model_score(batch[i], ev)
        return [
            [_done(score), self.language.score(sub.text, name=LANGUAGE)]
            for sub, score in zip(batch, scores, strict=True)
        ]

    def quick_score(self, sub: Submission) -> Score | None:
        """The score when there is no context or shared words settle it; else None."""
        entry = self._entry(sub.article)
        has_parent = bool(sub.parent_text and sub.parent_text.strip())
        if (entry is None or not entry.passages) and not has_parent:
            reason = "no article or parent comment given: relevance not judged"
            return Score(NAME, NO_CONTEXT_VALUE, reason)
        clear_at = self.calibration.lexical_clear_at
        if clear_at is None:
            return None
        overlap = self._overlap(sub, entry)
        if overlap is None or overlap.weight < clear_at:
            return None
        return Score(NAME, self.calibration.lexical_value, _overlap_reason(overlap, entry))

    def _overlap(self, sub: Submission, entry: ArticleEntry | None) -> Overlap | None:
        """The article passage (or parent, last) sharing the most distinctive words."""
        contexts = list(entry.words) if entry is not None else []
        if sub.parent_text:
            contexts.append(words(sub.parent_text))
        return self.idf.best(words(sub.text), contexts)

    def evidence(self, batch: Sequence[Submission]) -> list[Evidence]:
        """Similarities of each comment to its article passages and its parent (the encoder)."""
        comments = self.encoder.embed([sub.text for sub in batch], max_tokens=self.comment_tokens)
        out = []
        for sub, vector in zip(batch, comments, strict=True):
            ev = self._article_evidence(sub.article, vector)
            if sub.parent_text and sub.parent_text.strip():
                # A reply may answer any part of a long parent: read whole, in passages of up to
                # 128 tokens rather than its first 64, SemEval answers under their question went
                # from 0.798 to 0.801 ROC-AUC (calibration refitted).
                parent = self.parents.vectors(self.parents.entry("", sub.parent_text)) @ vector
                ev = Evidence(ev.article, ev.passage, ev.position, float(np.max(parent)))
            out.append(ev)
        return out

    def _entry(self, article: ArticleContext | None) -> ArticleEntry | None:
        """The article's cached entry; stored passage vectors are used when the caller has them."""
        if article is None:
            return None
        vectors = article.passage_vectors
        if vectors is not None and len(article.passages) == len(vectors) > 0:
            stored = (article.passages, np.asarray(vectors))
            return self.articles.entry(article.title, article.body, stored)
        return self.articles.entry(article.title, article.body)

    def _article_evidence(self, article: ArticleContext | None, vector: np.ndarray) -> Evidence:
        """The closest passage of the article and its similarity."""
        entry = self._entry(article)
        if entry is None or not entry.passages:
            return Evidence()
        sims = self.articles.vectors(entry) @ vector
        best = int(np.argmax(sims))
        return Evidence(float(sims[best]), entry.passages[best], best)

    def model_score(self, sub: Submission, ev: Evidence) -> Score:
        """The calibrated probability and a reason naming the closest passage."""
        best = ev.best if ev.best is not None else 0.0
        value = self.calibration.probability(best, len(sub.text.split()))
        # A reply continues its thread only if it is not further from its parent than nearly
        # every real reply is from its own (the floor; the article may still make it on-topic).
        floor = self.calibration.short_reply_floor
        far = floor is not None and ev.parent is not None and ev.parent < floor
        rescue = on_topic_reason(sub, unrelated=far)
        if rescue is not None:
            return Score(NAME, min(value, RESCUE_CAP), f"{rescue}; {_closest(ev)}")
        if value >= self.calibration.hold_at:
            why = f"nothing in the article or the thread is close; {_closest(ev)}"
            return Score(NAME, value, why)
        # Evidence, not a verdict: the site's policy may hold below the calibration's line (a
        # learned policy does), and "on-topic" beside a hold for being off topic contradicts it.
        return Score(NAME, value, _closest(ev))


def _done(score: Score | None) -> Score:
    """A score every comment has by now (the encoder scored what the first looks left)."""
    if score is None:
        raise RuntimeError("a comment was left unscored")
    return score


def _overlap_reason(overlap: Overlap, entry: ArticleEntry | None) -> str:
    """Plain words naming the passage (or parent) and the distinctive words shared with it."""
    shared = ", ".join(overlap.shared)
    if entry is not None and overlap.index < len(entry.passages):
        passage = entry.passages[overlap.index]
        return (
            f"on-topic: shares {shared} with article passage {overlap.index + 1}: "
            f"\u201c{_quote(passage)}\u201d"
        )
    return f"on-topic: shares {shared} with the parent comment"


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
    *,
    model_dir: str | None = None,
    calibration_file: str | None = None,
    cache_size: int = ARTICLE_CACHE_SIZE,
    comment_tokens: int = COMMENT_TOKENS,
    lexical_first: bool = True,
    encoder_threads: int = 2,
) -> OffTopic:
    """Build the off_topic scorer: the shared encoder, the shipped calibration, a language check.

    `comment_tokens` caps how much of a comment (and its parent) the encoder reads.
    `lexical_first=False` sends every comment to the encoder (slower, for evaluation).
    `encoder_threads`: CPU threads of one encoder pass (CIVILITY_ENCODER_THREADS).
    """
    encoder = shared_encoder(Path(model_dir) if model_dir else None, encoder_threads)
    calibration = load_calibration(Path(calibration_file) if calibration_file else None)
    if calibration.model != encoder.name:
        # Similarities of another encoder sit elsewhere: the fitted line would mean nothing.
        raise ModelFileError(
            f"off_topic was calibrated on encoder {calibration.model}, not {encoder.name}: "
            "refit it with `python -m civility.ml.train_relevance`"
        )
    if not lexical_first:
        calibration = replace(calibration, lexical_clear_at=None, lexical_value=LEXICAL_VALUE)
    return OffTopic(
        encoder,
        calibration,
        idf=_shared_idf(),
        language=_shared_language_check(),
        cache_size=cache_size,
        comment_tokens=comment_tokens,
    )


@functools.lru_cache(maxsize=1)
def _shared_idf() -> Idf:
    """One word-frequency table per process."""
    return load_idf()


@functools.lru_cache(maxsize=1)
def _shared_language_check() -> LanguageCheck:
    """One language identifier per process: its model takes a moment to load."""
    return LanguageCheck()
