"""Everything in the database as plain dicts, streamed in id order for `civility export`.

Each record carries every stored column of its rows, so that a restore or a move to another
system loses nothing the publisher entered or decided: an article's version and its comments'
closing by hand, each comment's author's trust (bans, trusted status) and first appearance, each
decision's Undo state. Columns added after the first format are new keys; none was renamed.

Left out on purpose:
- `comments.html`: the sanitised HTML, always `markup.render_comment(text)` (an erased comment's
  text and HTML are rewritten together), so derived from `text`.
- `authors.email`: private, written only with `with_emails` (`author_email`).
- `score_records.record_id`: the decision the score is nested in.
- Tables this export does not cover: `article_passages` (passage vectors, a cache rebuilt from
  the article), `api_keys` (key hashes are secrets), `moderators` (password hashes are secrets;
  decisions name moderators by `moderator_id` only), `audit_log` and `score_feedback`.
"""

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
            "version": a.version,
            "comments_closed_at": _iso(a.comments_closed_at),
            "comments_reopened_at": _iso(a.comments_reopened_at),
        }


def iter_comments(session: Session, *, with_emails: bool = False) -> Iterator[dict[str, Any]]:
    """Every comment with its author's name, trust and first appearance (email only when asked),
    oldest id first. Authors are stored with their first comment, in its transaction, and no
    comment is deleted, so every author's row travels on their comments' rows."""
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
            "author_trust": c.author.trust.value,
            "author_created_at": _iso(c.author.created_at),
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
            # A moderator's decision: the comment's status and reports before it (what Undo
            # restores); None on the system's decisions and on those stored before 0007.
            "previous_status": r.previous_status.value if r.previous_status else None,
            "previous_reports": r.previous_reports,
            "scores": [
                {
                    "id": s.id,
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
