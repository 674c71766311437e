"""Repository functions for article passages and their embeddings (table article_passages)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civility.store.models import ArticlePassage


def save_passages(
    session: Session,
    *,
    article_id: int,
    version: int,
    model: str,
    passages: list[tuple[str, bytes]],
) -> bool:
    """Store an article version's passages, replacing any the article had before.

    `passages` is a list of (text, embedding bytes) in article order, as
    pipeline.article_passages.embed_article_passages returns it. Vectors of
    older versions or another model are stale, so they are deleted. False when
    a concurrent transaction stored this version's passages first: theirs are
    kept and the caller's transaction goes on. Flushes, never commits: the
    caller owns the transaction.
    """
    # Outside the savepoint: on SQLite the driver opens the transaction only at a write, and a
    # savepoint opened first would be the transaction, committed by its own release.
    session.execute(sa.delete(ArticlePassage).where(ArticlePassage.article_id == article_id))
    try:
        # Two first comments on an article embed it at once; the second insert breaks the
        # unique (article, version, position) and must not take its comment down with it.
        with session.begin_nested():
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
    except IntegrityError:
        return False
    return True


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
