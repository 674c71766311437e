"""Repository functions for articles."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from civility.domain import CommentStatus
from civility.store.db import take_sqlite_write_lock
from civility.store.models import Article, Comment

# The width of the column that holds slugs (store/models.py: String(200)).
SLUG_CHARS = 200
# How many times a caller tries to add an article whose URL or slug a concurrent add took
# between its look and its insert: each look sees the other's commit, so one more try ends it.
ADD_TRIES = 5


class UrlTaken(Exception):
    """Another article already has this URL (the URL is unique)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"another article already has url {url}")
        self.url = url


def slugify(title: str, *, max_length: int = 80) -> str:
    """A URL-safe slug from a title: ASCII words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:max_length].strip("-") or "article"


def add(
    session: Session,
    *,
    title: str,
    body: str,
    now: datetime,
    slug: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published_at: datetime | None = None,
    comments_closed: bool | None = None,
) -> Article:
    """Create an article; the slug defaults to one made from the title, kept unique.

    `comments_closed` closes its comments from the start (a court case, a death).
    """
    article = Article(
        slug=unique_slug(session, slug or slugify(title)),
        url=url,
        title=title,
        body=body,
        outlet=outlet,
        published_at=_in_utc(published_at),
        created_at=now,
        updated_at=now,
        version=1,
        comments_closed_at=now if comments_closed else None,
    )
    session.add(article)
    session.flush()
    return article


def get_or_add(
    session: Session,
    *,
    url: str,
    title: str,
    body: str,
    now: datetime,
    outlet: str | None = None,
    published_at: datetime | None = None,
) -> tuple[Article, bool]:
    """The article at `url`, added as `add` would if absent; and whether this call added it.

    Another transaction may add the URL, or take the slug picked, between the look and the
    insert. The insert then stores nothing and the next look finds that article or picks the
    next slug; the caller's transaction goes on, its earlier writes kept. Not IntegrityError in
    a savepoint: on SQLite a savepoint opened before the transaction's first write is the
    transaction, committed by its own release (store/passages.py, authors.get_or_create).
    """
    for _ in range(ADD_TRIES - 1):
        if (found := get_by_url(session, url)) is not None:
            return found, False
        added = _insert_unless_taken(
            session,
            url=url,
            title=title,
            body=body,
            now=now,
            outlet=outlet,
            published_at=published_at,
        )
        if added is not None:
            return session.get_one(Article, added), True
        # Taken meanwhile: the URL (the next look finds its article) or the slug (the next
        # look picks another).
    if (found := get_by_url(session, url)) is not None:
        return found, False
    # Races past every try: the last insert is `add`'s, whose refusal the caller gets.
    article = add(
        session,
        title=title,
        body=body,
        now=now,
        url=url,
        outlet=outlet,
        published_at=published_at,
    )
    return article, True


def _insert_unless_taken(
    session: Session,
    *,
    url: str,
    title: str,
    body: str,
    now: datetime,
    outlet: str | None,
    published_at: datetime | None,
) -> int | None:
    """The new article's id; None when its URL or slug is stored already (nothing written).

    ON CONFLICT DO NOTHING, unlike a refused insert, leaves a PostgreSQL transaction usable;
    where the conflicting row is not yet committed, it waits for that transaction first.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "slug": unique_slug(session, slugify(title)),
        "url": url,
        "title": title,
        "body": body,
        "outlet": outlet,
        "published_at": _in_utc(published_at),
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    added = insert(Article).values(**values).on_conflict_do_nothing().returning(Article.id)
    return session.scalar(added)


