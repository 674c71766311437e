"""Evaluate the abuse scorers on the held-out parts of the training sets and the eval-only sets."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from civility.evaluation.metrics import EvalRow, evaluate_score
from civility.evaluation.registry import Curve, EvalContext
from civility.ml.artifacts import SHIPPED_DIR
from civility.ml.datasets import EVAL_ONLY_SETS, TRAIN_SETS, load_sets
from civility.ml.examples import ABUSE_HEADS, HEADS, Example
from civility.ml.split import Part, part_of
from civility.pipeline.abuse import make_abuse

log = logging.getLogger(__name__)
BASELINE = "alt-profanity-check"
# OLID-style "offensive": any abuse score at 0.5 or more, judged against the toxicity label.
ANY_ABUSE = "max_abuse"


def held_out_sets(ctx: EvalContext, seed: int) -> dict[str, list[Example]]:
    """Test parts of the training sets (never fitted nor calibrated on) and all eval-only rows.

    The parts split by article, thread or video, not by text, and the same text recurs across
    groups and sets (reposted spam, retweets): a held-out row whose text the model was fitted
    or calibrated on is left out, and the count logged.
    """
    training = load_sets(ctx.datasets_dir, TRAIN_SETS)
    seen = {
        _text_key(e.text)
        for rows in training.values()
        for e in rows
        if part_of(e, seed=seed) is not Part.TEST
    }
    sets = {
        name: [e for e in rows if part_of(e, seed=seed) is Part.TEST]
        for name, rows in training.items()
    }
    sets.update(load_sets(ctx.datasets_dir, EVAL_ONLY_SETS))
    out = {}
    for name, rows in sets.items():
        out[name] = [e for e in rows if _text_key(e.text) not in seen]
        if len(out[name]) < len(rows):
            log.info(
                "%s: %d held-out rows left out, their text was trained on",
                name,
                len(rows) - len(out[name]),
            )
    return out


def _text_key(text: str) -> str:
    """A text as compared across parts: case and runs of whitespace aside."""
    return " ".join(text.casefold().split())


def baseline_scorer() -> Callable[[Sequence[str]], np.ndarray] | None:
    """alt-profanity-check's probability function, or None when the bench extra is absent."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from profanity_check import predict_prob
    except ImportError:
        log.warning("alt-profanity-check not installed (pip install -e '.[bench]'): no baseline")
        return None

    def score(texts: Sequence[str]) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(predict_prob(list(texts)), dtype=float)

    return score


def training_seed(model_dir: Path) -> int:
    """The seed an abuse model's data was split with: its test part is the one never trained on."""
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    return int(meta["config"]["seed"])


def evaluate_abuse(ctx: EvalContext) -> list[EvalRow]:
    """One row per dataset, score and system: ROC-AUC, F1 at 0.5, calibration error."""
    models = ctx.models
    model_dir = models.abuse or SHIPPED_DIR
    scorer = make_abuse(model_dir=model_dir, encoder_dir=models.encoder)
    baseline = baseline_scorer()
    rows: list[EvalRow] = []
    for name, examples in held_out_sets(ctx, training_seed(model_dir)).items():
        texts = [e.text for e in examples]
        probs = scorer.predict(texts).probs
        systems = {"civility": _with_any_abuse(probs)}
        if baseline is not None:
            base = baseline(texts)
            systems[BASELINE] = np.repeat(base[:, None], len(HEADS) + 1, axis=1)
        for system, table in systems.items():
            rows.extend(_rows_for(ctx, name, examples, table, system))
    return rows


def _with_any_abuse(probs: np.ndarray) -> np.ndarray:
    """Append a column: the highest abuse score (spam excluded) of each comment."""
    abuse = probs[:, [HEADS.index(h) for h in ABUSE_HEADS]]
    return np.column_stack([probs, abuse.max(axis=1)])


def _rows_for(
    ctx: EvalContext, name: str, examples: list[Example], table: np.ndarray, system: str
) -> list[EvalRow]:
    """Rows for every head the dataset labels (and max_abuse against its toxicity label)."""
    rows = []
    for j, head in enumerate((*HEADS, ANY_ABUSE)):
        label_head = "toxicity" if head == ANY_ABUSE else head
        idx = [i for i, e in enumerate(examples) if label_head in e.labels]
        if not idx:
            continue
        y = np.array([examples[i].labels[label_head] >= 0.5 for i in idx], dtype=int)
        p = table[idx, j]
        rows.append(evaluate_score(name, head, y, p, system=system))
        ctx.curves.append(Curve(name, head, system, y, p))
    return rows
