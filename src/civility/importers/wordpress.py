"""WordPress eXtended RSS (WXR) exports: each post or page <item> is an article, and its
<wp:comment> children are the comments.

Statuses: approved "1" stays published, "0" is held, "spam" and "trash" are rejected.
Pingbacks and trackbacks are not reader comments and are skipped, as are the comments of
items that are neither posts nor pages (attachments, menus...): they have no article.

Import keys: "wordpress:<site>:<wp:comment_id>", the site being the channel <link>'s host and
path ("example.com/blog1"): the sites of a multisite install share a host and each numbers
its comments from 1. A site at the root of its host keeps the key earlier versions gave it,
"wordpress:<host>:<id>". A site in a sub-directory had that same host-only key before: it is
still recognised, on the comment's own article only (the host's other sites may hold it on
theirs), so importing an old export again stores none of its comments twice. So a root site's
key may be held by such a sub-directory site's comment: the root site's comment then takes
"wordpress:<host>/:<id>" (see PlatformLoader._stored), found first when the file is imported again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from sqlalchemy.orm import Session

from civility import timestamps
from civility.commenting import Engine
from civility.domain import CommentStatus
from civility.importers.platform import MAX_URL, ImportStats, PlatformLoader, SourceComment
from civility.importers.records import ImportFormatError, RecordError
from civility.importers.xmlstream import child_text, events, local_name, namespace
from civility.interop.html_text import html_to_text

ARTICLE_TYPES = frozenset({"post", "page"})
_STATUSES = {
    "1": CommentStatus.PUBLISHED,
    "0": CommentStatus.HELD,
    "spam": CommentStatus.REJECTED,
    "trash": CommentStatus.REJECTED,
    "post-trashed": CommentStatus.REJECTED,
}


@dataclass(frozen=True)
class _Site:
    """The channel's site, as its comments' keys name it."""

    prefix: str = "wordpress:"  # "wordpress:<host><path>:"
    legacy_prefix: str | None = None  # "wordpress:<host>:", for a site with a path
    root_prefix: str | None = None  # "wordpress:<host>/:", for a site without one

    @classmethod
    def from_link(cls, link: str) -> _Site:
        """The site at the channel's <link> (its home page)."""
        parts = urlsplit(link.strip())
        path = parts.path.rstrip("/")
        if not parts.netloc:
            return cls()
        legacy = f"wordpress:{parts.netloc}:" if path else None
        root = None if path else f"wordpress:{parts.netloc}/:"
        return cls(f"wordpress:{parts.netloc}{path}:", legacy, root)

    def keys(self, ident: str) -> tuple[str, str | None, str | None]:
        """The key of the comment with this wp:comment_id, the key earlier versions gave it, and
        the key it takes when an older import gave its own to a sub-directory site's comment."""
        legacy = f"{self.legacy_prefix}{ident}" if self.legacy_prefix else None
        root = f"{self.root_prefix}{ident}" if self.root_prefix else None
        return f"{self.prefix}{ident}", legacy, root


@dataclass
class _Item:
    """The fields of the <item> being read, and its article once created."""

    number: int
    fields: dict[str, str] = field(default_factory=dict)
    article_id: int | None = None
    comments: int = 0


def import_wordpress(
    session: Session, engine: Engine, source: BinaryIO, *, remoderate: bool, now: datetime
) -> ImportStats:
    """Import a whole WXR file inside the caller's transaction; a bad record raises, naming it."""
    loader = PlatformLoader(session, engine, remoderate=remoderate)
    site, item, count = _Site(), _Item(0), 0
    for event, element, depth in events(
        source, prune=frozenset({2, 3}), root="rss", kind="a WordPress export (WXR)"
    ):
        name = local_name(element.tag)
        if event == "start":
            if depth == 2 and name == "item":
                count += 1
                item = _Item(count)
            continue
        if depth == 2 and name == "link" and site == _Site():
            site = _Site.from_link(element.text or "")
        elif depth == 3 and item.number:
            _in_item(loader, item, element, site=site, now=now)
        elif depth == 2 and name == "item":
            try:
                _article(loader, item, now=now, required=False)
            except RecordError as exc:
                raise ImportFormatError(f"item {item.number}: {exc}") from exc
    return loader.finish()


