"""Evaluation of the off_topic and language scores on the labelled sets (`--task relevance`)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from civility.domain import ArticleContext, Submission
from civility.evaluation.metrics import EvalRow, evaluate_score
from civility.evaluation.registry import EvalContext
from civility.ml import relevance_data as data
from civility.pipeline.relevance import COMMENT_TOKENS, NAME, OffTopic, make_off_topic

log = logging.getLogger(__name__)
BATCH = 256
OMP_BEST_PUBLISHED_F1 = 0.313


def scores(scorer: OffTopic, subs: Sequence[Submission], name: str = NAME) -> np.ndarray:
    """The named score of every submission, through the scorer's batch call."""
    index = scorer.names.index(name)
    out: list[float] = []
    for start in range(0, len(subs), BATCH):
        out.extend(row[index].value for row in scorer(subs[start : start + BATCH]))
    return np.asarray(out)


def with_sibling_article(scorer: OffTopic, examples: list[data.Example]) -> list[Submission]:
    """Give each comment a stand-in article: the mean vector of the other comments in its group.

    For sets that ship no article text (C3, One Million Posts); the passage vectors go in
    precomputed, as stored article passages do in production.
    """
    # Keep every comment's vector: the scorer embeds the same texts again right after.
    scorer.encoder.cache_size = max(scorer.encoder.cache_size, 2 * len(examples))
    vectors = scorer.encoder.embed([ex.submission.text for ex in examples])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        groups[ex.group].append(i)
    out = []
    for i, ex in enumerate(examples):
        members = groups[ex.group]
        if len(members) < 2:
            out.append(ex.submission)
            continue
        centroid = vectors[members].sum(axis=0) - vectors[i]
        centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
        article = ArticleContext(
            title="",
            passages=("the other comments on this article",),
            passage_vectors=centroid[None, :],
        )
        out.append(replace(ex.submission, article=article))
    return out


def _labels(examples: list[data.Example]) -> np.ndarray:
    """The 0/1 labels of examples."""
    return np.array([ex.label for ex in examples])


def eval_c3(scorer: OffTopic, datasets_dir: Path) -> list[EvalRow]:
    """C3: >= 2 raters' non_relevant votes vs off_topic; stand-in article = sibling comments."""
    examples = data.c3_comments(datasets_dir)
    p = scores(scorer, with_sibling_article(scorer, examples))
    note = "article text absent: the other comments on the article stand in for it"
    return [evaluate_score("c3_constructive_comments", NAME, _labels(examples), p, note=note)]


def eval_semeval(scorer: OffTopic, datasets_dir: Path) -> list[EvalRow]:
    """SemEval-2015 CQA dev: Bad vs Good answers, the question as article or as parent."""
    examples = data.semeval_questions(datasets_dir)
    as_article = [ex.submission for ex in examples]
    as_parent = [
        replace(sub, article=None, parent_text=_question(sub.article)) for sub in as_article
    ]
    y = _labels(examples)
    name = "semeval2015_cqa_relevance"
    return [
        evaluate_score(name, NAME, y, scores(scorer, as_article), note="question as article"),
        evaluate_score(name, NAME, y, scores(scorer, as_parent), note="question as parent"),
    ]


def _question(article: ArticleContext | None) -> str:
    """A forum question's subject and body as one text."""
    return "" if article is None else f"{article.title}\n{article.body}".strip()


def eval_swapped(scorer: OffTopic, datasets_dir: Path) -> list[EvalRow]:
    """Each comment under its own article and under another one: which is which?"""
    rows = []
    for name, loader, note in (
        ("sfu_constructiveness_toxicity (swapped titles)", data.sfu_swapped, "title only"),
        (
            "fox_news_comments (swapped articles)",
            data.fox_swapped,
            "title + description; TRAINING data of the calibration",
        ),
    ):
        examples = loader(datasets_dir)
        p = scores(scorer, [ex.submission for ex in examples])
        rows.append(evaluate_score(name, NAME, _labels(examples), p, note=note))
    return rows


