"""Replies by "@Name:": the page form and the API thread them as the seed importer does."""

from __future__ import annotations

import html as html_lib
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from conftest import LexiconScorer
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine, NewComment, submit
from civility.domain import CommentStatus, Submission
from civility.importers.loader import load_article
from civility.importers.records import ImportedArticle, ImportedComment
from civility.pipeline.base import Pipeline
from civility.pipeline.policy import build_policy
from civility.store import articles, comments
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class RecordingScorer(LexiconScorer):
    """The lexicon stand-in, noting the parent text each submission was scored with."""

    def __init__(self) -> None:
        self.parent_texts: list[str | None] = []

    def __call__(self, batch: object) -> list[list[object]]:
        """Record, then score as the lexicon does."""
        subs: Sequence[Submission] = batch  # type: ignore[assignment]
        self.parent_texts.extend(sub.parent_text for sub in subs)
        return super().__call__(batch)


@pytest.fixture
def recording_engine() -> Iterator[tuple[Engine, RecordingScorer]]:
    """An engine whose scorer records what the off-topic check would compare with."""
    scorer = RecordingScorer()
    pipeline = Pipeline([scorer], timeout_s=2.0)
    yield Engine(pipeline, build_policy([scorer])), scorer
    pipeline.close()


@dataclass(frozen=True)
class Thread:
    """Two articles; MarkH wrote on both, and his latest comment on the first is held."""

    slug: str
    first: int  # MarkH, published
    latest: int  # MarkH, published: the one "@MarkH:" answers
    held: int  # MarkH, held for a moderator
    bhatti: int  # Bhatti, published
    elsewhere: int  # MarkH, published, on the other article (newest of all)


def _comment(
    session: Session, engine: Engine, article_id: int, name: str, text: str, minute: int
) -> int:
    new = NewComment(article_id, name, text)
    comment, _ = submit(session, engine, new, now=NOW + timedelta(minutes=minute))
    return comment.id


def _thread(factory: sessionmaker[Session], engine: Engine) -> Thread:
    with factory.begin() as session:
        body = "Talks with the Haqqani network.\n\nBoth sides met."
        story = articles.add(session, title="Talks resume", body=body, now=NOW)
        other = articles.add(session, title="Budget passed", body="The budget.", now=NOW)
        ids = [
            _comment(session, engine, story.id, "MarkH", "The talks will fail.", 1),
            _comment(session, engine, story.id, "MarkH", "The US wants military action.", 2),
            _comment(session, engine, story.id, "Bhatti", "Talks are the only way.", 3),
            _comment(session, engine, story.id, "MarkH", "A held second thought.", 4),
            _comment(session, engine, other.id, "MarkH", "The budget is too small.", 5),
        ]
        held = comments.get(session, ids[3])
        assert held is not None
        comments.set_status(session, held, status=CommentStatus.HELD)
        return Thread(story.slug, ids[0], ids[1], ids[3], ids[2], ids[4])


def _stored(factory: sessionmaker[Session], text: str) -> Comment:
    with factory() as session:
        comment = session.scalars(select(Comment).where(Comment.text == text)).one()
        session.expunge(comment)
        return comment


def _form_post(client: Any, slug: str, text: str, name: str = "Amir", parent_id: str = "") -> Any:
    page = client.get(f"/articles/{slug}").text
    data = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": name,
        "text": text,
        "parent_id": parent_id,
    }
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


def _api_post(client: Any, slug: str, text: str, **fields: Any) -> Any:
    payload = {"author_name": "Amir", "text": text, **fields}
    return client.post(f"/api/v1/articles/{slug}/comments", json=payload)


