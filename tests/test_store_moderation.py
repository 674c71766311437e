"""The moderators' queue and decision records, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from civility.domain import CommentStatus, Decision, Reason, ReasonCategory, Score, Span
from civility.store import articles, authors, comments, moderation, moderators

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _queue_case(session: Session) -> None:
    article = articles.add(session, title="Talks", body="", now=NOW)
    author = authors.get_or_create(session, display_name="Reader", now=NOW)
    cases = [
        ("held, low risk, old", CommentStatus.HELD, 0.2, 0, 0),
        ("held, high risk, new", CommentStatus.HELD, 0.9, 5, 0),
        ("held, high risk, old", CommentStatus.HELD, 0.9, 1, 0),
        ("published, reported", CommentStatus.PUBLISHED, 0.5, 2, 3),
        ("published", CommentStatus.PUBLISHED, 0.95, 3, 0),
        ("rejected", CommentStatus.REJECTED, 1.0, 4, 0),
    ]
    for text, status, risk, minutes, reports in cases:
        comment = comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text=text,
            html=text,
            status=status,
            now=NOW + timedelta(minutes=minutes),
            risk=risk,
        )
        comment.reports = reports
    session.flush()


def test_store_moderation_queue_is_riskiest_then_oldest(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        _queue_case(session)
    with session_factory() as session:
        queue = [c.text for c in moderation.list_queue(session)]
        assert queue == [
            "held, high risk, old",
            "held, high risk, new",
            "published, reported",
            "held, low risk, old",
        ]
        assert [c.text for c in moderation.list_queue(session, limit=2, offset=1)] == [
            "held, high risk, new",
            "published, reported",
        ]


def test_store_moderation_record_keeps_every_score_and_span(
    session_factory: sessionmaker[Session],
) -> None:
    decision = Decision(
        status=CommentStatus.HELD,
        reasons=(Reason(ReasonCategory.ABUSE, "insulting words", "insult"),),
        scores=(
            Score("insult", 0.7, "insulting words", (Span(4, 9, 0.8),)),
            Score("links", 0.0, "0 links (limit 2)"),
            Score("toxicity", 0.0, "toxicity failed: timeout", failed=True),
        ),
        policy_version="p-abc",
    )
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        comment = comments.add(
            session,
            article_id=article.id,
            author_id=author.id,
            text="you idiot",
            html="",
            status=decision.status,
            now=NOW,
        )
        moderation.record(session, comment_id=comment.id, decision=decision, now=NOW)
        comment_id = comment.id
    with session_factory() as session:
        record = moderation.latest_system_record(session, comment_id=comment_id)
        assert record is not None and record.policy_version == "p-abc"
        assert record.reasons == [
            {"category": "abuse", "text": "insulting words", "score": "insult"}
        ]
        assert [(s.name, s.value, s.failed) for s in record.scores] == [
            ("insult", 0.7, False),
            ("links", 0.0, False),
            ("toxicity", 0.0, True),
        ]
        assert record.scores[0].spans == [[4, 9, 0.8]]


def test_store_moderation_latest_system_records_of_a_page_skip_reviews_and_older_runs(
    session_factory: sessionmaker[Session],
) -> None:
    def decided(status: CommentStatus, version: str) -> Decision:
        score = Score("insult", 0.7, "insulting words")
        return Decision(status=status, reasons=(), scores=(score,), policy_version=version)

    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="", now=NOW)
        author = authors.get_or_create(session, display_name="Reader", now=NOW)
        moderator = moderators.create(session, username="mo", password_hash="unused", now=NOW)
        ids = []
        for text in ("first", "second", "never scored"):
            comment = comments.add(
                session,
                article_id=article.id,
                author_id=author.id,
                text=text,
                html="",
                status=CommentStatus.HELD,
                now=NOW,
            )
            ids.append(comment.id)
        first, second, unscored = ids
        moderation.record(
            session, comment_id=first, decision=decided(CommentStatus.HELD, "p-1"), now=NOW
        )
        moderation.record(
            session, comment_id=second, decision=decided(CommentStatus.HELD, "p-1"), now=NOW
        )
        # Re-moderated later, then reviewed: the newest system decision is the one shown.
        moderation.record(
            session, comment_id=first, decision=decided(CommentStatus.HELD, "p-2"), now=NOW
        )
        moderation.record_review(
            session,
            comment_id=first,
            status=CommentStatus.PUBLISHED,
            moderator_id=moderator.id,
            now=NOW,
        )
    with session_factory() as session:
        latest = moderation.latest_system_records(session, [first, second, unscored])
        assert {cid: r.policy_version for cid, r in latest.items()} == {first: "p-2", second: "p-1"}
        assert [s.name for s in latest[first].scores] == ["insult"]
        for comment_id in (first, second):
            single = moderation.latest_system_record(session, comment_id=comment_id)
            assert single is not None and single.id == latest[comment_id].id
        assert moderation.latest_system_records(session, []) == {}
        assert comments.texts_of(session, {first, unscored}) == {
            first: "first",
            unscored: "never scored",
        }
