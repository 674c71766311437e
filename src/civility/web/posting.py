"""Posting a comment from a page or the API: one transaction, one comment per form token."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fastapi import HTTPException
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civility.commenting import CommentError, Engine, NewComment, check_same_comment, submit
from civility.domain import CommentStatus, Reason
from civility.importers.text import INLINE_MENTION_RE
from civility.store import articles, comments, moderation
from civility.store.models import Article, Comment
from civility.web.explain import ReaderReason, reader_reasons, reasons_from_record
from civility.web.schemas import CommentIn, CommentOut, ReasonOut

# The answer to a post, pages and API alike: a refusal by the policy is a 403 with its reasons.
STATUS_CODES = {
    CommentStatus.PUBLISHED: 201,
    CommentStatus.HELD: 202,
    CommentStatus.REJECTED: 403,
}


CLOSED_MESSAGE = "Comments are closed on this article."


class CommentsClosed(Exception):
    """The article takes no comments now (closed by hand or by age): nothing is stored."""

    def __init__(self) -> None:
        super().__init__(CLOSED_MESSAGE)


@dataclass(frozen=True)
class Posted:
    """The stored comment and why it waits or was refused, in plain words."""

    article: Article
    comment: Comment
    author_name: str
    reasons: list[ReaderReason]

    @property
    def status(self) -> CommentStatus:
        """Where the comment stands now."""
        return self.comment.status


def post_comment(
    session: Session,
    engine: Engine,
    slug: str,
    data: CommentIn,
    *,
    now: datetime,
    close_after_days: int | None = None,
) -> Posted:
    """Score and store a comment; a repeated key returns the comment stored the first time.

    Raises CommentsClosed, before anything is scored, when the article takes no comments:
    closed by hand, or `close_after_days` (the setting; None: never) after its publication.
    """
    try:
        with session.begin():
            article = article_or_404(session, slug)
            # A retry (same key) of a post already stored is answered with what was stored,
            # before the checks of a new post: its article may have closed since, or its parent
            # been held or refused.
            key = data.client_key
            stored = comments.get_by_external_key(session, key) if key else None
            if stored is not None:
                check_same_comment(stored, _sent(article, data))
                return _posted(article, stored, _stored_reasons(session, stored), engine)
            # Locked before anything is scored or written, then checked: a close committed
            # since the look above is seen, and a close or an edit waits for this post to be
            # stored. Locked first, as the edit locks the article before its passages: a post
            # that embedded the article before locking it deadlocked with an edit re-embedding.
            article = articles.lock_for_comment(session, article)
            if not articles.comments_open(article, close_after_days=close_after_days, now=now):
                raise CommentsClosed
            comment, decision = submit(session, engine, _new(session, article, data), now=now)
            reasons = decision.reasons if decision else _stored_reasons(session, comment)
            return _posted(article, comment, reasons, engine)
    except IntegrityError:
        # Two copies of one form raced; the other request stored the comment first.
        if data.client_key is None:
            raise
    with session.begin():
        stored = comments.get_by_external_key(session, data.client_key)
        if stored is None:
            raise CommentError("the comment could not be stored; please send it again")
        # The race's winner may have sent another comment under the same key.
        check_same_comment(stored, _sent(article_or_404(session, slug), data))
        return _posted(stored.article, stored, _stored_reasons(session, stored), engine)


def article_or_404(session: Session, slug: str) -> Article:
    """The article with this slug, or 404."""
    article = articles.get_by_slug(session, slug)
    if article is None:
        # The slug as sent may hold a NUL or a control character: shown without them.
        shown = "".join(c if c.isprintable() else "\ufffd" for c in slug[:200])
        raise HTTPException(404, f"no article at /articles/{shown}")
    return article


def _posted(
    article: Article, comment: Comment, reasons: Sequence[Reason], engine: Engine
) -> Posted:
    """The outcome, with the author loaded while the transaction is open."""
    author_name = comment.author.display_name
    return Posted(article, comment, author_name, reader_reasons(reasons, engine.policy))


def _sent(article: Article, data: CommentIn) -> NewComment:
    """What a post sends, to compare with the comment stored under its key."""
    return NewComment(article.id, data.author_name, data.text, external_key=data.client_key)


def _new(session: Session, article: Article, data: CommentIn) -> NewComment:
    """The service's input; a reply must answer a published comment of this article."""
    parent: Comment | None
    reply_to_name: str | None
    if data.parent_id is not None:
        # An explicit parent (the Reply button, the API's parent_id) wins over any "@Name:".
        parent = _chosen_parent(session, article, data.parent_id)
        reply_to_name = parent.author.display_name
    else:
        name = mentioned_name(data.text)
        parent = _mentioned_parent(session, article, name)
        reply_to_name = name if parent else None
    return NewComment(
        article_id=article.id,
        author_name=data.author_name,
        text=data.text,
        author_email=data.author_email,
        parent_id=parent.id if parent else None,
        reply_to_name=reply_to_name,
        external_key=data.client_key,
    )


def _chosen_parent(session: Session, article: Article, parent_id: int) -> Comment:
    """The comment a Reply button or the API's parent_id names: published, on this article."""
    parent = comments.get(session, parent_id)
    if parent is None or parent.article_id != article.id:
        raise CommentError(f"no comment {parent_id} on this article to reply to")
    if parent.status is not CommentStatus.PUBLISHED:
        raise CommentError(f"comment {parent_id} is not published; it cannot be answered")
    return parent


def mentioned_name(text: str) -> str | None:
    """The name a comment opening with "@Name: ..." answers, by the seed importer's rule."""
    match = INLINE_MENTION_RE.match(text)
    return match["name"].strip() if match else None


def _mentioned_parent(session: Session, article: Article, name: str | None) -> Comment | None:
    """The latest published comment on this article by the author an "@Name:" names.

    As the importer does for the seed's "@MarkH:"; a name nobody here goes by, or only a held
    or refused comment of theirs, leaves the comment top-level with its text as written.
    """
    if name is None:
        return None
    return comments.latest_by_author_name(
        session, article_id=article.id, display_name=name, status=CommentStatus.PUBLISHED
    )


def _stored_reasons(session: Session, comment: Comment) -> list[Reason]:
    """The reasons the system recorded when the comment was first stored."""
    record = moderation.latest_system_record(session, comment_id=comment.id)
    return reasons_from_record(record.reasons) if record else []


def comment_out(comment: Comment, reasons: list[ReaderReason] | None = None) -> CommentOut:
    """A comment as the API shows it; reasons only for its author's own post."""
    return CommentOut(
        id=comment.id,
        status=comment.status.value,
        author_name=comment.author.display_name,
        html=comment.html,
        created_at=comment.created_at,
        parent_id=comment.parent_id,
        reply_to_name=comment.reply_to_name,
        reasons=[ReasonOut(category=r.category, words=r.words) for r in reasons or []],
    )
