"""ROC and reliability plots (PNG) per dataset; matplotlib is a dev/benchmark dependency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_curve

from civility.evaluation.registry import Curve


def _pyplot() -> Any:
    """matplotlib in file-only mode, imported only when plots are asked for."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def reliability(
    labels: np.ndarray, probs: np.ndarray, bins: int = 10
) -> tuple[np.ndarray, np.ndarray]:
    """Mean predicted probability and observed positive rate in each non-empty bin."""
    index = np.clip((probs * bins).astype(int), 0, bins - 1)
    used = [b for b in range(bins) if (index == b).any()]
    mean_p = np.array([probs[index == b].mean() for b in used])
    rate = np.array([labels[index == b].mean() for b in used])
    return mean_p, rate


def write_plots(curves: Sequence[Curve], out: Path) -> list[str]:
    """One ROC and one reliability PNG per dataset; returns the file names written."""
    plt = _pyplot()
    by_set: dict[str, list[Curve]] = defaultdict(list)
    for curve in curves:
        by_set[curve.dataset].append(curve)
    names = []
    for dataset, group in sorted(by_set.items()):
        fig, (roc_ax, rel_ax) = plt.subplots(1, 2, figsize=(11, 5))
        for c in group:
            tag = f"{c.score} ({c.system})"
            if 0 < c.labels.sum() < len(c.labels):
                fpr, tpr, _ = roc_curve(c.labels, c.probs)
                roc_ax.plot(fpr, tpr, label=tag, linestyle="-" if c.system == "civility" else ":")
            if c.system == "civility":
                mean_p, rate = reliability(c.labels, c.probs)
                rel_ax.plot(mean_p, rate, marker="o", label=tag)
        for ax, title in ((roc_ax, "ROC"), (rel_ax, "Reliability")):
            ax.plot([0, 1], [0, 1], color="grey", linewidth=0.5)
            ax.set_title(f"{dataset}: {title}")
            ax.legend(fontsize=6)
        roc_ax.set_xlabel("false positive rate")
        roc_ax.set_ylabel("true positive rate")
        rel_ax.set_xlabel("predicted probability")
        rel_ax.set_ylabel("observed rate")
        name = f"{dataset}.png"
        fig.tight_layout()
        fig.savefig(out / name, dpi=90)
        plt.close(fig)
        names.append(name)
    return names
