"""Disqus XML exports: <thread> records become articles, <post> records their comments.

The export lists every thread, then every post; a post names its thread and its parent by
`dsq:id`. Spam and deleted posts are kept as rejected, unapproved ones as held.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import BinaryIO
from xml.etree.ElementTree import Element

from sqlalchemy.orm import Session

from civility import timestamps
from civility.commenting import Engine
from civility.domain import CommentStatus
from civility.importers.platform import MAX_URL, ImportStats, PlatformLoader, SourceComment
from civility.importers.records import ImportFormatError, RecordError
from civility.importers.xmlstream import attribute, child, child_text, events, local_name
from civility.interop.html_text import html_to_text


def import_disqus(
    session: Session, engine: Engine, source: BinaryIO, *, remoderate: bool, now: datetime
) -> ImportStats:
    """Import a whole export inside the caller's transaction; a bad record raises, naming it."""
    loader = PlatformLoader(session, engine, remoderate=remoderate)
    threads: dict[str, int] = {}
    record = 0
    for event, element, depth in events(
        source, prune=frozenset({1}), root="disqus", kind="a Disqus export"
    ):
        if event != "end" or depth != 1:
            continue
        record += 1
        name = local_name(element.tag)
        try:
            if name == "thread":
                threads[_dsq_id(element)] = _thread(loader, element, now=now)
            elif name == "post":
                _post(loader, element, threads)
        except RecordError as exc:
            ident = (attribute(element, "id") or "?")[:40]  # readable when the id is what is wrong
            raise ImportFormatError(f"record {record} (<{name}> dsq:id={ident}): {exc}") from exc
    return loader.finish()


def _thread(loader: PlatformLoader, element: Element, *, now: datetime) -> int:
    """The article for one thread, found by its link or created."""
    link = child_text(element, "link")
    if not link.startswith(("http://", "https://")) or len(link) > MAX_URL:
        raise RecordError(f"<link> must be an http(s) URL of at most {MAX_URL} characters")
    return loader.article(
        url=link,
        title=child_text(element, "title"),
        body=html_to_text(child_text(element, "message"), keep_scripts=False),
        published_at=_date(child_text(element, "createdAt"), required=False),
        now=now,
    )


def _post(loader: PlatformLoader, element: Element, threads: dict[str, int]) -> None:
    """One comment; a post with no text left is skipped (Disqus empties deleted ones)."""
    thread = child(element, "thread")
    thread_id = attribute(thread, "id") if thread is not None else None
    if thread_id not in threads:
        raise RecordError(f"names thread {thread_id!r}, which the file does not define before it")
    text = html_to_text(child_text(element, "message"), keep_links=True, keep_scripts=False)
    if not text:
        loader.stats.skipped += 1
        return
    author = child(element, "author")
    parent = child(element, "parent")
    parent_id = attribute(parent, "id") if parent is not None else None
    loader.comment(
        threads[thread_id],
        SourceComment(
            key=f"disqus:{_dsq_id(element)}",
            text=text,
            author_name=_author_name(author),
            author_email=child_text(author, "email") if author is not None else None,
            created_at=_date(child_text(element, "createdAt"), required=True) or datetime.now(UTC),
            status=_status(element),
            parent_key=f"disqus:{parent_id}" if parent_id else None,
        ),
    )


def _status(element: Element) -> CommentStatus:
    """Spam and deleted posts stay out of sight; unapproved ones wait for a human."""
    if _flag(element, "isSpam") or _flag(element, "isDeleted"):
        return CommentStatus.REJECTED
    if child(element, "isApproved") is not None and not _flag(element, "isApproved"):
        return CommentStatus.HELD
    return CommentStatus.PUBLISHED


def _author_name(author: Element | None) -> str:
    """The display name, else the username; anonymous guests may have neither."""
    if author is None:
        return "Anonymous"
    return child_text(author, "name") or child_text(author, "username") or "Anonymous"


def _flag(element: Element, name: str) -> bool:
    """A <isX>true</isX> field."""
    return child_text(element, name).lower() == "true"


def _dsq_id(element: Element) -> str:
    """The record's dsq:id attribute, required for idempotent re-imports."""
    ident = attribute(element, "id")
    if not ident:
        raise RecordError("has no dsq:id attribute")
    return ident


def _date(text: str, *, required: bool) -> datetime | None:
    """An ISO 8601 timestamp ('2011-10-25T10:00:00Z'); naive ones are taken as UTC."""
    if not text:
        if required:
            raise RecordError("has no <createdAt>")
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise RecordError(f"<createdAt> {text[:40]!r} is not an ISO 8601 date") from exc
    stored = timestamps.storable(parsed)
    if stored is None:
        raise RecordError(f"<createdAt> {text[:40]!r} is outside {timestamps.range_text()}")
    return stored
