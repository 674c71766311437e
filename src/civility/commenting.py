"""The comment path: look up context, score, decide, store. Shared by web, CLI and imports."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from sqlalchemy.orm import Session

from civility.config import Settings
from civility.domain import ArticleContext, CommentStatus, Decision, Submission
from civility.markup import render_comment
from civility.pipeline import article_passages
from civility.pipeline.base import Pipeline
from civility.pipeline.decide import decide
from civility.pipeline.encoder import Encoder
from civility.pipeline.policy import Policy, build_policy
from civility.pipeline.registry import build_pipeline
from civility.store import articles, audit, authors, comments, erasure, moderation, passages
from civility.store.models import Article, Author, Comment

log = logging.getLogger(__name__)

RECENT_WINDOW = timedelta(hours=24)

# Threads that embed an article before its comments are scored. An embedding past its time
# limit cannot be stopped and keeps its thread until it returns; while every thread is taken,
# a new one waits at most its own limit, and the comment is scored without stored vectors.
ARTICLE_EMBED_WORKERS = 4
_article_embedder = ThreadPoolExecutor(ARTICLE_EMBED_WORKERS, thread_name_prefix="article-embed")


# The width of the column that records them (store/models.py).
MODEL_VERSIONS_CHARS = 200


class CommentError(ValueError):
    """A comment that cannot be accepted as sent; the message says why."""


class ClientKeyConflict(CommentError):
    """An external key already stored with another comment: a retry must repeat its request."""


@dataclass(frozen=True)
class Engine:
    """The configured scorers and policy, built once per process."""

    pipeline: Pipeline
    policy: Policy

    @cached_property
    def model_versions(self) -> str | None:
        """The trained models behind the scores, recorded with each decision (None: rules only).

        The policy version names the lines, not the models: after a model upgrade the same lines
        read other scores, and decisions made before it say little about the new model's.
        """
        versions = sorted(
            {v for scorer in self.pipeline.scorers for v in getattr(scorer, "model_versions", ())}
        )
        return " ".join(versions)[:MODEL_VERSIONS_CHARS] or None


def build_engine(settings: Settings) -> Engine:
    """Load every scorer (and its model) once, then the policy that uses them."""
    pipeline = build_pipeline(settings)
    return Engine(pipeline, build_policy(pipeline.scorers, settings.policy_file))


@dataclass(frozen=True)
class NewComment:
    """What an author sends: the text, who they are, and what it answers."""

    article_id: int
    author_name: str
    text: str
    author_email: str | None = None
    parent_id: int | None = None
    reply_to_name: str | None = None
    external_key: str | None = None


def submit(
    session: Session, engine: Engine, new: NewComment, *, now: datetime
) -> tuple[Comment, Decision | None]:
    """Score and store one comment with its decision; a repeated external key stores nothing.

    The key names one request: sent again with another article, author or text, it is refused
    (ClientKeyConflict) rather than answered with a comment the sender did not write.
    """
    if new.external_key and (old := comments.get_by_external_key(session, new.external_key)):
        check_same_comment(old, new)
    # A new comment is an import of one that had no status before: the same steps.
    ((comment, decision),) = import_comments(
        session, engine, [ImportedComment(new, created_at=now, status=None)]
    )
    if decision is None:
        # Another request stored a comment under the key since the check above.
        check_same_comment(comment, new)
    return comment, decision


def check_same_comment(stored: Comment, new: NewComment) -> None:
    """Refuse a key reused for a different comment.

    The parent is not compared: an importer resolves "@Name" to the latest comment by that
    name, which a second import of the same file may find elsewhere.
    """
    if erasure.is_erased(stored):
        return  # erased at its author's request: imported again, it stays erased
    sent = (new.article_id, new.author_name, new.text)
    if sent != (stored.article_id, stored.author.display_name, stored.text):
        raise ClientKeyConflict(
            f"the key {new.external_key!r} was already used for another comment; "
            "send a new key with a new comment"
        )


def article_context(article: Article) -> ArticleContext:
    """The article as the scorers see it, without stored passage vectors."""
    return ArticleContext(title=article.title, body=article.body, article_id=article.id)


def _encoder(engine: Engine) -> Encoder | None:
    """The sentence encoder of the relevance scorer, when one is configured."""
    return next(
        (
            enc
            for s in engine.pipeline.scorers
            if isinstance(enc := getattr(s, "encoder", None), Encoder)
        ),
        None,
    )


def index_article(session: Session, engine: Engine, article: Article) -> ArticleContext:
    """The article with its passage vectors: read from the store, or embedded once and saved.

    Called when an article is created or updated and before scoring its comments, so each
    version is embedded once, whichever process sees it first, within `scorer_timeout_ms`.
    Should the encoder raise or run out of time, the article goes on without vectors: saved
    all the same by the API, and its comments scored by the off_topic scorer, which embeds it
    under its own limit and holds the comment if that fails too, never losing it (PRODUCT.md).
    The next call whose embedding succeeds stores the vectors.
    """
    encoder = _encoder(engine)
    if encoder is None:
        return article_context(article)
    version, model = article.version, encoder.name
    stored = passages.load_passages(session, article_id=article.id, version=version, model=model)
    if stored is None:
        stored = _embed_within(encoder, article, engine.pipeline.timeout_s)
        if stored is None:
            return article_context(article)
        # When a concurrent first comment saved this version first, its vectors are kept in
        # the store; ours come from the same text and model, so scoring goes on with them.
        passages.save_passages(
            session, article_id=article.id, version=version, model=model, passages=stored
        )
    return article_passages.article_context(article.title, article.body, article.id, stored)


def _embed_within(
    encoder: Encoder, article: Article, timeout_s: float
) -> list[tuple[str, bytes]] | None:
    """The article's passages and vectors, embedded on a worker thread; None after
    `timeout_s` or when the encoder raises.

    Only the encoder runs on the worker: the session stays with the caller's thread, and a
    database error is never mistaken for the encoder's.
    """
    # Read on this thread: the article's attributes load through the caller's session.
    title, body = article.title, article.body
    future = _article_embedder.submit(article_passages.embed_article_passages, encoder, title, body)
    if not wait([future], timeout=timeout_s).done:
        # Still queued behind busy workers: it never starts. Running: its answer goes unread.
        future.cancel()
        why, error = f"timed out after {timeout_s:.1f}s", None
    elif (error := future.exception()) is None:
        return future.result()
    else:
        why = f"{type(error).__name__}: {error}"[:200]
    log.warning(
        "article %s not embedded before scoring (%s): off_topic embeds it in its turn",
        article.id,
        why,
        exc_info=error,
    )
    return None


def _parent(session: Session, new: NewComment) -> Comment | None:
    """The comment replied to, which must belong to the same article."""
    if new.parent_id is None:
        return None
    parent = comments.get(session, new.parent_id)
    if parent is None or parent.article_id != new.article_id:
        raise CommentError(f"no comment {new.parent_id} on this article to reply to")
    return parent


def review(
    session: Session,
    comment: Comment,
    *,
    status: CommentStatus,
    moderator_id: int,
    now: datetime,
    note: str | None = None,
    reports: int | None = None,
) -> Comment:
    """A moderator's decision: change the status, record it with the status and reports the
    comment had just before, and log it in the audit. A verdict clears the readers' reports and
    a hold keeps them; `reports`, when given, is the count to leave instead (an Undo's)."""
    previous_status, previous_reports = comment.status, comment.reports
    comments.set_status(session, comment, status=status)
    if reports is not None:
        comment.reports = reports
    elif status is not CommentStatus.HELD:
        comment.reports = 0
    moderation.record_review(
        session,
        comment_id=comment.id,
        status=status,
        moderator_id=moderator_id,
        now=now,
        note=note,
        previous_status=previous_status,
        previous_reports=previous_reports,
    )
    audit.log(
        session,
        action=f"comment.{status.value}",
        now=now,
        moderator_id=moderator_id,
        comment_id=comment.id,
        detail=note,
    )
    return comment


@dataclass(frozen=True)
class ImportedComment:
    """A comment from another platform: when it was written and the status it had there."""

    new: NewComment
    created_at: datetime
    status: CommentStatus | None  # None: apply the engine's decision (re-moderation)


def import_comments(
    session: Session, engine: Engine, batch: Sequence[ImportedComment]
) -> list[tuple[Comment, Decision | None]]:
    """Score a batch of imported comments in one pipeline call, then store each.

    As `submit`, but each comment keeps its old status unless that is None; the engine's own
    decision is still recorded, so moderators see where it disagrees with the old platform.
    A comment whose external key is already stored is returned with no decision. Comments
    of the same batch do not see each other as "recent texts" (they are stored after scoring).
    """
    results: list[tuple[Comment, Decision | None] | None] = []
    pending: list[tuple[int, ImportedComment, Author, Comment | None, Submission]] = []
    # Each article is looked up (and embedded, if it must be) once per batch: an encoder that
    # fails or stalls then costs one time limit, not one for each of the article's comments.
    contexts: dict[int, ArticleContext] = {}
    for item in batch:
        key = item.new.external_key
        if key and (old := comments.get_by_external_key(session, key)):
            results.append((old, None))
            continue
        pending.append((len(results), item, *_prepare(session, engine, item, contexts)))
        results.append(None)
    scored = engine.pipeline.run_batch([submission for *_, submission in pending])
    for (index, item, author, parent, _), scores in zip(pending, scored, strict=True):
        decision = decide(scores, engine.policy, trust=authors.effective_trust(author))
        comment = _store(session, item, author, parent, decision, engine.model_versions)
        results[index] = (comment, decision)
    return [result for result in results if result is not None]


def _prepare(
    session: Session, engine: Engine, item: ImportedComment, contexts: dict[int, ArticleContext]
) -> tuple[Author, Comment | None, Submission]:
    """The author, the parent and what the scorers see, for one imported comment.

    `contexts` holds the batch's articles as scored so far, by id; this one's is added.
    """
    new = item.new
    article = articles.get(session, new.article_id)
    if article is None:
        raise CommentError(f"no article with id {new.article_id}")
    if article.id not in contexts:
        contexts[article.id] = index_article(session, engine, article)
    parent = _parent(session, new)
    author = authors.get_or_create(
        session, display_name=new.author_name, email=new.author_email, now=item.created_at
    )
    submission = Submission(
        text=new.text,
        author_name=new.author_name,
        article=contexts[article.id],
        parent_text=parent.text if parent else None,
        author_recent_texts=tuple(comments.recent_texts_by_author(session, author_id=author.id)),
        site_recent_texts=tuple(
            comments.recent_site_texts(session, since=item.created_at - RECENT_WINDOW)
        ),
        author_trust=authors.effective_trust(author),
    )
    return author, parent, submission


def _store(
    session: Session,
    item: ImportedComment,
    author: Author,
    parent: Comment | None,
    decision: Decision,
    model_versions: str | None,
) -> Comment:
    """Add the comment with its old status (or the decision's) and record the decision."""
    new = item.new
    comment = comments.add(
        session,
        article_id=new.article_id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        text=new.text,
        html=render_comment(new.text),
        status=item.status or decision.status,
        now=item.created_at,
        reply_to_name=new.reply_to_name,
        external_key=new.external_key,
        risk=decision.risk,
    )
    moderation.record(
        session,
        comment_id=comment.id,
        decision=decision,
        now=item.created_at,
        model_versions=model_versions,
    )
    return comment
