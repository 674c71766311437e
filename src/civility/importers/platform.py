"""Storing another platform's threads and comments: shared by the Disqus and WordPress importers.

Every comment goes through the engine (scored, decision recorded) and keeps its old status
unless re-moderation is asked for. Keys are per source comment, so a second import of the
same file adds nothing. A reply whose parent comes later in the file is linked at the end,
unless the link would close a loop (a reply to itself or to one of its own replies).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from civility.commenting import Engine, ImportedComment, NewComment, import_comments
from civility.domain import CommentStatus
from civility.importers.records import RecordError
from civility.store import articles, authors, comments
from civility.store.models import Comment

# Column sizes (store/models.py): longer values would fail on PostgreSQL mid-import.
MAX_NAME = 100
MAX_TITLE = 500
MAX_URL = 2000
MAX_EMAIL = 320
MAX_KEY = 200
BATCH = 64


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
    loops_broken: int = 0
    emails_dropped: int = 0
    statuses: Counter[CommentStatus] = field(default_factory=Counter)

    def describe(self) -> str:
        """'2 articles (1 new), 10 comments imported (8 published, 2 rejected), ...'."""
        statuses = ", ".join(f"{n} {s.value}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.articles_created + self.articles_found} articles "
            f"({self.articles_created} new), {self.created} comments imported"
            f"{f' ({statuses})' if statuses else ''}, {self.existing} already there, "
            f"{self.skipped} skipped{self._repairs()}"
        )

    def _repairs(self) -> str:
        """What was changed on the way in, named only when it happened."""
        notes = []
        if self.loops_broken:
            notes.append(f"{self.loops_broken} looping replies made top-level")
        if self.emails_dropped:
            notes.append(f"{self.emails_dropped} emails over {MAX_EMAIL} characters dropped")
        return "".join(f", {note}" for note in notes)


class PlatformLoader:
    """Adds articles and comments inside the caller's transaction."""

    def __init__(self, session: Session, engine: Engine, *, remoderate: bool) -> None:
        self.session = session
        self.engine = engine
        self.remoderate = remoderate
        self.stats = ImportStats()
        self._orphans: list[tuple[int, str]] = []
        self._queue: list[tuple[ImportedComment, str | None, bool]] = []
        self._queued_keys: set[str] = set()

    def article(
        self, *, url: str, title: str, body: str, published_at: datetime | None, now: datetime
    ) -> int:
        """The id of the article at `url`, created the first time it is seen."""
        title = " ".join(title.split())[:MAX_TITLE] or url[:MAX_TITLE]
        # get_or_add, not a look then add: another import (or the embed widget) may store
        # this URL meanwhile, and its article is then this thread's too.
        article, created = articles.get_or_add(
            self.session, url=url, title=title, body=body, published_at=published_at, now=now
        )
        if created:
            self.stats.articles_created += 1
        else:
            self.stats.articles_found += 1
        return article.id

    def comment(self, article_id: int, item: SourceComment) -> None:
        """Queue one comment; queued comments are scored together (one pipeline call)."""
        if len(item.key) > MAX_KEY:
            # Cutting the key could make two comments share it (the second then counts as
            # already imported): refuse the record instead.
            raise RecordError(
                f"its id is too long ({len(item.key)} characters with its prefix; "
                f"the limit is {MAX_KEY})"
            )
        waiting = self._queued_keys
        if item.parent_key in waiting or item.key in waiting or len(self._queue) >= BATCH:
            self.flush()  # a reply's parent (or a repeated key) must be stored first
        parent = None
        if item.parent_key:
            parent = comments.get_by_external_key(self.session, item.parent_key)
        email, email_dropped = _email(item.author_email)
        new = NewComment(
            article_id=article_id,
            author_name=" ".join(item.author_name.split())[:MAX_NAME] or "Anonymous",
            author_email=email,
            text=item.text,
            parent_id=parent.id if parent is not None and parent.article_id == article_id else None,
            external_key=item.key,
        )
        status = None if self.remoderate else item.status
        imported = ImportedComment(new, item.created_at, status)
        self._queue.append((imported, item.parent_key, email_dropped))
        self._queued_keys.add(item.key)

    def flush(self) -> None:
        """Score and store the queued comments."""
        if not self._queue:
            return
        batch = [imported for imported, _, _ in self._queue]
        stored = import_comments(self.session, self.engine, batch)
        for (comment, decision), (imported, parent_key, email_dropped) in zip(
            stored, self._queue, strict=True
        ):
            if decision is None:
                self.stats.existing += 1
                continue
            self.stats.created += 1
            self.stats.statuses[comment.status] += 1
            self.stats.emails_dropped += email_dropped
            if parent_key and imported.new.parent_id is None:
                self._orphans.append((comment.id, parent_key))
        self._queue.clear()
        self._queued_keys.clear()
        # Stored rows are not needed again: keep the session's memory flat.
        self.session.expunge_all()

    def finish(self) -> ImportStats:
        """Store what is queued, link replies whose parent came later; return the counts."""
        self.flush()
        for comment_id, parent_key in self._orphans:
            self._link(comment_id, parent_key)
        self.session.flush()
        return self.stats

    def _link(self, comment_id: int, parent_key: str) -> None:
        """Attach a reply to its later parent, unless the parent is the reply or one of its own."""
        child = comments.get(self.session, comment_id)
        parent = comments.get_by_external_key(self.session, parent_key)
        if child is None or parent is None or parent.article_id != child.article_id:
            return
        if self._within(parent, child.id):
            # Threads are shown from their top-level comments down: a loop has none, so its
            # comments would be counted but never shown. Top-level keeps them readable.
            self.stats.loops_broken += 1
            return
        child.parent_id = parent.id

    def _within(self, comment: Comment, ancestor_id: int) -> bool:
        """Whether `comment` is `ancestor_id` or descends from it, walking up its ancestors."""
        seen: set[int] = set()
        current: int | None = comment.id
        while current is not None and current not in seen:  # `seen`: a loop stored earlier
            if current == ancestor_id:
                return True
            seen.add(current)
            node = comments.get(self.session, current)
            current = node.parent_id if node is not None else None
        return False


def _email(email: str | None) -> tuple[str | None, bool]:
    """The author's email and whether one was dropped for being longer than the column.

    No real address is that long (RFC 5321: 64 for the name, 255 for the domain); a cut one
    would be somebody else's, and an email earns its author trust: the comment goes without it.
    """
    email = authors.fold_email(email)  # folded first: the folded address is what is stored
    if email and len(email) > MAX_EMAIL:
        return None, True
    return email, False
