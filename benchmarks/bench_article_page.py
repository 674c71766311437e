"""Time the public article page of a busy article: bytes and milliseconds per load.

    nice .venv/bin/python benchmarks/bench_article_page.py [--comments 3000] [--loads 5]

Builds one article with `--comments` published comments on SQLite through the real posting path
with the rule scorers (a third of them replies to the comment before, so threads nest), then
loads the article page as readers and links reach it: the first page, two later pages, and the
page a link to one comment opens (`?comment=`), then the JSON listing the widget reads, whole and
its first page, printing each one's size and median time.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from civility.commenting import NewComment, build_engine, submit
from civility.config import Settings
from civility.store import articles
from civility.store.db import make_engine, make_session_factory, upgrade
from civility.web.app import create_app

START = datetime(2026, 11, 1, tzinfo=UTC)
TEXT = "Comment {i} on the story, with a view that goes on for a while like comments do."


def fill(url: str, settings: Settings, n_comments: int) -> tuple[str, list[int]]:
    """The article's slug and its comments' ids, oldest first."""
    engine = build_engine(settings)
    factory = make_session_factory(make_engine(url))
    ids: list[int] = []
    with factory.begin() as session:
        article = articles.add(session, title="Big story", body="The story.", now=START)
        for i in range(n_comments):
            parent = ids[-1] if ids and i % 3 == 0 else None
            new = NewComment(article.id, f"Reader {i % 997}", TEXT.format(i=i), parent_id=parent)
            comment, _ = submit(session, engine, new, now=START + timedelta(seconds=i))
            ids.append(comment.id)
        slug = article.slug
    engine.pipeline.close()
    return slug, ids


def main() -> None:
    """Print one row per kind of load."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/article.db"
        upgrade(url)
        settings = Settings(database_url=url, scorers=["length", "links", "blocklist"], mode="demo")
        slug, ids = fill(url, settings, args.comments)
        paths = {
            "first page": f"/articles/{slug}",
            "page 20": f"/articles/{slug}?page=20",
            "page 40": f"/articles/{slug}?page=40",
            "a comment's page (?comment=)": f"/articles/{slug}?comment={ids[len(ids) // 2]}",
            "JSON, every comment (no page)": f"/api/v1/articles/{slug}/comments",
            "JSON, page 1 (the widget's first load)": f"/api/v1/articles/{slug}/comments?page=1",
        }
        print(f"{args.comments} comments, SQLite, {platform.processor() or platform.machine()}")
        print("| load | bytes | median ms |")
        print("|---|---|---|")
        with TestClient(create_app(settings)) as client:
            for name, path in paths.items():
                times, size = [], 0
                for _ in range(args.loads):
                    started = time.perf_counter()
                    answer = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200, answer.text[:200]
                    size = len(answer.content)
                print(f"| {name} | {size:,} | {statistics.median(times):.0f} |")


if __name__ == "__main__":
    main()
