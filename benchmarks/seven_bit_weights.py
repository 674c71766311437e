"""Would 7-bit signed weights make the encoder fast on CPUs without VNNI? Measured, not kept.

Without VNNI, onnxruntime multiplies unsigned activations by *signed* weights with `vpmaddubsw`,
which sums byte pairs in 16 bits and saturates (the shipped VNNI twin run there gives garbage),
so the portable graph keeps unsigned weights and a slower exact kernel. Weights of at most 64 in
magnitude cannot saturate (255 * 64 * 2 < 32768), so one graph would be exact and take the
faster kernel on every x86 CPU. This writes such a graph from the shipped int8 one (each
channel's weights divided so that its largest is 64, the scale multiplied alike), then prints,
alternated in one process, the CPU of one 64-token pass of each and how far its outputs move;
and how far the VNNI twin's outputs are from the portable graph's on this CPU.
Reads Globe and Mail comments from ../shared/datasets at run time. Needs `onnx` (dev extra).

    nice .venv/bin/python benchmarks/seven_bit_weights.py [--n 400 --rounds 2]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from bench_encoder_ab import C3, cpu_ms_per_text

from civility.ml.examples import HEADS
from civility.pipeline.cpu_features import has_vnni
from civility.pipeline.encoder import MODEL_FILE, SHIPPED_DIR, load_encoder

# onnxruntime's contrib operators: (weight, weight zero point) inputs.
_WEIGHT_INPUTS = {"MatMulInteger": (1, 3), "QAttention": (1, 7)}
LARGEST = 64


def write_seven_bit(source: Path, target: Path) -> None:
    """Write `source`'s int8 graph with every weight channel requantised to [-64, 64]."""
    import onnx  # type: ignore[import-not-found,unused-ignore]
    from onnx import numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    tensors = {tensor.name: tensor for tensor in graph.initializer}
    producer = {output: node for node in graph.node for output in node.output}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    def read(name: str) -> np.ndarray:
        return numpy_helper.to_array(tensors[name])

    def write(name: str, value: np.ndarray) -> None:
        tensors[name].CopyFrom(numpy_helper.from_array(value, name))

    def requantise(weight: str, zero_point: str) -> np.ndarray:
        centred = read(weight).astype(np.int32) - read(zero_point).astype(np.int32)[None, :]
        factor = np.maximum(1.0, np.abs(centred).max(axis=0) / LARGEST)
        small = np.clip(np.rint(centred / factor[None, :]), -LARGEST, LARGEST)
        write(weight, small.astype(np.int8))
        write(zero_point, np.zeros(centred.shape[1], dtype=np.int8))
        return factor.astype(np.float32)

    for node in graph.node:
        if node.op_type == "QAttention":
            factor = requantise(node.input[1], node.input[7])
            write(node.input[4], read(node.input[4]) * factor)
        elif node.op_type == "MatMulInteger":
            factor = requantise(node.input[1], node.input[3])
            # Dynamic quantisation's pattern: MatMulInteger -> Cast -> Mul(., a_scale * w_scale).
            (cast,) = consumers[node.output[0]]
            (rescale,) = consumers[cast.output[0]]
            (scales,) = [name for name in rescale.input if name != cast.output[0]]
            (weight_scale,) = [name for name in producer[scales].input if name in tensors]
            write(weight_scale, read(weight_scale) * factor)
    onnx.save(model, str(target))


def main() -> None:
    """Print CPU per pass and output differences."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    csv.field_size_limit(sys.maxsize)
    with C3.open(encoding="utf-8", newline="") as handle:
        texts = [row["comment_text"] for row in csv.DictReader(handle)][: args.n]
    print(f"this CPU has VNNI: {has_vnni()}")
    with tempfile.TemporaryDirectory() as folder:
        seven = Path(folder)
        for name in ("tokenizer.json", "meta.json"):
            shutil.copy(SHIPPED_DIR / name, seven / name)
        write_seven_bit(SHIPPED_DIR / MODEL_FILE, seven / MODEL_FILE)
        runs: dict[str, Path | None] = {"shipped": None, "7-bit": seven}
        times: dict[str, list[float]] = {name: [] for name in runs}
        rows: dict[str, np.ndarray] = {}
        for _ in range(args.rounds):
            for name, directory in runs.items():
                ms, rows[name] = cpu_ms_per_text(directory, texts)
                times[name].append(ms)
    for name, values in times.items():
        print(f"{name}: best {min(values):.2f} ms of CPU a 64-token pass, one thread")
    print("7-bit against shipped:", _moved(rows["shipped"], rows["7-bit"]))
    if not has_vnni():
        twin = load_encoder(None, threads=1, kernels="vnni")._rows(texts, 64)
        portable = load_encoder(None, threads=1, kernels="portable")._rows(texts, 64)
        print("VNNI twin run without VNNI, against portable:", _moved(portable, twin))


def _moved(before: np.ndarray, after: np.ndarray) -> str:
    """Cosine of the embeddings (mean, least) and the largest move of a logit."""
    dim = before.shape[1] - len(HEADS)  # the heads' logits follow the embedding
    a, b = before[:, :dim], after[:, :dim]
    cosine = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    logits = np.abs(before[:, dim:] - after[:, dim:])
    return (
        f"embedding cosine mean {cosine.mean():.4f}, least {cosine.min():.4f}; "
        f"logits moved by {logits.mean():.3f} on average, {logits.max():.3f} at most"
    )


if __name__ == "__main__":
    main()
