"""Rule scorers on news comments: normaliser and scorer speed, and how often each would act.

Run: .venv/bin/python benchmarks/bench_rules.py [--datasets-dir ../shared/datasets] [--n 5000]
Comments come from the C3 Globe and Mail set: comments a real newsroom published, so every
hold or rejection counted here is a candidate false positive to read, not a target.
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from civility.config import Settings
from civility.domain import Submission
from civility.pipeline.decide import decide
from civility.pipeline.normalize import normalize
from civility.pipeline.policy import default_policy
from civility.pipeline.registry import build_pipeline

csv.field_size_limit(sys.maxsize)
RULE_SCORERS = ["length", "links", "repetition", "shouting", "blocklist"]


def news_comments(datasets_dir: Path, n: int) -> list[str]:
    """The first n C3 news comments."""
    path = datasets_dir / "c3_constructive_comments" / "c3_train.csv"
    if not path.exists():
        raise SystemExit(f"needs {path} (the C3 news comments) to measure on real comments")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["comment_text"] for row in csv.DictReader(handle)][:n]


def time_normalize(texts: list[str]) -> list[float]:
    """Microseconds per normalize() call, uncached (each text is new to the cache)."""
    times = []
    for text in texts:
        fresh = text + " "  # defeats the cache of recent texts
        t0 = time.perf_counter()
        normalize(fresh)
        times.append((time.perf_counter() - t0) * 1e6)
    return times


def main() -> None:
    """Print normaliser latency, per-scorer cost and the decisions on published comments."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    texts = news_comments(args.datasets_dir, args.n)
    cuts = statistics.quantiles(time_normalize(texts), n=100)
    pipeline = build_pipeline(Settings(scorers=RULE_SCORERS))
    policy = default_policy()
    costs: Counter[str] = Counter()
    for scorer in pipeline.scorers:
        t0 = time.perf_counter()
        scorer([Submission(t + "  ") for t in texts])
        costs[scorer.names[0]] = (time.perf_counter() - t0) / len(texts) * 1000
    outcomes: Counter[str] = Counter()
    for i, text in enumerate(texts):
        recent = tuple(texts[max(0, i - 50) : i])
        decision = decide(pipeline.run(Submission(text, site_recent_texts=recent)), policy)
        outcomes[decision.status.value] += 1
        outcomes.update(f"  by {r.score_name}" for r in decision.reasons if r.score_name)
    pipeline.close()
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(f"comments: {len(texts)} from C3, mean {mean_chars:.0f} characters")
    print(f"normalize: p50 {cuts[49]:.0f} us, p95 {cuts[94]:.0f} us per comment")
    for name, ms in costs.items():
        print(f"{name}: {ms:.3f} ms per comment")
    for outcome, count in sorted(outcomes.items()):
        print(f"{outcome}: {count} ({count / len(texts):.1%})")


if __name__ == "__main__":
    main()
