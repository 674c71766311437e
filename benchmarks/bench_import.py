"""Import a generated Disqus export of a given size and measure time and peak memory.

    nice .venv/bin/python benchmarks/bench_import.py [--mb 200] [--small-mb 20] [--write]

Writes the export(s) to a temporary directory, runs `civility import disqus FILE` in a child
process on a fresh SQLite database, and reads the child's peak resident memory from
getrusage(RUSAGE_CHILDREN). A small file is imported first so that the two peaks show
whether memory grows with the file (it should not: the import streams). --write replaces
the "Disqus import" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
CIVILITY = ROOT / ".venv" / "bin" / "civility"
WORDS = [
    "budget",
    "tax",
    "fuel",
    "price",
    "minister",
    "court",
    "match",
    "striker",
    "wicket",
    "election",
    "vote",
    "council",
    "school",
    "hospital",
    "road",
    "bridge",
    "rain",
    "flood",
    "market",
    "bank",
    "loan",
    "salary",
    "farmer",
    "wheat",
    "cotton",
    "export",
    "energy",
    "power",
    "outage",
    "water",
    "policy",
    "reform",
    "debate",
    "report",
    "editor",
    "article",
    "column",
    "letter",
    "reader",
    "city",
    "government",
    "opposition",
    "party",
    "leader",
    "speech",
    "promise",
    "plan",
    "cost",
    "benefit",
    "risk",
    "future",
    "children",
]
HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
    'xmlns:dsq="http://disqus.com/disqus-internals">\n'
)


def sentence(rng: random.Random) -> str:
    """A plausible comment sentence from a small vocabulary."""
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice((".", ".", "!", "?"))


def generate(path: Path, *, size_mb: int, seed: int = 7) -> int:
    """Write an export of about `size_mb` MB, streaming; returns the number of posts."""
    rng = random.Random(seed)
    target, threads, posts = size_mb * 1_000_000, 2000, 0
    start = datetime(2011, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for t in range(threads):
            out.write(
                f'<thread dsq:id="t{t}"><link>https://news.example/{t}/</link>'
                f"<title>{escape(sentence(rng))}</title><message/>"
                f"<createdAt>2011-01-01T00:00:00Z</createdAt></thread>\n"
            )
        while out.tell() < target:
            posts += 1
            thread = rng.randrange(threads)
            parent = (
                f'<parent dsq:id="p{posts - rng.randint(1, 50)}"/>'
                if posts > 60 and rng.random() < 0.3
                else ""
            )
            text = " ".join(sentence(rng) for _ in range(rng.randint(1, 5)))
            when = start + timedelta(minutes=posts)
            out.write(
                f'<post dsq:id="p{posts}"><message><![CDATA[<p>{text}</p>]]></message>'
                f"<createdAt>{when:%Y-%m-%dT%H:%M:%SZ}</createdAt><isDeleted>false</isDeleted>"
                f"<isSpam>{'true' if rng.random() < 0.02 else 'false'}</isSpam><author>"
                f"<email>reader{posts % 5000}@example.org</email><name>Reader {posts % 5000}</name>"
                f'</author><thread dsq:id="t{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")
    return posts


def run_import(path: Path, workdir: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB of the child, its last output line)."""
    env = {
        **os.environ,
        "CIVILITY_DATABASE_URL": f"sqlite:///{workdir / (path.stem + '.db')}",
        "CIVILITY_MODE": "demo",
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(
        [str(CIVILITY), "import", "disqus", str(path)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"import failed: {done.stderr[-2000:]}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss for children is the largest of any child so far: run the small file first.
    return elapsed, max(peak_kib, before) / 1024, done.stdout.strip().splitlines()[-1]


def machine() -> str:
    """CPU model, cores, Python and load: the context every figure needs."""
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, load {load:.1f}"


def main() -> None:
    """Generate, import, report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--small-mb", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (args.small_mb, args.mb):
            path = Path(tmp) / f"disqus-{size}mb.xml"
            posts = generate(path, size_mb=size)
            mib = path.stat().st_size / 2**20
            seconds, peak, summary = run_import(path, Path(tmp))
            rows.append((mib, posts, seconds, peak, summary))
            print(
                f"{mib:.0f} MiB, {posts} posts: {seconds:.0f} s, peak RSS {peak:.0f} MiB; {summary}"
            )
            path.unlink()
    if args.write:
        write_section(rows, args)


def write_section(
    rows: list[tuple[float, int, float, float, str]], args: argparse.Namespace
) -> None:
    """Replace (or append) the "Disqus import" section of BENCHMARKS.md."""
    lines = [
        "## Disqus import",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()} (a shared machine).",
        f"Scorers: {os.environ.get('CIVILITY_SCORERS', 'the default settings')}; fresh SQLite "
        "database; one transaction per import.",
        "",
        "```sh",
        f"nice .venv/bin/python benchmarks/bench_import.py --mb {args.mb} "
        f"--small-mb {args.small_mb} --write",
        "```",
        "",
        "| export | posts | time | comments/s | peak RSS (whole process) |",
        "|---|---|---|---|---|",
    ]
    for mib, posts, seconds, peak, _ in rows:
        rate = posts / seconds
        lines.append(
            f"| {mib:.0f} MiB | {posts:,} | {seconds:.0f} s | {rate:,.0f} | {peak:.0f} MiB |"
        )
    section = "\n".join(lines) + "\n"
    bench = ROOT / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8") if bench.exists() else "# Benchmarks\n"
    pattern = re.compile(r"## Disqus import\n.*?(?=\n## |\Z)", re.DOTALL)
    text = (
        pattern.sub(section.rstrip("\n"), text)
        if pattern.search(text)
        else text.rstrip("\n") + "\n\n" + section
    )
    bench.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
