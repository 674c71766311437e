"""Lines learnt from moderators' decisions, on simulated sites: C3's Globe and Mail comments.

Every C3 comment goes through the shipped pipeline and policy (its article stands in as the first
three comments on the same story, as in bench_moderate.py); the comments the policy holds are the
moderators' queue. Each simulated moderator decides them by a rule over C3's crowd labels
(`MODERATORS`), and articles in file order stand for days. Of the comments the policy publishes,
those the moderator would reject are reported by a reader with probability `--report-share` (seeded)
and then rejected; the rest are never reviewed: what `learn_policy` may lower hold lines over.
It fits on the older 80% of the decisions and is measured on the newest 20%: holds no longer
needing a moderator, where the learnt lines part from the verdicts, and what lowered lines would
have held of the newest published comments. C3 is evaluation-only data: nothing here is shipped.

    nice .venv/bin/python benchmarks/learned_policy.py [--publish-error 0.02] [--min-decisions 50]
        [--catch-share 0.5] [--report-share 0.5]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from civility.commenting import build_engine
from civility.config import Settings
from civility.domain import (
    ArticleContext,
    CommentStatus,
    MissedComment,
    ReviewedHold,
    Score,
    Submission,
)
from civility.pipeline.decide import decide
from civility.pipeline.policy import Policy
from civility.pipeline.policy_learning import Outcome, Targets, learn_policy, lowering_bands

ROOT = Path(__file__).resolve().parents[1]
C3 = ROOT.parent / "shared" / "datasets" / "c3_constructive_comments" / "c3_train.csv"
START = datetime(2026, 1, 1, tzinfo=UTC)


def _rows() -> list[dict[str, str]]:
    """C3's rows, in file order."""
    csv.field_size_limit(sys.maxsize)
    with C3.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# Two simulated sites' moderators, each a rule over C3's crowd labels.
MODERATORS: dict[str, Callable[[dict[str, str]], bool]] = {
    # Rejects what the crowd called toxic, or two readers or more called off-topic.
    "toxic or off-topic": lambda row: (
        row["toxic_binary"] == "1" or int(row["votes_non_relevant"]) >= 2
    ),
    # A site that lets rudeness, swearing and digressions through and stops personal attacks.
    "personal attacks only": lambda row: int(row["votes_personal_attack"]) >= 2,
}


Scored = list[tuple[dict[str, str], tuple[Score, ...]]]


def scored_comments(rows: list[dict[str, str]]) -> tuple[Scored, Scored]:
    """The comments the shipped pipeline and policy hold, and those it publishes, with scores."""
    by_article: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_article[row["article_id"]].append(row["comment_text"])
    engine = build_engine(Settings())
    held, published = [], []
    for start in range(0, len(rows), 128):
        chunk = rows[start : start + 128]
        subs = [
            Submission(
                text=row["comment_text"],
                article=ArticleContext(
                    title="", body="\n\n".join(by_article[row["article_id"]][:3])
                ),
            )
            for row in chunk
        ]
        for row, scores in zip(chunk, engine.pipeline.run_batch(subs), strict=True):
            status = decide(scores, engine.policy).status
            if status is CommentStatus.HELD:
                held.append((row, tuple(scores)))
            elif status is CommentStatus.PUBLISHED:
                published.append((row, tuple(scores)))
    engine.pipeline.close()
    return held, published


def decided(
    held: list[tuple[dict[str, str], tuple[Score, ...]]],
    moderator: Callable[[dict[str, str]], bool],
) -> list[ReviewedHold]:
    """The holds as one moderator decides them; articles in file order stand for days."""
    order: dict[str, int] = {}
    for row, _ in held:
        order.setdefault(row["article_id"], len(order))
    return [
        ReviewedHold(scores, moderator(row), START + timedelta(days=order[row["article_id"]]))
        for row, scores in held
    ]