def test_mention_form_reply_answers_the_latest_published_comment_by_that_name(
    make_web_client: Any, recording_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    engine, scorer = recording_engine
    thread = _thread(session_factory, engine)
    client = make_web_client(engine)
    text = "@MarkH: You are right, the US wanted action."
    assert _form_post(client, thread.slug, text).status_code == 303
    reply = _stored(session_factory, text)
    # Not the held comment, not the one on the other article, not his first.
    assert (reply.parent_id, reply.reply_to_name) == (thread.latest, "MarkH")
    assert scorer.parent_texts[-1] == "The US wants military action."  # scored with its parent
    html = client.get(f"/articles/{thread.slug}").text
    nested = re.search(rf'id="c{thread.latest}".*?<ol class="replies">(.*?)</ol>', html, re.S)
    assert nested is not None and "You are right" in nested.group(1)
    assert html.count("@MarkH") == 1  # the text names him; no label repeats it


def test_mention_api_reply_answers_the_latest_published_comment_by_that_name(
    make_web_client: Any, recording_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    engine, scorer = recording_engine
    thread = _thread(session_factory, engine)
    answer = _api_post(make_web_client(engine), thread.slug, "@markh: Ohh really?")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["parent_id"], body["reply_to_name"]) == (thread.latest, "markh")
    assert scorer.parent_texts[-1] == "The US wants military action."


@pytest.mark.parametrize("via", ["form", "api"])
def test_mention_an_explicit_parent_wins_over_the_name(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], via: str
) -> None:
    thread = _thread(session_factory, lexicon_engine)
    client = make_web_client(lexicon_engine)
    text = "@MarkH: Bhatti is right, and so are you."
    if via == "form":
        assert (
            _form_post(client, thread.slug, text, parent_id=str(thread.bhatti)).status_code == 303
        )
    else:
        assert _api_post(client, thread.slug, text, parent_id=thread.bhatti).status_code == 201
    explicit = _stored(session_factory, text)
    assert (explicit.parent_id, explicit.reply_to_name) == (thread.bhatti, "Bhatti")
    # The same words without a parent answer MarkH.
    if via == "form":
        _form_post(client, thread.slug, text + " Again.")
    else:
        _api_post(client, thread.slug, text + " Again.")
    assert _stored(session_factory, text + " Again.").parent_id == thread.latest


@pytest.mark.parametrize(
    "text",
    [
        "@Nobody: Who are you answering?",  # no such author
        "@Budget Reader: Wrong article.",  # wrote only on the other article
        "@Held Reader: Not published yet.",  # only a held comment
        "@MarkH, no colon: not the importer's form.",
        "@MarkH no colon either.",
        "Agreeing with @MarkH: not at the start.",
        "@MarkHenry: someone else.",
    ],
)
def test_mention_a_name_that_answers_nobody_here_stays_top_level(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], text: str
) -> None:
    thread = _thread(session_factory, lexicon_engine)
    with session_factory.begin() as session:
        story = articles.get_by_slug(session, thread.slug)
        other = articles.get_by_slug(session, "budget-passed")
        assert story is not None and other is not None
        _comment(session, lexicon_engine, other.id, "Budget Reader", "Budget talk.", 6)
        held = _comment(session, lexicon_engine, story.id, "Held Reader", "Wait for it.", 7)
        comment = comments.get(session, held)
        assert comment is not None
        comments.set_status(session, comment, status=CommentStatus.HELD)
    client = make_web_client(lexicon_engine)
    assert _form_post(client, thread.slug, text).status_code == 303
    stored = _stored(session_factory, text)
    assert (stored.parent_id, stored.reply_to_name) == (None, None)
    html = client.get(f"/articles/{thread.slug}").text
    assert html_lib.escape(text, quote=False) in html  # shown as typed...
    assert 'class="replies"' not in html and 'class="reply-to"' not in html  # ...at the top
    # In the same thread, the seed's form does answer MarkH.
    _form_post(client, thread.slug, "@MarkH: but you, yes.")
    assert _stored(session_factory, "@MarkH: but you, yes.").parent_id == thread.latest


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Reader 3", "@Reader 3:"),
        ("Reader 3", "@reader 3 :"),
        ("Émile Zoë", "@Émile Zoë:"),
        ("Émile Zoë", "@émile zoë:"),
        ("Ünal", "@ÜNAL:"),
        ("李明", "@李明:"),
        ("O'Brien-Smith", "@O'Brien-Smith:"),
        ("Zoë", "@Zoë:\n"),
    ],
)
def test_mention_names_with_spaces_and_unicode_are_answered(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    name: str,
    typed: str,
) -> None:
    thread = _thread(session_factory, lexicon_engine)
    client = make_web_client(lexicon_engine)
    assert _form_post(client, thread.slug, "Talks first, then trust.", name=name).status_code == 303
    target = _stored(session_factory, "Talks first, then trust.")
    text = f"{typed} You are right, talks first."
    assert _api_post(client, thread.slug, text).status_code == 201
    reply = _stored(session_factory, text.strip())
    assert reply.parent_id == target.id
    assert reply.reply_to_name is not None and reply.reply_to_name.casefold() == name.casefold()


