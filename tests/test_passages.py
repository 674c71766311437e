"""Article passage embeddings in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from civility.pipeline.article_passages import (
    split_passages,
    vector_to_bytes,
    vectors_from_bytes,
)
from civility.store.models import Article
from civility.store.passages import load_passages, save_passages

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _article(session: Session, slug: str = "haqqani") -> int:
    """Insert one article row and return its id."""
    article = Article(
        slug=slug,
        title="Pakistan to tackle Haqqanis",
        body="",
        created_at=NOW,
        updated_at=NOW,
        version=1,
    )
    session.add(article)
    session.flush()
    return article.id


def _passages(n: int, seed: int = 0) -> list[tuple[str, bytes]]:
    """n passages with random unit vectors, including hostile text."""
    rng = np.random.default_rng(seed)
    texts = ["'; DROP TABLE article_passages; --", "<script>x</script>", "naïve \u202e émoji 😀"]
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    return [(texts[i % 3] + f" {i}", vector_to_bytes(v)) for i, v in enumerate(vectors)]


def test_passages_round_trip(session_factory: sessionmaker[Session]) -> None:
    stored = _passages(5)
    with session_factory() as session, session.begin():
        article_id = _article(session)
        save_passages(session, article_id=article_id, version=1, model="m", passages=stored)
    with session_factory() as session:
        loaded = load_passages(session, article_id=article_id, version=1, model="m")
    assert loaded == stored
    assert vectors_from_bytes([b for _, b in loaded]).shape == (5, 384)


def test_passages_missing_version_or_model_is_none(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        article_id = _article(session)
        save_passages(session, article_id=article_id, version=1, model="m", passages=_passages(2))
    with session_factory() as session:
        assert load_passages(session, article_id=article_id, version=2, model="m") is None
        assert load_passages(session, article_id=article_id, version=1, model="other") is None
        assert load_passages(session, article_id=article_id + 99, version=1, model="m") is None


def test_passages_new_version_replaces_old(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        article_id = _article(session)
        save_passages(session, article_id=article_id, version=1, model="m", passages=_passages(4))
    new = _passages(2, seed=1)
    with session_factory() as session, session.begin():
        save_passages(session, article_id=article_id, version=2, model="m", passages=new)
    with session_factory() as session:
        assert load_passages(session, article_id=article_id, version=1, model="m") is None
        assert load_passages(session, article_id=article_id, version=2, model="m") == new


def test_passages_empty_list_stores_nothing(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session, session.begin():
        article_id = _article(session)
        save_passages(session, article_id=article_id, version=1, model="m", passages=[])
    with session_factory() as session:
        assert load_passages(session, article_id=article_id, version=1, model="m") is None


def test_passages_vectors_survive_bytes_exactly() -> None:
    vectors = np.random.default_rng(3).normal(size=(3, 384)).astype(np.float32)
    back = vectors_from_bytes([vector_to_bytes(v) for v in vectors])
    assert np.array_equal(back, vectors)


def test_passages_split_title_first_and_bounded() -> None:
    body = "\n\n".join(f"Paragraph {i} " + "word " * 30 for i in range(100))
    passages = split_passages("The title", body + "\n" + "long " * 5000)
    assert passages[0].startswith("The title\nParagraph 0 ")
    assert 1 < len(passages) <= 64
    assert all(len(p.split()) <= 160 for p in passages)


def test_passages_split_merges_short_lines() -> None:
    passages = split_passages("", "Short line.\nAnother.\n" + "A real paragraph " * 5)
    assert len(passages) == 1
    assert passages[0].startswith("Short line. Another.")


def test_passages_split_empty_article() -> None:
    assert split_passages("", "  \n\n ") == []
    assert split_passages("  Only a   title ", "") == ["Only a title"]
