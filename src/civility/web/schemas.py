"""Explicit request and response shapes. Responses never carry ORM objects, emails or IPs."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, field_validator

from civility import timestamps, unicode_text
from civility.store import articles, authors, erasure

MAX_ID = 2**31 - 1  # the largest id both databases store; bigger numbers name nothing
MAX_NAME_CHARS = 100
MAX_EMAIL_CHARS = 320
# Each checked with fullmatch: a pattern ending in "$" also passes a value ending in "\n".
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_KEY_RE = re.compile(r"[A-Za-z0-9_-]{8,100}")
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# No whitespace and no control characters (C0, DEL, C1): an address holds none of them.
_URL_RE = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]+")


# Characters a reader does not see: control (C0, DEL, C1) and format (zero-width, bidi).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})


def _visible(text: str) -> str:
    """The text without whitespace, control characters and invisible format characters."""
    return "".join(
        c for c in text if not c.isspace() and unicodedata.category(c) not in _INVISIBLE_CATEGORIES
    )


def check_storable(value: str, what: str) -> str:
    """Refuse what neither database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError(f"{what} contains a NUL character")
    if not unicode_text.is_encodable(value):
        raise ValueError(f"{what} is not valid Unicode text")
    return value


# A row id in a URL: out-of-range numbers get a clear 422 instead of reaching the database.
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


