"""The reading process of `civility moderate`: articles embedded once, and only when needed."""

from __future__ import annotations

import json

import numpy as np

from civility.batch import Item, parse_line
from civility.batch_pool import ArticleEmbedder
from civility.config import Settings

ARTICLE = {
    "title": "Government unveils budget with tax cuts for families",
    "body": (
        "The finance minister presented the federal budget on Tuesday, promising income tax "
        "cuts for middle-class families and a smaller deficit within three years.\n\n"
        "The budget also sets aside money for new hospitals and for public transit in the "
        "largest cities, to be spent over the next decade."
    ),
}
# Shares "hospitals", "transit" and "budget" with the article: settled without the encoder.
SHARES_WORDS = "The budget money for hospitals and public transit in the largest cities is overdue."
# Shares no distinctive word: the worker needs the passages' vectors.
NEEDS_ENCODER = "I wonder whether anyone will actually notice any of this next spring."


def _item(text: str, number: int, article: dict[str, str] = ARTICLE) -> Item:
    parsed = parse_line(json.dumps({"id": number, "text": text, "article": article}).encode(), 1)
    assert isinstance(parsed, Item)
    return parsed


def _vectors(item: Item) -> np.ndarray | None:
    assert item.submission.article is not None
    return item.submission.article.passage_vectors


def test_batch_pool_comment_settled_by_shared_words_travels_without_vectors() -> None:
    embedder = ArticleEmbedder(Settings())
    (out,) = embedder.attach([_item(SHARES_WORDS, 1)])
    assert _vectors(out) is None
    # Nothing needed the article's vectors, so it was never embedded.
    entry = embedder._off_topic.articles.entry(ARTICLE["title"], ARTICLE["body"])
    assert entry.vectors is None


def test_batch_pool_comment_that_needs_the_encoder_gets_the_passage_vectors() -> None:
    embedder = ArticleEmbedder(Settings())
    first, second = embedder.attach([_item(NEEDS_ENCODER, 1), _item(NEEDS_ENCODER + "!", 2)])
    vectors = _vectors(first)
    assert vectors is not None and vectors.shape == (2, 384)
    assert first.submission.article is not None
    assert len(first.submission.article.passages) == 2
    # The article was embedded once: the second line carries the very same vectors.
    assert _vectors(second) is vectors


def test_batch_pool_lines_without_article_or_text_context_pass_unchanged() -> None:
    embedder = ArticleEmbedder(Settings())
    bare = parse_line(json.dumps({"id": 1, "text": NEEDS_ENCODER}).encode(), 1)
    empty = _item(NEEDS_ENCODER, 2, {"title": "", "body": ""})
    error = parse_line(b"not json", 3)
    assert embedder.attach([bare, empty, error]) == [bare, empty, error]
