"""The encoder's VNNI twin: the same numbers as the portable graph, run only where it is safe."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest

from civility.ml.export_vnni import write_vnni_twin
from civility.pipeline.cpu_features import cpu_flags, has_vnni, lists_vnni
from civility.pipeline.encoder import (
    MODEL_FILE,
    SHIPPED_DIR,
    TWIN_OF_KEY,
    VNNI_MODEL_FILE,
    load_encoder,
)

pytestmark = pytest.mark.slow

TEXTS = [
    "You are a complete idiot.",
    "Pakistan agreed to tackle the Haqqani network, a diplomat said. " * 12,
    "ok",
    "",
    "f*ck y0u, m0r0n \U0001f595",
]

CPUINFO = """processor\t: 0
flags\t\t: fpu sse2 avx2 avx512f avx512_vnni
model name\t: Example CPU

processor\t: 1
flags\t\t: fpu sse2 avx2 avx512f
"""


def test_flags_are_those_every_processor_has() -> None:
    assert cpu_flags(CPUINFO) == {"fpu", "sse2", "avx2", "avx512f"}
    assert cpu_flags(CPUINFO.replace("avx512f\n", "avx512f avx512_vnni\n")) >= {"avx512_vnni"}
    assert cpu_flags("") == set()
    assert cpu_flags("flags : \nflags : avx2") == set()


def test_an_unreadable_or_garbled_cpuinfo_means_no_vnni(tmp_path: Path) -> None:
    assert not lists_vnni(tmp_path / "missing")
    assert not lists_vnni(tmp_path)  # a folder, not a file
    garbled = tmp_path / "cpuinfo"
    # A garbled flags line is no flags line: the portable graph runs.
    garbled.write_bytes(b"\xff\xfe flags : avx512_vnni\x00\n" + b"\x80" * 100_000)
    assert not lists_vnni(garbled)
    # Junk on other lines is ignored; a clean flags line still reads.
    garbled.write_bytes(b"\x80" * 100_000 + b"\nflags\t: avx2 avx512_vnni\n")
    assert lists_vnni(garbled)
    garbled.write_bytes(b"<script>flags</script>\n' OR 1=1 --\n" * 1000)
    assert not lists_vnni(garbled)
    vnni = tmp_path / "vnni"
    vnni.write_text(CPUINFO.replace("avx512f\n", "avx512f avx512_vnni\n"), encoding="ascii")
    assert lists_vnni(vnni)


def test_shipped_twin_is_made_from_the_shipped_graph(tmp_path: Path) -> None:
    remade = write_vnni_twin(SHIPPED_DIR / MODEL_FILE, tmp_path / VNNI_MODEL_FILE)
    assert remade.read_bytes() == (SHIPPED_DIR / VNNI_MODEL_FILE).read_bytes()


def test_twin_differs_only_in_the_sign_of_its_int8_weights() -> None:
    portable = onnx.load(str(SHIPPED_DIR / MODEL_FILE))
    twin = onnx.load(str(SHIPPED_DIR / VNNI_MODEL_FILE))
    assert [n.SerializeToString() for n in portable.graph.node] == [
        n.SerializeToString() for n in twin.graph.node
    ]
    before = {t.name: onnx.numpy_helper.to_array(t) for t in portable.graph.initializer}
    after = {t.name: onnx.numpy_helper.to_array(t) for t in twin.graph.initializer}
    assert before.keys() == after.keys()
    signed = [name for name in after if after[name].dtype != before[name].dtype]
    assert len(signed) > 20
    for name, weight in after.items():
        if name in signed:
            assert before[name].dtype == np.uint8 and weight.dtype == np.int8
            assert np.array_equal(weight.astype(np.int16) + 128, before[name])
        else:
            assert np.array_equal(weight, before[name])


def test_the_graph_this_cpu_runs_gives_the_portable_numbers() -> None:
    chosen = load_encoder(threads=1)
    portable = load_encoder(threads=1, kernels="portable")
    assert chosen.model_file == (VNNI_MODEL_FILE if has_vnni() else MODEL_FILE)
    assert portable.model_file == MODEL_FILE
    for tokens in (16, 64, 128):
        assert np.array_equal(chosen._rows(TEXTS, tokens), portable._rows(TEXTS, tokens))
        for mine, theirs in zip(
            chosen.token_logits(TEXTS, max_tokens=tokens),
            portable.token_logits(TEXTS, max_tokens=tokens),
            strict=True,
        ):
            assert mine is not None and theirs is not None
            assert np.array_equal(mine.logits, theirs.logits)


def _folder_with_a_stale_twin(folder: Path) -> None:
    """The shipped encoder whose portable graph changed after its twin was made."""
    for name in (VNNI_MODEL_FILE, "tokenizer.json", "meta.json"):
        shutil.copy(SHIPPED_DIR / name, folder / name)
    model = onnx.load(str(SHIPPED_DIR / MODEL_FILE))
    onnx.helper.set_model_props(model, {"changed": "after the twin"})
    onnx.save(model, str(folder / MODEL_FILE))


def test_a_twin_of_another_graph_is_refused(tmp_path: Path) -> None:
    _folder_with_a_stale_twin(tmp_path)
    with pytest.raises(ValueError, match="was not made from"):
        load_encoder(tmp_path, kernels="vnni")


def test_auto_runs_the_portable_graph_beside_a_stale_twin(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _folder_with_a_stale_twin(tmp_path)
    with caplog.at_level(logging.WARNING):
        encoder = load_encoder(tmp_path)
    assert encoder.model_file == MODEL_FILE
    # Only a CPU with VNNI opens the twin at all, and only then is there something to say.
    assert ("was not made from" in caplog.text) == has_vnni()


def test_a_folder_without_a_twin_runs_its_portable_graph(tmp_path: Path) -> None:
    for name in (MODEL_FILE, "tokenizer.json", "meta.json"):
        shutil.copy(SHIPPED_DIR / name, tmp_path / name)
    assert load_encoder(tmp_path).model_file == MODEL_FILE
    with pytest.raises(FileNotFoundError, match="no encoder at"):
        load_encoder(tmp_path, kernels="vnni")


def test_twin_records_the_digest_of_its_source() -> None:
    twin = onnx.load(str(SHIPPED_DIR / VNNI_MODEL_FILE))
    props = {p.key: p.value for p in twin.metadata_props}
    source = hashlib.sha256((SHIPPED_DIR / MODEL_FILE).read_bytes()).hexdigest()
    assert props[TWIN_OF_KEY] == source


def test_a_graph_without_int8_weights_gets_no_twin(tmp_path: Path) -> None:
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Identity", ["x"], ["y"])],
        "plain",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])],
    )
    onnx.save(onnx.helper.make_model(graph), str(tmp_path / MODEL_FILE))
    with pytest.raises(ValueError, match="no int8 weights"):
        write_vnni_twin(tmp_path / MODEL_FILE)
    assert not (tmp_path / VNNI_MODEL_FILE).exists()
