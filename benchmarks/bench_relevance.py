"""off_topic scorer speed: comments/s in batch on real news comments with their articles.

Two inputs, read from ../shared/datasets at run time (never committed): Fox News comments
under their headline + description, and Globe and Mail (C3) comments whose stand-in article
is the first three comments on the same article (as benchmarks/bench_moderate.py builds it).

    nice .venv/bin/python benchmarks/bench_relevance.py [--n 2000] [--tokens 128 64]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from civility.domain import ArticleContext, Submission
from civility.pipeline.relevance import make_off_topic

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def fox(n: int) -> list[Submission]:
    """Fox News comments under their own article's headline and description."""
    path = DATASETS / "fox_news_comments" / "fox-news-comments.jsonl"
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    subs = [Submission(text=r["text"], article=ArticleContext(r["title"], r["meta"])) for r in rows]
    return (subs * (n // len(subs) + 1))[:n]


def c3(n: int) -> list[Submission]:
    """C3 comments whose article body is the first three comments on the same article."""
    csv.field_size_limit(sys.maxsize)
    path = DATASETS / "c3_constructive_comments" / "c3_train.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_article: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_article[row["article_id"]].append(row["comment_text"])
    subs = [
        Submission(
            text=row["comment_text"],
            article=ArticleContext("", "\n\n".join(by_article[row["article_id"]][:3])),
        )
        for row in rows[:n]
    ]
    return subs


def rate(subs: list[Submission], tokens: int) -> tuple[float, float]:
    """Comments/s of a fresh scorer (cold caches) in chunks of 256; share settled by words."""
    scorer = make_off_topic(comment_tokens=tokens)
    scorer.encoder._cache.clear()  # another run in this process must not lend its vectors
    start = time.perf_counter()
    reasons = []
    for i in range(0, len(subs), 256):
        reasons += [row[0].reason for row in scorer(subs[i : i + 256])]
    elapsed = time.perf_counter() - start
    by_words = sum(r.startswith("on-topic: shares") for r in reasons) / len(reasons)
    return len(subs) / elapsed, by_words


def main() -> None:
    """Print comments/s per input and comment token cap."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--tokens", type=int, nargs="+", default=[128, 64])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    for name, subs in (
        ("fox (headline + description)", fox(args.n)),
        ("c3 (3-comment body)", c3(args.n)),
    ):
        chars = sum(len(s.text) for s in subs) / len(subs)
        for tokens in args.tokens:
            per_s, by_words = rate(subs, tokens)
            print(
                f"{name}, {len(subs)} comments, mean {chars:.0f} chars, comment_tokens="
                f"{tokens}: {per_s:.1f} comments/s ({by_words:.0%} settled by shared words)"
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