def eval_omp(scorer: OffTopic, datasets_dir: Path) -> list[EvalRow]:
    """One Million Posts (German) OffTopic: with the sibling posts standing in for the article,
    and as a batch file without articles gives it (the parent post only, if any)."""
    examples = data.omp_offtopic(datasets_dir)
    y = _labels(examples)
    rows = []
    for subs, context in (
        (with_sibling_article(scorer, examples), "parent + sibling posts as the article"),
        ([ex.submission for ex in examples], "parent only, as a batch line without article"),
    ):
        p = scores(scorer, subs)
        best_f1, at = _best_f1(y, p)
        note = (
            f"German, English encoder; {context}; best F1 {best_f1:.3f} at {at:.2f} "
            f"(tuned on this set); published best F1 {OMP_BEST_PUBLISHED_F1}"
        )
        rows.append(evaluate_score("omp_one_million_posts", NAME, y, p, note=note))
    return rows


def eval_language(scorer: OffTopic, datasets_dir: Path) -> list[EvalRow]:
    """The language score: German OMP posts (1) against English SFU comments (0)."""
    german = [ex.submission for ex in data.omp_offtopic(datasets_dir)]
    english = [ex.submission for ex in data.sfu_swapped(datasets_dir)[::2]]
    y = np.array([1] * len(german) + [0] * len(english))
    p = scores(scorer, german + english, name="language")
    note = "German One Million Posts vs English SFU comments"
    return [evaluate_score("omp + sfu (language)", "language", y, p, note=note)]


def _best_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The best F1 over thresholds, for reference next to F1 at the shipped threshold."""
    best, at = 0.0, 0.5
    for t in np.linspace(0.05, 0.95, 91):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / max(float(pred.sum() + (y == 1).sum()), 1.0)
        if f1 > best:
            best, at = f1, float(t)
    return best, at


TASKS: dict[str, Callable[[OffTopic, Path], list[EvalRow]]] = {
    "c3": eval_c3,
    "semeval": eval_semeval,
    "swapped": eval_swapped,
    "omp": eval_omp,
    "language": eval_language,
}


def evaluate_relevance(datasets_dir: Path, *, scorer: OffTopic | None = None) -> list[EvalRow]:
    """Every relevance evaluation whose data is present; a missing set is logged and skipped."""
    scorer = scorer or make_off_topic()
    rows: list[EvalRow] = []
    for name, task in TASKS.items():
        try:
            rows.extend(task(scorer, datasets_dir))
        except data.MissingDataset as exc:
            log.warning("relevance/%s skipped: %s", name, exc)
    return rows


def relevance_task(ctx: EvalContext) -> list[EvalRow]:
    """The `relevance` task of `civility evaluate`: the encoder and calibration of its models."""
    models = ctx.models
    scorer = make_off_topic(
        model_dir=str(models.encoder) if models.encoder else None,
        calibration_file=str(models.relevance_calibration)
        if models.relevance_calibration
        else None,
    )
    return evaluate_relevance(ctx.datasets_dir, scorer=scorer)


def markdown_table(rows: Sequence[EvalRow]) -> str:
    """The rows as a Markdown table, as BENCHMARKS.md shows them."""
    lines = [
        "| dataset | score | n | positives | ROC-AUC | F1 at 0.5 | ECE | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        auc = "n/a" if r.roc_auc is None else f"{r.roc_auc:.3f}"
        lines.append(
            f"| {r.dataset} | {r.score} | {r.n} | {r.positives} | {auc} | "
            f"{r.f1_at_half:.3f} | {r.ece:.3f} | {r.note} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: python -m civility.evaluation.relevance [--datasets DIR] [--task NAME]."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--task", action="append", choices=sorted(TASKS))
    parser.add_argument("--encoder-only", action="store_true", help="no shared-words first look")
    parser.add_argument("--comment-tokens", type=int, default=COMMENT_TOKENS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    scorer = make_off_topic(lexical_first=not args.encoder_only, comment_tokens=args.comment_tokens)
    rows: list[EvalRow] = []
    for name in args.task or list(TASKS):
        rows.extend(TASKS[name](scorer, args.datasets))
        print(markdown_table(rows[-1:]).splitlines()[-1], flush=True)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