def _in_item(
    loader: PlatformLoader, item: _Item, element: Element, *, site: _Site, now: datetime
) -> None:
    """Keep an item field, or import a comment under the item's article."""
    name = local_name(element.tag)
    if name != "comment" or "wordpress.org/export" not in namespace(element.tag):
        # content:encoded and excerpt:encoded share a local name: keep the content one.
        key = "content" if "/content/" in namespace(element.tag) else name
        item.fields.setdefault(key, element.text or "")
        return
    item.comments += 1
    try:
        article_id = _article(loader, item, now=now, required=True)
        if article_id is None:
            # Attachments, menus and other item types have no article page to show them on.
            loader.stats.skipped += 1
        else:
            _comment(loader, article_id, element, site=site)
    except RecordError as exc:
        where = f"item {item.number} (wp:post_id={item.fields.get('post_id', '?')})"
        ident = (child_text(element, "comment_id") or "?")[:40]  # readable when the id is wrong
        raise ImportFormatError(
            f"{where}, comment {item.comments} (wp:comment_id={ident}): {exc}"
        ) from exc


def _article(loader: PlatformLoader, item: _Item, *, now: datetime, required: bool) -> int | None:
    """The item's article, created once; None for attachments, menus and the like."""
    if item.article_id is not None:
        return item.article_id
    if item.fields.get("post_type", "post").strip() not in ARTICLE_TYPES:
        return None
    link = item.fields.get("link", "").strip()
    if not link.startswith(("http://", "https://")) or len(link) > MAX_URL:
        if not required:
            return None
        raise RecordError(f"its item's <link> must be an http(s) URL of at most {MAX_URL} chars")
    item.article_id = loader.article(
        url=link,
        title=item.fields.get("title", ""),
        body=html_to_text(item.fields.get("content", ""), keep_scripts=False),
        published_at=_date(item.fields.get("post_date_gmt", ""), item.fields.get("post_date", "")),
        now=now,
    )
    return item.article_id


def _comment(loader: PlatformLoader, article_id: int, element: Element, *, site: _Site) -> None:
    """One reader comment; pingbacks, trackbacks and empty comments are skipped."""
    kind = child_text(element, "comment_type")
    text = html_to_text(child_text(element, "comment_content"), keep_links=True, keep_scripts=False)
    if kind in {"pingback", "trackback"} or not text:
        loader.stats.skipped += 1
        return
    ident = child_text(element, "comment_id")
    if not ident:
        raise RecordError("has no <wp:comment_id>")
    created = _date(child_text(element, "comment_date_gmt"), child_text(element, "comment_date"))
    if created is None:
        raise RecordError("has no valid <wp:comment_date_gmt> or <wp:comment_date>")
    parent = child_text(element, "comment_parent")
    key, legacy_key, root_key = site.keys(ident)
    parent_key, legacy_parent_key, root_parent_key = (
        site.keys(parent) if parent not in {"", "0"} else (None, None, None)
    )
    loader.comment(
        article_id,
        SourceComment(
            key=key,
            text=text,
            author_name=child_text(element, "comment_author"),
            author_email=child_text(element, "comment_author_email") or None,
            created_at=created,
            status=_STATUSES.get(child_text(element, "comment_approved"), CommentStatus.HELD),
            parent_key=parent_key,
            legacy_key=legacy_key,
            legacy_parent_key=legacy_parent_key,
            root_key=root_key,
            root_parent_key=root_parent_key,
        ),
    )


def _date(gmt: str, local: str) -> datetime | None:
    """'2011-10-25 11:00:00' in UTC, else the site-local time taken as UTC; WordPress
    writes '0000-00-00 00:00:00' for unknown dates."""
    for text in (gmt.strip(), local.strip()):
        if not text or text.startswith("0000"):
            continue
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise RecordError(f"date {text[:40]!r} is not 'YYYY-MM-DD HH:MM:SS'") from exc
        stored = timestamps.storable(parsed)
        if stored is None:
            raise RecordError(f"date {text[:40]!r} is outside {timestamps.range_text()}")
        return stored
    return None