HOSTILE = {
    "html": "@<b>MarkH</b>: <script>alert(1)</script>",
    "html_in_name": "@MarkH<img src=x onerror=alert(1)>: hi",
    "long_name": "@" + "a" * 4_900 + ": hi",
    "long_spaces": "@a" + " " * 4_900 + ": hi",
    "nul": "@MarkH\x00: hi",
    "rtl_before": "@\u202eHkraM: hi",
    "rtl_after": "@MarkH\u202e: hi",
    "only_the_mention": "@MarkH:",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_mention_hostile_input_stays_top_level_or_is_refused_clearly(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], case: str
) -> None:
    thread = _thread(session_factory, lexicon_engine)
    client = make_web_client(lexicon_engine)
    text = HOSTILE[case]
    form = _form_post(client, thread.slug, text)
    api = _api_post(client, thread.slug, text, client_key=f"api-{case}")
    assert form.status_code in (303, 422), form.text[:300]
    assert api.status_code in (201, 422), api.text[:300]
    assert "<script>alert" not in client.get(f"/articles/{thread.slug}").text
    with session_factory() as session:
        stored = session.scalars(select(Comment).where(Comment.id > thread.elsewhere)).all()
        assert [c.parent_id for c in stored] == [None] * len(stored)
    # A hostile tail after a real name still answers him, with the text as typed.
    tail = "@MarkH: <b>really</b>? \u202e" + "x" * 100
    assert _form_post(client, thread.slug, tail).status_code == 303
    assert _stored(session_factory, tail).parent_id == thread.latest


def test_mention_rule_is_quick_on_ten_thousand_characters_after_the_at() -> None:
    from civility.web.posting import mentioned_name

    for text in ("@" + "a" * 10_000 + ":", "@a" + " " * 10_000, "@" + "a " * 5_000 + "x"):
        started = time.perf_counter()
        assert mentioned_name(text) is None
        assert time.perf_counter() - started < 1.0
    assert mentioned_name("@Reader 3: You are right") == "Reader 3"


def test_mention_importer_replies_keep_resolving_unicode_names(
    default_engine: Any, session_factory: sessionmaker[Session], seed_file: Any
) -> None:
    imported = ImportedArticle(
        title="Talks",
        body="Talks with the Haqqani network.",
        comments=(
            ImportedComment("k:1", "Talks first.", "Émile Zoë", NOW, 1),
            ImportedComment("k:2", "@Émile Zoë: Agreed.", "Reader 2", NOW, 2, "Émile Zoë"),
            ImportedComment("k:3", "@MarkH: Nobody here.", "Reader 3", NOW, 3, "MarkH"),
        ),
    )
    with session_factory.begin() as session:
        result = load_article(session, default_engine, imported, now=NOW)
        first, reply, unknown = session.scalars(
            select(Comment).where(Comment.article_id == result.article.id).order_by(Comment.id)
        ).all()
        assert (reply.parent_id, reply.reply_to_name) == (first.id, "Émile Zoë")
        assert (unknown.parent_id, unknown.reply_to_name) == (None, "MarkH")
