"""Encoder speed: texts/s of the shipped int8 MiniLM at batch 1 and batch 64, on real comments."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from civility.pipeline.encoder import load_encoder

FOX = (
    Path(__file__).resolve().parents[1].parent
    / "shared/datasets/fox_news_comments/fox-news-comments.jsonl"
)


def comments(path: Path, n: int) -> list[str]:
    """The first `n` comment texts of a JSON Lines file with a `text` field."""
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return (texts * (n // max(1, len(texts)) + 1))[:n]


def texts_per_s(texts: list[str], batch: int, threads: int) -> float:
    """Embed all texts in calls of `batch` texts (buckets of 16 inside); return the rate."""
    encoder = load_encoder(threads=threads)
    encoder.cache_size = 0  # every call computes: the texts repeat past 1,528
    encoder.embed(texts[:8])  # warm-up: first run allocates
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        encoder.embed(texts[i : i + batch])
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    """Print texts/s for each batch size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data", type=Path, default=FOX)
    args = parser.parse_args()
    texts = comments(args.data, args.n)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"{len(texts)} comments, mean {mean_chars:.0f} chars, threads={args.threads}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    for batch in (1, 64, 512):
        rate = texts_per_s(texts if batch > 1 else texts[:128], batch, args.threads)
        print(f"int8 MiniLM-L6 batch {batch:>3}: {rate:7.1f} texts/s")


if __name__ == "__main__":
    main()
