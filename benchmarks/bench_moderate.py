"""Batch moderation speed: `civility moderate` on 10,000 real news comments; one-comment latency.

Reads Globe and Mail comments from ../shared/datasets at run time (never committed): every
C3 training comment, topped up from the SFU set. C3 has no article text, so each comment's
article body is the first three comments on the same article, a stand-in of the same topic.

    nice .venv/bin/python benchmarks/bench_moderate.py [--n 10000] [--write]

--write replaces the "Batch moderation" section of BENCHMARKS.md with the results.
--own-articles times only the whole run, each comment under an article of its own.
--cache-rounds N times only whole runs, N rounds of four: without the article cache file, with a
new one, with the one just filled (a later run over the same articles), and with no articles.
Each whole run gets a new article cache file (a first run over these articles), but for the
second default run, which reads the vectors the first one saved.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from civility.commenting import build_engine
from civility.config import Settings
from civility.domain import ArticleContext, Submission
from civility.pipeline.decide import decide
from civility.pipeline.encoder import Encoder

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
C3 = DATASETS / "c3_constructive_comments" / "c3_train.csv"
SFU = DATASETS / "sfu_constructiveness_toxicity" / "SFU_constructiveness_toxicity.csv"
SECTION = "## Batch moderation"


def _rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows; long comment fields are allowed."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_article(c3: list[dict[str, str]]) -> dict[str, list[str]]:
    """C3 comment texts per article, in file order."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for row in c3:
        by_article[row["article_id"]].append(row["comment_text"])
    return by_article


def load_lines(n: int) -> list[dict[str, object]]:
    """`n` batch-contract input lines from real news comments."""
    c3 = _rows(C3)
    by_article = _by_article(c3)
    lines: list[dict[str, object]] = []
    for row in c3:
        body = "\n\n".join(by_article[row["article_id"]][:3])
        lines.append({"text": row["comment_text"], "article": {"title": "", "body": body}})
    for row in _rows(SFU):
        lines.append({"text": row["comment"], "article": {"title": row["title"], "body": ""}})
    lines = (lines * (n // len(lines) + 1))[:n]
    return [{"id": f"c{i}", **line} for i, line in enumerate(lines)]


def own_article_lines(n: int) -> list[dict[str, object]]:
    """`n` C3 comments, each under an article of its own: three other comments of its story,
    rotated by the comment's position (the worst case: almost every line brings a new article)."""
    c3 = _rows(C3)
    by_article = _by_article(c3)
    lines: list[dict[str, object]] = []
    for row in c3[:n]:
        others = [t for t in by_article[row["article_id"]] if t != row["comment_text"]]
        k = len(lines) % max(1, len(others))
        body = "\n\n".join((others[k:] + others[:k])[:3])
        lines.append({"text": row["comment_text"], "article": {"title": "", "body": body}})
    return [{"id": f"u{i}", **line} for i, line in enumerate(lines)]


def batch_run(
    lines: list[dict[str, object]], cache: Path | None, workers: int | None = None
) -> tuple[float, int]:
    """Seconds for `civility moderate` on the lines as a subprocess, and its output line count.

    `cache` is the article cache file: a new path is a first run over these articles, one an
    earlier run filled is a later run over the same articles, None is no cache. `workers` None
    leaves the command's default (one worker process per core for this size).
    """
    civility = Path(sys.executable).with_name("civility")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        start = time.perf_counter()
        extra = ["--no-article-cache"] if cache is None else ["--article-cache", str(cache)]
        extra += [] if workers is None else ["--workers", str(workers)]
        subprocess.run([civility, "moderate", source, "-o", target, *extra], check=True)
        seconds = time.perf_counter() - start
        answered = len(target.read_text(encoding="utf-8").splitlines())
    return seconds, answered


# An unrelated sentence: it reaches the encoder, which embeds the article's passages.
WARM_UP = "A sentence that makes the scorers embed this article's passages before the timing."


def latencies_ms(
    lines: list[dict[str, object]], count: int, *, articles_embedded: bool = False
) -> list[float]:
    """Milliseconds for one comment through the in-process pipeline and the policy.

    With `articles_embedded`, each article's passages are embedded before its comment is
    timed, as the server does when an article is created or updated.
    """
    engine = build_engine(Settings())
    out = []
    for line in lines[: count + 10]:
        article = line["article"]
        assert isinstance(article, dict)
        sub = Submission(text=str(line["text"]), article=ArticleContext(**article))
        if articles_embedded:
            engine.pipeline.run(Submission(text=WARM_UP, article=sub.article))
        start = time.perf_counter()
        decide(engine.pipeline.run(sub), engine.policy)
        out.append((time.perf_counter() - start) * 1000)
    engine.pipeline.close()
    return out[10:]  # the first calls warm caches up


def per_scorer_ms(lines: list[dict[str, object]]) -> dict[str, float]:
    """Milliseconds per 1,000 comments spent in each scorer, called in batches of 128.

    Each scorer pays for its own encoder passes; in the pipeline the second one to ask reads
    the first one's from the cache, so these do not add up to the pipeline's time.
    """
    engine = build_engine(Settings())
    subs = [
        Submission(text=str(line["text"]), article=ArticleContext(**line["article"]))  # type: ignore[arg-type]
        for line in lines
    ]
    out = {}
    for scorer in engine.pipeline.scorers:
        # The scorers share one encoder, whose cache still holds the latency rounds' comments
        # and the previous scorer's passes: each scorer is timed with an empty one.
        encoder = getattr(scorer, "encoder", None)
        if isinstance(encoder, Encoder):
            encoder.forget()
        start = time.perf_counter()
        for i in range(0, len(subs), 128):
            scorer(subs[i : i + 128])
        out["+".join(scorer.names)] = (time.perf_counter() - start) * 1e6 / len(subs)
    engine.pipeline.close()
    return out


def machine() -> str:
    """CPU model and core count, as lscpu reports them."""
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if ln.startswith("Model name")),
        platform.processor(),
    )
    cores = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if ln.startswith("CPU(s)")), "?"
    )
    load = os.getloadavg()[0]
    return f"{cores} cores, {model}, Python {platform.python_version()}, load average {load:.1f}"


