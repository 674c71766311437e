"""Storing another platform's threads and comments: shared by the Disqus and WordPress importers.

Every comment goes through the engine (scored, decision recorded) and keeps its old status
unless re-moderation is asked for. Keys are per source comment, so a second import of the
same file adds nothing. A reply whose parent comes later in the file is linked at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from civility.commenting import Engine, NewComment, import_comment
from civility.domain import CommentStatus
from civility.store import articles, comments

MAX_NAME = 100
MAX_TITLE = 500
MAX_URL = 2000


@dataclass(frozen=True)
class SourceComment:
    """One comment as the old platform exported it."""

    key: str
    text: str
    author_name: str
    created_at: datetime
    status: CommentStatus
    author_email: str | None = None
    parent_key: str | None = None


@dataclass
class ImportStats:
    """What an import did, for the closing line a person reads."""

    articles_created: int = 0
    articles_found: int = 0
    created: int = 0
    existing: int = 0
    skipped: int = 0
    statuses: Counter[CommentStatus] = field(default_factory=Counter)

    def describe(self) -> str:
        """'2 articles (1 new), 10 comments imported (8 published, 2 rejected), ...'."""
        statuses = ", ".join(f"{n} {s.value}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.articles_created + self.articles_found} articles "
            f"({self.articles_created} new), {self.created} comments imported"
            f"{f' ({statuses})' if statuses else ''}, {self.existing} already there, "
            f"{self.skipped} skipped"
        )


class PlatformLoader:
    """Adds articles and comments inside the caller's transaction."""

    def __init__(self, session: Session, engine: Engine, *, remoderate: bool) -> None:
        self.session = session
        self.engine = engine
        self.remoderate = remoderate
        self.stats = ImportStats()
        self._orphans: list[tuple[int, str]] = []

    def article(
        self, *, url: str, title: str, body: str, published_at: datetime | None, now: datetime
    ) -> int:
        """The id of the article at `url`, created the first time it is seen."""
        found = articles.get_by_url(self.session, url)
        if found is not None:
            self.stats.articles_found += 1
            return found.id
        self.stats.articles_created += 1
        title = " ".join(title.split())[:MAX_TITLE] or url[:MAX_TITLE]
        created = articles.add(
            self.session, title=title, body=body, url=url, published_at=published_at, now=now
        )
        return created.id

    def comment(self, article_id: int, item: SourceComment) -> None:
        """Score and store one comment under its article, replying to its parent if known."""
        parent = (
            comments.get_by_external_key(self.session, item.parent_key) if item.parent_key else None
        )
        new = NewComment(
            article_id=article_id,
            author_name=" ".join(item.author_name.split())[:MAX_NAME] or "Anonymous",
            author_email=item.author_email or None,
            text=item.text,
            parent_id=parent.id if parent is not None and parent.article_id == article_id else None,
            external_key=item.key,
        )
        status = None if self.remoderate else item.status
        comment, decision = import_comment(
            self.session, self.engine, new, status=status, now=item.created_at
        )
        if decision is None:
            self.stats.existing += 1
            return
        self.stats.created += 1
        self.stats.statuses[comment.status] += 1
        if item.parent_key and parent is None:
            self._orphans.append((comment.id, item.parent_key))
        # Loaded comments are not needed again: keep the session's memory flat.
        self.session.expunge(comment)

    def finish(self) -> ImportStats:
        """Link replies whose parent came later in the file; return the counts."""
        for comment_id, parent_key in self._orphans:
            child = comments.get(self.session, comment_id)
            parent = comments.get_by_external_key(self.session, parent_key)
            if child is not None and parent is not None and parent.article_id == child.article_id:
                child.parent_id = parent.id
        self.session.flush()
        return self.stats
