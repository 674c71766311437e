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

    # the shipped portable graph against its VNNI twin (the same folder), outputs compared
    nice .venv/bin/python benchmarks/bench_encoder_ab.py --kernels [--tokens 16 64 128]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np

from civility.pipeline.encoder import Kernels, load_encoder

C3 = (
    Path(__file__).resolve().parents[1].parent
    / "shared/datasets/c3_constructive_comments/c3_train.csv"
)


def cpu_ms_per_text(
    model_dir: Path | None, texts: list[str], *, kernels: Kernels = "auto", tokens: int = 64
) -> tuple[float, np.ndarray]:
    """Milliseconds of CPU per text for a fresh encoder (empty cache), and its output rows."""
    encoder = load_encoder(model_dir, threads=1, kernels=kernels)
    started = time.process_time()
    rows = encoder._rows(texts, tokens)
    return (time.process_time() - started) * 1000 / len(texts), rows


def main() -> None:
    """Print each graph's CPU time per comment, round by round."""
    parser = argparse.ArgumentParser(description=__doc__)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--baseline", type=Path, help="another encoder folder")
    which.add_argument("--kernels", action="store_true", help="portable graph against VNNI twin")
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokens", type=int, nargs="+", default=[64])
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with C3.open(encoding="utf-8", newline="") as handle:
        texts = [row["comment_text"] for row in csv.DictReader(handle)][: args.n]
    runs: dict[str, tuple[Path | None, Kernels]] = (
        {"portable": (None, "portable"), "vnni": (None, "vnni")}
        if args.kernels
        else {"baseline": (args.baseline, "auto"), "shipped": (None, "auto")}
    )
    for tokens in args.tokens:
        results: dict[str, list[float]] = {name: [] for name in runs}
        outputs: dict[str, np.ndarray] = {}
        for _ in range(args.rounds):
            for name, (folder, kernels) in runs.items():
                ms, outputs[name] = cpu_ms_per_text(folder, texts, kernels=kernels, tokens=tokens)
                results[name].append(ms)
        for name, values in results.items():
            rounds = ", ".join(f"{v:.2f}" for v in values)
            print(f"{tokens} tokens, {name}: {rounds} ms of CPU a comment (best {min(values):.2f})")
        first, second = outputs.values()
        if first.shape == second.shape:
            print(
                f"{tokens} tokens: largest difference in any output {np.abs(first - second).max()}"
            )


if __name__ == "__main__":
    main()