def report(
    n: int,
    seconds: float,
    answered: int,
    warm: float,
    one_process: float,
    lat: list[float],
    lat_embedded: list[float],
    scorers: dict[str, float],
) -> str:
    """The BENCHMARKS.md section."""
    chars = "mean ~420 characters"
    q = statistics.quantiles(lat, n=20)
    qe = statistics.quantiles(lat_embedded, n=20)
    return "\n".join(
        [
            SECTION,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()} (a shared machine: "
            "other work running at the same time slows every figure here).",
            f"Scorers: {', '.join(Settings().scorers)} (the default settings at the time).",
            "",
            "```sh",
            f"nice .venv/bin/python benchmarks/bench_moderate.py --n {n} --write",
            "```",
            "",
            "| measure | result |",
            "|---|---|",
            f"| `civility moderate` on {n:,} news comments ({chars}), whole run, default workers "
            f"| {seconds:.1f} s, **{n / seconds:,.0f} comments/s** ({answered:,} lines out) |",
            "| same file again, its articles' passage vectors read from the first run's cache "
            f"file | {warm:.1f} s, {n / warm:,.0f} comments/s |",
            f"| same, `--workers 1` (one process, encoder on {Settings().encoder_threads} threads) "
            f"| {one_process:.1f} s, {n / one_process:,.0f} comments/s |",
            f"| one comment, in-process `pipeline.run` + `decide` ({len(lat)} comments) "
            f"| p50 {statistics.median(lat):.2f} ms, p95 {q[18]:.2f} ms |",
            "| other comments, each article's passages embedded first (as the server stores "
            f"them) | p50 {statistics.median(lat_embedded):.2f} ms, p95 {qe[18]:.2f} ms |",
            *(
                f"| time inside scorer `{name}` | {ms:,.0f} ms per 1,000 comments |"
                for name, ms in scorers.items()
            ),
            "",
        ]
    )


def write_section(text: str) -> None:
    """Replace (or append) this benchmark's section of BENCHMARKS.md."""
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if SECTION in current:
        head, rest = current.split(SECTION, 1)
        after = rest.find("\n## ")
        tail = rest[after + 1 :] if after >= 0 else ""
        current = head + text + ("\n" + tail if tail else "")
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current, encoding="utf-8")


def main() -> None:
    """Run both measurements and print (or write) the section."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--latency-n", type=int, default=500)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument(
        "--cache-rounds",
        type=int,
        default=0,
        help="only whole runs, N rounds of: no cache, first run, second run, no articles",
    )
    parser.add_argument(
        "--own-articles",
        action="store_true",
        help="only the whole run, each comment under an article of its own (the worst case)",
    )
    args = parser.parse_args()
    if not C3.exists():
        sys.exit(f"datasets not found at {DATASETS}")
    with tempfile.TemporaryDirectory(prefix="bench-moderate-") as tmp:
        measure(args, Path(tmp))


def measure(args: argparse.Namespace, caches: Path) -> None:
    """The runs the arguments ask for, each with its article cache file under `caches`."""
    if args.own_articles:
        own = own_article_lines(args.n)
        seconds, answered = batch_run(own, caches / "own.sqlite3")
        distinct = len({json.dumps(line["article"]) for line in own})
        print(
            f"{len(own):,} comments under {distinct:,} distinct articles: {seconds:.1f} s, "
            f"{len(own) / seconds:.0f} comments/s ({answered:,} lines out)"
        )
        return
    lines = load_lines(args.n)
    if args.cache_rounds:
        cache_rounds(lines, args.cache_rounds, caches)
        return
    seconds, answered = batch_run(lines, caches / "pool.sqlite3")
    warm, _ = batch_run(lines, caches / "pool.sqlite3")
    one_process, _ = batch_run(lines, caches / "one.sqlite3", workers=1)
    lat = latencies_ms(lines, args.latency_n)
    # Other comments: the encoder keeps every pass of the first round in its cache, and a
    # comment it has already read costs no model run.
    lat_embedded = latencies_ms(
        lines[args.latency_n + 10 :], args.latency_n, articles_embedded=True
    )
    scorers = per_scorer_ms(lines)
    text = report(args.n, seconds, answered, warm, one_process, lat, lat_embedded, scorers)
    print(text)
    if args.write:
        write_section(text)


def cache_rounds(lines: list[dict[str, object]], rounds: int, caches: Path) -> None:
    """Whole runs: no article cache, a new one, the one just filled, and no articles at all."""
    bare = [{key: value for key, value in line.items() if key != "article"} for line in lines]
    for round_number in range(1, rounds + 1):
        cache = caches / f"round{round_number}.sqlite3"
        for name, run_lines, run_cache in (
            ("no article cache", lines, None),
            ("first run, new cache file", lines, cache),
            ("second run, same cache file", lines, cache),
            ("no article field", bare, None),
        ):
            seconds, _ = batch_run(run_lines, run_cache)
            print(f"round {round_number}, {name}: {seconds:.1f} s, {len(lines) / seconds:.0f}/s")


if __name__ == "__main__":
    main()
