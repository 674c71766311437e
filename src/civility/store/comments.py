"""Repository functions for comments and their threads."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from civility.domain import CommentStatus
from civility.store.db import take_sqlite_write_lock
from civility.store.models import Author, Comment

# Ids bound in one IN (...): well under SQLite's limit of bound parameters.
_IDS_PER_QUERY = 5000


def add(
    session: Session,
    *,
    article_id: int,
    author_id: int,
    text: str,
    html: str,
    status: CommentStatus,
    now: datetime,
    parent_id: int | None = None,
    reply_to_name: str | None = None,
    external_key: str | None = None,
    risk: float = 0.0,
) -> Comment:
    """Store a new comment with the status its decision gave it."""
    comment = Comment(
        article_id=article_id,
        author_id=author_id,
        parent_id=parent_id,
        text=text,
        html=html,
        status=status,
        created_at=now,
        reply_to_name=reply_to_name,
        external_key=external_key,
        risk=risk,
        reports=0,
    )
    session.add(comment)
    session.flush()
    return comment


def get(session: Session, comment_id: int) -> Comment | None:
    """The comment with this id, with its author and article loaded."""
    return session.get(
        Comment, comment_id, options=[joinedload(Comment.author), joinedload(Comment.article)]
    )


def get_for_decision(session: Session, comment_id: int) -> Comment | None:
    """The comment, locked until the transaction ends, so that two decisions on it take turns.

    The second moderator's request then reads the status the first one left, and can tell that
    the comment moved since their page was loaded.
    """
    take_sqlite_write_lock(session, Comment.status, Comment.id == comment_id)
    # FOR NO KEY UPDATE: decisions wait for each other; replies referencing it don't.
    # No joined loads: PostgreSQL cannot lock the nullable side of an outer join.
    return session.get(
        Comment, comment_id, with_for_update={"key_share": True}, populate_existing=True
    )


def texts_of(session: Session, comment_ids: Collection[int]) -> dict[int, str]:
    """The text of each of these comments (a queue page's parents, in one query)."""
    if not comment_ids:
        return {}
    query = select(Comment.id, Comment.text).where(Comment.id.in_(set(comment_ids)))
    return {comment_id: text for comment_id, text in session.execute(query)}


def get_by_external_key(session: Session, key: str) -> Comment | None:
    """The comment stored under an import key or form token, if any."""
    return session.scalar(select(Comment).where(Comment.external_key == key))


def list_published(session: Session, *, article_id: int) -> list[Comment]:
    """An article's published comments in the order they were written."""
    return list(
        session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.article_id == article_id, Comment.status == CommentStatus.PUBLISHED)
            .order_by(Comment.created_at, Comment.id)
        )
    )


def list_held_among(
    session: Session, *, article_id: int, comment_ids: Collection[int]
) -> list[Comment]:
    """Those of these comments still held on the article, in the order they were written:
    what their poster sees marked "awaiting moderation" (one query, whatever the number)."""
    if not comment_ids:
        return []
    return list(
        session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(
                Comment.id.in_(set(comment_ids)),
                Comment.article_id == article_id,
                Comment.status == CommentStatus.HELD,
            )
            .order_by(Comment.created_at, Comment.id)
        )
    )


def published_links(session: Session, *, article_id: int) -> list[tuple[int, int | None]]:
    """(id, parent_id) of the article's published comments in the order they were written.

    Small rows from one index: what the article page needs to cut its threads into pages,
    computed in Python. Recursive SQL did it in one statement, but planners walked the whole
    article once per reply (SQLite, and PostgreSQL on stale statistics: seconds a page).
    """
    query = (
        select(Comment.id, Comment.parent_id)
        .where(Comment.article_id == article_id, Comment.status == CommentStatus.PUBLISHED)
        .order_by(Comment.created_at, Comment.id)
    )
    return [(row.id, row.parent_id) for row in session.execute(query)]


