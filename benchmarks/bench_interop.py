"""Latency of the Perspective endpoint and the Coral phase under concurrent load.

    nice .venv/bin/python benchmarks/bench_interop.py [--requests 400] [--concurrency 8] [--write]

Serves the real app with uvicorn on a free port (fresh SQLite database, the default scorers
plus `abuse`), then replays Coral's exact requests from a thread pool: `comments:analyze`
with Coral's body (Coral waits 800 ms) and the signed external-phase body (Coral waits
200 ms). Prints p50/p95/p99/max; --write replaces the "Perspective and Coral endpoints"
section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import re
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn

from civility.config import DEFAULT_SCORERS, Settings
from civility.pipeline.registry import _factories
from civility.store import api_keys, articles
from civility.store.db import make_engine, make_session_factory, upgrade
from civility.web.app import create_app

sys.path.insert(0, str(Path(__file__).parent))
from bench_import import machine, sentence

ROOT = Path(__file__).resolve().parents[1]
SECRET = "empsec_bench"
STORY = "https://news.example/a"
ARTICLE = (
    "The budget raises fuel taxes for commuters and farmers across the country. The minister "
    "said the money will pay for roads, schools and hospitals; the opposition called it unfair."
)


def serve(settings: Settings) -> tuple[str, uvicorn.Server]:
    """The app under uvicorn in a thread; returns its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def coral_perspective(
    client: httpx.Client, base: str, key: str, text: str, attribute: str
) -> float:
    """One Coral toxic-filter call; seconds taken (the reply must carry the score)."""
    body: dict[str, object] = {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {attribute: {}},
        "languages": ["en"],
    }
    if attribute == "OFF_TOPIC":
        body["context"] = {"entries": [{"text": ARTICLE}]}
    started = time.perf_counter()
    response = client.post(f"{base}/v1alpha1/comments:analyze", params={"key": key}, json=body)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    value = response.json()["attributeScores"][attribute]["summaryScore"]["value"]
    assert isinstance(value, float)
    return elapsed


def scorers() -> tuple[list[str], str]:
    """The default scorers (plus the abuse model if registered); the attribute to request."""
    names = list(DEFAULT_SCORERS)
    if "abuse" not in names and "abuse" in _factories():
        names.append("abuse")
    return names, "TOXICITY" if "abuse" in names else "OFF_TOPIC"


def coral_phase(client: httpx.Client, base: str, text: str) -> float:
    """One signed external-phase call; seconds taken (204 or a JSON reply)."""
    data = {
        "action": "NEW",
        "comment": {"body": f"<p>{text}</p>", "parentID": None},
        "author": {"id": "u1", "role": "COMMENTER"},
        "story": {"id": "s1", "url": STORY},
        "site": {"id": "site1"},
        "tenantID": "t1",
        "tenantDomain": "news.example",
    }
    raw = json.dumps(data, indent=2, ensure_ascii=False).encode()
    signature = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Coral-Signature": f"sha256={signature}"}
    started = time.perf_counter()
    response = client.post(f"{base}/api/v1/coral/moderation", content=raw, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code in (200, 204), response.text
    return elapsed


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return {
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "max": max(samples) * 1000,
    }


def load(call: object, texts: list[str], concurrency: int) -> dict[str, float]:
    """Run one call per text from `concurrency` threads, each with its own keep-alive client."""
    local = threading.local()

    def one(text: str) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=10)
        return call(local.client, text)  # type: ignore[operator]

    with ThreadPoolExecutor(concurrency) as pool:
        return percentiles(list(pool.map(one, texts)))


def main() -> None:
    """Serve, warm up, measure both endpoints, report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(3)
    # Each endpoint gets comments of its own: the encoder answers a text it has already read
    # from its cache, which would time nothing.
    texts, phase_texts = (
        [" ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(args.requests)]
        for _ in range(2)
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        sessions = make_session_factory(make_engine(url))
        now = datetime.now(UTC)
        with sessions.begin() as session:
            key = api_keys.create(session, name="bench", scope="perspective", now=now)[1]
            articles.add(session, title="Budget", body=ARTICLE, url=STORY, now=now)
        names, attribute = scorers()
        settings = Settings(
            database_url=url, mode="demo", scorers=names, coral_signing_secrets=[SECRET]
        )
        base, server = serve(settings)
        warm = httpx.Client(timeout=30)
        coral_perspective(warm, base, key, "warm up", attribute)
        coral_phase(warm, base, "warm up")
        results = {
            f"comments:analyze {attribute} (Coral's body; Coral waits 800 ms)": load(
                lambda c, t: coral_perspective(c, base, key, t, attribute), texts, args.concurrency
            ),
            "Coral external phase (signed; Coral waits 200 ms)": load(
                lambda c, t: coral_phase(c, base, t), phase_texts, args.concurrency
            ),
        }
        server.should_exit = True
    for name, cut in results.items():
        print(name, {k: round(v, 1) for k, v in cut.items()})
    if args.write:
        write_section(results, args)


def write_section(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    """Replace (or append) the "Perspective and Coral endpoints" section of BENCHMARKS.md."""
    lines = [
        "## Perspective and Coral endpoints",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()} (a shared machine).",
        f"Scorers: {', '.join(scorers()[0])}; one uvicorn worker; story registered; "
        f"{args.requests} requests per endpoint from {args.concurrency} concurrent clients.",
        "",
        "```sh",
        f"nice .venv/bin/python benchmarks/bench_interop.py --requests {args.requests} "
        f"--concurrency {args.concurrency} --write",
        "```",
        "",
        "| endpoint | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|",
    ]
    for name, cut in results.items():
        cells = " | ".join(f"{cut[k]:.0f} ms" for k in ("p50", "p95", "p99", "max"))
        lines.append(f"| {name} | {cells} |")
    section = "\n".join(lines)
    bench = ROOT / "BENCHMARKS.md"
    text = bench.read_text(encoding="utf-8") if bench.exists() else "# Benchmarks\n"
    pattern = re.compile(r"## Perspective and Coral endpoints\n.*?(?=\n## |\Z)", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    bench.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
