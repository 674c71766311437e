"""An exported encoder's relevance by raw cosine alone: SemEval answers and Fox News comments.

SemEval: Bad vs Good answers against their question (question 128 tokens, answer 64); Fox News:
comments under their own article's title and description against another's. ROC-AUC of the
negated cosine, no calibration, so that two encoders compare before `train_relevance`:

    .venv/bin/python benchmarks/raw_cosine_relevance.py [ENCODER_DIR]   # default: the shipped one
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sklearn.metrics import roc_auc_score

from civility.ml.examples import Example
from civility.ml.relevance_data import fox_swapped, semeval_questions
from civility.pipeline.encoder import Encoder, load_encoder

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def raw_cosine_auc(encoder: Encoder, examples: list[Example]) -> float:
    """ROC-AUC of the label (1: off-topic) by the cosine between article and comment."""
    articles = [
        f"{e.submission.article.title} {e.submission.article.body}"  # type: ignore[union-attr]
        for e in examples
    ]
    article_rows = encoder.embed(articles, max_tokens=128)
    comment_rows = encoder.embed([e.submission.text for e in examples], max_tokens=64)
    cosine = (article_rows * comment_rows).sum(axis=1)
    return float(roc_auc_score([e.label for e in examples], -cosine))


def main() -> None:
    """Print both ROC-AUCs for one encoder folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("encoder", nargs="?", type=Path, default=None)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    args = parser.parse_args()
    encoder = load_encoder(args.encoder, threads=1)
    semeval = raw_cosine_auc(encoder, semeval_questions(args.datasets))
    fox = raw_cosine_auc(encoder, fox_swapped(args.datasets))
    print(f"{encoder.name} ({encoder.dim}-d): SemEval {semeval:.3f}, Fox swapped {fox:.3f}")


if __name__ == "__main__":
    main()
