"""A cheap first stage, simulated: what skipping the encoder for confident comments would cost.

Where a comment names no group and its abuse scores with typical encoder inputs (the set's
median logits) are all below a cut, the stage would publish it without the encoder. The cut is
taken at quantiles of those scores; the script prints the share skipped and ROC-AUC and
macro-F1 at 0.5 (max of the abuse scores) with every comment encoded and with the stage, on the
held-out rows `civility evaluate` uses. Measured 2026-11-30 and not adopted (BENCHMARKS.md,
"Batch moderation").
Run: .venv/bin/python benchmarks/cascade_simulation.py [--sets olid,c3_constructive_comments]
    [--quantiles 0.2,0.4]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from civility.evaluation.abuse import held_out_sets
from civility.evaluation.registry import EvalContext
from civility.ml.analysis import CUES
from civility.ml.artifacts import SHIPPED_DIR
from civility.ml.encoder_inputs import encoder_logits
from civility.ml.examples import ABUSE_HEADS, HEADS
from civility.pipeline.abuse import make_abuse

ABUSE = [HEADS.index(h) for h in ABUSE_HEADS]


def main() -> None:
    """Print, per set and cut, the share skipped and the metrics with and without the stage."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--sets", default="olid,c3_constructive_comments,hatexplain_magpie")
    parser.add_argument("--quantiles", default="0.2,0.3,0.4,0.5")
    args = parser.parse_args()
    scorer = make_abuse()
    model = scorer.model
    meta = json.loads((SHIPPED_DIR / "meta.json").read_text(encoding="utf-8"))
    sets = held_out_sets(EvalContext(args.datasets_dir), int(meta["config"]["seed"]))
    for name in args.sets.split(","):
        examples = sets[name]
        texts = [e.text for e in examples]
        analyses = model.analyze(texts)
        neural = encoder_logits(
            scorer.encoder,
            texts,
            analyses,
            blind_heads=model.identity_blind_heads,
            identity_head=model.identity_head,
            max_tokens=model.encoder_tokens,
            links_read_as_words=model.links_read_as_words,
        )
        full = model.predict_analysed(analyses, neural)
        typical = np.tile(np.median(neural, axis=0), (len(texts), 1))
        cheap = model.predict_analysed(analyses, typical).probs
        cues = full.features[:, len(model.vocab.index) + CUES.index("has_identity")]
        named = cues.toarray().ravel() > 0
        highest = cheap[:, ABUSE].max(axis=1)
        truth = np.array([e.labels.get("toxicity", 0.0) >= 0.5 for e in examples])
        for q in (float(x) for x in args.quantiles.split(",")):
            skipped = (highest < np.quantile(highest[~named], q)) & ~named
            staged = np.where(skipped[:, None], cheap, full.probs)
            before, after = _metrics(truth, full.probs), _metrics(truth, staged)
            print(
                f"{name}: {skipped.mean():.1%} skipped; toxicity ROC-AUC {before[0]:.4f} -> "
                f"{after[0]:.4f}; macro-F1 at 0.5 {before[1]:.4f} -> {after[1]:.4f}"
            )


def _metrics(truth: np.ndarray, probs: np.ndarray) -> tuple[float, float]:
    """Toxicity ROC-AUC and the macro-F1 of max(abuse scores) >= 0.5."""
    auc = float(roc_auc_score(truth, probs[:, HEADS.index("toxicity")]))
    f1 = float(f1_score(truth, probs[:, ABUSE].max(axis=1) >= 0.5, average="macro"))
    return auc, f1


if __name__ == "__main__":
    main()