def unique_slug(session: Session, base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free, each within the column's width."""
    candidate, n = base[:SLUG_CHARS], 1
    while session.scalar(select(Article.id).where(Article.slug == candidate)) is not None:
        n += 1
        suffix = f"-{n}"
        # The base gives way to the suffix; PostgreSQL refuses a slug wider than the column.
        candidate = base[: SLUG_CHARS - len(suffix)].rstrip("-") + suffix
    return candidate


def _in_utc(moment: datetime | None) -> datetime | None:
    """The moment in UTC; a naive one is taken as UTC already.

    SQLite keeps a datetime's wall time and drops its offset: converted first, both databases
    store the same instant.
    """
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def update(
    session: Session, article: Article, *, title: str, body: str, now: datetime, **fields: object
) -> Article:
    """Change an article; a new title or body bumps its version (stale embeddings).

    Raises UrlTaken when the URL given is another article's, also one that a concurrent
    write commits between this look and this write (PostgreSQL: SQLite's write lock, taken
    here, keeps other writers out). The article is left unchanged and the caller's transaction
    usable; the caller rolls it back to leave nothing half-written.
    """
    article_id, url = article.id, fields.get("url")
    # Written first: on SQLite a savepoint that opened the transaction would be committed by
    # its own release (store/passages.py).
    take_sqlite_write_lock(session, Article.version, Article.slug == article.slug)
    if isinstance(url, str) and _is_taken(session, url, other_than=article_id):
        raise UrlTaken(url)
    try:
        # PostgreSQL aborts a whole transaction at a refused write, but not past a savepoint.
        with session.begin_nested():
            if (title, body) != (article.title, article.body):
                article.version += 1
            article.title, article.body, article.updated_at = title, body, now
            for name, value in fields.items():
                setattr(article, name, _in_utc(value) if isinstance(value, datetime) else value)
            session.flush()
    except IntegrityError:
        if isinstance(url, str) and _is_taken(session, url, other_than=article_id):
            raise UrlTaken(url) from None
        raise
    return article


def _is_taken(session: Session, url: str, *, other_than: int) -> bool:
    """Whether an article other than this one has the URL."""
    if not _storable(url):
        return False
    found = session.scalar(select(Article.id).where(Article.url == url, Article.id != other_than))
    return found is not None


def get(session: Session, article_id: int) -> Article | None:
    """The article with this id, if any."""
    return session.get(Article, article_id)


def get_by_slug(session: Session, slug: str, *, for_update: bool = False) -> Article | None:
    """The article with this slug, if any; `for_update` locks it until the transaction ends.

    An edit reads the article for update: another edit waits for this one's commit and then
    reads it, so its version bump counts from the committed version, not a stale one.
    """
    if not _storable(slug):
        return None
    query = select(Article).where(Article.slug == slug)
    if for_update:
        take_sqlite_write_lock(session, Article.version, Article.slug == slug)
        # FOR NO KEY UPDATE: edits wait, comments referencing the article (FOR KEY SHARE) don't.
        query = query.with_for_update(key_share=True).execution_options(populate_existing=True)
    return session.scalar(query)


def get_by_url(session: Session, url: str) -> Article | None:
    """The article published at this URL, if any."""
    if not _storable(url):
        return None
    return session.scalar(select(Article).where(Article.url == url))


def find_by_url(session: Session, url: str | None) -> Article | None:
    """The article at this URL, ignoring a query, a fragment or a trailing slash; the URL as
    given first (sites that name articles by their query keep them apart)."""
    if not url:
        return None
    for candidate in url_spellings(url):
        if (article := get_by_url(session, candidate)) is not None:
            return article
    return None


def url_spellings(url: str) -> dict[str, None]:
    """The URL as sent, then bare of query and fragment, with and without a trailing slash."""
    try:
        parts = urlsplit(url)
    except ValueError:
        # Not a URL urlsplit reads (an unclosed IPv6 '['): only an exact match can be meant.
        return {url: None}
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return dict.fromkeys((url, bare, bare.rstrip("/"), bare.rstrip("/") + "/"))


def _storable(value: str) -> bool:
    """Whether both databases can hold the text: no NUL, no lone surrogate.

    No stored slug or URL holds one, and PostgreSQL refuses to even compare them (a 500 where
    SQLite found nothing): a value from a URL path or query is "not found" on both.
    """
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def list_recent(session: Session, *, limit: int = 50) -> list[tuple[Article, int]]:
    """Newest articles first, each with its number of published comments."""
    published = (
        select(Comment.article_id, func.count(Comment.id).label("n"))
        .where(Comment.status == CommentStatus.PUBLISHED)
        .group_by(Comment.article_id)
        .subquery()
    )
    rows = session.execute(
        select(Article, func.coalesce(published.c.n, 0))
        .outerjoin(published, published.c.article_id == Article.id)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return [(article, int(n)) for article, n in rows]


def list_all(session: Session) -> list[Article]:
    """Every article, newest first, without its body (a site may hold thousands)."""
    query = select(Article).options(defer(Article.body))
    return list(session.scalars(query.order_by(Article.created_at.desc(), Article.id.desc())))


def comments_open(article: Article, *, close_after_days: int | None, now: datetime) -> bool:
    """Whether readers may comment on the article at `now`: the one rule every form obeys.

    Closed by hand, it is closed. Otherwise CIVILITY_COMMENTS_CLOSE_AFTER_DAYS (None: never)
    closes it that many days after its publication (its creation when undated), or after its
    latest reopening by hand when that is later.
    """
    if article.comments_closed_at is not None:
        return False
    if close_after_days is None:
        return True
    start = article.published_at or article.created_at
    if article.comments_reopened_at is not None:
        start = max(start, article.comments_reopened_at)
    return now < start + timedelta(days=close_after_days)


def close_comments(session: Session, article: Article, *, now: datetime) -> bool:
    """Close the article's comments by hand; False when they were closed by hand already.

    Also on an article the age rule has closed: it stays closed if the setting changes.
    """
    if article.comments_closed_at is not None:
        return False
    article.comments_closed_at = now
    session.flush()
    return True


def open_comments(
    session: Session,
    article: Article,
    *,
    close_after_days: int | None,
    now: datetime,
    past_age_rule: bool = True,
) -> bool:
    """Open the article's comments; False when nothing changed.

    Clears a close by hand; where the age rule has closed the article, the rule then counts
    from now, so its comments stay open for as many days again. Without `past_age_rule`, only
    a close by hand is cleared: what a CMS sending "not closed" with every save asks for.
    """
    if comments_open(article, close_after_days=close_after_days, now=now):
        return False
    if not past_age_rule:
        if article.comments_closed_at is None:
            return False
        article.comments_closed_at = None
        session.flush()
        return True
    article.comments_closed_at = None
    if not comments_open(article, close_after_days=close_after_days, now=now):
        article.comments_reopened_at = now
    session.flush()
    return True