def reported(
    published: Scored,
    moderator: Callable[[dict[str, str]], bool],
    policy: Policy,
    report_share: float,
) -> list[MissedComment]:
    """Published comments scored in the bands below the hold lines; one the moderator would
    reject is reported (so reviewed and rejected) with probability `report_share`."""
    rng = random.Random(29)
    bands = lowering_bands(policy)
    order: dict[str, int] = {}
    out = []
    for comment_id, (row, scores) in enumerate(published):
        day = order.setdefault(row["article_id"], len(order))
        rejected = moderator(row) and rng.random() < report_share
        for score in scores:
            if any(score.name == name and low <= score.value < high for name, low, high in bands):
                when = START + timedelta(days=day)
                out.append(MissedComment(comment_id, score.name, score.value, rejected, when))
    return out


def _outcome_row(name: str, outcome: Outcome) -> str:
    """One markdown table row."""
    return (
        f"| {name} | {outcome.reviewed} | {outcome.held} | {outcome.published} | "
        f"{outcome.published_but_rejected} | {outcome.rejected} | "
        f"{outcome.rejected_but_published} | {100 * outcome.queue_saved:.1f}% |"
    )


def main() -> None:
    """Score, learn, print the tables."""
    defaults = Targets()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--publish-error", type=float, default=defaults.publish_error)
    parser.add_argument("--reject-precision", type=float, default=defaults.reject_precision)
    parser.add_argument("--min-decisions", type=int, default=defaults.min_decisions)
    parser.add_argument("--catch-share", type=float, default=defaults.catch_share)
    parser.add_argument("--report-share", type=float, default=0.5)
    args = parser.parse_args()
    if not C3.exists():
        sys.exit(f"{C3} is absent: this benchmark needs ../shared/datasets")
    started = time.perf_counter()
    rows = _rows()
    held, published = scored_comments(rows)
    print(
        f"{len(rows)} comments scored, {len(held)} held and {len(published)} published by the "
        "shipped policy"
    )
    targets = Targets(
        args.publish_error, args.reject_precision, args.min_decisions, args.catch_share
    )
    engine = build_engine(Settings())
    for name, moderator in MODERATORS.items():
        reviewed = decided(held, moderator)
        rejected = sum(item.rejected for item in reviewed)
        missed = reported(published, moderator, engine.policy, args.report_share)
        learning = time.perf_counter()
        learned = learn_policy(reviewed, engine.policy, targets, missed=missed)
        learning = time.perf_counter() - learning
        print(f"\n## Moderator: {name} (rejects {rejected} of the {len(reviewed)} holds)\n")
        print(
            f"{targets}; fitted on the older {learned.trained_on}, tested on the newest "
            f"{learned.tested_on}\n"
        )
        print(
            "| policy on the newest holds | holds | still held | published | of which the "
            "moderator rejected | rejected | of which the moderator published | queue saved |"
        )
        print("|---|---|---|---|---|---|---|---|")
        print(_outcome_row("shipped", learned.test_before))
        print(_outcome_row("learnt from the older holds", learned.test_after))
        found = learned.test_catch
        print(
            f"\n{learned.published_below} published comments scored just below a hold line, "
            f"{sum(m.rejected for m in {m.comment_id: m for m in missed}.values())} reported "
            f"and rejected; of the newest {found.published} ({found.rejected} rejected), lines "
            f"learnt from the older ones would have held {found.held}, {found.held_rejected} "
            "of them rejected"
        )
        print("\nLines learnt from every decision:\n")
        print("| score | line | old | new | its comments in the band | moderator rejected |")
        print("|---|---|---|---|---|---|")
        for change in learned.changes:
            print(
                f"| {change.score} | {change.line} | {change.old} | {change.new} | "
                f"{change.decisions} | {change.rejected} |"
            )
        if not learned.changes:
            print("| (none) | | | | | |")
        print(f"\nlearning (both fits and both measurements) took {learning:.2f} s")
    engine.pipeline.close()
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
