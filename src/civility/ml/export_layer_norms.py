"""Write the encoder's residual layer norms as plain Add and LayerNormalization operators.

The BERT fusion (`export_encoder.fuse`) joins each residual sum and its layer norm into one
SkipLayerNormalization, whose CPU kernel in onnxruntime 1.32 is slow: 80 µs on a 52-token
comment against 15 µs for Add and a standard LayerNormalization (the same results to 1e-6),
eight times a pass, a quarter of it (BENCHMARKS.md, "Layer norms unfused"). The int8 products
after a layer norm re-quantise their inputs, so a value may round the other way and the outputs
move by int8 noise: a rewritten graph is a new encoder (its name carries its digest) and the
calibrations are fitted on it again. (QAttention split into MatMulIntegerToFloat and
MultiHeadAttention gave bit-identical outputs but a 5% slower pass: not done.)
Training-time only (needs `onnx`). Run: python -m civility.ml.export_layer_norms [--model PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from civility.ml.export_encoder import graph_digest
from civility.pipeline.encoder import SHIPPED_DIR

LAYER_NORM = "SkipLayerNormalization"
# LayerNormalization is a standard operator from opset 17 on.
MIN_OPSET = 17
DEFAULT_EPSILON = 1e-12


def plain_layer_norms(path: Path) -> int:
    """Rewrite every SkipLayerNormalization of the graph at `path` in place; return how many."""
    import onnx  # type: ignore[import-not-found,unused-ignore]

    model = onnx.load(str(path))
    nodes = list(model.graph.node)
    count = sum(1 for node in nodes if node.op_type == LAYER_NORM)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if count and opset < MIN_OPSET:
        raise ValueError(f"{path} uses opset {opset}; LayerNormalization needs {MIN_OPSET}")
    rewritten: list[Any] = []
    for node in nodes:
        rewritten.extend(_plain_layer_norm(node) if node.op_type == LAYER_NORM else [node])
    del model.graph.node[:]
    model.graph.node.extend(rewritten)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return count


def _plain_layer_norm(node: Any) -> list[Any]:
    """Add(input, skip), Add(bias) where there is one, then LayerNormalization: one output.

    In this order onnxruntime does not fuse them back (the encoder's sessions also forbid it).
    """
    from onnx import helper

    if any(name for name in node.output[1:]):
        # The mean, inverse deviation or bare sum would be lost: no graph here reads them.
        raise ValueError(f"{node.name} has outputs besides the normalised sum: {list(node.output)}")
    epsilon = next(
        (helper.get_attribute_value(a) for a in node.attribute if a.name == "epsilon"),
        DEFAULT_EPSILON,
    )
    x, skip, gamma, beta = node.input[:4]
    bias = node.input[4] if len(node.input) > 4 else ""
    total = f"{node.name}/sum"
    out = [helper.make_node("Add", [x, skip], [total], name=f"{node.name}/add")]
    if bias:
        out.append(
            helper.make_node("Add", [total, bias], [f"{total}+bias"], name=f"{node.name}/bias")
        )
        total = f"{total}+bias"
    out.append(
        helper.make_node(
            "LayerNormalization",
            [total, gamma, beta],
            [node.output[0]],
            name=f"{node.name}/norm",
            axis=-1,
            epsilon=epsilon,
        )
    )
    return out


def renamed_meta(directory: Path) -> str:
    """Give meta.json's name the digest of the folder's rewritten model.onnx; return the name."""
    meta_path = directory / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    digest = graph_digest(directory / "model.onnx")
    meta["name"] = f"{str(meta['name']).split('+', 1)[0]}+{digest}"
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return str(meta["name"])


def main(argv: list[str] | None = None) -> None:
    """Command line: rewrite a folder's model.onnx, make its VNNI twin again, rename it."""
    from civility.ml.export_vnni import write_vnni_twin

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=SHIPPED_DIR / "model.onnx")
    args = parser.parse_args(argv)
    count = plain_layer_norms(args.model)
    twin = write_vnni_twin(args.model)
    name = renamed_meta(args.model.parent) if (args.model.parent / "meta.json").exists() else "-"
    print(f"rewrote {count} layer norms in {args.model}; wrote {twin}; encoder name {name}")


if __name__ == "__main__":
    main()
