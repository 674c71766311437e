"""`civility export`: every article, comment and decision as JSON Lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine, NewComment, review, submit
from civility.domain import AuthorTrust, CommentStatus
from civility.store import articles, authors, comments, moderators

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


# Stored state a restore or a move to another system needs, beyond the first format's fields.

LATER = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def _site_with_state(sessions: sessionmaker[Session], engine: Engine) -> None:
    """A closed, edited article and a reopened one; a banned author; an Undo-able decision."""
    with sessions() as session, session.begin():
        closed = articles.add(session, title="Trial", body="Court.", now=NOW, url="https://n/t")
        articles.update(session, closed, title="Trial", body="Court, day two.", now=NOW)
        reopened = articles.add(session, title="Old", body="Story.", now=NOW, url="https://n/o")
        kept, _ = submit(session, engine, NewComment(closed.id, "Ann", "Fair trial."), now=NOW)
        banned, _ = submit(session, engine, NewComment(reopened.id, "Troll", "Hello."), now=NOW)
        authors.set_trust(session, banned.author, trust=AuthorTrust.BANNED)
        comments.add_report(session, kept)
        comments.add_report(session, kept)
        moderator = moderators.create(session, username="mod", password_hash="x", now=NOW)
        review(session, kept, status=CommentStatus.REJECTED, moderator_id=moderator.id, now=NOW)
        articles.close_comments(session, closed, now=LATER)
        articles.open_comments(session, reopened, close_after_days=1, now=LATER)


def _export(cli_env: dict[str, str], tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "dump.jsonl"
    result = CliRunner().invoke(main, ["export", "-o", str(out)], env=cli_env)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_export_keeps_articles_closed_state_and_version(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    _site_with_state(session_factory, lexicon_engine)
    closed, reopened = (r for r in _export(cli_env, tmp_path) if r["type"] == "article")
    assert closed["comments_closed_at"] == LATER.isoformat()
    assert closed["comments_reopened_at"] is None
    assert closed["version"] == 2
    assert reopened["comments_closed_at"] is None
    assert reopened["comments_reopened_at"] == LATER.isoformat()
    assert reopened["version"] == 1


def test_export_keeps_each_authors_trust(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    _site_with_state(session_factory, lexicon_engine)
    rows = [r for r in _export(cli_env, tmp_path) if r["type"] == "comment"]
    trust = {r["author_name"]: r["author_trust"] for r in rows}
    assert trust == {"Ann": "normal", "Troll": "banned"}
    assert {r["author_created_at"] for r in rows} == {NOW.isoformat()}
    assert all("author_email" not in r for r in rows)


def test_export_keeps_what_undo_restores(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    _site_with_state(session_factory, lexicon_engine)
    decisions = [r for r in _export(cli_env, tmp_path) if r["type"] == "decision"]
    (review_row,) = [d for d in decisions if d["moderator_id"] is not None]
    assert (review_row["status"], review_row["previous_status"]) == ("rejected", "published")
    assert review_row["previous_reports"] == 2
    for system in (d for d in decisions if d["moderator_id"] is None):
        assert (system["previous_status"], system["previous_reports"]) == (None, None)
        ids = [s["id"] for s in system["scores"]]
        assert ids == sorted(ids) and all(isinstance(i, int) for i in ids)


def test_export_adds_fields_without_renaming_any(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    tmp_path: Path,
) -> None:
    """Readers of the first format still find every key they read, with the new ones added."""
    _site(session_factory, lexicon_engine)
    rows = _export(cli_env, tmp_path)
    first_format = {
        "article": {"id", "slug", "url", "title", "body", "outlet", "published_at"}
        | {"created_at", "updated_at"},
        "comment": {"id", "article_id", "parent_id", "author_id", "author_name", "text"}
        | {"status", "created_at", "reply_to_name", "external_key", "reports", "risk"},
        "decision": {"id", "comment_id", "status", "policy_version", "model_versions"}
        | {"moderator_id", "reasons", "note", "created_at", "scores"},
    }
    added = {
        "article": {"version", "comments_closed_at", "comments_reopened_at"},
        "comment": {"author_trust", "author_created_at"},
        "decision": {"previous_status", "previous_reports"},
    }
    for row in rows:
        assert set(row) == {"type"} | first_format[row["type"]] | added[row["type"]]
        for score in row.get("scores", []):
            assert set(score) == {"id", "name", "value", "reason", "spans", "failed"}
