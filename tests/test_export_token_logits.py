"""The export step that exposes each token's share of the head logits."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest

from civility.ml.export_token_logits import OUTPUT, add_token_logits
from civility.pipeline.encoder import SHIPPED_DIR, load_encoder

pytestmark = pytest.mark.slow

TEXTS = ["You are a complete idiot.", "Talks with the Haqqanis are a good start.", ""]


def _without_token_logits(folder: Path) -> None:
    """The shipped encoder as `export_neural` quantises it, before the step."""
    for name in ("tokenizer.json", "meta.json"):
        shutil.copy(SHIPPED_DIR / name, folder / name)
    model = onnx.load(str(SHIPPED_DIR / "model.onnx"))
    graph = model.graph
    for output in [o for o in graph.output if o.name == OUTPUT]:
        graph.output.remove(output)
    for node in [n for n in graph.node if OUTPUT in n.output]:
        graph.node.remove(node)
    for tensor in [t for t in graph.initializer if t.name == "token_heads.weight"]:
        graph.initializer.remove(tensor)
    onnx.save(model, str(folder / "model.onnx"))


def test_export_adds_token_logits_and_changes_no_other_output(tmp_path: Path) -> None:
    _without_token_logits(tmp_path)
    before = load_encoder(tmp_path)
    assert not before.has_token_logits
    assert before.token_logits(TEXTS) == [None, None, None]
    assert add_token_logits(tmp_path / "model.onnx")
    after = load_encoder(tmp_path)
    assert after.has_token_logits
    assert np.array_equal(before._rows(TEXTS, 64), after._rows(TEXTS, 64))
    shipped = load_encoder().token_logits(TEXTS, max_tokens=64)
    for mine, theirs in zip(after.token_logits(TEXTS, max_tokens=64), shipped, strict=True):
        assert mine is not None and theirs is not None
        assert np.array_equal(mine.logits, theirs.logits)
        assert np.array_equal(mine.offsets, theirs.offsets)


def test_export_step_runs_once(tmp_path: Path) -> None:
    shutil.copy(SHIPPED_DIR / "model.onnx", tmp_path / "model.onnx")
    assert not add_token_logits(tmp_path / "model.onnx")


def test_export_step_refuses_a_graph_without_heads(tmp_path: Path) -> None:
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Identity", ["x"], ["y"])],
        "plain",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])],
    )
    onnx.save(onnx.helper.make_model(graph), str(tmp_path / "model.onnx"))
    with pytest.raises(ValueError, match="no quantised head weight"):
        add_token_logits(tmp_path / "model.onnx")
