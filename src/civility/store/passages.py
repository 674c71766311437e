"""Repository functions for article passages and their embeddings (table article_passages)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from civility.store.models import ArticlePassage


def save_passages(
    session: Session,
    *,
    article_id: int,
    version: int,
    model: str,
    passages: list[tuple[str, bytes]],
) -> None:
    """Store an article version's passages, replacing any the article had before.

    `passages` is a list of (text, embedding bytes) in article order, as
    pipeline.article_passages.embed_article_passages returns it. Vectors of
    older versions or another model are stale, so they are deleted. Flushes,
    never commits: the caller owns the transaction.
    """
    session.execute(sa.delete(ArticlePassage).where(ArticlePassage.article_id == article_id))
    session.add_all(
        ArticlePassage(
            article_id=article_id,
            article_version=version,
            position=position,
            text=text,
            model=model,
            embedding=embedding,
        )
        for position, (text, embedding) in enumerate(passages)
    )
    session.flush()


def load_passages(
    session: Session, *, article_id: int, version: int, model: str
) -> list[tuple[str, bytes]] | None:
    """The stored (text, embedding bytes) of this article version and model, in order.

    None when nothing is stored for exactly this version and model: the caller
    embeds the article (and may save the result).
    """
    rows = session.execute(
        sa.select(ArticlePassage.text, ArticlePassage.embedding)
        .where(
            ArticlePassage.article_id == article_id,
            ArticlePassage.article_version == version,
            ArticlePassage.model == model,
        )
        .order_by(ArticlePassage.position)
    ).all()
    if not rows:
        return None
    return [(text, bytes(embedding)) for text, embedding in rows]
