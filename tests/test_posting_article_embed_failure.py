"""A comment on an article that cannot be embedded is stored and held, never lost.

An article added by an importer has no stored passage vectors, and after an encoder upgrade no
article has them: its first comment embeds it. Should the encoder raise or stall there, the
comment is scored with the article as it is, the off_topic scorer embeds it under its own time
limit, and its failure holds the comment like any scorer's (PRODUCT.md). On both databases.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import (
    Engine,
    ImportedComment,
    NewComment,
    article_context,
    import_comments,
)
from civility.domain import CommentStatus, Submission
from civility.pipeline.article_passages import split_passages
from civility.pipeline.base import Pipeline
from civility.pipeline.decide import decide
from civility.pipeline.encoder import MAX_TOKENS, Encoder
from civility.pipeline.policy import build_policy
from civility.pipeline.relevance import OffTopic, make_off_topic
from civility.store import api_keys, articles
from civility.store.models import ArticlePassage, Comment, ModerationRecord

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
TITLE = "Council approves road repair budget"
BODY = (
    "The city council voted on Tuesday to approve a budget for repairing potholes on the main "
    "roads before the monsoon season begins.\n\n"
    "Engineers said the work would start next month and close two lanes at a time, while the "
    "opposition asked why the contracts were not put out to open tender this year."
)
# Shares no distinctive word with the article: the off_topic scorer needs the encoder for it.
UNRELATED = "My cat prefers the sunny windowsill in the afternoon, and so do I."
CRASH = "encoder crashed (test)"
# The scorers' time limit where the encoder stalls; elsewhere one no model pass comes near.
STALL_LIMIT_S = 0.5
LIMIT_S = 30.0


class RecordingEncoder(Encoder):
    """The shipped encoder, keeping every list of texts it is asked to embed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[list[str]] = []

    def embed(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        self.asked.append(list(texts))
        return super().embed(texts, max_tokens=max_tokens)


class FailingEncoder(RecordingEncoder):
    """The shipped encoder's model, whose every embedding raises (and is recorded)."""

    def embed(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        self.asked.append(list(texts))
        raise RuntimeError(CRASH)


class StalledEncoder(Encoder):
    """The shipped encoder, stuck in every embedding until released (10 s at most)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()

    def embed(self, texts: Sequence[str], *, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        self.release.wait(10)
        return super().embed(texts, max_tokens=max_tokens)


@pytest.fixture(scope="module")
def shipped() -> OffTopic:
    """The shipped off_topic scorer; the others share its model, calibration and word tables."""
    return make_off_topic()


@pytest.fixture
def engine_with(shipped: OffTopic) -> Iterator[Any]:
    """Call with an Encoder class (and a time limit): an Engine whose only scorer is off_topic
    on such an encoder, and the encoder."""
    made: list[tuple[Pipeline, Encoder]] = []

    def make(kind: type[Encoder], timeout_s: float = LIMIT_S) -> tuple[Engine, Encoder]:
        real = shipped.encoder
        encoder = kind(
            real._session,
            real._tokenizer,
            name=real.name,
            batch_size=real.batch_size,
            normalize=real._normalize,
        )
        scorer = OffTopic(encoder, shipped.calibration, idf=shipped.idf, language=shipped.language)
        pipeline = Pipeline([scorer], timeout_s=timeout_s)
        made.append((pipeline, encoder))
        return Engine(pipeline, build_policy([scorer])), encoder

    yield make
    for pipeline, encoder in made:
        if isinstance(encoder, StalledEncoder):
            encoder.release.set()  # the stalled passes end rather than outlive the test
        pipeline.close()


def _imported_article(factory: sessionmaker[Session]) -> tuple[int, str]:
    """An article added as the importers add one: no passage vectors stored."""
    with factory.begin() as session:
        article = articles.add(session, title=TITLE, body=BODY, now=NOW)
        return article.id, article.slug


def _post(client: Any, slug: str, text: str = UNRELATED) -> Any:
    return client.post(
        f"/api/v1/articles/{slug}/comments", json={"author_name": "Amir", "text": text}
    )


def _stored(factory: sessionmaker[Session], comment_id: int) -> tuple[CommentStatus, list[str]]:
    """The comment's status and the reasons recorded with the system's decision on it."""
    with factory() as session:
        comment = session.get(Comment, comment_id)
        assert comment is not None
        record = session.scalars(
            select(ModerationRecord).where(ModerationRecord.comment_id == comment_id)
        ).one()
        return comment.status, [reason["text"] for reason in record.reasons]


def _passages(factory: sessionmaker[Session], article_id: int) -> list[ArticlePassage]:
    """The article's stored passages, in order."""
    with factory() as session:
        query = select(ArticlePassage).where(ArticlePassage.article_id == article_id)
        return list(session.scalars(query.order_by(ArticlePassage.position)))


def test_posting_when_the_encoder_raises_stores_the_comment_held_with_the_failure(
    make_web_client: Any, session_factory: sessionmaker[Session], engine_with: Any
) -> None:
    engine, _ = engine_with(FailingEncoder)
    client = make_web_client(engine)
    article_id, slug = _imported_article(session_factory)
    answer = _post(client, slug)
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "held"
    with session_factory() as session:
        assert session.scalars(select(Comment.text)).all() == [UNRELATED]
    status, reasons = _stored(session_factory, answer.json()["id"])
    assert status is CommentStatus.HELD
    assert f"off_topic failed: RuntimeError: {CRASH}" in reasons
    # Exactly what the pipeline says when the off_topic scorer itself fails on the article.
    with session_factory() as session:
        article = articles.get(session, article_id)
        assert article is not None
        submission = Submission(UNRELATED, "Amir", article=article_context(article))
    alone = decide(engine.pipeline.run(submission), engine.policy)
    assert reasons == [reason.text for reason in alone.reasons]
    assert _passages(session_factory, article_id) == []  # nothing to store from a failure


def test_posting_when_the_encoder_stalls_holds_within_the_time_limit(
    make_web_client: Any, session_factory: sessionmaker[Session], engine_with: Any
) -> None:
    engine, _ = engine_with(StalledEncoder, STALL_LIMIT_S)
    client = make_web_client(engine)
    article_id, slug = _imported_article(session_factory)
    started = time.monotonic()
    answer = _post(client, slug)
    took = time.monotonic() - started
    assert answer.status_code == 202, answer.text
    # The article's embedding and the scorer each wait one limit at most, not the stall.
    assert took < 4 * STALL_LIMIT_S + 2, took
    status, reasons = _stored(session_factory, answer.json()["id"])
    assert status is CommentStatus.HELD
    assert f"off_topic failed: timed out after {STALL_LIMIT_S:.1f}s" in reasons
    assert _passages(session_factory, article_id) == []


def test_an_article_gets_its_vectors_stored_once_the_encoder_works_again(
    make_web_client: Any, session_factory: sessionmaker[Session], engine_with: Any
) -> None:
    article_id, slug = _imported_article(session_factory)
    failing, _ = engine_with(FailingEncoder)
    assert _post(make_web_client(failing), slug).status_code == 202
    working, encoder = engine_with(RecordingEncoder)
    client = make_web_client(working)
    first = _post(client, slug)
    assert first.status_code in (201, 202), first.text
    assert not any("failed" in reason for reason in _stored(session_factory, first.json()["id"])[1])
    stored = _passages(session_factory, article_id)
    assert [p.text for p in stored] == split_passages(TITLE, BODY)
    assert {(p.article_version, p.model) for p in stored} == {(1, encoder.name)}
    assert all(len(p.embedding) == 384 * 4 for p in stored)
    # The next comment reads them from the store: only its own text goes to the encoder.
    encoder.asked.clear()
    second = _post(client, slug, "Another thought about my cat and her favourite windowsill.")
    assert second.status_code in (201, 202), second.text
    assert encoder.asked == [["Another thought about my cat and her favourite windowsill."]]


def test_an_import_batch_tries_each_article_once_and_holds_every_comment(
    session_factory: sessionmaker[Session], engine_with: Any
) -> None:
    engine, encoder = engine_with(FailingEncoder)
    article_id, _ = _imported_article(session_factory)
    batch = [
        ImportedComment(
            NewComment(article_id, f"Reader {n}", f"{UNRELATED} ({n})"), created_at=NOW, status=None
        )
        for n in range(3)
    ]
    with session_factory.begin() as session:
        ids = [comment.id for comment, _ in import_comments(session, engine, batch)]
    assert len(ids) == 3
    for comment_id in ids:
        status, reasons = _stored(session_factory, comment_id)
        assert status is CommentStatus.HELD
        assert f"off_topic failed: RuntimeError: {CRASH}" in reasons
    # One try at the article for the whole batch: a stalled encoder costs one time limit.
    assert encoder.asked.count(split_passages(TITLE, BODY)) == 1
    assert _passages(session_factory, article_id) == []


def test_the_publisher_api_saves_an_article_the_encoder_cannot_embed(
    make_web_client: Any, session_factory: sessionmaker[Session], engine_with: Any
) -> None:
    # The CMS's create or update must not fail (it answered 500 and saved nothing): the article
    # goes on without vectors, and its first comment is held as above.
    engine, _ = engine_with(FailingEncoder)
    client = make_web_client(engine)
    with session_factory.begin() as session:
        key = {"X-API-Key": api_keys.create(session, name="cms", scope="publisher", now=NOW)[1]}
    created = client.post("/api/v1/articles", json={"title": TITLE, "body": BODY}, headers=key)
    assert created.status_code == 201, created.text
    slug = created.json()["slug"]
    edited = {"title": TITLE, "body": BODY + " The vote was close."}
    assert client.put(f"/api/v1/articles/{slug}", json=edited, headers=key).status_code == 200
    with session_factory() as session:
        article = articles.get_by_slug(session, slug)
        assert article is not None and article.version == 2 and article.body == edited["body"]
        article_id = article.id
    assert _passages(session_factory, article_id) == []
    assert _post(client, slug).json()["status"] == "held"
