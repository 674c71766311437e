"""Does the parent comment help the toxicity score? Measured on Wikipedia talk comments.

context_toxicity_wikipedia's `gc` part was rated by people who saw the parent comment.
On its held-out rows (never trained on) we compare the comment's own toxicity score with a
logistic model over [comment score, parent score, their product], both in 5-fold
cross-validation and fitted on the calibration part, tested on the test part.
Run: .venv/bin/python benchmarks/parent_context.py [--datasets-dir ../shared/datasets]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from civility.domain import Submission
from civility.ml.examples import Example
from civility.ml.split import Part, part_of
from civility.pipeline.abuse import AbuseScorer, make_abuse

csv.field_size_limit(sys.maxsize)
SOURCE = "context_toxicity_wikipedia"


def held_out_rows(datasets_dir: Path) -> tuple[list[dict[str, str]], list[Part]]:
    """Rows of gc.csv in the calibration and test parts of the training split."""
    path = datasets_dir / SOURCE / "gc.csv"
    if not path.exists():
        raise SystemExit(f"needs {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parts = [part_of(Example(r["text"], SOURCE, r["id"], {}), seed=13) for r in rows]
    keep = [i for i, part in enumerate(parts) if part != Part.TRAIN]
    return [rows[i] for i in keep], [parts[i] for i in keep]


def toxicity_logits(scorer: AbuseScorer, texts: list[str]) -> np.ndarray:
    """The shipped toxicity score of each text, as a logit."""
    values: list[float] = []
    for start in range(0, len(texts), 64):
        batch = [Submission(text=t) for t in texts[start : start + 64]]
        values += [scores[0].value for scores in scorer(batch)]
    p = np.clip(np.array(values), 1e-4, 1 - 1e-4)
    return np.asarray(np.log(p / (1 - p)))


def main() -> None:
    """Print ROC-AUC with and without the parent."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    rows, parts = held_out_rows(args.datasets_dir)
    scorer = make_abuse()
    own = toxicity_logits(scorer, [r["text"] for r in rows])
    parent = toxicity_logits(scorer, [r["parent"] or "" for r in rows])
    y = np.array([r["label"] == "1" for r in rows])
    x = np.c_[own, parent, own * parent]
    part = np.array([str(p) for p in parts])
    print(f"model {scorer.model.version}; {len(y)} held-out rows, {int(y.sum())} toxic")
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    for name, cols in (("comment alone", [0]), ("comment + parent", [0, 1, 2])):
        pred = cross_val_predict(
            LogisticRegression(), x[:, cols], y, cv=folds, method="decision_function"
        )
        fitted = LogisticRegression().fit(x[part == "calib"][:, cols], y[part == "calib"])
        test = part == "test"
        split_auc = roc_auc_score(y[test], fitted.decision_function(x[test][:, cols]))
        print(
            f"{name:18} 5-fold ROC-AUC {roc_auc_score(y, pred):.4f}   "
            f"calib->test ROC-AUC {split_auc:.4f} ({int(y[test].sum())} toxic in test)"
        )


if __name__ == "__main__":
    main()
