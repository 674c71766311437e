"""Add a `token_logits` output to the exported encoder: each token's share of the head logits.

The heads are one linear layer on the mean of the last layer's token states, so a head's logit
is exactly the sum over tokens of (state . weight) / tokens, plus the bias. Exposing the terms
before the mean costs one 384 x 7 product per token and lets a reason name the words that moved
an encoder-driven score (`ml/encoder_spans.py`). `embedding` and `abuse_logits` are unchanged:
the new node only reads tensors the graph already computes.
Training-time only (needs `onnx`). Run: python -m civility.ml.export_token_logits [--model PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from civility.ml.export_encoder import DEFAULT_OUT
from civility.ml.export_vnni import write_vnni_twin
from civility.pipeline.encoder import PER_WORD_PIECE_OUTPUT as OUTPUT
from civility.pipeline.encoder import VNNI_MODEL_FILE

# The quantised head weight as onnxruntime's dynamic quantiser names it (export_neural).
_HEAD_WEIGHT = "heads.weight_Transposed"


def add_token_logits(path: Path) -> bool:
    """Rewrite the model at `path` with the extra output; False if it already has one."""
    import onnx  # type: ignore[import-not-found,unused-ignore]
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    if any(output.name == OUTPUT for output in graph.output):
        return False
    weight = _dequantized_head_weight(graph, numpy_helper)
    states = _masked_token_states(graph)
    graph.initializer.append(numpy_helper.from_array(weight, "token_heads.weight"))
    graph.node.append(
        helper.make_node(
            "MatMul", [states, "token_heads.weight"], [OUTPUT], name="/token_heads/MatMul"
        )
    )
    graph.output.append(
        helper.make_tensor_value_info(
            OUTPUT, TensorProto.FLOAT, ["batch", "tokens", int(weight.shape[1])]
        )
    )
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return True


def _dequantized_head_weight(graph: Any, numpy_helper: Any) -> np.ndarray:
    """The heads' weight (hidden x heads) in float32, as the int8 graph applies it."""
    init = {tensor.name: tensor for tensor in graph.initializer}
    names = [f"{_HEAD_WEIGHT}_{part}" for part in ("quantized", "scale", "zero_point")]
    missing = [name for name in names if name not in init]
    if missing:
        raise ValueError(f"no quantised head weight in this graph (missing {missing})")
    q, scale, zero = (numpy_helper.to_array(init[name]).astype(np.float32) for name in names)
    return np.asarray((q - zero) * scale, dtype=np.float32)


def _masked_token_states(graph: Any) -> str:
    """The tensor the mean pooling sums: last-layer token states times the attention mask."""
    for node in graph.node:
        if node.op_type == "ReduceSum":
            producer = next((n for n in graph.node if node.input[0] in n.output), None)
            if producer is not None and producer.op_type == "Mul":
                return str(node.input[0])
    raise ValueError("no mean pooling (Mul then ReduceSum) found in this graph")


def main(argv: list[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_OUT / "model.onnx")
    args = parser.parse_args(argv)
    changed = add_token_logits(args.model)
    print(f"{args.model}: {'added' if changed else 'already has'} output {OUTPUT}")
    if changed and (args.model.parent / VNNI_MODEL_FILE).exists():
        # A twin of the graph before the step would no longer load: make it again.
        print(f"wrote {write_vnni_twin(args.model)}")


if __name__ == "__main__":
    main()
