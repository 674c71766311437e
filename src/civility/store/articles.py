"""Repository functions for articles."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civility.domain import CommentStatus
from civility.store.models import Article, Comment


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
) -> Article:
    """Create an article; the slug defaults to one made from the title, kept unique."""
    article = Article(
        slug=unique_slug(session, slug or slugify(title)),
        url=url,
        title=title,
        body=body,
        outlet=outlet,
        published_at=published_at,
        created_at=now,
        updated_at=now,
        version=1,
    )
    session.add(article)
    session.flush()
    return article


def unique_slug(session: Session, base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free."""
    candidate, n = base, 1
    while session.scalar(select(Article.id).where(Article.slug == candidate)) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def update(
    session: Session, article: Article, *, title: str, body: str, now: datetime, **fields: object
) -> Article:
    """Change an article; a new title or body bumps its version (stale embeddings)."""
    if (title, body) != (article.title, article.body):
        article.version += 1
    article.title, article.body, article.updated_at = title, body, now
    for name, value in fields.items():
        setattr(article, name, value)
    session.flush()
    return article


def get(session: Session, article_id: int) -> Article | None:
    """The article with this id, if any."""
    return session.get(Article, article_id)


def get_by_slug(session: Session, slug: str) -> Article | None:
    """The article with this slug, if any."""
    return session.scalar(select(Article).where(Article.slug == slug))


def get_by_url(session: Session, url: str) -> Article | None:
    """The article published at this URL, if any."""
    return session.scalar(select(Article).where(Article.url == url))


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
