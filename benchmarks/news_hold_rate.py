"""How many news comments the abuse scores would hold: share with any abuse score >= 0.5.

C3 and SFU are Globe and Mail comments with crowd toxicity labels (evaluation only, never trained
on). A comment reaching 0.5 on any abuse score is held by the default policy; this prints the
share held among the non-toxic and among the toxic comments, the mean `toxicity`, and the ROC-AUC
of `toxicity` and of the highest abuse score against the crowd label (the news-comment goal).
Run: .venv/bin/python benchmarks/news_hold_rate.py [--datasets-dir ../shared/datasets]
    [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from civility.ml.datasets import load_c3, load_sfu
from civility.ml.examples import ABUSE_HEADS, HEADS
from civility.pipeline.abuse import make_abuse


def main() -> None:
    """Print the held shares per set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--model-dir", type=Path, help="an abuse model other than the shipped one")
    args = parser.parse_args()
    scorer = make_abuse(model_dir=args.model_dir)
    abuse = [HEADS.index(h) for h in ABUSE_HEADS]
    sets = {
        "c3_constructive_comments": load_c3,
        "sfu_constructiveness_toxicity": load_sfu,
    }
    print(f"model {scorer.model.version}")
    for name, load in sets.items():
        rows = load(args.datasets_dir / name)
        toxic = np.array([e.labels["toxicity"] >= 0.5 for e in rows])
        texts = [e.text for e in rows]
        probs = np.vstack(
            [scorer.predict(texts[i : i + 256]).probs for i in range(0, len(texts), 256)]
        )
        held = probs[:, abuse].max(axis=1) >= 0.5
        print(
            f"{name}: {len(rows)} comments, {toxic.mean():.1%} toxic; held: "
            f"{held[~toxic].mean():.1%} of the non-toxic, {held[toxic].mean():.1%} of the toxic; "
            f"mean toxicity {probs[:, HEADS.index('toxicity')].mean():.3f}; ROC-AUC toxicity "
            f"{roc_auc_score(toxic, probs[:, HEADS.index('toxicity')]):.3f}, highest abuse score "
            f"{roc_auc_score(toxic, probs[:, abuse].max(axis=1)):.3f}"
        )


if __name__ == "__main__":
    main()
