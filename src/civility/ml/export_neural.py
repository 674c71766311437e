"""Export a student trained by train_neural to the shipped int8 ONNX encoder.

The graph has three outputs: `embedding` (read by off_topic), `abuse_logits` (read by the
abuse scorers) and `token_logits` (each token's share of them, for the reasons), so one pass
over a comment serves all.
Training-time only (torch). Run:
python -m civility.ml.export_neural --pack DIR --weights DIR [--student L4] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from civility.ml.export_encoder import DEFAULT_OUT, fuse, graph_digest, quantize, trace_to_onnx
from civility.ml.export_layer_norms import plain_layer_norms
from civility.ml.export_token_logits import add_token_logits
from civility.ml.export_vnni import write_vnni_twin
from civility.ml.train_neural import (
    ENCODER_DIR,
    FROZEN,
    HIDDEN,
    Student,
    build_bert,
    init_state,
)

# The student that ships (MODEL_CARD.md, "Choosing the student").
SHIPPED_STUDENT = "L4"


def load_student(pack: Path, weights: Path, name: str) -> Any:
    """The trained module: frozen word embeddings from the pack, the rest from the shards."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    results = json.loads((weights / "results.json").read_text(encoding="utf-8"))
    layers = results[name]["layers"]
    state = init_state(pack)
    dim = int(results[name].get("embedding_dim", HIDDEN))
    project = results[name].get("project", False)
    module = Student.build(build_bert(state, layers), project=project, dim=dim)
    trained: dict[str, Any] = {}
    for shard in sorted(weights.glob(f"{name}-*.npz")):
        with np.load(shard) as data:
            trained.update({k: torch.from_numpy(data[k].astype(np.float32)) for k in data.files})
    missing, unexpected = module.load_state_dict(trained, strict=False)
    missing = [m for m in missing if m.removeprefix("bert.") not in FROZEN]
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ValueError(f"shards do not fit: missing {missing}, unexpected {unexpected}")
    return module.eval()


def export(pack: Path, weights: Path, name: str, out: Path) -> Path:
    """Write model.onnx (int8), its VNNI twin, tokenizer.json and meta.json into `out`."""
    results = json.loads((weights / "results.json").read_text(encoding="utf-8"))[name]
    module = load_student(pack, weights, name)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        # Eager attention traces to the pattern onnxruntime fuses into one Attention operator.
        module.bert.set_attn_implementation("eager")
        trace_to_onnx(module, fp32, ["embedding", "abuse_logits"])
        fuse(fp32, Path(tmp) / "fused.onnx")
        quantize(Path(tmp) / "fused.onnx", out / "model.onnx")
    add_token_logits(out / "model.onnx")
    plain_layer_norms(out / "model.onnx")
    write_vnni_twin(out / "model.onnx")
    if (ENCODER_DIR / "tokenizer.json").resolve() != (out / "tokenizer.json").resolve():
        shutil.copy(ENCODER_DIR / "tokenizer.json", out / "tokenizer.json")
    meta = {
        # The graph's digest in the name: scorers calibrated on another encoder refuse to load.
        "name": f"civility-minilm-{name.lower()}-int8+{graph_digest(out / 'model.onnx')}",
        "source": "sentence-transformers/all-MiniLM-L6-v2, layers "
        + ",".join(map(str, results["layers"]))
        + (f"; embedding distilled from {results['teacher']}" if "teacher" in results else ""),
        "license": "Apache-2.0",
        "dim": int(results.get("embedding_dim", HIDDEN)),
        "pooling": "mean, a learned linear projection, L2-normalised"
        if results.get("project")
        else "mean, L2-normalised",
        "normalizer": "civility.ml.textnorm",
        "heads": "toxicity,severe_toxicity,insult,threat,identity_attack,profanity,spam",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pack", type=Path, required=True)
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--student", default=SHIPPED_STUDENT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    out = export(args.pack, args.weights, args.student, args.out)
    print(f"wrote {out} (model.onnx {(out / 'model.onnx').stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