def list_by_ids(session: Session, comment_ids: Collection[int]) -> list[Comment]:
    """These comments with their authors, in the order they were written."""
    ids = sorted(set(comment_ids))
    found: list[Comment] = []
    for start in range(0, len(ids), _IDS_PER_QUERY):
        query = (
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.id.in_(ids[start : start + _IDS_PER_QUERY]))
        )
        found.extend(session.scalars(query))
    return sorted(found, key=lambda c: (c.created_at, c.id))


def count_published(session: Session, *, article_id: int) -> int:
    """The number readers see in "COMMENTS (N)"."""
    query = select(func.count(Comment.id)).where(
        Comment.article_id == article_id, Comment.status == CommentStatus.PUBLISHED
    )
    return int(session.scalar(query) or 0)


def latest_by_author_name(
    session: Session,
    *,
    article_id: int,
    display_name: str,
    before_id: int | None = None,
    status: CommentStatus | None = None,
) -> Comment | None:
    """The most recent comment by someone of this name on the article: an @Name reply target."""
    query = (
        select(Comment)
        .join(Author)
        .where(
            Comment.article_id == article_id,
            # The database lowers both sides: SQLite's lower() leaves non-ASCII letters as they
            # are, so Python's lower() on one side alone would miss "Émile" matching "Émile".
            func.lower(Author.display_name) == func.lower(display_name),
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(1)
    )
    if before_id is not None:
        query = query.where(Comment.id < before_id)
    if status is not None:
        query = query.where(Comment.status == status)
    return session.scalar(query)


def recent_texts_by_author(session: Session, *, author_id: int, limit: int = 20) -> list[str]:
    """The author's latest comment texts, for the repetition scorer."""
    query = (
        select(Comment.text)
        .where(Comment.author_id == author_id)
        .order_by(Comment.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def recent_site_texts(session: Session, *, since: datetime, limit: int = 200) -> list[str]:
    """Comment texts written on the whole site since a moment, newest first."""
    query = (
        select(Comment.text)
        .where(Comment.created_at >= since)
        .order_by(Comment.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def set_status(session: Session, comment: Comment, *, status: CommentStatus) -> Comment:
    """Move a comment to a new status (a moderator's decision)."""
    comment.status = status
    session.flush()
    return comment


def add_report(session: Session, comment: Comment) -> Comment:
    """Count a reader's report; reported comments join the moderation queue."""
    # Added up in the database: readers reporting at once would each write back the count
    # they read, and all but one report would be lost.
    reports = session.scalar(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(reports=Comment.reports + 1)
        .returning(Comment.reports),
        execution_options={"synchronize_session": False},
    )
    set_committed_value(comment, "reports", reports)
    return comment


def statuses_by_author(
    session: Session, author_ids: Collection[int]
) -> dict[int, dict[CommentStatus, int]]:
    """How many of each author's comments stand at each status: their record, for the queue."""
    if not author_ids:
        return {}
    query = (
        select(Comment.author_id, Comment.status, func.count())
        .where(Comment.author_id.in_(set(author_ids)))
        .group_by(Comment.author_id, Comment.status)
    )
    counts: dict[int, dict[CommentStatus, int]] = {}
    for author_id, status, n in session.execute(query):
        counts.setdefault(author_id, {})[status] = int(n)
    return counts


def list_live_by_author_for_update(
    session: Session, *, author_id: int, limit: int
) -> list[Comment]:
    """The author's published and held comments, oldest first and at most `limit`, locked until
    the transaction ends (as `get_for_decision`), so that a ban's rejections and a colleague's
    decision on one of them take turns."""
    take_sqlite_write_lock(session, Comment.status, Comment.author_id == author_id)
    query = (
        select(Comment)
        .where(
            Comment.author_id == author_id,
            Comment.status.in_([CommentStatus.PUBLISHED, CommentStatus.HELD]),
        )
        .order_by(Comment.id)
        .limit(limit)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(query))
