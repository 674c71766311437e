"""Readers' data requests: find an author, gather all stored about them, erase it (GDPR 15, 17)."""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from civility.domain import CommentStatus
from civility.store import audit
from civility.store.authors import fold_email
from civility.store.models import (
    Article,
    AuditEntry,
    Author,
    Comment,
    ModerationRecord,
    ScoreRecord,
)

ERASED_TEXT = "[removed at the author's request]"
# What the markup renders for ERASED_TEXT: a paragraph of the escaped text.
ERASED_HTML = f"<p>{html.escape(ERASED_TEXT, quote=False)}</p>\n"
# Replaces reasons, notes and audit details that may quote the erased words.
ERASED_REASON = "[erased]"
# External keys the importers write: the source platform's id of the comment, no personal data.
# Kept, so that importing the same export again finds the erased comment instead of storing
# its name, email and text anew. Every other key (a form's, holding a digest of name and
# text, or an API client's) only guards against a repeated post, long over: cleared.
IMPORT_KEY_PREFIXES = ("disqus:", "wordpress:", "text:")
# The names erased authors get: readers cannot post under them (`is_placeholder`), or a new
# comment by anyone typing one, with no email, would join the erased author's row.
PLACEHOLDER = re.compile(r"\[erased \d+(-\d+)?\]")
# The longest text a search can match: an email (a name is at most 100 characters).
MAX_FIND_CHARS = 320


@dataclass(frozen=True, slots=True)
class AuthorSummary:
    """An author as `civility authors find` lists them: who, and how much they wrote when."""

    id: int
    display_name: str
    email: str | None
    trust: str
    comments: dict[str, int]  # status -> count, every status present
    first_comment_at: datetime | None
    last_comment_at: datetime | None


def find(session: Session, *, text: str, limit: int) -> tuple[list[AuthorSummary], int]:
    """Authors whose name contains `text` (any case) or whose email is it; the first `limit`
    by id, and how many match in all. `text` must be storable (no NUL, no lone surrogate)."""
    if len(text) > MAX_FIND_CHARS:
        return [], 0  # longer than any stored name or email: nothing to look up
    # autoescape: a "%" or "_" typed is that character, not a wildcard.
    matches: sa.ColumnElement[bool] = Author.display_name.icontains(text, autoescape=True)
    email = fold_email(text)
    if email is not None:  # never `email == None`, which SQLAlchemy makes IS NULL
        matches = sa.or_(matches, Author.email == email)
    total = session.scalar(select(func.count()).select_from(Author).where(matches)) or 0
    found = list(session.scalars(select(Author).where(matches).order_by(Author.id).limit(limit)))
    activity = _activity(session, [a.id for a in found])
    return [_summary(a, activity.get(a.id, [])) for a in found], total


# (author id, status, count, first and last comment date) per author and status.
_Activity = tuple[int, CommentStatus, int, datetime | None, datetime | None]


def _activity(session: Session, author_ids: list[int]) -> dict[int, list[_Activity]]:
    """Each author's comment counts by status, with the first and last comment dates."""
    first, last = func.min(Comment.created_at), func.max(Comment.created_at)
    query = (
        select(Comment.author_id, Comment.status, func.count(), first, last)
        .where(Comment.author_id.in_(author_ids))
        .group_by(Comment.author_id, Comment.status)
    )
    out: dict[int, list[_Activity]] = {}
    for author_id, status, n, first_at, last_at in session.execute(query) if author_ids else []:
        out.setdefault(author_id, []).append((author_id, status, n, first_at, last_at))
    return out


def _summary(author: Author, activity: list[_Activity]) -> AuthorSummary:
    """The listing's row for one author."""
    counts = {status.value: 0 for status in CommentStatus}
    for _, status, count, _, _ in activity:
        counts[status.value] = count
    firsts = [row[3] for row in activity if row[3] is not None]
    lasts = [row[4] for row in activity if row[4] is not None]
    return AuthorSummary(
        author.id,
        author.display_name,
        author.email,
        author.trust.value,
        counts,
        min(firsts, default=None),
        max(lasts, default=None),
    )


def count_comments(session: Session, *, author_id: int) -> int:
    """How many comments the author wrote, whatever their status."""
    query = select(func.count()).select_from(Comment).where(Comment.author_id == author_id)
    return session.scalar(query) or 0


