"""Time the moderators' queue page on a busy site: SQL statements and milliseconds per load.

    nice .venv/bin/python benchmarks/bench_queue_page.py [--comments 20000] [--loads 20]
        [--database sqlite|postgresql]

Builds a site of `--comments` comments over 200 articles (one in ten held, one in a hundred of
the published ones reported, a third of them replies) through the real posting path with the
rule scorers (length, links, blocklist), logs a moderator in, then loads the queue page in its
views (all, one article, page 5, reported) `--loads` times each and prints the median and p95
time and the statements one load runs. PostgreSQL uses a private schema of the test database
(CIVILITY_TEST_DATABASE_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test), dropped after.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import event

from civility.commenting import NewComment, build_engine, submit
from civility.config import Settings
from civility.passwords import hash_password
from civility.store import articles, comments, moderators
from civility.store.db import make_engine, make_session_factory, upgrade
from civility.web.app import create_app

PASSWORD = "correct horse battery"
PG_URL = os.environ.get(
    "CIVILITY_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START = datetime(2026, 11, 1, tzinfo=UTC)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A migrated, empty database of that kind; removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/queue.db"
            upgrade(url)
            yield url
        return
    schema = f"bench_queue_{os.getpid()}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def fill(url: str, settings: Settings, n_comments: int) -> None:
    """Articles, comments (held, reported, replies) and one moderator, as the site makes them."""
    engine = build_engine(settings)
    factory = make_session_factory(make_engine(url))
    links = " ".join(f"http://shop{i}.example/offer" for i in range(4))
    with factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password(PASSWORD), now=START)
        ids = [
            articles.add(session, title=f"Story {a}", body=f"Story {a} body.", now=START).id
            for a in range(200)
        ]
        previous: dict[int, int] = {}
        for i in range(n_comments):
            article_id = ids[i % len(ids)]
            text = f"Comment {i} on the story, with a view." + (f" {links}" if i % 10 == 0 else "")
            parent = previous.get(article_id) if i % 3 == 0 else None
            new = NewComment(article_id, f"Reader {i % 997}", text, parent_id=parent)
            comment, _ = submit(session, engine, new, now=START + timedelta(seconds=i))
            previous[article_id] = comment.id
            if i % 100 == 1:
                comments.add_report(session, comment)
    engine.pipeline.close()


def measure(url: str, settings: Settings, loads: int) -> list[tuple[str, float, float, int]]:
    """(view, median ms, p95 ms, statements) for each view of the queue."""
    app = create_app(settings)
    rows = []
    with TestClient(app) as client:
        page = client.get("/moderate/login")
        token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
        login = {"csrf_token": token, "username": "mo", "password": PASSWORD}
        client.post("/moderate/login", data=login)
        bind = app.state.civility.sessions.kw["bind"]
        for view, params in [
            ("all, page 1", {}),
            ("one article", {"article": "story-7"}),
            ("all, page 5", {"page": "5"}),
            ("reported", {"show": "reported"}),
        ]:
            statements = [0]

            def count(*_: Any, tally: list[int] = statements) -> None:
                tally[0] += 1

            times = []
            for _ in range(loads):
                statements[0] = 0
                event.listen(bind, "before_cursor_execute", count)
                started = time.perf_counter()
                answer = client.get("/moderate", params=params)
                times.append((time.perf_counter() - started) * 1000)
                event.remove(bind, "before_cursor_execute", count)
                assert answer.status_code == 200, answer.text[:200]
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((view, statistics.median(times), p95, statements[0]))
    return rows


def main() -> None:
    """Build the site, time the views, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with database(args.database) as url:
        settings = Settings(
            database_url=url,
            secret_key="bench-secret-key-that-is-long-enough-0123456789",
            scorers=["length", "links", "blocklist"],
            login_rate_limit="1000/minute",
        )
        started = time.perf_counter()
        fill(url, settings, args.comments)
        print(f"filled {args.comments:,} comments in {time.perf_counter() - started:.0f} s")
        rows = measure(url, settings, args.loads)
    print(f"{args.database}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print("| view | median ms | p95 ms | SQL statements |")
    print("|---|---|---|---|")
    for view, median, p95, statements in rows:
        print(f"| {view} | {median:.1f} | {p95:.1f} | {statements} |")


if __name__ == "__main__":
    main()
