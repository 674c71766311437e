"""Everything in the database as plain dicts, streamed in id order for `civility export`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from civility.store.models import Article, Comment, ModerationRecord

BATCH = 1000


def iter_articles(session: Session) -> Iterator[dict[str, Any]]:
    """Every article, oldest id first."""
    query = select(Article).order_by(Article.id).execution_options(yield_per=BATCH)
    for a in session.scalars(query):
        yield {
            "type": "article",
            "id": a.id,
            "slug": a.slug,
            "url": a.url,
            "title": a.title,
            "body": a.body,
            "outlet": a.outlet,
            "published_at": _iso(a.published_at),
            "created_at": _iso(a.created_at),
            "updated_at": _iso(a.updated_at),
        }


def iter_comments(session: Session, *, with_emails: bool = False) -> Iterator[dict[str, Any]]:
    """Every comment with its author's name (and email only when asked), oldest id first."""
    query = (
        select(Comment)
        .options(joinedload(Comment.author))
        .order_by(Comment.id)
        .execution_options(yield_per=BATCH)
    )
    for c in session.scalars(query):
        row = {
            "type": "comment",
            "id": c.id,
            "article_id": c.article_id,
            "parent_id": c.parent_id,
            "author_id": c.author_id,
            "author_name": c.author.display_name,
            "text": c.text,
            "status": c.status.value,
            "created_at": _iso(c.created_at),
            "reply_to_name": c.reply_to_name,
            "external_key": c.external_key,
            "reports": c.reports,
            "risk": c.risk,
        }
        if with_emails:
            row["author_email"] = c.author.email
        yield row


def iter_decisions(session: Session) -> Iterator[dict[str, Any]]:
    """Every moderation record (system or moderator) with its scores, oldest id first."""
    query = (
        select(ModerationRecord)
        .options(selectinload(ModerationRecord.scores))
        .order_by(ModerationRecord.id)
        .execution_options(yield_per=BATCH)
    )
    for r in session.scalars(query):
        yield {
            "type": "decision",
            "id": r.id,
            "comment_id": r.comment_id,
            "status": r.status.value,
            "policy_version": r.policy_version,
            "model_versions": r.model_versions,
            "moderator_id": r.moderator_id,
            "reasons": r.reasons,
            "note": r.note,
            "created_at": _iso(r.created_at),
            "scores": [
                {
                    "name": s.name,
                    "value": s.value,
                    "reason": s.reason,
                    "spans": s.spans,
                    "failed": s.failed,
                }
                for s in r.scores
            ],
        }


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601, or None."""
    return moment.isoformat() if moment is not None else None
