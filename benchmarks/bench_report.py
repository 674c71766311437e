"""The policy report's speed on a large site: N comments' decisions bulk-written, then reported.

Each comment gets the system's decision (85% published, 13% held, 2% rejected, within 60 days)
and 80% of the held and rejected a moderator's answer half an hour later.

    .venv/bin/python benchmarks/bench_report.py [--n 300000] [--url DATABASE_URL]

Without --url: a new SQLite file in a temporary folder. A given database must be empty.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from civility.store.db import make_engine, make_session_factory, upgrade
from civility.store.models import Article, Author, Comment, ModerationRecord, Moderator
from civility.store.policy_report import policy_report

NOW = datetime(2026, 12, 1, tzinfo=UTC)
RULES = ("toxicity", "insult", "off_topic", "spam")
ROWS_PER_INSERT = 20_000


def fill(session: Session, n: int, seed: int = 1) -> None:
    """One article, one author, one admin, and n comments with their decisions."""
    rng = random.Random(seed)
    session.execute(
        insert(Article),
        [dict(id=1, slug="a", title="A", body="", created_at=NOW, updated_at=NOW, version=1)],
    )
    session.execute(insert(Author), [dict(id=1, display_name="R", created_at=NOW)])
    session.execute(
        insert(Moderator),
        [dict(id=1, username="m", password_hash="-", role="admin", created_at=NOW)],
    )
    comments: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for i in range(1, n + 1):
        at = NOW - timedelta(minutes=rng.randrange(60 * 24 * 60))
        status = rng.choices(["published", "held", "rejected"], [85, 13, 2])[0]
        comments.append(
            dict(id=i, article_id=1, author_id=1, text="t", html="t", status=status, created_at=at)
        )
        reasons = (
            [] if status == "published" else [{"category": "abuse", "score": rng.choice(RULES)}]
        )
        records.append(
            dict(comment_id=i, status=status, policy_version="v1", reasons=reasons, created_at=at)
        )
        if status != "published" and rng.random() < 0.8:
            answer = rng.choice(["published", "rejected"])
            records.append(moderator_decision(i, answer, at + timedelta(minutes=30)))
    insert_rows(session, Comment, comments)
    insert_rows(session, ModerationRecord, records)


def moderator_decision(comment_id: int, status: str, at: datetime) -> dict[str, Any]:
    """The admin's decision on a comment, as a row of moderation_records."""
    return dict(comment_id=comment_id, status=status, moderator_id=1, reasons=[], created_at=at)


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Rows bulk-inserted a batch at a time."""
    for start in range(0, len(rows), ROWS_PER_INSERT):
        session.execute(insert(table), rows[start : start + ROWS_PER_INSERT])


@contextmanager
def large_site(
    description: str, fill_site: Callable[[Session, int], None]
) -> Iterator[tuple[Engine, sessionmaker[Session]]]:
    """The command line's database (--url, or a temporary SQLite file), migrated and filled
    with --n comments by `fill_site`; disposed of afterwards."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'site.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        with sessions.begin() as session:
            fill_site(session, args.n)
        try:
            yield engine, sessions
        finally:
            engine.dispose()


def main() -> None:
    """Fill a database, then time the report for two periods."""
    with large_site(__doc__.splitlines()[0], fill) as (engine, sessions):
        print("| database | comments | period | report |\n|---|---|---|---|")
        for label, since in (("last 30 days", NOW - timedelta(days=30)), ("all", None)):
            with sessions() as session:
                start = time.perf_counter()
                found = policy_report(session, since=since, now=NOW)
                seconds = time.perf_counter() - start
            print(f"| {engine.dialect.name} | {found.total:,} | {label} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
