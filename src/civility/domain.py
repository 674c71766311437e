"""Plain types shared by the pipeline, the store and the web layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class CommentStatus(enum.StrEnum):
    """Where a comment stands: visible, waiting for a human, or refused."""

    PUBLISHED = "published"
    HELD = "held"
    REJECTED = "rejected"


class AuthorTrust(enum.StrEnum):
    """How the policy treats an author's comments before scoring decides."""

    NORMAL = "normal"
    TRUSTED = "trusted"
    BANNED = "banned"


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """The article a comment is written under, as the scorers see it."""

    title: str
    body: str = ""
    article_id: int | None = None
    passages: tuple[str, ...] = ()
    # Stored passage embeddings (a float32 matrix, one row per entry of `passages`), so the
    # relevance scorer need not embed the article again; None means "compute them".
    passage_vectors: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Submission:
    """One comment to score, with the context the scorers may use."""

    text: str
    author_name: str = ""
    article: ArticleContext | None = None
    parent_text: str | None = None
    # Texts the caller looked up so that scorers never touch the database:
    # the author's own recent comments and the site's recent comments.
    author_recent_texts: tuple[str, ...] = ()
    site_recent_texts: tuple[str, ...] = ()
    author_trust: AuthorTrust = AuthorTrust.NORMAL


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the comment text that drove a score."""

    start: int
    end: int
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Score:
    """One scorer's verdict: a value in [0, 1] and a reason a moderator can read."""

    name: str
    value: float
    reason: str
    spans: tuple[Span, ...] = ()
    failed: bool = False

    def __post_init__(self) -> None:
        if not 0.0 <= self.value <= 1.0:
            raise ValueError(f"score {self.name!r} = {self.value} is outside [0, 1]")


class ReasonCategory(enum.StrEnum):
    """Plain-words categories of a decision, shown to authors and in the FAQ."""

    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    SPAM = "spam"
    FORMAT = "format"
    BANNED_WORDS = "banned_words"
    AUTHOR = "author"
    REVIEW = "review"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision was taken: the rule, its category and the score behind it."""

    category: ReasonCategory
    text: str
    score_name: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of the policy for one comment, with every score behind it."""

    status: CommentStatus
    reasons: tuple[Reason, ...]
    scores: tuple[Score, ...]
    policy_version: str
    risk: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewedHold:
    """A comment the system held, every score behind that hold, and the moderator's answer."""

    scores: tuple[Score, ...]
    rejected: bool  # the moderator's latest decision: True rejected, False published
    held_at: datetime  # when the system held it; orders older decisions before newer ones


@dataclass(frozen=True, slots=True)
class MissedComment:
    """A comment the system published with one score just below its rule's hold line, and
    whether a moderator rejected it afterwards (most often after a reader reported it)."""

    comment_id: int
    score: str
    value: float
    rejected: bool  # the latest moderator decision on it was to reject
    published_at: datetime
