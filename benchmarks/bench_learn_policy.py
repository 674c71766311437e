"""`civility learn-policy`'s reading and learning on a large site: N comments with their scores.

The decisions are `bench_report.py`'s (85% published, 13% held, 2% rejected within 60 days, 80% of
the holds and rejections answered by a moderator); each system decision gets the four scores the
report's rules name, below 0.5 for a published comment (12% of each within 0.2 of 0.5) and at
least 0.5 for the score that held or rejected one, and a moderator later rejects 3% of the
published comments (reports).

    .venv/bin/python benchmarks/bench_learn_policy.py [--n 300000] [--url DATABASE_URL]

Without --url: a new SQLite file in a temporary folder. A given database must be empty.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import Any

from bench_report import (  # benchmarks/, this script's folder
    NOW,
    RULES,
    fill,
    insert_rows,
    large_site,
    moderator_decision,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.domain import ReasonCategory
from civility.pipeline.policy import Policy, Rule, default_policy
from civility.pipeline.policy_learning import Targets, learn_policy, lowering_bands
from civility.store.models import ModerationRecord, ScoreRecord
from civility.store.reviewed import published_below, reviewed_holds

REPORTED = 0.03


def add_scores(session: Session, seed: int = 2) -> None:
    """Scores for every system decision, and moderators' rejections of some published comments."""
    rng = random.Random(seed)
    decisions = session.execute(
        select(
            ModerationRecord.id,
            ModerationRecord.comment_id,
            ModerationRecord.status,
            ModerationRecord.reasons,
            ModerationRecord.created_at,
        )
        .where(ModerationRecord.moderator_id.is_(None))
        .order_by(ModerationRecord.id)  # the same draws for the same decisions on any database
    ).all()
    scores: list[dict[str, Any]] = []
    rejections: list[dict[str, Any]] = []
    for record_id, comment_id, status, reasons, at in decisions:
        behind = reasons[0]["score"] if reasons else None
        for name in RULES:
            value = rng.uniform(0.5, 1.0) if name == behind else 0.5 * rng.random() ** 4
            scores.append(dict(record_id=record_id, name=name, value=value, reason="", spans=[]))
        if status == "published" and rng.random() < REPORTED:
            rejections.append(moderator_decision(comment_id, "rejected", at + timedelta(hours=5)))
    insert_rows(session, ScoreRecord, scores)
    insert_rows(session, ModerationRecord, rejections)


def policy() -> Policy:
    """The default rules with model rules at 0.5, like the shipped ones."""
    abuse = ReasonCategory.ABUSE
    return default_policy().with_rules(
        [
            Rule("toxicity", abuse, "rude", hold_at=0.5),
            Rule("insult", abuse, "insulting", hold_at=0.5),
            Rule("off_topic", ReasonCategory.OFF_TOPIC, "off-topic", hold_at=0.5),
            Rule("spam", ReasonCategory.SPAM, "spam", hold_at=0.5),
        ]
    )


def main() -> None:
    """Fill a database, then time the two queries and the learning for two periods."""
    rules = policy()

    def fill_site(session: Session, n: int) -> None:
        fill(session, n)
        add_scores(session)

    with large_site(__doc__.splitlines()[0], fill_site) as (engine, sessions):
        print(
            "| database | period | decided holds | published below the lines | holds read "
            "| published read | learning |\n|---|---|---|---|---|---|---|"
        )
        for label, since in (("last 30 days", NOW - timedelta(days=30)), ("all", None)):
            with sessions() as session:
                start = time.perf_counter()
                holds = reviewed_holds(session, since=since)
                read_holds = time.perf_counter() - start
                missed = published_below(session, lowering_bands(rules), since=since)
                read_missed = time.perf_counter() - start - read_holds
            start = time.perf_counter()
            learned = learn_policy(holds, rules, Targets(), missed=missed)
            learning = time.perf_counter() - start
            print(
                f"| {engine.dialect.name} | {label} | {len(holds):,} | "
                f"{learned.published_below:,} | {read_holds:.2f} s | {read_missed:.2f} s | "
                f"{learning:.2f} s |"
            )


if __name__ == "__main__":
    main()
