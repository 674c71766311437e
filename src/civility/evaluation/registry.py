"""EVALUATIONS: every task `civility evaluate` runs, by name. The single list to read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from civility.evaluation.metrics import EvalRow
from civility.model_layout import ModelLayout


@dataclass(frozen=True, slots=True)
class Curve:
    """Labels and scores of one score on one dataset, kept for ROC and reliability plots."""

    dataset: str
    score: str
    system: str
    labels: np.ndarray
    probs: np.ndarray


@dataclass(frozen=True, slots=True)
class ModelFolders:
    """Where the models to evaluate are; None for each one shipped with the package."""

    abuse: Path | None = None
    encoder: Path | None = None
    relevance_calibration: Path | None = None


@dataclass
class EvalContext:
    """What a task may use: where the data and models are; where to leave curves for plots."""

    datasets_dir: Path
    model_dir: Path | None = None
    curves: list[Curve] = field(default_factory=list)

    @property
    def models(self) -> ModelFolders:
        """The folders of `model_dir`: laid out like the package's data/models/ (as
        CIVILITY_MODEL_DIR is), or one abuse model's folder beside the shipped encoder."""
        root = self.model_dir
        if root is None:
            return ModelFolders()
        layout = ModelLayout.at(root)
        if not layout.abuse.is_dir():
            return ModelFolders(abuse=root)
        calibration = layout.relevance_calibration
        return ModelFolders(
            abuse=layout.abuse,
            encoder=layout.encoder if layout.encoder.is_dir() else None,
            relevance_calibration=calibration if calibration.exists() else None,
        )


EvaluationTask = Callable[[EvalContext], list[EvalRow]]


# The task names, known without importing the tasks (which load models): `--task` offers them.
TASK_NAMES = ("abuse", "relevance")


def evaluations() -> dict[str, EvaluationTask]:
    """Task name -> function returning table rows. Imported lazily: tasks load models."""
    from civility.evaluation import abuse, relevance

    return {
        "abuse": abuse.evaluate_abuse,
        "relevance": relevance.relevance_task,
    }
