"""The comment path: score, decide and store in one transaction; moderators' reviews."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import CommentError, Engine, NewComment, review, submit
from civility.domain import CommentStatus, Score, Submission
from civility.pipeline.base import PerComment, Pipeline
from civility.pipeline.policy import default_policy
from civility.store import articles, audit, moderation, moderators
from civility.store.models import Article, Comment, ModerationRecord, ScoreRecord

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class BrokenScorer:
    """A scorer whose model fails on every call."""

    names = ("broken_a", "broken_b")

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        raise RuntimeError("model file is corrupt")


def _words(sub: Submission) -> Score:
    return Score("words", min(len(sub.text.split()) / 100, 1.0), "word count")


def test_commenting_an_engine_of_rules_only_names_no_model() -> None:
    pipeline = Pipeline([PerComment("words", _words)])
    assert Engine(pipeline, default_policy()).model_versions is None
    pipeline.close()


@pytest.fixture
def broken_engine() -> Iterator[Engine]:
    pipeline = Pipeline([PerComment("words", _words), BrokenScorer()], timeout_s=2.0)
    yield Engine(pipeline, default_policy())
    pipeline.close()


def _article(session_factory: sessionmaker[Session], title: str = "Haqqani network talks") -> int:
    with session_factory.begin() as session:
        body = "Pakistan made a commitment to tackle the Haqqani network."
        return articles.add(session, title=title, body=body, now=NOW).id


def _submit(
    session_factory: sessionmaker[Session], engine: Engine, new: NewComment
) -> tuple[int, CommentStatus, bool]:
    with session_factory.begin() as session:
        comment, decision = submit(session, engine, new, now=NOW)
        return comment.id, comment.status, decision is not None


def _count(session_factory: sessionmaker[Session], model: type[object]) -> int:
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_commenting_submit_stores_comment_decision_and_every_score(
    session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    article_id = _article(session_factory)
    new = NewComment(article_id, "Gul Khan", "Talks with the Haqqanis are a good start.")
    comment_id, status, _ = _submit(session_factory, moderation_engine, new)
    assert status is CommentStatus.PUBLISHED
    with session_factory() as session:
        (record,) = moderation.history(session, comment_id=comment_id)
        assert record.is_automatic and record.status is CommentStatus.PUBLISHED
        assert record.policy_version == moderation_engine.policy.version
        # The trained models behind the scores: the abuse stack and its encoder.
        versions = record.model_versions
        assert versions == moderation_engine.model_versions and versions is not None
        assert "abuse-stack-1+" in versions and "civility-minilm" in versions
        assert [s.name for s in record.scores] == list(moderation_engine.pipeline.score_names)
        assert all(s.reason for s in record.scores)


def test_commenting_failing_scorer_holds_and_loses_nothing(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    article_id = _article(session_factory)
    text = "A perfectly civil remark about the talks."
    comment_id, status, _ = _submit(
        session_factory, broken_engine, NewComment(article_id, "Reader", text)
    )
    assert status is CommentStatus.HELD
    with session_factory() as session:
        stored = session.get(Comment, comment_id)
        assert stored is not None and stored.text == text
        record = moderation.latest_system_record(session, comment_id=comment_id)
        assert record is not None
        failed = {s.name: s.reason for s in record.scores if s.failed}
        assert set(failed) == {"broken_a", "broken_b"}
        assert "model file is corrupt" in failed["broken_a"]
        assert any("failed" in r["text"] for r in record.reasons)


def test_commenting_reply_to_another_articles_comment_is_refused(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    first, second = _article(session_factory), _article(session_factory, "Another story")
    parent_id, _, _ = _submit(
        session_factory, broken_engine, NewComment(first, "Bhatti", "On the first story.")
    )
    before = _count(session_factory, Comment)
    reply = NewComment(second, "MarkH", "A reply across stories.", parent_id=parent_id)
    with pytest.raises(CommentError, match=f"no comment {parent_id} on this article"):
        _submit(session_factory, broken_engine, reply)
    assert _count(session_factory, Comment) == before


def test_commenting_unknown_article_is_refused(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    with pytest.raises(CommentError, match="no article with id 999"):
        _submit(session_factory, broken_engine, NewComment(999, "Reader", "Hello."))
    assert _count(session_factory, Comment) == 0


def test_commenting_external_key_is_idempotent(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    article_id = _article(session_factory)
    new = NewComment(article_id, "Reader", "Only once, please.", external_key="form:abc123")
    first_id, _, first_new = _submit(session_factory, broken_engine, new)
    again_id, _, again_new = _submit(session_factory, broken_engine, new)
    assert (first_id, first_new) == (again_id, True) and again_new is False
    assert _count(session_factory, Comment) == 1
    assert _count(session_factory, ModerationRecord) == 1
    assert _count(session_factory, ScoreRecord) == 3


def test_commenting_review_records_moderator_and_audit(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    article_id = _article(session_factory)
    comment_id, _, _ = _submit(
        session_factory, broken_engine, NewComment(article_id, "Reader", "Held for now.")
    )
    with session_factory.begin() as session:
        mod = moderators.create(session, username="amna", password_hash="x", now=NOW)
        comment = session.get(Comment, comment_id)
        assert comment is not None
        review(
            session,
            comment,
            status=CommentStatus.PUBLISHED,
            moderator_id=mod.id,
            now=NOW,
            note="fine on a second read",
        )
    with session_factory() as session:
        stored = session.get(Comment, comment_id)
        assert stored is not None and stored.status is CommentStatus.PUBLISHED
        records = moderation.history(session, comment_id=comment_id)
        assert [r.moderator_id is None for r in records] == [True, False]
        assert records[-1].note == "fine on a second read"
        (entry,) = audit.list_recent(session)
        assert (entry.action, entry.comment_id, entry.moderator_id) == (
            "comment.published",
            comment_id,
            mod.id,
        )


def test_commenting_stores_nothing_when_the_transaction_fails(
    session_factory: sessionmaker[Session], broken_engine: Engine
) -> None:
    article_id = _article(session_factory)
    with pytest.raises(RuntimeError, match="crash after submit"), session_factory.begin() as s:
        submit(s, broken_engine, NewComment(article_id, "Reader", "Almost stored."), now=NOW)
        raise RuntimeError("crash after submit")
    assert _count(session_factory, Comment) == 0
    assert _count(session_factory, ModerationRecord) == 0
    assert _count(session_factory, Article) == 1


@pytest.mark.slow
def test_commenting_article_passages_embedded_once_per_version(
    session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    from civility.commenting import index_article
    from civility.store.models import ArticlePassage

    article_id = _article(session_factory)
    for text in ("Talks are the only way forward.", "The Haqqani network must negotiate."):
        _submit(session_factory, moderation_engine, NewComment(article_id, "Reader", text))
    with session_factory() as session:
        stored = session.scalars(select(ArticlePassage).order_by(ArticlePassage.id)).all()
        assert {p.article_version for p in stored} == {1}
        assert stored and all(len(p.embedding) == 384 * 4 for p in stored)
    with session_factory.begin() as session:
        article = articles.get(session, article_id)
        assert article is not None
        articles.update(session, article, title="Haqqani talks", body="New text.", now=NOW)
        context = index_article(session, moderation_engine, article)
        assert context.passage_vectors is not None and context.passages
    with session_factory() as session:
        # The new version replaces the stale vectors of the old one.
        assert set(session.scalars(select(ArticlePassage.article_version))) == {2}
