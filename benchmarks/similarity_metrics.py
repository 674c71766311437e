"""Can a cheap change of the similarity lift off_topic's ranking without retraining the encoder?

Two metrics on the shipped encoder's vectors, each scored by raw cosine-like similarity (no
calibration) on SemEval Bad vs Good answers (question 128 tokens, answer 64), Fox News and SFU
comments under their own and another article's headline, and Wikipedia replies under their own and
a random parent:

- `diagonal`: a weighted dot product, the weights learnt by logistic regression on the elementwise
  products of 70% of the Fox News and Wikipedia pairs (permissive; scored on the other 30%);
- `teacher-map`: a ridge map of the vectors towards all-mpnet-base-v2's (which ranks SemEval at
  0.867 by raw cosine), fitted on `--sample` permissive texts embedded by both; needs the `train`
  and `teacher` extras and about 15 minutes of CPU for 12,000 texts.

Run: .venv/bin/python benchmarks/similarity_metrics.py [--teacher-map] [--sample 12000]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from civility.ml import relevance_data as data
from civility.ml.examples import Example
from civility.pipeline.encoder import Encoder, load_encoder

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # context rows, comment rows, labels


def pairs(encoder: Encoder, examples: list[Example], contexts: list[str]) -> Pairs:
    """Context and comment vectors (as the scorer reads them) and the off-topic labels."""
    context_rows = encoder.embed(contexts, max_tokens=128)
    comment_rows = encoder.embed([e.submission.text for e in examples], max_tokens=64)
    return context_rows, comment_rows, np.array([e.label for e in examples])


def _article(example: Example) -> str:
    """A headline (and description, or question body) as one context text."""
    article = example.submission.article
    return "" if article is None else f"{article.title} {article.body}".strip()


def load_pairs(encoder: Encoder, datasets: Path) -> dict[str, Pairs]:
    """Every set's pairs."""
    fox = data.fox_swapped(datasets)
    wiki = data.wikipedia_swapped(datasets)
    semeval = data.semeval_questions(datasets)
    sfu = data.sfu_swapped(datasets)
    return {
        "fox": pairs(encoder, fox, [_article(e) for e in fox]),
        "wikipedia": pairs(encoder, wiki, [e.submission.parent_text or "" for e in wiki]),
        "semeval": pairs(encoder, semeval, [_article(e) for e in semeval]),
        "sfu": pairs(encoder, sfu, [_article(e) for e in sfu]),
    }


def split_pairs(p: Pairs, share: float = 0.7) -> tuple[Pairs, Pairs]:
    """The first `share` of a set's pairs and the rest (own and swapped rows stay together)."""
    n = int(len(p[2]) * share) // 2 * 2
    return (p[0][:n], p[1][:n], p[2][:n]), (p[0][n:], p[1][n:], p[2][n:])


def auc(p: Pairs, similarity: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> float:
    """ROC-AUC of the off-topic label by the negated similarity."""
    return float(roc_auc_score(p[2], -similarity(p[0], p[1])))


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The shipped similarity (the vectors are unit length)."""
    return np.asarray((a * b).sum(axis=1))


def unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length."""
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def diagonal(sets: dict[str, Pairs]) -> None:
    """Weights per dimension learnt on permissive pairs; scored on held-out pairs and eval sets."""
    (fox_fit, fox_rest), (wiki_fit, wiki_rest) = (
        split_pairs(sets["fox"]),
        split_pairs(sets["wikipedia"]),
    )
    x = np.vstack([fox_fit[0] * fox_fit[1], wiki_fit[0] * wiki_fit[1]])
    y = np.r_[fox_fit[2], wiki_fit[2]]
    weights = -LogisticRegression(C=0.1, max_iter=2000).fit(x, y).coef_[0]
    scored = {"fox (30%)": fox_rest, "wikipedia (30%)": wiki_rest}
    scored |= {"semeval": sets["semeval"], "sfu": sets["sfu"]}
    for name, p in scored.items():
        weighted = auc(p, lambda a, b: (a * b) @ weights)
        print(f"diagonal    {name:16} cosine {auc(p, cosine):.3f}  weighted {weighted:.3f}")


def teacher_map(encoder: Encoder, sets: dict[str, Pairs], datasets: Path, sample: int) -> None:
    """A ridge map from the student's vectors to the teacher's, then cosine in its space."""
    from civility.ml.teacher_targets import embed, teacher_dir

    texts = list(dict.fromkeys(t.strip() for t in data.permissive_texts(datasets) if t.strip()))
    random.Random(13).shuffle(texts)
    texts = texts[:sample]
    student = np.vstack([encoder.embed(texts, max_tokens=64), encoder.embed(texts, max_tokens=128)])
    teacher = embed(teacher_dir(Path.home() / ".cache" / "civility"), texts, max_len=128)
    target = np.vstack([teacher, teacher])
    for ridge in (0.1, 10.0):
        gram = student.T @ student + ridge * np.eye(student.shape[1])
        mapping = np.linalg.solve(gram, student.T @ target)
        for name, p in sets.items():
            mapped = auc(p, lambda a, b, m=mapping: cosine(unit(a @ m), unit(b @ m)))
            print(f"teacher-map {name:16} cosine {auc(p, cosine):.3f}  ridge {ridge}: {mapped:.3f}")


def main() -> None:
    """Print each metric's ROC-AUC next to the plain cosine's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=DATASETS)
    parser.add_argument("--teacher-map", action="store_true")
    parser.add_argument("--sample", type=int, default=12_000)
    args = parser.parse_args()
    encoder = load_encoder()
    sets = load_pairs(encoder, args.datasets)
    diagonal(sets)
    if args.teacher_map:
        teacher_map(encoder, sets, args.datasets, args.sample)


if __name__ == "__main__":
    main()
