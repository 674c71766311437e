"""Store an ImportedArticle: the article once, each comment through moderation like any other.

The caller owns the transaction (`with session.begin():`), so a failure stores nothing.

A comment whose key is stored already is counted, not submitted: its "Reader n" name follows
its place on the page, which changes when a comment above it is added or removed. A key stored
on another article, or with another text, is refused with the comment's line. Comments stored
under the text format's older positional keys are recognised by their text (see
`_match_positional`), so that importing a page again adds none of them twice.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload

from civility.commenting import ClientKeyConflict, Engine, NewComment, submit
from civility.domain import CommentStatus
from civility.importers import text as text_format
from civility.importers.platform import ANONYMOUS
from civility.importers.records import ImportedArticle, ImportedComment, ImportFormatError
from civility.store import articles, comments, erasure
from civility.store.models import Article, Comment


@dataclass
class LoadResult:
    """What an import did: the article, and how many comments were new or already there."""

    article: Article
    article_created: bool
    created: int = 0
    existing: int = 0
    statuses: Counter[CommentStatus] = field(default_factory=Counter)
    # Comments whose author name was an erased author's placeholder ("[erased 2]"): it would
    # join the erased author's row (the web form refuses it too), so stored as ANONYMOUS.
    renamed: int = 0


def load_article(
    session: Session, engine: Engine, imported: ImportedArticle, *, now: datetime
) -> LoadResult:
    """Find or create the article, then submit every comment not imported before."""
    article, created = find_article(session, imported), False
    if article is None:
        article, created = _add_article(session, imported, now=now)
    result = LoadResult(article=article, article_created=created)
    # An article created now has no comments: none under an older version's keys either.
    stored = _stored_comments(session, imported.comments, positional=not created)
    for item, old in zip(imported.comments, stored, strict=True):
        if old is not None:
            _check_same(session, old, item, article)
            result.existing += 1
            continue
        new = _new_comment(session, result.article, item)
        try:
            comment, decision = submit(session, engine, new, now=item.created_at)
        except ClientKeyConflict as exc:
            # Stored by another import since the look above, as another comment.
            raise ImportFormatError(str(exc), line=item.line) from exc
        if decision is None:
            result.existing += 1
        else:
            result.created += 1
            result.statuses[comment.status] += 1
            result.renamed += new.author_name != item.author_name
    return result


def find_article(session: Session, imported: ImportedArticle) -> Article | None:
    """The article a previous import of the same file created, if any."""
    if imported.url and (by_url := articles.get_by_url(session, imported.url)):
        return by_url
    if imported.comments:
        first = comments.get_by_external_key(session, imported.comments[0].external_key)
        if first is None and (stem := _shared_stem(imported.comments)):
            # The first comment may be new (a page scraped again), or keyed by an older version.
            first = session.scalars(_keys_under(stem).limit(1)).first()
        if first is not None:
            return articles.get(session, first.article_id)
    return _same_title_and_body(session, imported)


def _stored_comments(
    session: Session, items: tuple[ImportedComment, ...], *, positional: bool
) -> list[Comment | None]:
    """The comment stored for each item by an earlier import (under an older version's
    positional key too, if `positional`), or None."""
    found = [comments.get_by_external_key(session, item.external_key) for item in items]
    if positional and None in found and (stem := _shared_stem(items)):
        _match_positional(session, stem, items, found)
    return found


def _shared_stem(items: tuple[ImportedComment, ...]) -> str | None:
    """The "text:<fingerprint>:" stem of the items' keys, when they are all the text format's."""
    stems = {text_format.key_stem(item.external_key) for item in items}
    return stems.pop() if len(stems) == 1 else None


def _keys_under(stem: str) -> Select[Comment]:
    """Comments whose key starts with `stem`; SQLite's LIKE ignores case: callers check."""
    return select(Comment).where(Comment.external_key.startswith(stem, autoescape=True))


def _match_positional(
    session: Session, stem: str, items: tuple[ImportedComment, ...], found: list[Comment | None]
) -> None:
    """Fill `found` with the comments earlier versions stored under "<stem><n>", the n-th's key.

    Matched by text, wherever they now stand on the page (the same place first), each stored
    comment once; not by the name they answer, which an erasure renames in replies to its
    author. An erased comment's text is gone, while the page may still show its author's
    words: it is matched by its place (`_match_erased`), so that importing the page again does
    not store those words anew.
    """
    by_position: dict[int, Comment] = {}
    query = _keys_under(stem).options(joinedload(Comment.author))
    for comment in session.scalars(query):
        position = text_format.legacy_position(comment.external_key or "", stem)
        if position is not None:
            by_position[position] = comment
    if not by_position:
        return
    erased = {p for p, comment in by_position.items() if erasure.is_erased(comment)}
    by_text: dict[str, list[int]] = {}
    for position in sorted(by_position.keys() - erased):
        by_text.setdefault(by_position[position].text, []).append(position)
    moved: list[tuple[int, int]] = []  # (stored position, position on the page now)
    for index, item in enumerate(items):
        candidates = by_text.get(item.text)
        if found[index] is not None or not candidates:
            continue
        now_at = index + 1
        position = now_at if now_at in candidates else candidates[0]
        candidates.remove(position)
        found[index] = by_position[position]
        moved.append((position, now_at))
    _match_erased(by_position, sorted(erased), sorted(moved), found)


