"""The hidden evaluations' path: our labelled sets through `civility moderate`, scored from it.

Hidden test sets are run through the batch command, not the evaluation code, which calls the
scorers directly. This writes our sets as the batch contract reads them (one JSON line per
comment; a forum question as `article` and again as `parent`; a German post with its parent post
only, as a set without article text arrives), runs the command, and scores each set as its hidden
counterpart is scored: SemEval Bad vs Good by `off_topic` (ROC-AUC), the OLID test part by the
highest abuse score (macro-F1 at 0.5), the functional suite by `identity_attack >= 0.5` (accuracy),
One Million Posts by `off_topic >= 0.5` (F1). The figures should equal `civility evaluate`'s.
Run: .venv/bin/python benchmarks/batch_path.py [--datasets-dir ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from functional_suite import held_out_cases  # benchmarks/, the script's own folder
from sklearn.metrics import f1_score, roc_auc_score

from civility.evaluation.abuse import held_out_sets, training_seed
from civility.evaluation.registry import EvalContext
from civility.ml import relevance_data as data
from civility.ml.artifacts import SHIPPED_DIR
from civility.ml.examples import ABUSE_HEADS
from civility.ml.hate_templates import cases

Line = dict[str, object]
Scores = list[dict[str, float]]


def moderate(lines: list[Line]) -> Scores:
    """Each line's scores from `civility moderate`, in input order."""
    civility = Path(sys.executable).with_name("civility")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        numbered = ({"id": i, **line} for i, line in enumerate(lines))
        source.write_text("".join(json.dumps(line) + "\n" for line in numbered), encoding="utf-8")
        subprocess.run([civility, "moderate", source, "-o", target], check=True)
        answers = [json.loads(row) for row in target.read_text(encoding="utf-8").splitlines()]
    return [answer["scores"] for answer in answers]


def semeval(datasets: Path) -> list[str]:
    """SemEval Bad vs Good with the question as article, then as parent."""
    examples = data.semeval_questions(datasets)
    y = np.array([e.label for e in examples])
    as_article, as_parent = [], []
    for e in examples:
        article = e.submission.article
        assert article is not None
        as_article.append(
            {"text": e.submission.text, "article": {"title": article.title, "body": article.body}}
        )
        question = f"{article.title}\n{article.body}".strip()
        as_parent.append({"text": e.submission.text, "parent": {"text": question}})
    out = []
    for how, lines in (("article", as_article), ("parent", as_parent)):
        scores = moderate(lines)
        p = np.array([s["off_topic"] for s in scores])
        spam = np.array([s["spam"] for s in scores])
        # Advertising is off-topic (issue 4): would the spam score, folded in, find Bad answers?
        either = 1 - (1 - p) * (1 - spam)
        out.append(
            f"semeval2015 (question as {how}): off_topic ROC-AUC {roc_auc_score(y, p):.3f}, "
            f"F1 at 0.5 {f1_score(y, p >= 0.5):.3f}; spam alone {roc_auc_score(y, spam):.3f}, "
            f"off_topic or spam (noisy-OR) {roc_auc_score(y, either):.3f}"
        )
    return out


def olid(datasets: Path) -> list[str]:
    """The OLID test part as `civility evaluate` holds it out, by the highest abuse score."""
    rows = held_out_sets(EvalContext(datasets), training_seed(SHIPPED_DIR))["olid"]
    y = np.array([e.labels["toxicity"] >= 0.5 for e in rows])
    scores = moderate([{"text": e.text} for e in rows])
    top = np.array([max(s[h] for h in ABUSE_HEADS) for s in scores])
    macro = f1_score(y, top >= 0.5, average="macro")
    return [
        f"olid test part ({len(rows)} tweets): highest abuse score ROC-AUC "
        f"{roc_auc_score(y, top):.3f}, macro-F1 at 0.5 {macro:.3f}"
    ]


def functional() -> list[str]:
    """Our functional suite and its held-out round, by `identity_attack >= 0.5`."""
    out = []
    for name, suite in (("in-sample", cases()), ("held out", held_out_cases())):
        scores = moderate([{"text": text} for _, text, _ in suite])
        right = [
            (s["identity_attack"] >= 0.5) == hateful
            for (_, _, hateful), s in zip(suite, scores, strict=True)
        ]
        out.append(f"functional suite, {name} ({len(suite)} cases): accuracy {np.mean(right):.3f}")
    return out


def omp(datasets: Path) -> list[str]:
    """One Million Posts (German) OffTopic with the parent post only, by `off_topic >= 0.5`."""
    examples = data.omp_offtopic(datasets)
    y = np.array([e.label for e in examples])
    lines: list[Line] = []
    for e in examples:
        line: Line = {"text": e.submission.text}
        if e.submission.parent_text:
            line["parent"] = {"text": e.submission.parent_text}
        lines.append(line)
    p = np.array([s["off_topic"] for s in moderate(lines)])
    return [
        f"omp_one_million_posts (parent only): off_topic ROC-AUC {roc_auc_score(y, p):.3f}, "
        f"F1 at 0.5 {f1_score(y, p >= 0.5):.3f}"
    ]


def main() -> None:
    """Print one line per set; a set whose files are absent is named and skipped."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets-dir", type=Path, default=Path("../shared/datasets"))
    args = parser.parse_args()
    runs: list[Callable[[], list[str]]] = [
        lambda: semeval(args.datasets_dir),
        lambda: olid(args.datasets_dir),
        functional,
        lambda: omp(args.datasets_dir),
    ]
    for run in runs:
        try:
            lines = run()
        except data.MissingDataset as exc:
            lines = [f"skipped: {exc}"]
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
