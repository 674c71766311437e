"""CPU time of one encoder pass for two exported encoders, alternated in one process.

On a shared host the load changes from minute to minute, so two runs an hour apart do not
compare; alternating the two graphs in one process does. Reads Globe and Mail comments from
../shared/datasets at run time (never committed); 64 tokens, one thread, as `civility moderate`
reads comments.

    # the graph before the token_logits output, next to the shipped one
    mkdir -p /tmp/oldenc
    cp src/civility/data/models/encoder/{tokenizer.json,meta.json} /tmp/oldenc/
    git show 59cd8b6:src/civility/data/models/encoder/model.onnx > /tmp/oldenc/model.onnx
    nice .venv/bin/python benchmarks/bench_encoder_ab.py --baseline /tmp/oldenc [--n 600 --rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from civility.pipeline.encoder import load_encoder

C3 = (
    Path(__file__).resolve().parents[1].parent
    / "shared/datasets/c3_constructive_comments/c3_train.csv"
)


def cpu_ms_per_text(model_dir: Path | None, texts: list[str]) -> float:
    """Milliseconds of CPU per text for a fresh encoder (empty cache) on these texts."""
    encoder = load_encoder(model_dir, threads=1)
    started = time.process_time()
    encoder.embed(texts, max_tokens=64)
    return (time.process_time() - started) * 1000 / len(texts)


def main() -> None:
    """Print each graph's CPU time per comment, round by round."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, required=True, help="another encoder folder")
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with C3.open(encoding="utf-8", newline="") as handle:
        texts = [row["comment_text"] for row in csv.DictReader(handle)][: args.n]
    results: dict[str, list[float]] = {"baseline": [], "shipped": []}
    for _ in range(args.rounds):
        results["baseline"].append(cpu_ms_per_text(args.baseline, texts))
        results["shipped"].append(cpu_ms_per_text(None, texts))
    for name, values in results.items():
        rounds = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name}: {rounds} ms of CPU a comment (best {min(values):.2f})")


if __name__ == "__main__":
    main()
