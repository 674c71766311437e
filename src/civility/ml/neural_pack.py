"""Pack what training the neural abuse heads needs into one small folder (no torch needed).

The pack is what travels to a training machine: the split, weakly labelled examples of the
permissive sets (text already normalised), a few evaluation-only rows for a first look, and
the all-MiniLM-L6-v2 weights quantised to int8 per row so that the whole pack stays small.
Run: python -m civility.ml.neural_pack --out DIR [--datasets-dir DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any, cast

import numpy as np

from civility.ml.datasets import DEFAULT_DATASETS, EVAL_ONLY_SETS, load_sets
from civility.ml.examples import HEADS
from civility.ml.textnorm import basic_normalize
from civility.ml.train_neural import quantize_rows
from civility.ml.training import SOURCE_WEIGHTS, TrainConfig, load_parts


def pack_weights(out: Path) -> None:
    """The source encoder's tensors: matrices as int8 rows, vectors as float32."""
    from safetensors.numpy import load_file  # type: ignore[import-not-found,unused-ignore]

    from civility.ml.export_encoder import source_model_dir

    tensors = load_file(str(source_model_dir() / "model.safetensors"))
    packed: dict[str, np.ndarray] = {}
    for name, tensor in tensors.items():
        array = np.asarray(tensor, dtype=np.float32)
        if array.ndim == 2:
            packed[name + ".q"], packed[name + ".s"] = quantize_rows(array)
        else:
            packed[name] = array
    np.savez_compressed(out / "init.npz", **cast(dict[str, Any], packed))


def _labels(labels: dict[str, float]) -> list[float]:
    """Labels in head order, -1 where the set says nothing about a head."""
    return [round(labels.get(head, -1.0), 4) for head in HEADS]


def pack_examples(datasets_dir: Path, out: Path, seed: int) -> dict[str, int]:
    """examples.jsonl.gz: text, source, part, labels, weight; returns row counts per part."""
    counts: dict[str, int] = {}
    parts = load_parts(datasets_dir, TrainConfig(seed=seed))
    with gzip.open(out / "examples.jsonl.gz", "wt", encoding="utf-8") as handle:
        for part, rows in parts.items():
            for example in rows.examples:
                row = {
                    "t": basic_normalize(example.text).text,
                    "s": example.source,
                    "p": str(part),
                    "y": _labels(example.labels),
                    "w": SOURCE_WEIGHTS.get(example.source, 1.0),
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts[str(part)] = counts.get(str(part), 0) + 1
        # Evaluation-only sets: never trained on, only printed as a first look.
        for name, rows_of_set in load_sets(datasets_dir, EVAL_ONLY_SETS).items():
            for example in rows_of_set:
                row = {
                    "t": basic_normalize(example.text).text,
                    "s": name,
                    "p": "eval",
                    "y": _labels(example.labels),
                    "w": 0.0,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts["eval"] = counts.get("eval", 0) + 1
    return counts


def main(argv: list[str] | None = None) -> None:
    """Command line: write the pack and say what is in it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--datasets-dir", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pack_weights(args.out)
    counts = pack_examples(args.datasets_dir, args.out, args.seed)
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(f"wrote {args.out}: {counts} ({size:.1f} MB)")


if __name__ == "__main__":
    main()
