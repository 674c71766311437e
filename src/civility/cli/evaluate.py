"""`civility evaluate`: score every usable labelled set and write a table, plots and a report."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from civility.cli.common import DATASETS_DIR_OPTION, load_settings
from civility.evaluation.registry import TASK_NAMES, EvalContext, evaluations
from civility.evaluation.report import markdown_report, text_table


@click.command()
@DATASETS_DIR_OPTION
@click.option(
    "--model-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Model files to evaluate (default: the ones shipped with the package).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Directory for report.md and the PNG plots.",
)
@click.option(
    "--task",
    "tasks",
    multiple=True,
    type=click.Choice(TASK_NAMES),
    help="Run only this task; repeat for several (default: all).",
)
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots (no matplotlib needed).")
def evaluate(
    datasets_dir: Path | None,
    model_dir: Path | None,
    out: Path,
    tasks: tuple[str, ...],
    no_plots: bool,
) -> None:
    """Print ROC-AUC, F1 at 0.5 and calibration error per dataset and score; write a report."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    settings = load_settings(datasets_dir=datasets_dir, model_dir=model_dir)
    known = evaluations()
    ctx = EvalContext(settings.datasets_dir, settings.model_dir)
    rows = [row for name in (tasks or tuple(known)) for row in known[name](ctx)]
    if not rows:
        raise click.ClickException(f"no usable dataset under {settings.datasets_dir}")
    click.echo(text_table(rows))
    out.mkdir(parents=True, exist_ok=True)
    images: list[str] = []
    if not no_plots:
        images = _plots(ctx, out)
    notes = [
        f"datasets: {settings.datasets_dir}",
        "training sets: only their held-out test part (by article, video or comment); "
        "eval-only sets: every row; in both, rows whose text (case and spacing aside) is in a "
        "part the model was fitted or calibrated on are left out",
    ]
    report = markdown_report(rows, title="Civility evaluation", notes=notes, images=images)
    (out / "report.md").write_text(report, encoding="utf-8")
    click.echo(f"report written to {out / 'report.md'}")


def _plots(ctx: EvalContext, out: Path) -> list[str]:
    """The PNG plots, or a clear note when matplotlib (the `bench` extra) is missing."""
    try:
        from civility.evaluation.plots import write_plots

        return write_plots(ctx.curves, out)
    except ImportError as exc:
        click.echo(f"plots skipped ({exc}): pip install -e '.[bench]'", err=True)
        return []
