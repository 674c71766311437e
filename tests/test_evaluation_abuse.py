"""`civility evaluate` on tiny sets written by the test: rows, report and plots."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from civility.cli import main
from civility.evaluation.abuse import ANY_ABUSE, evaluate_abuse, held_out_sets
from civility.evaluation.metrics import EvalRow
from civility.evaluation.registry import EvalContext, ModelFolders, evaluations
from civility.evaluation.report import markdown_report, text_table
from civility.ml.artifacts import save_model
from civility.ml.split import Part
from civility.ml.training import TrainConfig, policy_thresholds, train

RUDE = ("you idiot", "shut up moron", "you are a stupid clown", "what a pathetic loser")
CIVIL = ("thanks for the article", "i agree with the minister", "good point well made")


def _write_olid(folder: Path, n: int = 300, *, numbered: bool = True) -> None:
    folder.mkdir(parents=True)
    lines = ["id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c"]
    for i in range(n):
        rude = i % 2 == 0
        text = (RUDE[i % 4] if rude else CIVIL[i % 3]) + (f" @USER {i}" if numbered else " @USER")
        a, b, c = ("OFF", "TIN", "IND") if rude else ("NOT", "NULL", "NULL")
        lines.append(f"{i}\t{text}\t{a}\t{b}\t{c}")
    (folder / "olid-training-v1.0.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_sfu(folder: Path) -> None:
    folder.mkdir(parents=True)
    with (folder / "SFU_constructiveness_toxicity.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment", "globe_url", "is_toxic_popular_answer_1"])
        for i in range(40):
            rude = i % 4 == 0
            writer.writerow([(RUDE[i % 4] if rude else CIVIL[i % 3]), "u", 3 if rude else 1])


@pytest.fixture
def tiny_model(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "datasets"
    _write_olid(data / "olid")
    _write_sfu(data / "sfu_constructiveness_toxicity")
    model, meta, parts = train(data, TrainConfig(seed=2, min_df=1, sets=("olid",)))
    out = tmp_path / "model"
    save_model(model, out, meta, policy_thresholds(model, parts[Part.CALIB]))
    return data, out


def test_evaluation_abuse_rows_cover_held_out_and_eval_only_sets(
    tiny_model: tuple[Path, Path],
) -> None:
    data, model_dir = tiny_model
    ctx = EvalContext(data, model_dir)
    rows = [r for r in evaluate_abuse(ctx) if r.system == "civility"]
    by_key = {(r.dataset, r.score): r for r in rows}
    assert by_key[("sfu_constructiveness_toxicity", "toxicity")].n == 40
    olid = by_key[("olid", "toxicity")]
    assert 0 < olid.n < 300  # only the held-out test part
    assert ("olid", ANY_ABUSE) in by_key
    assert len(ctx.curves) >= len(rows)


def test_evaluation_leaves_out_held_out_rows_whose_text_was_trained_on(tmp_path: Path) -> None:
    data = tmp_path / "datasets"
    # Seven texts repeated 300 times: every test row's text is also in the train part.
    _write_olid(data / "olid", numbered=False)
    _write_sfu(data / "sfu_constructiveness_toxicity")
    sets = held_out_sets(EvalContext(data), seed=2)
    assert sets["olid"] == []
    # Compared regardless of case and spacing, eval-only rows too: SFU's ten "you idiot" go.
    (data / "olid" / "olid-training-v1.0.tsv").write_text(
        "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n"
        + "".join(f"{i}\tYou  IDIOT\tOFF\tTIN\tIND\n" for i in range(300)),
        encoding="utf-8",
    )
    sfu = held_out_sets(EvalContext(data), seed=2)["sfu_constructiveness_toxicity"]
    assert len(sfu) == 30
    assert "you idiot" not in {e.text for e in sfu}


def test_evaluation_abuse_is_registered() -> None:
    assert "abuse" in evaluations()


def test_evaluation_report_formats_every_row() -> None:
    rows = [EvalRow("set", "toxicity", 10, 3, 0.9, 0.5, 0.1), EvalRow("set", "x", 5, 0, None, 0, 0)]
    table = text_table(rows)
    assert "0.900" in table and " - " in table
    report = markdown_report(rows, title="T", notes=["n"], images=["a.png"])
    assert report.count("| set |") == 2 and "![a.png](a.png)" in report


def test_evaluation_command_writes_report_and_plots(
    tiny_model: tuple[Path, Path], tmp_path: Path
) -> None:
    data, model_dir = tiny_model
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--task",
            "abuse",
            "--datasets-dir",
            str(data),
            "--model-dir",
            str(model_dir),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "sfu_constructiveness_toxicity" in result.output
    assert (out / "report.md").exists() and (out / "olid.png").stat().st_size > 0


def test_evaluation_reads_a_folder_laid_out_like_the_shipped_models(tmp_path: Path) -> None:
    assert EvalContext(tmp_path).models == ModelFolders()
    lone = tmp_path / "lone"
    lone.mkdir()
    assert EvalContext(tmp_path, lone).models == ModelFolders(abuse=lone)
    root = tmp_path / "models"
    for folder in ("abuse", "encoder", "relevance"):
        (root / folder).mkdir(parents=True)
    assert EvalContext(tmp_path, root).models == ModelFolders(
        abuse=root / "abuse", encoder=root / "encoder"
    )
    (root / "relevance" / "calibration.json").write_text("{}")
    assert EvalContext(tmp_path, root).models.relevance_calibration == (
        root / "relevance" / "calibration.json"
    )


def test_evaluation_command_takes_the_layout_of_civility_model_dir(
    tiny_model: tuple[Path, Path], tmp_path: Path
) -> None:
    # CIVILITY_MODEL_DIR holds abuse/, encoder/, relevance/ as the package does.
    data, model_dir = tiny_model
    root = tmp_path / "models"
    shutil.copytree(model_dir, root / "abuse")
    result = CliRunner().invoke(
        main,
        ["evaluate", "--task", "abuse", "--no-plots", "--out", str(tmp_path / "out")],
        env={"CIVILITY_MODEL_DIR": str(root), "CIVILITY_DATASETS_DIR": str(data)},
    )
    assert result.exit_code == 0, result.output
    assert "sfu_constructiveness_toxicity" in result.output


def test_evaluation_command_refuses_unknown_task(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--task", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "'nope' is not one of 'abuse', 'relevance'" in result.output


def test_evaluation_task_names_are_the_registered_tasks() -> None:
    from civility.evaluation.registry import TASK_NAMES, evaluations

    assert set(TASK_NAMES) == set(evaluations())
    help_text = CliRunner().invoke(main, ["evaluate", "--help"]).output
    assert "--task [abuse|relevance]" in help_text


def test_evaluation_reliability_bins() -> None:
    from civility.evaluation.plots import reliability

    mean_p, rate = reliability(np.array([0, 1, 1, 0]), np.array([0.05, 0.95, 0.92, 0.08]))
    assert list(np.round(mean_p, 3)) == [0.065, 0.935]
    assert list(rate) == [0.0, 1.0]
