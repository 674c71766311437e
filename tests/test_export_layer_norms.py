"""Residual layer norms written as Add and LayerNormalization: same numbers, never fused back."""

from __future__ import annotations

import collections
import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper

from civility.ml.export_layer_norms import plain_layer_norms, renamed_meta
from civility.pipeline.encoder import MODEL_FILE, SHIPPED_DIR, VNNI_MODEL_FILE, _open

HIDDEN = 16


def _graph(
    path: Path,
    *,
    bias: bool,
    extra_output: bool = False,
    opset: int = 17,
    length: int | None = None,
) -> None:
    """A graph of one SkipLayerNormalization over inputs x and skip, saved at `path`."""
    rng = np.random.default_rng(7)
    weights = {
        "gamma": rng.random(HIDDEN, dtype=np.float32) + 0.5,
        "beta": rng.standard_normal(HIDDEN).astype(np.float32),
        "bias": rng.standard_normal(HIDDEN).astype(np.float32),
    }
    inputs = ["x", "skip", "gamma", "beta", *(["bias"] if bias else [])]
    outputs = ["y", "mean"] if extra_output else ["y"]
    node = helper.make_node(
        "SkipLayerNormalization", inputs, outputs, name="sln", domain="com.microsoft", epsilon=1e-5
    )
    shape = [1, length, HIDDEN]
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in ("x", "skip")],
        [
            helper.make_tensor_value_info(
                n, TensorProto.FLOAT, [1, length, HIDDEN if i == 0 else 1]
            )
            for i, n in enumerate(outputs)
        ],
        [helper.make_tensor(k, TensorProto.FLOAT, [HIDDEN], v) for k, v in weights.items()],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("com.microsoft", 1)],
    )
    onnx.save(model, str(path))


def _run(path: Path) -> np.ndarray:
    """The graph's first output on fixed inputs."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((1, 9, HIDDEN)) * 4).astype(np.float32)
    skip = rng.standard_normal((1, 9, HIDDEN)).astype(np.float32)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, {"x": x, "skip": skip})[0])


def _ops(path: Path) -> collections.Counter[str]:
    return collections.Counter(node.op_type for node in onnx.load(str(path)).graph.node)


@pytest.mark.parametrize("bias", [True, False])
def test_rewritten_layer_norms_give_the_fused_numbers(tmp_path: Path, bias: bool) -> None:
    path = tmp_path / "m.onnx"
    _graph(path, bias=bias)
    fused = _run(path)
    assert plain_layer_norms(path) == 1
    assert _ops(path) == collections.Counter({"Add": 2 if bias else 1, "LayerNormalization": 1})
    assert np.allclose(_run(path), fused, atol=1e-5)
    assert plain_layer_norms(path) == 0  # nothing left to rewrite


def test_a_layer_norm_whose_other_outputs_are_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.onnx"
    _graph(path, bias=True, extra_output=True)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="outputs besides"):
        plain_layer_norms(path)
    assert path.read_bytes() == before


def test_an_opset_without_layer_normalization_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.onnx"
    _graph(path, bias=True, opset=16)
    with pytest.raises(ValueError, match="opset 16"):
        plain_layer_norms(path)


def test_the_encoder_session_never_fuses_them_back(tmp_path: Path) -> None:
    # Bias added first, then the residual, in a graph of known shape: what onnxruntime fuses.
    path = tmp_path / "m.onnx"
    _graph(path, bias=True, length=9)
    model = onnx.load(str(path))
    add_bias = helper.make_node("Add", ["x", "bias"], ["biased"])
    add_skip = helper.make_node("Add", ["biased", "skip"], ["sum"])
    norm = helper.make_node("LayerNormalization", ["sum", "gamma", "beta"], ["y"], epsilon=1e-5)
    del model.graph.node[:]
    model.graph.node.extend([add_bias, add_skip, norm])
    onnx.save(model, str(path))
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    fused_file = tmp_path / "fused.onnx"
    options.optimized_model_filepath = str(fused_file)
    ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    assert "SkipLayerNormalization" in _ops(fused_file)  # what the encoder's sessions prevent
    kept_file = tmp_path / "kept.onnx"
    options.optimized_model_filepath = str(kept_file)
    _open(path, options)
    assert "SkipLayerNormalization" not in _ops(kept_file)


@pytest.mark.slow
def test_the_shipped_encoder_has_no_fused_layer_norms() -> None:
    for name in (MODEL_FILE, VNNI_MODEL_FILE):
        ops = _ops(SHIPPED_DIR / name)
        assert "SkipLayerNormalization" not in ops
        assert ops["LayerNormalization"] == 8


def test_the_rewritten_encoder_is_renamed_by_its_digest(tmp_path: Path) -> None:
    (tmp_path / "model.onnx").write_bytes(b"graph bytes")
    (tmp_path / "meta.json").write_text(json.dumps({"name": "student-int8+0123456789"}))
    name = renamed_meta(tmp_path)
    assert name == "student-int8+" + hashlib.sha256(b"graph bytes").hexdigest()[:10]
    assert json.loads((tmp_path / "meta.json").read_text())["name"] == name
