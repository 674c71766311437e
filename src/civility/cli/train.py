"""`civility train`: rebuild the shipped abuse model from the labelled sets, reproducibly."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from civility.cli.common import DATASETS_DIR_OPTION, load_settings

# The seed that built the shipped weights; kept here so `--help` needs no model code.
DEFAULT_SEED = 13


@click.command()
@DATASETS_DIR_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the model files into (default: the package's shipped model).",
)
@click.option("--seed", default=DEFAULT_SEED, show_default=True, help="Split seed.")
@click.option(
    "--with-encoder",
    is_flag=True,
    help="First retrain the shared encoder's abuse heads and the off_topic calibration "
    "(needs the train extra; minutes on a GPU, hours on a CPU).",
)
def train(datasets_dir: Path | None, out: Path | None, seed: int, with_encoder: bool) -> None:
    """Train the abuse model on the permissively licensed sets only, and write it to --out."""
    # Model code loads scikit-learn: imported here so that other commands start fast.
    from civility.ml.artifacts import SHIPPED_DIR, save_model
    from civility.ml.datasets import TRAIN_SETS
    from civility.ml.split import Part
    from civility.ml.training import TrainConfig, policy_thresholds
    from civility.ml.training import train as fit_model

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    out = out or SHIPPED_DIR
    settings = load_settings(datasets_dir=datasets_dir)
    if not settings.datasets_dir.is_dir():
        raise click.ClickException(f"no datasets directory at {settings.datasets_dir}")
    if with_encoder:
        if out != SHIPPED_DIR:
            raise click.UsageError("--with-encoder rebuilds the shipped models; drop --out")
        retrain_encoder(settings.datasets_dir, seed)
    config = TrainConfig(seed=seed)
    click.echo(f"training sets allowed for shipped weights: {', '.join(TRAIN_SETS)}")
    model, meta, parts = fit_model(settings.datasets_dir, config)
    thresholds = policy_thresholds(model, parts[Part.CALIB])
    save_model(model, out, meta, thresholds)
    for source, counts in sorted(meta["rows"].items()):
        shown = ", ".join(f"{part}={n}" for part, n in counts.items())
        click.echo(f"  used {source}: {shown}")
    click.echo(f"model {model.version} ({model.vocab.size} features) written to {out}")
    if model.encoder is None:
        click.echo(
            "  calibrated on the linear model alone (the shipped encoder has no abuse heads)"
        )
    else:
        click.echo(
            f"  stacked with the abuse heads of encoder {model.encoder} "
            f"(first {model.encoder_tokens} tokens; retrain those with python -m "
            "civility.ml.train_neural, see MODEL_CARD.md)"
        )
    for rule in thresholds["rules"]:
        click.echo(f"  {rule['score']}: hold at {rule['hold_at']}, reject at {rule['reject_at']}")


# The recipe of the shipped encoder (MODEL_CARD.md, "Rebuilding the encoder heads").
STUDENT_ARGS = [
    *("--batch", "128", "--lr", "1.5e-4", "--distill", "4", "--project"),
    *("--students", "L4:0,2,4,5:6"),
    *("--source-weight", "olid=2", "civil_comments_toxic_spans=2"),
]


def retrain_encoder(datasets_dir: Path, seed: int) -> None:
    """Pack the permissive sets, train the student, export it, refit off_topic's calibration."""
    import importlib.util
    import tempfile

    if importlib.util.find_spec("torch") is None:
        raise click.ClickException(
            "--with-encoder needs the train extra: "
            "pip install --find-links /opt/wheels -e '.[train]'"
        )
    from civility.ml import export_neural, neural_pack, train_neural, train_relevance

    with tempfile.TemporaryDirectory() as tmp:
        pack, weights = Path(tmp) / "pack", Path(tmp) / "weights"
        neural_pack.main(
            ["--out", str(pack), "--datasets-dir", str(datasets_dir), "--seed", str(seed)]
        )
        train_neural.main(
            ["--pack", str(pack), "--out", str(weights), "--seed", str(seed), *STUDENT_ARGS]
        )
        export_neural.main(
            [
                "--pack",
                str(pack),
                "--weights",
                str(weights),
                "--student",
                export_neural.SHIPPED_STUDENT,
            ]
        )
    train_relevance.main(["--datasets", str(datasets_dir)])
