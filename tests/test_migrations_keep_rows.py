"""Every migration, up to head and back down, keeps every row of every table.

On SQLite a batch migration copies a table and drops the old one; with foreign keys enforced the
drop used to delete every row that referenced it (0007's upgrade emptied score_records).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from conftest import database_at

from civility.store.db import MIGRATIONS_DIR, make_engine, upgrade

AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
# One row per table, as revision 0001 created the tables; typed where the drivers need it.
ROWS: list[tuple[sa.TableClause, dict[str, object]]] = [
    (
        sa.table("api_keys", *map(sa.column, ["id", "name", "scope", "key_hash", "created_at"])),
        {"id": 1, "name": "cms", "scope": "publisher", "key_hash": "h" * 64, "created_at": AT},
    ),
    (
        sa.table(
            "articles",
            *map(sa.column, ["id", "slug", "title", "body", "created_at", "updated_at"]),
            sa.column("version"),
        ),
        {
            "id": 1,
            "slug": "a",
            "title": "T",
            "body": "B",
            "created_at": AT,
            "updated_at": AT,
            "version": 1,
        },
    ),
    (
        sa.table(
            "authors", *map(sa.column, ["id", "display_name", "email", "trust", "created_at"])
        ),
        {
            "id": 1,
            "display_name": "Ann",
            "email": "ann@example.org",
            "trust": "banned",
            "created_at": AT,
        },
    ),
    (
        sa.table(
            "moderators",
            *map(sa.column, ["id", "username", "password_hash", "role", "created_at"]),
            sa.column("session_generation"),
        ),
        {
            "id": 1,
            "username": "mo",
            "password_hash": "x",
            "role": "admin",
            "created_at": AT,
            "session_generation": 0,
        },
    ),
    (
        sa.table(
            "article_passages",
            *map(sa.column, ["id", "article_id", "article_version", "position", "text", "model"]),
            sa.column("embedding", sa.LargeBinary),
        ),
        {
            "id": 1,
            "article_id": 1,
            "article_version": 1,
            "position": 0,
            "text": "B",
            "model": "m",
            "embedding": b"\x00\x01",
        },
    ),
    (
        sa.table(
            "comments",
            *map(sa.column, ["id", "article_id", "author_id", "text", "html", "status"]),
            *map(sa.column, ["created_at", "reports", "risk"]),
        ),
        {
            "id": 1,
            "article_id": 1,
            "author_id": 1,
            "text": "t",
            "html": "<p>t</p>",
            "status": "held",
            "created_at": AT,
            "reports": 2,
            "risk": 0.7,
        },
    ),
    (
        sa.table(
            "score_feedback", *map(sa.column, ["id", "text", "attribute", "value", "created_at"])
        ),
        {"id": 1, "text": "t", "attribute": "TOXICITY", "value": 0.9, "created_at": AT},
    ),
    (
        sa.table(
            "audit_log",
            *map(sa.column, ["id", "moderator_id", "action", "comment_id", "created_at"]),
        ),
        {"id": 1, "moderator_id": 1, "action": "comment.held", "comment_id": 1, "created_at": AT},
    ),
    (
        sa.table(
            "moderation_records",
            *map(sa.column, ["id", "comment_id", "status", "created_at"]),
            sa.column("reasons", sa.JSON),
        ),
        {"id": 1, "comment_id": 1, "status": "held", "created_at": AT, "reasons": []},
    ),
    (
        sa.table(
            "score_records",
            *map(sa.column, ["id", "record_id", "name", "value", "reason"]),
            sa.column("spans", sa.JSON),
            sa.column("failed", sa.Boolean),
        ),
        {
            "id": 1,
            "record_id": 1,
            "name": "toxicity",
            "value": 0.7,
            "reason": "r",
            "spans": [[0, 1, 1.0]],
            "failed": False,
        },
    ),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema yet: a SQLite file, or a PostgreSQL schema of its own."""
    with database_at(request.param, None, tmp_path) as url:
        yield url


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table, _row in ROWS
        }
    engine.dispose()
    return counts


def test_migrations_keep_every_row_up_and_down(empty_database: str) -> None:
    upgrade(empty_database, "0001")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        for table, row in ROWS:
            conn.execute(sa.insert(table).values(**row))
    engine.dispose()
    every_row = {table.name: 1 for table, _row in ROWS}
    assert _counts(empty_database) == every_row

    upgrade(empty_database)
    assert _counts(empty_database) == every_row
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", empty_database.replace("%", "%%"))
    command.downgrade(config, "0001")
    assert _counts(empty_database) == every_row
    upgrade(empty_database)
    assert _counts(empty_database) == every_row


def _orphan_comment(path: Path) -> None:
    """A comment of an article that is gone, as a hand edit in the sqlite3 shell leaves one
    (foreign keys are off there by default)."""
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM articles")


@pytest.mark.parametrize("start", ["0006", "head"])
def test_migrations_on_sqlite_pass_over_rows_that_were_broken_before(
    tmp_path: Path, start: str
) -> None:
    # A broken row the migrations did not make used to stop every later start of the site.
    path = tmp_path / "site.db"
    url = f"sqlite:///{path}"
    upgrade(url, "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        for table, row in ROWS:
            conn.execute(sa.insert(table).values(**row))
    engine.dispose()
    upgrade(url, start)
    _orphan_comment(path)
    upgrade(url)
    upgrade(url)  # nothing left to migrate: nothing scanned, nothing refused
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM comments").fetchone() == (1,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
