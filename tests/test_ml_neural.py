"""The int8 row packing used to move encoder weights to a training machine and back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from civility.ml.train_neural import (
    dequantize_rows,
    main,
    parse_student,
    parse_weights,
    quantize_rows,
)


def test_ml_neural_int8_rows_round_trip_within_half_a_step() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(0.0, 0.05, (64, 384)).astype(np.float32)
    matrix[3] = 0.0  # an all-zero row must not divide by zero
    values, scale = quantize_rows(matrix)
    assert values.dtype == np.int8
    restored = dequantize_rows(values, scale)
    assert np.abs(restored - matrix).max() <= scale.max() / 2 + 1e-7
    assert np.all(restored[3] == 0.0)


def test_ml_neural_student_spec_names_layers_and_epochs() -> None:
    assert parse_student("L3:1,3,5:5", 2) == ("L3", [1, 3, 5], 5)
    assert parse_student("L2:2,5", 4) == ("L2", [2, 5], 4)


def test_ml_neural_source_weights_override_by_set_name() -> None:
    assert parse_weights(["olid=2", "civil_comments_toxic_spans=0.5"]) == {
        "olid": 2.0,
        "civil_comments_toxic_spans": 0.5,
    }
    assert parse_weights([]) == {}
    with pytest.raises(ValueError, match="SET=WEIGHT"):
        parse_weights(["olid"])


def test_ml_neural_cli_says_a_malformed_source_weight_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--pack", str(tmp_path), "--out", str(tmp_path), "--source-weight", "olid"]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert "expected SET=WEIGHT, got 'olid'" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written
