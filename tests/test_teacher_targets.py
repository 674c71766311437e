"""The stronger teacher's targets: principal axes, reduction, the int8 file, the CLI's checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from civility.ml.teacher_targets import load_targets, principal_axes, reduce, write_targets
from civility.ml.train_neural import main as train_main


def _unit_rows(n: int, width: int, seed: int = 0) -> np.ndarray:
    """Normalised random rows with most of their spread in a few directions, as embeddings have."""
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(n, width)) * np.geomspace(4.0, 0.05, width)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_principal_axes_are_orthonormal_ordered_and_rerun_the_same() -> None:
    rows = _unit_rows(500, 32)
    mean, axes = principal_axes(rows, 8)
    assert axes.shape == (8, 32) and mean.shape == (32,)
    assert np.allclose(axes @ axes.T, np.eye(8), atol=1e-5)
    spread = ((rows - mean) @ axes.T).var(axis=0)
    assert np.all(np.diff(spread) <= 1e-6)  # the first axis carries the most
    again = principal_axes(rows[::-1].copy(), 8)
    assert np.allclose(again[1], axes, atol=1e-4)  # signs fixed: a rerun writes the same file


def test_principal_axes_fit_on_a_sample_of_many_rows() -> None:
    rows = _unit_rows(3000, 16)
    _, sampled = principal_axes(rows, 4, sample=1000)
    _, whole = principal_axes(rows, 4, sample=10_000)
    assert np.abs((sampled * whole).sum(axis=1)).min() > 0.95


@pytest.mark.parametrize("dim", [0, -1, 33, 10_000])
def test_principal_axes_refuse_impossible_sizes(dim: int) -> None:
    with pytest.raises(ValueError, match="dim must be between 1 and 32"):
        principal_axes(_unit_rows(100, 32), dim)


def test_reduced_rows_keep_the_order_of_cosines_of_the_main_directions() -> None:
    rows = _unit_rows(400, 32)
    mean, axes = principal_axes(rows, 24)
    reduced = reduce(rows, mean, axes)
    assert np.allclose(np.linalg.norm(reduced, axis=1), 1.0, atol=1e-5)
    full, kept = (rows - mean) @ (rows - mean).T, reduced @ reduced.T
    # Centred cosines before and after agree closely where most of the spread is kept.
    pairs = np.triu_indices(len(rows), 1)
    assert np.corrcoef(full[pairs], kept[pairs])[0, 1] > 0.95


def test_reduce_leaves_a_row_at_the_mean_as_zeros_not_nans() -> None:
    rows = _unit_rows(50, 8)
    mean, axes = principal_axes(rows, 4)
    assert np.all(reduce(mean[None, :], mean, axes) == 0.0)


def test_targets_file_round_trips_within_int8_steps(tmp_path: Path) -> None:
    rows = _unit_rows(300, 16)
    mean, axes = principal_axes(rows, 8)
    reduced = reduce(rows, mean, axes)
    path = tmp_path / "teacher.npz"
    write_targets(path, reduced, mean, axes, teacher="all-mpnet-base-v2")
    targets, teacher = load_targets(path, rows=300)
    assert teacher == "all-mpnet-base-v2" and targets.dtype == np.float32
    assert np.abs(targets - reduced).max() <= 1 / 254 + 1e-6  # half a step of the row's scale
    with pytest.raises(ValueError, match="holds 300 rows, the pack 301"):
        load_targets(path, rows=301)


def test_training_with_targets_but_no_projection_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        train_main(["--pack", str(tmp_path), "--out", str(tmp_path), "--targets"])
    assert exit_info.value.code == 2
    assert "--targets needs --project" in capsys.readouterr().err
