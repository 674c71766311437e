"""Two copies of one form posted at the same instant store one comment, on both databases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import ClientKeyConflict
from civility.store import articles
from civility.store.models import Comment
from civility.web.posting import post_comment
from civility.web.schemas import CommentIn

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_posting_racing_copies_of_one_form_store_one_comment(
    session_factory: sessionmaker[Session], lexicon_engine: Any
) -> None:
    with session_factory.begin() as session:
        slug = articles.add(session, title="Budget talks", body="The budget.", now=NOW).slug
    form = CommentIn(
        author_name="Ayesha", text="Fair point about the budget.", client_key="race-key-0001"
    )
    start = threading.Barrier(4)

    def post() -> tuple[int, str]:
        start.wait()
        with session_factory() as session:
            posted = post_comment(session, lexicon_engine, slug, form, now=NOW)
            return posted.comment.id, posted.comment.text

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = [f.result() for f in [pool.submit(post) for _ in range(4)]]
    with session_factory() as session:
        stored = session.scalar(select(func.count()).select_from(Comment))
    assert stored == 1
    assert len(set(answers)) == 1
    assert answers[0][1] == "Fair point about the budget."


def test_posting_racing_posts_with_one_key_and_different_texts_store_one_and_refuse_the_rest(
    session_factory: sessionmaker[Session], lexicon_engine: Any
) -> None:
    with session_factory.begin() as session:
        slug = articles.add(session, title="Budget talks", body="The budget.", now=NOW).slug
    start = threading.Barrier(4)

    def post(n: int) -> str:
        form = CommentIn(
            author_name="Ayesha", text=f"Point {n} on the budget.", client_key="race-key-0002"
        )
        start.wait()
        with session_factory() as session:
            try:
                return post_comment(session, lexicon_engine, slug, form, now=NOW).comment.text
            except ClientKeyConflict:
                return "refused"

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = [f.result() for f in [pool.submit(post, n) for n in range(4)]]
    # Whoever lost the race, by the key check or by the database's unique index, is refused:
    # no one is answered with a comment they did not write.
    assert sorted(answers).count("refused") == 3
    with session_factory() as session:
        stored = session.scalars(select(Comment.text)).all()
    assert list(stored) == [next(a for a in answers if a != "refused")]
