"""Repository functions for articles."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import idna
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from civility.domain import CommentStatus
from civility.store.db import take_sqlite_write_lock
from civility.store.models import Article, Comment

# The width of the column that holds slugs (store/models.py: String(200)).
SLUG_CHARS = 200
# The width of the column that holds URLs (store/models.py: String(2000)).
URL_CHARS = 2000
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


def lock_for_comment(session: Session, article: Article) -> Article:
    """The article read again, locked until the transaction ends, to store a comment under.

    FOR SHARE: comments stored at once share it, a close or an edit (`get_by_slug` for update)
    waits for their commits, and they wait for its commit, then read it. On SQLite, the
    database's write lock: other writers wait, and the read sees the latest commit.
    """
    take_sqlite_write_lock(session, Article.version, Article.id == article.id)
    query = select(Article).where(Article.id == article.id).with_for_update(read=True)
    return session.scalars(query.execution_options(populate_existing=True)).one()


def get_by_url(session: Session, url: str) -> Article | None:
    """The article published at this URL, if any."""
    if not _storable(url):
        return None
    return session.scalar(select(Article).where(Article.url == url))


def find_by_url(session: Session, url: str | None) -> Article | None:
    """The article at this URL or another spelling of it (url_spellings): the URL with its
    query first (sites that name articles by their query keep them apart), then without.

    Never the reverse: a URL without a query is not an article stored with one (a WordPress
    home page is not its post '/?p=12'). A shared link's tracking parameters are no query of
    the article's: normal_url drops them before it is stored or looked up.
    """
    if not url:
        return None
    spellings = [spelling for spelling in url_spellings(url) if _storable(spelling)]
    if spellings:  # one query for all, the first spelling in order found
        stored = {
            a.url: a for a in session.scalars(select(Article).where(Article.url.in_(spellings)))
        }
        return next((stored[s] for s in spellings if s in stored), None)
    return None


def url_spellings(url: str) -> dict[str, None]:
    """The spellings an article at `url` may be stored under, in the order to look for them.

    Its normal form (normal_url: what the widget stores) and the URL as sent (rows stored
    before URLs were normalised hold what was sent); each with its query, then bare of query
    and fragment, without and with a trailing slash.
    """
    given = dict.fromkeys((normal_url(url), url))
    bare = dict.fromkeys(_bare(spelling) for spelling in given)
    slashes = (variant for b in bare for variant in (b, b.rstrip("/"), b.rstrip("/") + "/"))
    return dict.fromkeys((*given, *slashes))


def _bare(url: str) -> str:
    """The URL without its query and fragment (itself when urlsplit cannot read it)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        # Not a URL urlsplit reads (an unclosed IPv6 '['): only an exact match can be meant.
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# RFC 3986 §2.3: escapes of these name the character itself (%7E is ~), §6.2.2.2.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# What may stand unescaped in a path or query besides unreserved characters and escapes:
# sub-delims, ':' and '@' (§3.3), and '/' and '?' (§3.4). Anything else is escaped as UTF-8.
_KEPT = frozenset("!$&'()*+,;=:@/?")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_ESCAPE_SPLIT = re.compile(r"(%[0-9A-Fa-f]{2})")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Query parameters that say where a reader came from, never which article: a link shared with
# them is the article without them (and the plain URL later finds it, not a second copy).
_TRACKING = re.compile(r"utm_\w*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga", re.I)


def normal_url(url: str) -> str:
    """The one spelling an http(s) article URL is stored and looked up under.

    'HTTPS://News.Example:443//a/./b;jsessionid=1/%63ourt?q=%7e#top' ->
    'https://news.example/a/b/court?q=~'. Scheme and host lowercased, the default port
    dropped, escapes of unreserved characters decoded and the others uppercased (characters a
    URI cannot hold escaped), the fragment dropped (the browser's, never sent to the site); in
    the path, repeated slashes collapsed, '.' and '..' segments resolved and path parameters
    (';...' in a segment) dropped. The query and a trailing slash stay: find_by_url tries the
    URL without them. Anything but an http(s) URL with a host is returned as given.
    """
    if not _storable(url):
        return url  # no article is stored at it, nor will be (a NUL, a lone surrogate)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":")
    if not colon or not (port.isdigit() or port == "") or "]" in port:
        host, port = hostport, ""  # no port (an IPv6 host's colons are inside its brackets)
    elif port:
        port = str(int(port))
    if port == _DEFAULT_PORTS[scheme]:
        port = ""
    netloc = f"{userinfo}{at}{_normal_host(host)}{':' if port else ''}{port}"
    path = _normal_path(_normal_escapes(parts.path))
    query = "&".join(
        pair
        for pair in _normal_escapes(parts.query).split("&")
        # A pair holding ';' may be several (some sites separate with it): kept whole.
        if pair and (";" in pair or not _TRACKING.fullmatch(pair.partition("=")[0]))
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _normal_host(host: str) -> str:
    """The host lowercased, an international name in its ASCII (IDNA) form as browsers send
    it: 'bücher.de' and 'xn--bcher-kva.de' are one site. Left lowercased if it is no name."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host


def _normal_escapes(text: str) -> str:
    """Escapes of unreserved characters decoded, the others uppercased, and every character a
    URI cannot hold (a space, a non-ASCII letter) escaped as its UTF-8 bytes."""

    def escape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    out = []
    for piece in _ESCAPE_SPLIT.split(text):
        if (found := _ESCAPE.fullmatch(piece)) is not None:
            out.append(escape(found))
            continue
        for char in piece:
            # A '%' that starts no escape (%zz) stays as sent, as a browser leaves it.
            if char in _UNRESERVED or char in _KEPT or char == "%":
                out.append(char)
            else:
                out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _normal_path(path: str) -> str:
    """An absolute path without empty, '.' or '..' segments or path parameters; a trailing
    slash (or a last segment of those) kept as one slash."""
    kept: list[str] = []
    trailing = False
    for segment in path.split("/")[1:]:  # urlsplit's path, with a host: "" or "/..."
        # ';jsessionid=...' and the like: servlet containers drop them from every segment
        # before routing, and most other servers answer them with 404, so no two articles
        # differ by them alone; kept, each session id would register a copy.
        segment = segment.partition(";")[0]
        trailing = segment in ("", ".", "..")
        if segment == "..":
            if kept:
                kept.pop()
        elif not trailing:
            kept.append(segment)
    return "/" + "/".join(kept) + ("/" if trailing and kept else "")


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
