"""Storing another platform's threads and comments: shared by the Disqus and WordPress importers.

Every comment goes through the engine (scored, decision recorded) and keeps its old status
unless re-moderation is asked for. Keys are per source comment, so a second import of the
same file adds nothing; a key already stored for a comment on another article is refused,
naming the record, rather than counted as already there. A reply whose parent comes later in
the file is linked at the end, unless the link would close a loop (a reply to itself or to one
of its own replies). A site at the root of its host whose host-only key an older import gave a
sub-directory site's comment of the same host takes its `root_key` instead (see `_stored`). An
author name of the form erased authors get ("[erased 2]") is imported
as "Anonymous": it would otherwise join the erased author's row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from civility.commenting import Engine, ImportedComment, NewComment, import_comments
from civility.domain import CommentStatus
from civility.importers.records import RecordError
from civility.store import articles, authors, comments, erasure
from civility.store.models import Article, Comment

# Column sizes (store/models.py): longer values would fail on PostgreSQL mid-import.
MAX_NAME = 100
MAX_TITLE = 500
MAX_URL = 2000
MAX_EMAIL = 320
MAX_KEY = 200
BATCH = 64
ANONYMOUS = "Anonymous"  # the name of a comment exported without one


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
    # The keys an earlier version stored the comment and its parent under, if they differ:
    # recognised only on the comment's own article, as another record may hold them elsewhere.
    legacy_key: str | None = None
    legacy_parent_key: str | None = None
    # For a site at the root of its host (WordPress): the key the comment and its parent take
    # when their own key is held by an older import's comment of a sub-directory site of the
    # same host, which that version keyed by host alone too (see PlatformLoader._stored).
    root_key: str | None = None
    root_parent_key: str | None = None

    @property
    def parent_keys(self) -> tuple[str, ...]:
        """The keys the parent may be stored under, in the order they are looked up."""
        keys = (self.parent_key, self.legacy_parent_key, self.root_parent_key)
        return tuple(key for key in keys if key)


@dataclass(frozen=True)
class _Queued:
    """A comment waiting for the batch to be scored, with what the closing line counts."""

    imported: ImportedComment
    parent_keys: tuple[str, ...]
    email_dropped: bool
    renamed: bool


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
    placeholders_renamed: int = 0
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
        if self.placeholders_renamed:
            notes.append(
                f"{self.placeholders_renamed} author names of the erased-author form "
                f"('[erased N]') imported as {ANONYMOUS}"
            )
        return "".join(f", {note}" for note in notes)


class PlatformLoader:
    """Adds articles and comments inside the caller's transaction."""

    def __init__(self, session: Session, engine: Engine, *, remoderate: bool) -> None:
        self.session = session
        self.engine = engine
        self.remoderate = remoderate
        self.stats = ImportStats()
        self._orphans: list[tuple[int, tuple[str, ...]]] = []
        self._queue: list[_Queued] = []
        self._queued_keys: set[str] = set()
        # The articles of this import's file, by id, with their URLs.
        self._article_urls: dict[int, str] = {}

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
        self._article_urls[article.id] = url
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
        keys = {item.key, item.root_key, *item.parent_keys} - {None}
        if not waiting.isdisjoint(keys) or len(self._queue) >= BATCH:
            self.flush()  # a reply's parent (or a repeated key) must be stored first
        stored, key = self._stored(article_id, item)
        if stored is not None:
            self.stats.existing += 1
            return
        if len(key) > MAX_KEY:
            raise RecordError(
                f"its id is too long ({len(key)} characters with its prefix; "
                f"the limit is {MAX_KEY})"
            )
        parent = self._parent(article_id, item.parent_keys)
        email, email_dropped = _email(item.author_email)
        name = " ".join(item.author_name.split())[:MAX_NAME]
        renamed = erasure.is_placeholder(name)
        new = NewComment(
            article_id=article_id,
            author_name=ANONYMOUS if renamed or not name else name,
            author_email=email,
            text=item.text,
            parent_id=parent.id if parent is not None else None,
            external_key=key,
        )
        status = None if self.remoderate else item.status
        imported = ImportedComment(new, item.created_at, status)
        self._queue.append(_Queued(imported, item.parent_keys, email_dropped, renamed))
        self._queued_keys.add(key)

    def _stored(self, article_id: int, item: SourceComment) -> tuple[Comment | None, str]:
        """The comment an earlier import stored for `item`, if any, and the key to store it under.

        Under its key on another article, it is another record's comment (or one moved to
        another post since): refused, as counting it as already there would drop this one.
        Under its legacy key on another article, it is another site's (see SourceComment).

        One exception: a root site's key ("wordpress:<host>:<id>") is the key older versions
        gave a sub-directory site's comments too. Held on another article, it is that site's
        comment when the article is none of this file's so far, lies on the same host below its
        root,
        and the comment is not this one (a comment moved between two posts keeps its text and
        time; two sites' comments of one id differ in one at least). The comment then takes
        `root_key`, under which a later import of the same file finds it again (the rule gives
        the same answer), so importing it again adds nothing.
        """
        stored = comments.get_by_external_key(self.session, item.key)
        if stored is not None and stored.article_id != article_id:
            other = articles.get(self.session, stored.article_id)
            if item.root_key and self._older_subdirectory_site(article_id, item, stored, other):
                return self._stored_under_root_key(article_id, item), item.root_key
            where = (other.url or other.slug) if other is not None else stored.article_id
            raise RecordError(
                f"its key {item.key!r} is already stored for a comment on another article "
                f"({where}); two comments of the export share an id, or it moved to another post"
            )
        if stored is None and item.legacy_key:
            legacy = comments.get_by_external_key(self.session, item.legacy_key)
            stored = legacy if legacy is not None and legacy.article_id == article_id else None
        return stored, item.key

    def _older_subdirectory_site(
        self, article_id: int, item: SourceComment, stored: Comment, other: Article | None
    ) -> bool:
        """Whether `stored`, holding `item`'s key on the article `other`, is an older import's
        comment of a sub-directory site of the host (the rule in `_stored`)."""
        if other is None or other.url is None or other.id in self._article_urls:
            return False
        here, there = urlsplit(self._article_urls.get(article_id, "")), urlsplit(other.url)
        same_host = bool(here.netloc) and here.netloc.lower() == there.netloc.lower()
        below_root = there.path.strip("/") != ""
        same_comment = stored.text == item.text and stored.created_at == item.created_at
        return same_host and below_root and not same_comment

    def _stored_under_root_key(self, article_id: int, item: SourceComment) -> Comment | None:
        """The comment stored under `item.root_key` on this article; refused on another."""
        assert item.root_key is not None
        stored = comments.get_by_external_key(self.session, item.root_key)
        if stored is not None and stored.article_id != article_id:
            other = articles.get(self.session, stored.article_id)
            where = (other.url or other.slug) if other is not None else stored.article_id
            raise RecordError(
                f"its key {item.root_key!r} is already stored for a comment on another article "
                f"({where}); two comments of the export share an id, or it moved to another post"
            )
        return stored

    def _parent(self, article_id: int, keys: tuple[str, ...]) -> Comment | None:
        """The stored comment a reply answers, on the reply's article, by any of its keys."""
        for key in keys:
            found = comments.get_by_external_key(self.session, key)
            if found is not None and found.article_id == article_id:
                return found
        return None

    def flush(self) -> None:
        """Score and store the queued comments."""
        if not self._queue:
            return
        batch = [queued.imported for queued in self._queue]
        stored = import_comments(self.session, self.engine, batch)
        for (comment, decision), queued in zip(stored, self._queue, strict=True):
            if decision is None:
                self.stats.existing += 1  # stored by another import since `_stored` looked
                continue
            self.stats.created += 1
            self.stats.statuses[comment.status] += 1
            self.stats.emails_dropped += queued.email_dropped
            self.stats.placeholders_renamed += queued.renamed
            if queued.parent_keys and queued.imported.new.parent_id is None:
                self._orphans.append((comment.id, queued.parent_keys))
        self._queue.clear()
        self._queued_keys.clear()
        # Stored rows are not needed again: keep the session's memory flat.
        self.session.expunge_all()

    def finish(self) -> ImportStats:
        """Store what is queued, link replies whose parent came later; return the counts."""
        self.flush()
        for comment_id, parent_keys in self._orphans:
            self._link(comment_id, parent_keys)
        self.session.flush()
        return self.stats

    def _link(self, comment_id: int, parent_keys: tuple[str, ...]) -> None:
        """Attach a reply to its later parent, unless the parent is the reply or one of its own."""
        child = comments.get(self.session, comment_id)
        if child is None:
            return
        parent = self._parent(child.article_id, parent_keys)
        if parent is None:
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
