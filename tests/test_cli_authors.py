"""`civility authors`: find a reader, export all stored about them, erase it on request."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine, NewComment, review, submit
from civility.domain import AuthorTrust, CommentStatus
from civility.importers.disqus import import_disqus
from civility.passwords import hash_password
from civility.store import articles, authors, moderators
from civility.store.models import AuditEntry, Author, Comment, ModerationRecord, ScoreRecord

NOW = datetime(2026, 12, 22, 9, 30, tzinfo=UTC)
ALICE = "Alice Ünal"
ALICE_EMAIL = "Alice@Example.org"
ALICE_TEXTS = (
    "The budget's café tax is naïve — 12 % more for nothing.",
    "You idiot, the minister said the opposite yesterday.",
    "Buy now: cheap flights to the budget hearing.",
)
BOB_REPLY = "@Alice Ünal: the café tax was in the draft, though."
NOTE = "quotes 'You idiot' at the minister: fine"
ERASED_TEXT = "[removed at the author's request]"


@dataclass(frozen=True)
class World:
    slug: str
    alice: int
    bob: int
    alice_comments: tuple[int, ...]
    bob_reply: int


def _invoke(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["authors", *args], env=env, input=stdin)


def _world(factory: sessionmaker[Session], engine: Engine) -> World:
    """Alice's three comments (one reviewed with a note), Bob's reply to her first, others."""
    with factory.begin() as session:
        article = articles.add(session, title="Budget: the café tax", body="Taxes rise.", now=NOW)
        keys = ("form-token-0123456789-abcdef", None, "disqus:4711")
        posted = [
            submit(
                session,
                engine,
                NewComment(article.id, ALICE, text, author_email=ALICE_EMAIL, external_key=key),
                now=NOW,
            )[0]
            for text, key in zip(ALICE_TEXTS, keys, strict=True)
        ]
        mod = moderators.create(
            session, username="mo", password_hash=hash_password("x" * 12), now=NOW
        )
        review(
            session,
            posted[1],
            status=CommentStatus.PUBLISHED,
            moderator_id=mod.id,
            now=NOW,
            note=NOTE,
        )
        reply = NewComment(
            article.id,
            "Bob",
            BOB_REPLY,
            author_email="bob@example.org",
            parent_id=posted[0].id,
            reply_to_name=ALICE,
        )
        bob_reply = submit(session, engine, reply, now=NOW)[0]
        for name in ("Carol 100% Real", "Dan_Smith", "Malice O'Brien"):
            submit(session, engine, NewComment(article.id, name, "Taxes, again."), now=NOW)
        return World(
            article.slug,
            posted[0].author_id,
            bob_reply.author_id,
            tuple(c.id for c in posted),
            bob_reply.id,
        )


def _found(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [row["display_name"] for row in json.loads(result.stdout)["authors"]]


def _snapshot(factory: sessionmaker[Session], comment_ids: tuple[int, ...]) -> dict[str, Any]:
    """Every stored thing erase may touch, as plain values."""
    with factory() as session:
        records = session.scalars(
            select(ModerationRecord)
            .where(ModerationRecord.comment_id.in_(comment_ids))
            .order_by(ModerationRecord.id)
        ).all()
        scores = session.scalars(
            select(ScoreRecord)
            .where(ScoreRecord.record_id.in_([r.id for r in records]))
            .order_by(ScoreRecord.id)
        ).all()
        return {
            "authors": session.execute(
                select(Author.id, Author.display_name, Author.email, Author.trust).order_by(
                    Author.id
                )
            ).all(),
            "comments": session.execute(
                select(
                    Comment.id,
                    Comment.author_id,
                    Comment.parent_id,
                    Comment.status,
                    Comment.text,
                    Comment.html,
                    Comment.reply_to_name,
                    Comment.external_key,
                ).order_by(Comment.id)
            ).all(),
            "records": [(r.id, r.status, r.moderator_id, r.reasons, r.note) for r in records],
            "scores": [(s.id, s.name, s.value, s.reason, s.spans) for s in scores],
            "audit": session.execute(
                select(
                    AuditEntry.action,
                    AuditEntry.moderator_id,
                    AuditEntry.author_id,
                    AuditEntry.detail,
                ).order_by(AuditEntry.id)
            ).all(),
        }


# --- find


def test_cli_authors_find_by_name_part_and_by_email_in_any_case(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    world = _world(session_factory, lexicon_engine)
    assert _found(_invoke(cli_env, "find", "lice", "--json")) == [ALICE, "Malice O'Brien"]
    assert _found(_invoke(cli_env, "find", "ALICE ü", "--json")) == [ALICE]
    for email in ("alice@example.org", "ALICE@example.ORG", " Alice@Example.org "):
        assert _found(_invoke(cli_env, "find", email, "--json")) == [ALICE]

    rows = json.loads(_invoke(cli_env, "find", "alice@EXAMPLE.org", "--json").stdout)
    assert rows["total"] == 1
    assert rows["authors"] == [
        {
            "id": world.alice,
            "display_name": ALICE,
            "email": "alice@example.org",
            "trust": "normal",
            "comments": {"published": 2, "held": 0, "rejected": 1},
            "first_comment_at": NOW.isoformat(),
            "last_comment_at": NOW.isoformat(),
        }
    ]
    text = _invoke(cli_env, "find", "Ünal")
    assert text.exit_code == 0, text.output
    assert text.stdout == (
        f"{world.alice}\t{ALICE}\talice@example.org\tnormal\t"
        "2 published, 0 held, 1 rejected\t2026-12-22 to 2026-12-22\n"
    )


def test_cli_authors_find_lists_a_hundred_and_says_how_many_more(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        for n in range(103):
            authors.get_or_create(session, display_name=f"Reader {n}", now=NOW)
    result = _invoke(cli_env, "find", "reader")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 100
    assert "... and 3 more" in result.stderr
    assert json.loads(_invoke(cli_env, "find", "reader", "--json").stdout)["total"] == 103


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%", ["Carol 100% Real"]),
        ("_", ["Dan_Smith"]),
        ("'", ["Malice O'Brien"]),
        ("O'Brien'; DROP TABLE authors; --", []),
        ("x" * 100_000, []),
        ("", [ALICE, "Bob", "Carol 100% Real", "Dan_Smith", "Malice O'Brien"]),
    ],
)
def test_cli_authors_find_takes_sql_metacharacters_literally(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    text: str,
    expected: list[str],
) -> None:
    _world(session_factory, lexicon_engine)
    assert _found(_invoke(cli_env, "find", text, "--json")) == expected
    plain = _invoke(cli_env, "find", text)
    assert plain.exit_code == 0, plain.output
    if not expected:
        assert plain.stdout == "" and "no author found" in plain.stderr


@pytest.mark.parametrize("text", ["nul\x00byte", "\x00", "half \ud800 pair", "\udfff"])
def test_cli_authors_find_refuses_text_no_name_can_hold(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], text: str
) -> None:
    result = _invoke(cli_env, "find", text)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "NUL character or a lone surrogate" in result.stderr


def test_cli_authors_find_escapes_control_characters_in_names(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    with session_factory.begin() as session:
        authors.get_or_create(session, display_name="Eve\tfake\x1b[2Jcolumn\u202e", now=NOW)
    result = _invoke(cli_env, "find", "Eve")
    assert result.exit_code == 0, result.output
    assert "\\tfake\\x1b[2Jcolumn\\u202e\t" in result.stdout
    assert "\x1b" not in result.stdout and result.stdout.count("\t") == 5


# --- export


def test_cli_authors_export_holds_comments_and_decisions_as_utf8_json(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    world = _world(session_factory, lexicon_engine)
    out = tmp_path / "alice.json"
    result = _invoke(cli_env, "export", str(world.alice), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"exported author {world.alice}: 3 comments, 4 decisions" in result.stderr
    raw = out.read_bytes()
    assert "Ünal".encode() in raw and "café".encode() in raw  # not \u escapes
    document = json.loads(raw.decode("utf-8"))
    assert document["author"] == {
        "id": world.alice,
        "display_name": ALICE,
        "email": "alice@example.org",
        "trust": "normal",
        "created_at": NOW.isoformat(),
    }
    comments = document["comments"]
    assert [c["text"] for c in comments] == list(ALICE_TEXTS)
    assert [c["status"] for c in comments] == ["published", "published", "rejected"]
    assert {c["article"]["slug"] for c in comments} == {world.slug}
    assert comments[0]["article"]["title"] == "Budget: the café tax"
    assert all(c["parent_id"] is None and c["created_at"] for c in comments)
    insulting = comments[1]["decisions"]
    assert [(d["by"], d["status"]) for d in insulting] == [
        ("system", "rejected"),
        ("moderator", "published"),
    ]
    assert insulting[1]["note"] == NOTE
    toxicity = next(s for s in insulting[0]["scores"] if s["name"] == "toxicity")
    assert toxicity["value"] == 0.95 and toxicity["spans"] and toxicity["reason"]
    assert insulting[0]["reasons"] and all(r["text"] for r in insulting[0]["reasons"])
    assert ("comment.published", comments[1]["id"], NOTE) in [
        (e["action"], e["comment_id"], e["detail"]) for e in document["audit"]
    ]
    # Nothing of Bob's, and no moderator named.
    assert (
        BOB_REPLY not in raw.decode() and "bob@" not in raw.decode() and '"mo"' not in raw.decode()
    )

    to_stdout = _invoke(cli_env, "export", str(world.alice))
    assert to_stdout.exit_code == 0, to_stdout.output
    assert json.loads(to_stdout.stdout_bytes)["comments"] == comments


@pytest.mark.parametrize("author_id", ["999999", "0", "99999999999999999999"])
def test_cli_authors_unknown_id_is_a_clear_error(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], author_id: str
) -> None:
    for command in (["export", author_id], ["erase", author_id, "--yes"]):
        result = _invoke(cli_env, *command)
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)
        assert f"no author with id {author_id}" in result.stderr


# --- erase


def test_cli_authors_erase_removes_name_email_texts_and_quotes_but_keeps_the_threads(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    make_web_client: Any,
) -> None:
    world = _world(session_factory, lexicon_engine)
    with session_factory.begin() as session:
        alice = session.get(Author, world.alice)
        assert alice is not None
        authors.set_trust(session, alice, trust=AuthorTrust.BANNED)
    page = make_web_client(lexicon_engine).get(f"/articles/{world.slug}")
    assert page.status_code == 200 and "Ünal" in page.text
    before = _snapshot(session_factory, world.alice_comments)

    result = _invoke(cli_env, "erase", str(world.alice), "--yes")
    assert result.exit_code == 0, result.output
    placeholder = f"[erased {world.alice}]"
    assert result.stdout == (
        f"erased author {world.alice}: now {placeholder!r}, no email; 3 comments' texts "
        "(1 client keys cleared), 4 decisions' reasons and notes, 9 scores' reasons and spans, "
        "1 audit details, 1 replies' names\n"
    )
    after = _snapshot(session_factory, world.alice_comments)

    # The author: placeholder, no email, the ban kept; everyone else untouched.
    assert (world.alice, placeholder, None, AuthorTrust.BANNED) in after["authors"]
    others = [a for a in before["authors"] if a[0] != world.alice]
    assert others == [a for a in after["authors"] if a[0] != world.alice]
    # Her comments: the text gone, status, parent and author kept; the form's key cleared.
    mine = {c[0]: c for c in after["comments"] if c[1] == world.alice}
    was = {c[0]: c for c in before["comments"] if c[1] == world.alice}
    assert sorted(mine) == sorted(world.alice_comments)
    for comment_id, row in mine.items():
        assert row.text == ERASED_TEXT and row.html == "<p>[removed at the author's request]</p>\n"
        assert (row.status, row.parent_id) == (was[comment_id].status, was[comment_id].parent_id)
    assert [mine[i].external_key for i in world.alice_comments] == [None, None, "disqus:4711"]
    # Bob's reply: still under her comment, naming the placeholder, his words his own.
    reply = next(c for c in after["comments"] if c[0] == world.bob_reply)
    assert (reply.parent_id, reply.reply_to_name, reply.text) == (
        world.alice_comments[0],
        placeholder,
        BOB_REPLY,
    )
    untouched = [c for c in before["comments"] if c[1] != world.alice and c[0] != world.bob_reply]
    assert untouched == [
        c for c in after["comments"] if c[1] != world.alice and c[0] != world.bob_reply
    ]
    # Decisions: the same statuses, categories, scores and values; no words, notes or spans.
    assert [(r[0], r[1], r[2]) for r in after["records"]] == [
        (r[0], r[1], r[2]) for r in before["records"]
    ]
    assert any(r[3] for r in before["records"]) and any(s[4] for s in before["scores"])
    for (_, _, _, reasons, note), (_, _, _, old_reasons, old_note) in zip(
        after["records"], before["records"], strict=True
    ):
        assert reasons == [{**r, "text": "[erased]"} for r in old_reasons]
        assert note == (None if old_note is None else "[erased]")
    assert [(s[0], s[1], s[2]) for s in after["scores"]] == [
        (s[0], s[1], s[2]) for s in before["scores"]
    ]
    assert all(s[3] == "[erased]" and s[4] == [] for s in after["scores"])
    # The audit: the note's copy blanked, one entry naming the author by id only.
    assert NOTE not in str(after["audit"])
    assert after["audit"][-1] == ("author.erased", None, world.alice, None)
    assert after["audit"][:-1] == [
        (a, m, i, "[erased]" if d == NOTE else d) for a, m, i, d in before["audit"]
    ]
    # Nothing left that quotes her anywhere in the export, nor on the article page.
    exported = _invoke(cli_env, "export", str(world.alice)).stdout
    assert "Ünal" not in exported and "alice@" not in exported and "idiot" not in exported
    page = make_web_client(lexicon_engine).get(f"/articles/{world.slug}")
    assert page.status_code == 200
    assert "naïve" not in page.text and "opposite" not in page.text
    # Her name stays only where Bob wrote it himself: his words are his (the README says so).
    assert page.text.count("Ünal") == page.text.count("@Alice Ünal: the café tax") == 1
    assert "removed at the author" in page.text and placeholder in page.text
    assert "the café tax was in the draft" in page.text


def test_cli_authors_erase_twice_is_harmless(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    world = _world(session_factory, lexicon_engine)
    assert _invoke(cli_env, "erase", str(world.alice), "--yes").exit_code == 0
    once = _snapshot(session_factory, world.alice_comments)
    again = _invoke(cli_env, "erase", str(world.alice), "--yes")
    assert again.exit_code == 0, again.output
    assert "already erased" in again.stdout and "0 client keys cleared" in again.stdout
    twice = _snapshot(session_factory, world.alice_comments)
    assert {k: v for k, v in twice.items() if k != "audit"} == {
        k: v for k, v in once.items() if k != "audit"
    }
    assert twice["audit"] == [*once["audit"], ("author.erased", None, world.alice, None)]


def test_cli_authors_readers_cannot_post_as_an_erased_author(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    make_web_client: Any,
) -> None:
    # Without the refusal, a comment posted as "[erased ID]" with no email joined that row.
    world = _world(session_factory, lexicon_engine)
    assert _invoke(cli_env, "erase", str(world.alice), "--yes").exit_code == 0
    client = make_web_client(lexicon_engine)
    url = f"/api/v1/articles/{world.slug}/comments"
    for name in (f"[erased {world.alice}]", f" [erased {world.alice}-2] ", "[erased 1]"):
        answer = client.post(url, json={"author_name": name, "text": "Taxes again."})
        assert answer.status_code == 422, name
        assert "erased authors" in answer.text
    # Names that only look alike are anyone's.
    for name in (f"[Erased {world.alice}]", "[erased]", f"[erased {world.alice}] Jr"):
        assert client.post(url, json={"author_name": name, "text": "Taxes."}).status_code == 201
    with session_factory() as session:
        count = session.scalar(
            select(func.count()).select_from(Comment).where(Comment.author_id == world.alice)
        )
    assert count == len(world.alice_comments)


def test_cli_authors_erase_asks_first_and_no_changes_nothing(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    world = _world(session_factory, lexicon_engine)
    before = _snapshot(session_factory, world.alice_comments)
    refused = _invoke(cli_env, "erase", str(world.alice), stdin="n\n")
    assert refused.exit_code == 1
    assert f"Erase author {world.alice} ('{ALICE}') and the texts of their 3 comments?" in (
        refused.output
    )
    assert _snapshot(session_factory, world.alice_comments) == before
    accepted = _invoke(cli_env, "erase", str(world.alice), stdin="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert f"erased author {world.alice}" in accepted.stdout


def test_cli_authors_erase_avoids_a_placeholder_a_reader_took(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    world = _world(session_factory, lexicon_engine)
    with session_factory.begin() as session:
        squatter = authors.get_or_create(session, display_name=f"[erased {world.alice}]", now=NOW)
        squatter_id = squatter.id
    result = _invoke(cli_env, "erase", str(world.alice), "--yes")
    assert result.exit_code == 0, result.output
    with session_factory() as session:
        names = {i: n for i, n in session.execute(select(Author.id, Author.display_name))}
    assert names[world.alice] == f"[erased {world.alice}-2]"
    assert names[squatter_id] == f"[erased {world.alice}]"
    assert _invoke(cli_env, "erase", str(world.alice), "--yes").exit_code == 0


def test_cli_authors_erase_survives_importing_the_same_export_again(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    data = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
        '<thread dsq:id="t1"><link>https://news.example/t1</link><title>T1</title></thread>\n'
        '<post dsq:id="p1"><message>Zoë thinks the café tax is naïve.</message>'
        "<createdAt>2011-10-25T10:00:00Z</createdAt>"
        "<author><email>Zoe@Example.org</email><name>Zoë</name></author>"
        '<thread dsq:id="t1"/></post>\n'
        "</disqus>\n"
    ).encode()
    with session_factory.begin() as session:
        import_disqus(session, lexicon_engine, io.BytesIO(data), remoderate=False, now=NOW)
    (row,) = json.loads(_invoke(cli_env, "find", "zoe@example.org", "--json").stdout)["authors"]
    assert _invoke(cli_env, "erase", str(row["id"]), "--yes").exit_code == 0
    with session_factory.begin() as session:
        stats = import_disqus(session, lexicon_engine, io.BytesIO(data), remoderate=False, now=NOW)
    assert stats.created == 0
    with session_factory() as session:
        stored = session.execute(
            select(Author.display_name, Comment.text).join(Comment.author)
        ).all()
    assert stored == [(f"[erased {row['id']}]", ERASED_TEXT)]


def test_cli_authors_erased_comments_stay_erased_when_the_text_file_is_imported_again(
    cli_env: dict[str, str], seed_file: Path, session_factory: sessionmaker[Session]
) -> None:
    # The second import used to stop at the first erased comment: its key's comment "differed".
    first = CliRunner().invoke(main, ["import-text", str(seed_file)], env=cli_env)
    assert first.exit_code == 0, first.output
    with session_factory() as session:
        comment = session.scalars(select(Comment).order_by(Comment.id)).first()
        assert comment is not None
        author_id, comment_id = comment.author_id, comment.id
    assert _invoke(cli_env, "erase", str(author_id), "--yes").exit_code == 0
    again = CliRunner().invoke(main, ["import-text", str(seed_file)], env=cli_env)
    assert again.exit_code == 0, again.output
    assert "0 comments imported, 12 already there" in again.stdout
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 12
        erased = session.get(Comment, comment_id)
        assert erased is not None and erased.text == ERASED_TEXT
        assert erased.author.display_name == f"[erased {author_id}]"


def test_cli_authors_warns_that_an_author_without_email_is_anyone_with_the_name(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    world = _world(session_factory, lexicon_engine)
    with session_factory() as session:
        dan = session.scalars(select(Author).where(Author.display_name == "Dan_Smith")).one()
    exported = _invoke(cli_env, "export", str(dan.id))
    assert exported.exit_code == 0 and "warning: this author gave no email" in exported.stderr
    assert "'Dan_Smith' is everyone who posted under that name" in exported.stderr
    erased = _invoke(cli_env, "erase", str(dan.id), "--yes")
    assert erased.exit_code == 0 and "gave no email" in erased.stderr
    # Alice gave one; an erased author is nobody's name any more: no warning.
    assert "warning" not in _invoke(cli_env, "export", str(world.alice)).stderr
    assert "warning" not in _invoke(cli_env, "erase", str(world.alice), "--yes").stderr
    assert "warning" not in _invoke(cli_env, "erase", str(dan.id), "--yes").stderr
