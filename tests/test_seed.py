"""The founding example: parsing the seed format, and importing it on both databases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.domain import Score, Submission
from civility.importers.loader import load_article
from civility.importers.records import ImportedArticle, ImportFormatError
from civility.importers.text import derive_title, parse_text
from civility.pipeline.base import Pipeline
from civility.pipeline.policy import default_policy
from civility.store import comments
from civility.store.models import Article, Author, Comment, ModerationRecord

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HEADER = (
    "First paragraph of the story. It goes on.\n"
    "Second paragraph.\n"
    "Published in The Daily Example, March 3rd, 2020.\n"
    "COMMENTS (3)\n"
    "Comments are moderated and generally will be posted if they are on-topic and not abusive.\n"
    "For more information, please see our Comments FAQ\n"
)


def _parse_seed(seed_file: Path) -> ImportedArticle:
    return parse_text(seed_file.read_bytes())


def _import(
    session_factory: sessionmaker[Session], engine: Engine, imported: ImportedArticle
) -> None:
    with session_factory.begin() as session:
        load_article(session, engine, imported, now=NOW)


def _counts(session_factory: sessionmaker[Session]) -> tuple[int, int, int, int]:
    with session_factory() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model))
            for model in (Article, Comment, Author, ModerationRecord)
        )


def test_seed_parses_article_outlet_and_date(seed_file: Path) -> None:
    article = _parse_seed(seed_file)
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 16
    assert paragraphs[0].startswith("During US Secretary of State Hillary Clinton")
    assert paragraphs[-1].startswith("“I can only say that Secretary Clinton")
    assert article.outlet == "The Express Tribune"
    assert article.published_at == datetime(2011, 10, 25, tzinfo=UTC)
    assert article.declared_count == 14
    assert "Published in" not in article.body
    assert "Comments are moderated" not in article.body


def test_seed_parses_twelve_comments_in_order(seed_file: Path) -> None:
    found = _parse_seed(seed_file).comments
    assert len(found) == 12
    assert found[0].text.startswith("@MarkH: You seem to be the only one")
    assert found[1].text.startswith('If the "full scale attack "')
    assert found[3].text == '"the times, they are a changin", old chap. Wake up!'
    assert found[4].text == "Yes, picture is impressive"
    assert found[11].text.startswith("Why Miss Clinton is not forcing Pakistan")
    assert [c.author_name for c in found] == [f"Reader {n}" for n in range(1, 13)]
    times = [c.created_at for c in found]
    assert times == sorted(times) and len(set(times)) == 12
    assert times[0] > datetime(2011, 10, 25, tzinfo=UTC)


def test_seed_parses_replies_bare_and_inline(seed_file: Path) -> None:
    replies = {c.text[:25]: c.reply_to_name for c in _parse_seed(seed_file).comments}
    assert replies["@MarkH: You seem to be th"] == "MarkH"
    assert replies['"the times, they are a ch'] == "MarkH"
    assert replies["Yes, picture is impressiv"] == "Bhatti"
    assert replies["@Amir Wayn: Yes, really."] == "Amir Wayn"
    assert replies["@MarkH: Ohh Really ?"] == "MarkH"
    assert replies["The title does not fit th"] is None
    assert sum(1 for name in replies.values() if name) == 5


def test_seed_title_is_first_sentence_shortened(seed_file: Path) -> None:
    article = _parse_seed(seed_file)
    assert article.title.startswith("During US Secretary of State Hillary Clinton\u2019s")
    assert len(article.title) <= 120 and article.title.endswith("…")
    assert parse_text(seed_file.read_bytes(), title=" Haqqani network ").title == "Haqqani network"
    assert derive_title("Short one. Then more.") == "Short one."


def test_seed_keys_are_stable_and_distinct(seed_file: Path) -> None:
    first, again = _parse_seed(seed_file), _parse_seed(seed_file)
    keys = [c.external_key for c in first.comments]
    assert keys == [c.external_key for c in again.comments]
    assert len(set(keys)) == 12


def test_seed_import_publishes_all_twelve(
    seed_file: Path, session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    _import(session_factory, moderation_engine, _parse_seed(seed_file))
    with session_factory() as session:
        article = session.scalars(select(Article)).one()
        published = comments.list_published(session, article_id=article.id)
        assert comments.count_published(session, article_id=article.id) == 12
        assert [c.text[:20] for c in published] == [
            c.text[:20] for c in _parse_seed(seed_file).comments
        ]
        assert article.outlet == "The Express Tribune"
        assert {c.reply_to_name for c in published} == {None, "MarkH", "Bhatti", "Amir Wayn"}
        # No comment in the file is signed MarkH, Bhatti or Amir Wayn: the replies stay top-level.
        assert all(c.parent_id is None for c in published)
    assert _counts(session_factory) == (1, 12, 12, 12)


def test_seed_reimport_changes_nothing(
    seed_file: Path, session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    _import(session_factory, moderation_engine, _parse_seed(seed_file))
    before = _counts(session_factory)
    _import(session_factory, moderation_engine, _parse_seed(seed_file))
    retitled = parse_text(seed_file.read_bytes(), title="Another title")
    _import(session_factory, moderation_engine, retitled)
    assert _counts(session_factory) == before


def test_seed_reply_links_to_latest_comment_by_name(
    session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    text = HEADER + "A first view on the story.\nA second view.\n@Reader 1:\nI disagree with you.\n"
    _import(session_factory, moderation_engine, parse_text(text.encode()))
    with session_factory() as session:
        first, second, reply = session.scalars(select(Comment).order_by(Comment.id)).all()
        assert reply.parent_id == first.id and reply.reply_to_name == "Reader 1"
        assert second.parent_id is None


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (HEADER.encode() + b"Fine comment.\nCaf\xe9 au lait\n", 8, "UTF-8"),
        (b"One paragraph.\nAnother.\n", None, "Published in"),
        (b"One paragraph.\nPublished in The Daily Example, March 3rd, 2020.\n", None, "COMMENTS"),
        (
            b"Story.\nPublished in The Daily Example, March 3rd, 2020.\nFirst comment\n",
            3,
            "COMMENTS",
        ),
        (
            b"Story.\nPublished in The Daily Example, Marchember 3rd, 2020.\nCOMMENTS (1)\n",
            2,
            "date",
        ),
        (b"Story.\nPublished in somewhere, last week\nCOMMENTS (1)\n", 2, "Published in"),
        (HEADER.encode() + b"A comment.\n@MarkH:\n", 8, "@MarkH:"),
        (HEADER.encode() + b"@MarkH:\n@Bhatti:\nA comment.\n", 7, "@MarkH:"),
        (b"Published in The Daily Example, March 3rd, 2020.\nCOMMENTS (0)\n", 1, "paragraphs"),
        (b"", None, "empty"),
        (HEADER.encode() + b"A comment with a \x00 NUL.\n", 7, "NUL"),
    ],
)
def test_seed_malformed_file_names_the_line(data: bytes, line: int | None, words: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_text(data)
    assert caught.value.line == line
    assert words in str(caught.value)
    if line is not None:
        assert str(caught.value).startswith(f"line {line}:")


def test_seed_hostile_text_is_kept_as_text_and_rendered_inert(
    session_factory: sessionmaker[Session], moderation_engine: Engine
) -> None:
    hostile = [
        "<script>alert(1)</script> about the story",
        "[click](javascript:alert(1)) on the story",
        "'; DROP TABLE comments; -- about the story",
        "\uff26\uff55\uff4c\uff4c wide, zero\u200bwidth, rtl \u202e text on the story",
    ]
    text = HEADER + "\n".join(hostile) + "\n"
    _import(session_factory, moderation_engine, parse_text(text.encode()))
    with session_factory() as session:
        stored = session.scalars(select(Comment).order_by(Comment.id)).all()
        assert [c.text for c in stored] == hostile
        assert "<script" not in stored[0].html and 'href="javascript' not in stored[1].html


def test_seed_crlf_and_bom_are_accepted() -> None:
    text = "\ufeff" + HEADER.replace("\n", "\r\n") + "A comment.\r\n"
    article = parse_text(text.encode())
    assert article.outlet == "The Daily Example"
    assert [c.text for c in article.comments] == ["A comment."]


class InterruptOnSecond:
    """A scorer that is interrupted (Ctrl-C) while the second comment is scored."""

    names = ("interrupt",)

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt
        return [[Score("interrupt", 0.0, "not interrupted")] for _ in batch]


def test_seed_interrupted_import_stores_nothing(session_factory: sessionmaker[Session]) -> None:
    pipeline = Pipeline([InterruptOnSecond()])
    engine = Engine(pipeline, default_policy())
    imported = parse_text((HEADER + "One.\nTwo.\nThree.\n").encode())
    with pytest.raises(KeyboardInterrupt):
        _import(session_factory, engine, imported)
    pipeline.close()
    assert _counts(session_factory) == (0, 0, 0, 0)


def test_seed_oversized_file_is_refused() -> None:
    data = HEADER.encode() + b"A comment.\n" * 2_000_000
    with pytest.raises(ImportFormatError, match="limit"):
        parse_text(data)