def gather(session: Session, *, author_id: int) -> dict[str, Any] | None:
    """Everything stored about the author as plain JSON-ready data; None for no such author.

    The author's row, each comment with its article and every decision on it (scores,
    reasons, notes), and the audit entries about the author or their comments. Moderators
    are not named: who worked a comment is the site's data, not the reader's.
    """
    author = session.get(Author, author_id)
    if author is None:
        return None
    query = (
        select(Comment, Article)
        .join(Article, Article.id == Comment.article_id)
        .where(Comment.author_id == author_id)
        .order_by(Comment.id)
    )
    rows = session.execute(query).all()
    decisions = _decisions(session, [comment.id for comment, _ in rows])
    return {
        "author": {
            "id": author.id,
            "display_name": author.display_name,
            "email": author.email,
            "trust": author.trust.value,
            "created_at": _iso(author.created_at),
        },
        "comments": [_comment(c, a, decisions.get(c.id, [])) for c, a in rows],
        "audit": _audit_entries(session, author_id, [comment.id for comment, _ in rows]),
    }


def _comment(comment: Comment, article: Article, decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """One comment as an access request shows it."""
    return {
        "id": comment.id,
        "article": {"id": article.id, "slug": article.slug, "title": article.title},
        "parent_id": comment.parent_id,
        "reply_to_name": comment.reply_to_name,
        "status": comment.status.value,
        "text": comment.text,
        "html": comment.html,
        "created_at": _iso(comment.created_at),
        "reports": comment.reports,
        "risk": comment.risk,
        "external_key": comment.external_key,
        "decisions": decisions,
    }


def _decisions(session: Session, comment_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every decision on these comments, oldest first, by comment id."""
    query = (
        select(ModerationRecord)
        .options(selectinload(ModerationRecord.scores))
        .where(ModerationRecord.comment_id.in_(comment_ids))
        .order_by(ModerationRecord.id)
    )
    out: dict[int, list[dict[str, Any]]] = {}
    for r in session.scalars(query) if comment_ids else []:
        out.setdefault(r.comment_id, []).append(
            {
                "by": "system" if r.is_automatic else "moderator",
                "status": r.status.value,
                "created_at": _iso(r.created_at),
                "policy_version": r.policy_version,
                "model_versions": r.model_versions,
                "reasons": r.reasons,
                "note": r.note,
                "scores": [
                    {"name": s.name, "value": s.value, "reason": s.reason, "spans": s.spans}
                    for s in r.scores
                ],
            }
        )
    return out


def _audit_entries(
    session: Session, author_id: int, comment_ids: list[int]
) -> list[dict[str, Any]]:
    """The audit log's entries about the author or one of their comments, oldest first."""
    about = AuditEntry.author_id == author_id
    if comment_ids:
        about = sa.or_(about, AuditEntry.comment_id.in_(comment_ids))
    entries = session.scalars(select(AuditEntry).where(about).order_by(AuditEntry.id))
    return [
        {
            "action": e.action,
            "created_at": _iso(e.created_at),
            "comment_id": e.comment_id,
            "detail": e.detail,
        }
        for e in entries
    ]


@dataclass(slots=True)
class Erasure:
    """What `erase` did: the name the author now has and how many rows it rewrote."""

    author_id: int
    placeholder: str
    was_erased: bool  # the author already had its placeholder and no email
    comments: int = 0
    keys_cleared: int = 0
    decisions: int = 0
    scores: int = 0
    replies: int = 0
    audit_details: int = 0


def erase(session: Session, *, author_id: int, now: datetime) -> Erasure | None:
    """Erase what identifies the author or quotes their words; None for no such author.

    The name becomes a placeholder and the email goes. Each comment's text and HTML become
    ERASED_TEXT; its status, dates, parent and numbers stay, so threads keep their shape and
    the policy report and learn-policy still count its decisions. The reasons, spans and notes
    of those decisions and the audit details about the comments are blanked; replies to the
    comments get the placeholder as the name they answer. Logs `author.erased`. Run again, it
    writes the same values. Others' texts are theirs and stay as written, quotes included.
    """
    # Locked on PostgreSQL: a comment being stored for this author now waits for the erasure
    # to commit, and a second erasure of the author runs after this one.
    author = session.get(Author, author_id, with_for_update=True)
    if author is None:
        return None
    placeholder = _placeholder(session, author)
    was_erased = author.display_name == placeholder and author.email is None
    # The trust is kept: without a name or email it records what moderators decided, about
    # nobody one can name; and since anyone may post under the placeholder, a ban stays.
    author.display_name, author.email = placeholder, None
    session.flush()
    own = select(Comment.id).where(Comment.author_id == author_id)
    done = Erasure(author_id, placeholder, was_erased)
    done.comments, done.keys_cleared = _erase_comments(session, author_id)
    done.decisions = _erase_decisions(session, own)
    decided = select(ModerationRecord.id).where(ModerationRecord.comment_id.in_(own))
    done.scores = _rowcount(
        session,
        sa.update(ScoreRecord)
        .where(ScoreRecord.record_id.in_(decided))
        .values(reason=ERASED_REASON, spans=[]),
    )
    done.replies = _rowcount(
        session,
        sa.update(Comment)
        .where(Comment.parent_id.in_(own), Comment.reply_to_name.is_not(None))
        .values(reply_to_name=placeholder),
    )
    # A moderator's note on a comment is also the detail of its audit entry.
    done.audit_details = _rowcount(
        session,
        sa.update(AuditEntry)
        .where(AuditEntry.comment_id.in_(own), AuditEntry.detail.is_not(None))
        .values(detail=ERASED_REASON),
    )
    audit.log(session, action="author.erased", now=now, author_id=author_id)
    return done


def is_placeholder(name: str) -> bool:
    """Whether a name is of the form erased authors are given, `[erased ID]`."""
    return PLACEHOLDER.fullmatch(name) is not None


def is_erased(comment: Comment) -> bool:
    """Whether the comment was erased: its text replaced, its author's name a placeholder."""
    return comment.text == ERASED_TEXT and is_placeholder(comment.author.display_name)


def _placeholder(session: Session, author: Author) -> str:
    """`[erased ID]`, or the placeholder the author already has; a suffix if a reader took it.

    The identity index is unique on (name, email or ''): someone may have posted under
    `[erased ID]` with no email before this author was erased.
    """
    if not author.email and re.fullmatch(rf"\[erased {author.id}(-\d+)?\]", author.display_name):
        return author.display_name
    taken = set(
        session.scalars(
            select(Author.display_name).where(
                Author.display_name.startswith(f"[erased {author.id}", autoescape=True),
                sa.func.coalesce(Author.email, sa.literal_column("''")) == "",
                Author.id != author.id,
            )
        )
    )
    candidates = (
        f"[erased {author.id}]" if n == 1 else f"[erased {author.id}-{n}]"
        for n in itertools.count(1)
    )
    return next(name for name in candidates if name not in taken)


def _erase_comments(session: Session, author_id: int) -> tuple[int, int]:
    """Replace the author's texts and clear the keys that are no importer's; both counts."""
    by_importer = sa.or_(*(Comment.external_key.startswith(p) for p in IMPORT_KEY_PREFIXES))
    keys = _rowcount(
        session,
        sa.update(Comment)
        .where(Comment.author_id == author_id, Comment.external_key.is_not(None), ~by_importer)
        .values(external_key=None),
    )
    texts = _rowcount(
        session,
        sa.update(Comment)
        .where(Comment.author_id == author_id)
        .values(text=ERASED_TEXT, html=ERASED_HTML),
    )
    return texts, keys


def _erase_decisions(session: Session, own: sa.Select[int]) -> int:
    """Blank the reason texts and notes of every decision on these comments; how many."""
    records = list(
        session.scalars(select(ModerationRecord).where(ModerationRecord.comment_id.in_(own)))
    )
    for r in records:
        # Category and score name stay: the policy report counts decisions by them.
        r.reasons = [{**reason, "text": ERASED_REASON} for reason in r.reasons or []]
        if r.note is not None:
            r.note = ERASED_REASON
    session.flush()
    return len(records)


def _rowcount(session: Session, statement: sa.Update) -> int:
    """Run an UPDATE on the session's connection; how many rows it matched."""
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(getattr(result, "rowcount", 0))


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601, or None."""
    return moment.isoformat() if moment is not None else None
