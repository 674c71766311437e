"""Abuse scorer speed on news comments: model load, one-comment latency, batch throughput.

Run: .venv/bin/python benchmarks/bench_abuse.py [--datasets-dir ../shared/datasets] [--n 10000]
Comments come from the C3 Globe and Mail set (news-length, mean ~300 characters).
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from pathlib import Path

from civility.domain import Submission
from civility.pipeline.abuse import make_abuse

csv.field_size_limit(sys.maxsize)


def news_comments(datasets_dir: Path, n: int) -> list[str]:
    """Up to n news comments, each once (a repeated one would come from the encoder's cache)."""
    path = datasets_dir / "c3_constructive_comments" / "c3_train.csv"
    if not path.exists():
        raise SystemExit(f"needs {path} (the C3 news comments) to measure on real comments")
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["comment_text"] for row in csv.DictReader(handle)]
    return texts[:n]


def main() -> None:
    """Print load time, p50/p95 single-comment latency and batch throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()
    texts = news_comments(args.datasets_dir, args.n)
    started = time.perf_counter()
    scorer = make_abuse()
    load_s = time.perf_counter() - started
    # Each part of the comments is read once: the encoder's cache answers a text it has seen
    # without a model run, which would time nothing.
    warm_up, single, batch = texts[:50], texts[50 : 50 + args.single], texts[50 + args.single :]
    scorer([Submission(t) for t in warm_up])
    latencies = []
    for text in single:
        t0 = time.perf_counter()
        scorer([Submission(text)])
        latencies.append((time.perf_counter() - t0) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    subs = [Submission(t) for t in batch]
    t0 = time.perf_counter()
    for i in range(0, len(subs), args.batch_size):
        scorer(subs[i : i + args.batch_size])
    rate = len(subs) / (time.perf_counter() - t0)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"model {scorer.model.version}: load {load_s:.2f} s")
    print(f"comments: {len(texts)} from C3, mean {mean_chars:.0f} characters")
    print(f"single comment: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms ({args.single} comments)")
    print(f"batches of {args.batch_size}: {rate:.0f} comments/s ({len(subs)} other comments)")


if __name__ == "__main__":
    main()
