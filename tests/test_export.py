"""`civility export`: every article, comment and decision as JSON Lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine, NewComment, review, submit
from civility.domain import CommentStatus
from civility.store import articles, moderators

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _site(sessions: sessionmaker[Session], engine: Engine) -> None:
    """An article, a comment and a reply (one rejected), and a moderator's review."""
    with sessions() as session, session.begin():
        article = articles.add(session, title="Budget", body="Taxes.", now=NOW, url="https://n/a")
        first, _ = submit(
            session,
            engine,
            NewComment(article.id, "Zoë", 'Fuel taxes — "hurt"\n😀', author_email="z@x.org"),
            now=NOW,
        )
        submit(session, engine, NewComment(article.id, "Bob", "idiot", parent_id=first.id), now=NOW)
        moderator = moderators.create(session, username="mod", password_hash="x", now=NOW)
        review(session, first, status=CommentStatus.HELD, moderator_id=moderator.id, now=NOW)


def test_export_writes_every_record(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    _site(session_factory, lexicon_engine)
    out = tmp_path / "dump.jsonl"
    result = CliRunner().invoke(main, ["export", "-o", str(out)], env=cli_env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in rows] == ["article"] + ["comment"] * 2 + ["decision"] * 3
    article, first, reply = rows[0], rows[1], rows[2]
    assert (article["title"], article["url"]) == ("Budget", "https://n/a")
    assert first["text"] == 'Fuel taxes — "hurt"\n😀' and first["author_name"] == "Zoë"
    assert "author_email" not in first
    assert (first["status"], reply["status"], reply["parent_id"]) == (
        "held",
        "rejected",
        first["id"],
    )
    decisions = rows[3:]
    assert [d["moderator_id"] is None for d in decisions] == [True, True, False]
    assert {s["name"] for s in decisions[1]["scores"]} == {"toxicity", "insult", "spam"}
    assert decisions[1]["reasons"][0]["category"] == "abuse"
    # Which trained models scored: the lexicon engine's scorers name none; moderators never do.
    assert [d["model_versions"] for d in decisions] == [lexicon_engine.model_versions] * 2 + [None]


def test_export_to_stdout_with_emails(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    _site(session_factory, lexicon_engine)
    result = CliRunner().invoke(main, ["export", "--with-emails"], env=cli_env)
    assert result.exit_code == 0, result.output
    comments = [json.loads(x) for x in result.stdout.splitlines() if '"type":"comment"' in x]
    assert comments[0]["author_email"] == "z@x.org"
    assert "exported 6 records" in result.stderr


def test_export_of_an_empty_site(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "empty.jsonl"
    result = CliRunner().invoke(main, ["export", "-o", str(out)], env=cli_env)
    assert result.exit_code == 0 and out.read_text() == ""
