"""Store an ImportedArticle: the article once, each comment through moderation like any other.

The caller owns the transaction (`with session.begin():`), so a failure stores nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from civility.commenting import Engine, NewComment, submit
from civility.domain import CommentStatus
from civility.importers.records import ImportedArticle, ImportedComment
from civility.store import articles, comments
from civility.store.models import Article


@dataclass
class LoadResult:
    """What an import did: the article, and how many comments were new or already there."""

    article: Article
    article_created: bool
    created: int = 0
    existing: int = 0
    statuses: Counter[CommentStatus] = field(default_factory=Counter)


def load_article(
    session: Session, engine: Engine, imported: ImportedArticle, *, now: datetime
) -> LoadResult:
    """Find or create the article, then submit every comment not imported before."""
    article, created = find_article(session, imported), False
    if article is None:
        article, created = _add_article(session, imported, now=now)
    result = LoadResult(article=article, article_created=created)
    for item in imported.comments:
        comment, decision = submit(
            session, engine, _new_comment(session, result.article, item), now=item.created_at
        )
        if decision is None:
            result.existing += 1
        else:
            result.created += 1
            result.statuses[comment.status] += 1
    return result


def find_article(session: Session, imported: ImportedArticle) -> Article | None:
    """The article a previous import of the same file created, if any."""
    if imported.url and (by_url := articles.get_by_url(session, imported.url)):
        return by_url
    if imported.comments:
        first = comments.get_by_external_key(session, imported.comments[0].external_key)
        if first is not None:
            return articles.get(session, first.article_id)
    return _same_title_and_body(session, imported)


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
        author_name=item.author_name,
        text=item.text,
        parent_id=parent.id if parent else None,
        reply_to_name=item.reply_to_name,
        external_key=item.external_key,
    )
