"""What every importer produces: an article and its comments, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class ImportFormatError(ValueError):
    """A file that cannot be imported as written; the message names the line."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class RecordError(ValueError):
    """One record (item, thread, post, comment) that cannot be imported; the caller names it."""


@dataclass(frozen=True, slots=True)
class ImportedComment:
    """One comment as read from a file, keyed so that a re-import finds it again."""

    external_key: str
    text: str
    author_name: str
    created_at: datetime
    line: int
    reply_to_name: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One article as read from a file, with its comments in the order written."""

    title: str
    body: str
    comments: tuple[ImportedComment, ...]
    outlet: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    declared_count: int | None = None