def _match_erased(
    by_position: dict[int, Comment],
    erased: list[int],
    moved: list[tuple[int, int]],
    found: list[Comment | None],
) -> None:
    """Match the erased stored comments (positions `erased`) to page items, in `found`.

    The rule: the text-matched comments `moved` ((stored position, page position) pairs) are
    anchors, with the page's top (0, 0) and end (last stored + 1, items + 1) as two more. The
    n erased comments between two neighbouring anchors (a, A) and (b, B) show their words, if
    still shown, among the `free` page items between A and B that matched nothing (the stored
    comments between a and b that are not erased matched nothing: they are off the page).
    - If there are at most n free items, every one is taken as an erased comment's: none is
      imported. (A comment added in the gap of an erased one that left the page is then not
      imported either: storing an erased author's words again is the worse mistake.)
    - Else (comments were added in the gap) the k-th of the n erased comments takes the item
      k places below A and the one n - k + 1 places above B, either or both if free: when the
      two disagree, either may hold its words, and neither is imported. At the page's top and
      end only the real anchor counts (a page grows at its ends), the top's if neither is real.
    Anchors out of order (comments moved across each other) leave no items between them.
    """
    if not erased:
        return
    top, end = (0, 0), (max(by_position) + 1, len(found) + 1)
    for (above, page_above), (below, page_below) in itertools.pairwise([top, *moved, end]):
        gap = [p for p in erased if above < p < below]
        free = [i for i in range(page_above + 1, page_below) if found[i - 1] is None]
        if gap and len(free) <= len(gap):
            for position, now_at in zip(gap, free, strict=False):
                found[now_at - 1] = by_position[position]
            continue
        from_below = below != end[0]
        from_above = above != 0 or not from_below
        for k, position in enumerate(gap, start=1):
            slots = [page_above + k] if from_above else []
            slots += [page_below - (len(gap) - k + 1)] if from_below else []
            for now_at in slots:
                if now_at in free and found[now_at - 1] is None:
                    found[now_at - 1] = by_position[position]


def _check_same(session: Session, stored: Comment, item: ImportedComment, article: Article) -> None:
    """Refuse a key stored for a comment on another article, or with another text.

    The author's name is not compared: the text format names comments by their place.
    """
    if stored.article_id != article.id:
        other = articles.get(session, stored.article_id)
        raise ImportFormatError(
            f"this comment was imported before onto another article "
            f"({other.slug if other else stored.article_id!r}, key {stored.external_key!r}), "
            "not the one this import found (a --url naming another page?)",
            line=item.line,
        )
    if stored.text != item.text and not erasure.is_erased(stored):
        raise ImportFormatError(
            f"the key {item.external_key!r} is stored with another comment's text", line=item.line
        )


def _same_title_and_body(session: Session, imported: ImportedArticle) -> Article | None:
    """The article with this title's slug, or a suffixed one ('-2'...), and the same body.

    Same slug is not enough: another article may share the title, and then the earlier import
    got a suffixed slug (articles.unique_slug), which must be found too.
    """
    base = articles.slugify(imported.title)
    suffixed = re.compile(rf"{re.escape(base)}-\d+")
    candidates = session.scalars(
        select(Article)
        .where(Article.body == imported.body)
        .where(or_(Article.slug == base, Article.slug.startswith(f"{base}-", autoescape=True)))
        .order_by(Article.id)
    )
    return next((a for a in candidates if a.slug == base or suffixed.fullmatch(a.slug)), None)


def _add_article(
    session: Session, imported: ImportedArticle, *, now: datetime
) -> tuple[Article, bool]:
    """The new article the comments belong to (or one another import just stored), and if new."""
    if imported.url:
        # Another import of the same article may store it between find_article and here.
        return articles.get_or_add(
            session,
            title=imported.title,
            body=imported.body,
            now=now,
            url=imported.url,
            outlet=imported.outlet,
            published_at=imported.published_at,
        )
    article = articles.add(
        session,
        title=imported.title,
        body=imported.body,
        now=now,
        outlet=imported.outlet,
        published_at=imported.published_at,
    )
    return article, True


def _new_comment(session: Session, article: Article, item: ImportedComment) -> NewComment:
    """The comment as submitted; a reply links to the latest earlier comment by that name."""
    parent = None
    if item.reply_to_name:
        parent = comments.latest_by_author_name(
            session, article_id=article.id, display_name=item.reply_to_name
        )
    return NewComment(
        article_id=article.id,
        author_name=ANONYMOUS if erasure.is_placeholder(item.author_name) else item.author_name,
        text=item.text,
        parent_id=parent.id if parent else None,
        reply_to_name=item.reply_to_name,
        external_key=item.external_key,
    )