class CommentIn(BaseModel):
    """A new comment or reply. Length over the site's limit is refused with 413 by the route."""

    model_config = ConfigDict(extra="forbid")

    author_name: str = Field(description="Shown with the comment.")
    text: str = Field(description="Markdown subset; raw HTML is shown as text.")
    author_email: str | None = Field(None, description="For moderators only; never shown.")
    # Strict: a JSON true or "1" names no comment (lax mode read them as 1).
    parent_id: int | None = Field(
        None, ge=1, le=MAX_ID, strict=True, description="The comment this one replies to."
    )
    client_key: str | None = Field(
        None, description="Idempotency key: a repeated key stores nothing new."
    )

    @field_validator("author_name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        value = check_storable(value.strip(), "name")
        if not _visible(value):
            raise ValueError("name is empty")
        if len(value) > MAX_NAME_CHARS:
            raise ValueError(f"name is longer than {MAX_NAME_CHARS} characters")
        if erasure.is_placeholder(value):
            raise ValueError("name is the form given to erased authors; choose another")
        return value

    @field_validator("text")
    @classmethod
    def _check_text(cls, value: str) -> str:
        value = check_storable(value.strip(), "comment")
        if not _visible(value):
            raise ValueError("comment is empty")
        return value

    @field_validator("author_email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        # Folded before the length check: the folded address is what is stored.
        value = authors.fold_email(value)
        if value is None:
            return None
        if len(value) > MAX_EMAIL_CHARS or not _EMAIL_RE.fullmatch(check_storable(value, "email")):
            raise ValueError("email does not look like name@example.org")
        return value

    @field_validator("client_key")
    @classmethod
    def _check_key(cls, value: str | None) -> str | None:
        if value is not None and not _KEY_RE.fullmatch(value):
            raise ValueError("client_key must be 8-100 letters, digits, '-' or '_'")
        return value


class ReasonOut(BaseModel):
    """Why a comment waits or was refused, in plain words."""

    category: str
    words: str


class CommentOut(BaseModel):
    """A comment as readers see it; `reasons` and `pending_token` only for the author's own new
    comment."""

    id: int
    status: str
    author_name: str
    html: str
    created_at: datetime
    parent_id: int | None
    reply_to_name: str | None
    reasons: list[ReasonOut] = []
    pending_token: Annotated[
        str | None,
        Field(
            description="Held (202) answers only: send it back as `pending=ID.TOKEN` when listing "
            "the article's comments to see this one there, status held, while it waits."
        ),
    ] = None


class ArticleUpdateIn(BaseModel):
    """An article's content; a publisher replaces all of it at once."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    body: str = Field("", max_length=500_000)
    url: str | None = Field(None, max_length=2000, description="The article's public address.")
    outlet: str | None = Field(None, max_length=200)
    published_at: datetime | None = None
    # Strict, as every id and flag a client sends: "yes", 1 or "0" are no answer to "closed?".
    comments_closed: bool | None = Field(
        None,
        strict=True,
        description="true closes the article's comments, false opens them (also past "
        "CIVILITY_COMMENTS_CLOSE_AFTER_DAYS, for as long again); absent: left as they are.",
    )

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str) -> str:
        # min_length counted the spaces; what is stored is the stripped title.
        value = check_storable(value.strip(), "title")
        if not _visible(value):
            raise ValueError("title is empty")
        return value

    @field_validator("body", "outlet")
    @classmethod
    def _check_text(cls, value: str | None) -> str | None:
        return None if value is None else check_storable(value.strip(), "field")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is not None and not _URL_RE.fullmatch(check_storable(value, "url")):
            raise ValueError(
                "url must start with http:// or https:// and hold no spaces or control characters"
            )
        # Stored in its normal spelling (api.py): it must fit the column once escaped too.
        if value is not None and len(articles.normal_url(value)) > articles.URL_CHARS:
            raise ValueError(f"url is longer than {articles.URL_CHARS} characters once escaped")
        return value

    @field_validator("published_at")
    @classmethod
    def _check_published(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        # A date without an offset is UTC, as SQLite kept it, whatever PostgreSQL's time zone.
        stored = timestamps.storable(value)
        if stored is None:
            raise ValueError(f"published_at must fall in {timestamps.range_text()}")
        return stored


class ArticleIn(ArticleUpdateIn):
    """A new article; the slug is made from the title unless given."""

    slug: str | None = Field(None, max_length=200, description="lowercase-words-with-hyphens")

    @field_validator("slug")
    @classmethod
    def _check_slug(cls, value: str | None) -> str | None:
        if value is not None and not _SLUG_RE.fullmatch(value):
            raise ValueError("slug must be lowercase letters and digits joined by hyphens")
        return value


class ArticleOut(BaseModel):
    """An article with its number of published comments."""

    id: int
    slug: str
    url: str | None
    title: str
    body: str
    outlet: str | None
    published_at: datetime | None
    version: int
    comment_count: int
    comments_open: bool = Field(description="Whether readers may post comments now.")


class SpanOut(BaseModel):
    """A character range of the comment that drove a score."""

    start: int
    end: int
    weight: float


class ScoreOut(BaseModel):
    """One score behind the system's decision."""

    name: str
    value: float
    reason: str
    failed: bool
    spans: list[SpanOut]


class ModeratorReasonOut(BaseModel):
    """A reason as moderators see it: the scorer's own words."""

    category: str
    text: str
    score: str | None


class AuthorHistoryOut(BaseModel):
    """How the author's comments stand, this one included: their record at a glance."""

    published: int
    held: int
    rejected: int


class QueueItemOut(BaseModel):
    """A held or reported comment with everything a moderator needs to decide."""

    id: int
    status: str
    text: str
    created_at: datetime
    reports: int
    risk: float
    article_slug: str
    article_title: str
    author_id: int
    author_name: str
    author_trust: str
    author_can_be_trusted: bool = Field(
        description="Whether trust may be given: only to an author who gave an email."
    )
    parent_text: str | None = Field(None, description="The comment this one answers.")
    author_history: AuthorHistoryOut
    latest_review_id: int = Field(
        0,
        description="The latest moderator decision on it (0: none); send it back as "
        "expected_review so that a colleague's decision since is not overridden unseen.",
    )
    scores: list[ScoreOut]
    reasons: list[ModeratorReasonOut]


class DecisionIn(BaseModel):
    """A moderator's decision on one comment."""

    model_config = ConfigDict(extra="forbid")

    # "hold" returns the comment to the queue, undecided: Undo's action after deciding a held one.
    action: Literal["approve", "reject", "hold"]
    note: str | None = Field(None, max_length=1000)
    # The status the moderator saw: a comment that moved since is not decided over (409).
    expected_status: Literal["published", "held", "rejected"] | None = None
    # The latest_review_id the moderator saw: a colleague's decision since (even one that kept
    # the status, as approving a reported comment does) answers 409.
    expected_review: int | None = Field(None, ge=0, le=2**63 - 1, strict=True)
    # Undo: the decision undone (the latest); `action` must restore the status before it, and the
    # readers' reports it cleared come back (409 if it is not the latest, 422 for another action).
    undo: int | None = Field(None, ge=1, le=MAX_ID, strict=True)

    @field_validator("note")
    @classmethod
    def _check_note(cls, value: str | None) -> str | None:
        return None if value is None else check_storable(value, "note")


class LoginIn(BaseModel):
    """Moderator credentials for the API."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)

    @field_validator("username")
    @classmethod
    def _check_username(cls, value: str) -> str:
        # Looked up in the database, which cannot compare a NUL: refused before it gets there.
        return check_storable(value, "username")


class LoginOut(BaseModel):
    """Who is logged in, and the token to send as X-CSRF-Token on every POST."""

    username: str
    role: str
    csrf_token: str


class HeldOutcomeOut(BaseModel):
    """What moderators did with the comments the system held."""

    approved: int
    rejected: int
    waiting: int
    swept: int = Field(description="Rejected with their author's ban: no verdict on the text.")
    median_wait_s: float | None = Field(
        description="From a hold to a moderator's first decision on it."
    )


class RuleOutcomeOut(BaseModel):
    """One rule's holds and rejections, and what moderators made of them."""

    score: str = Field(description="The score behind the rule, or the reason's category.")
    category: str
    held: int
    held_approved: int
    held_rejected: int
    held_swept: int = Field(description="Rejected with their author's ban.")
    held_waiting: int
    approval_share: float | None = Field(description="Share of decided holds published.")
    holds_too_much: bool = Field(description="Moderators publish most of its holds.")
    rejected: int
    reinstated: int = Field(description="Rejected by the system, published by a moderator.")


class PolicyReportOut(BaseModel):
    """The system's decisions in a period and the moderators' answers to them."""

    since: datetime | None
    until: datetime
    comments: int
    system: dict[str, int] = Field(description="Comments per first automatic decision.")
    held: HeldOutcomeOut
    published_then_rejected: int
    rejected_then_published: int
    published_then_swept: int = Field(description="Rejected with their author's ban.")
    rules: list[RuleOutcomeOut]
    policy_versions: dict[str, int]
    model_versions: dict[str, int] = Field(
        description="Comments per set of trained models behind the scores ('unknown': decided "
        "before they were recorded)."
    )
