"""`civility learn-policy`: hold and reject lines learnt from the moderators' decisions on holds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from civility.cli.common import load_settings, open_database
from civility.cli.engine import load_engine
from civility.pipeline.policy_learning import (
    Learned,
    LineChange,
    Outcome,
    Targets,
    learn_policy,
    lowering_bands,
)
from civility.store.reviewed import published_below, reviewed_holds

MAX_DAYS = 3650


@click.command("learn-policy")
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    default=None,
    help="Learn from holds of the last N days [default: 90]; after a model upgrade, only "
    "decisions since the upgrade describe its scores (see --current-models).",
)
@click.option("--all", "everything", is_flag=True, help="Learn from every decided hold.")
@click.option(
    "--current-models",
    is_flag=True,
    help="Learn only from holds scored by the models serving now (decisions recorded before "
    "model versions were stored are left out).",
)
@click.option(
    "--publish-error",
    type=click.FloatRange(0.001, 0.5),
    default=Targets().publish_error,
    show_default=True,
    help="Most of the newly published holds moderators may have rejected (95% bound).",
)
@click.option(
    "--reject-precision",
    type=click.FloatRange(0.5, 0.999),
    default=Targets().reject_precision,
    show_default=True,
    help="Least of the newly rejected holds moderators must have rejected (95% bound).",
)
@click.option(
    "--catch-share",
    type=click.FloatRange(0.05, 0.99),
    default=Targets().catch_share,
    show_default=True,
    help="Least of the published comments a lowered hold line would hold that moderators "
    "rejected afterwards (95% bound; unreviewed ones count as accepted).",
)
@click.option(
    "--min-decisions",
    type=click.IntRange(1, 1_000_000),
    default=Targets().min_decisions,
    show_default=True,
    help="Fewest decisions that may move a line.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the learnt policy here (a CIVILITY_POLICY_FILE); an existing file is kept.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
def learn_policy_command(
    days: int | None,
    everything: bool,
    current_models: bool,
    publish_error: float,
    reject_precision: float,
    catch_share: float,
    min_decisions: int,
    out: Path | None,
    as_json: bool,
) -> None:
    """Learn hold and reject lines from what moderators did with the comments the policy held.

    A rule's hold line rises over the band of its holds that moderators published, and a reject
    line falls over the band they rejected, only as far as the decisions bound the error. A hold
    line falls over a band just below it where moderators rejected, afterwards (after a reader's
    report, say), at least --catch-share of the comments the system published. Nothing
    is applied: the learnt policy is printed (and written with --out) for an admin to review and
    set as CIVILITY_POLICY_FILE. The newest fifth of the decisions measures the learning: lines
    learnt from the older ones are tried on them.
    """
    if everything and days is not None:
        raise click.UsageError("give --days or --all, not both")
    if out is not None and out.exists():
        raise click.UsageError(f"{out} exists; choose a new file (the site's policy is kept)")
    targets = Targets(publish_error, reject_precision, min_decisions, catch_share)
    try:
        targets.check()  # a range lets "nan" through
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    now = datetime.now(UTC)
    since = None if everything else now - timedelta(days=days or 90)
    settings = load_settings()
    engine = load_engine(settings)
    engine.pipeline.close()
    scope = Scope(since, engine.model_versions if current_models else None)
    if current_models and scope.models is None:
        raise click.UsageError("--current-models: the configured scorers use no trained model")
    with open_database(settings) as sessions, sessions() as session:
        reviewed = reviewed_holds(session, since=since, model_versions=scope.models)
        missed = published_below(
            session, lowering_bands(engine.policy), since=since, model_versions=scope.models
        )
    learned = learn_policy(reviewed, engine.policy, targets, missed=missed)
    if out is not None and learned.changes:
        _write(out, learned, len(reviewed), scope)
    if as_json:
        click.echo(json.dumps(_as_json(learned, len(reviewed), scope), indent=2))
        return
    click.echo(_table(learned, len(reviewed), scope, targets))
    if out is not None:
        click.echo(
            f"\nwritten: {out} (apply with CIVILITY_POLICY_FILE={out})"
            if learned.changes
            else "\nnothing written: no line moved"
        )


@dataclass(frozen=True, slots=True)
class Scope:
    """Which holds the lines are learnt from: since when, and scored by which models (None: any)."""

    since: datetime | None
    models: str | None = None

    def describe(self) -> str:
        """The scope in words, for the table and the policy file's notes."""
        period = f"since {self.since.isoformat()[:16]} (UTC)" if self.since else "ever"
        return period + (f", scored by {self.models}" if self.models else "")


def _notes(reviewed: int, scope: Scope, learned: Learned) -> dict[str, str]:
    """Where a learnt policy came from, kept in its file."""
    return {
        "learnt_from": f"{reviewed} moderators' decisions on holds and "
        f"{learned.published_below} comments published just below the hold lines "
        f"{scope.describe()}",
        "changes": "; ".join(_change_words(c) for c in learned.changes),
        "dropped": "; ".join(
            f"{_change_words(d.change)}: not moved, {d.reason}" for d in learned.dropped
        ),
    }


def _change_words(c: LineChange) -> str:
    """One move in words, for the policy file's notes."""
    return f"{c.score} {c.line} {c.old} -> {c.new} ({c.decisions} decisions, {c.rejected} rejected)"


def _write(out: Path, learned: Learned, reviewed: int, scope: Scope) -> None:
    """The whole learnt policy as a policy file; a file that cannot be written says why."""
    data = learned.policy.to_dict()
    data["notes"] = _notes(reviewed, scope, learned)
    try:
        with out.open("x", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
            handle.write("\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from exc


def _outcome_json(outcome: Outcome) -> dict[str, float]:
    """An outcome as plain data."""
    return {**asdict(outcome), "queue_saved": outcome.queue_saved}


def _as_json(learned: Learned, reviewed: int, scope: Scope) -> dict[str, object]:
    """The result as plain data."""
    return {
        "since": scope.since.isoformat() if scope.since else None,
        "models": scope.models,
        "decisions": reviewed,
        "published_below_lines": learned.published_below,
        "changes": [_change_json(c) for c in learned.changes],
        "dropped": [
            {**_change_json(d.change), "together_with": list(d.together_with), "reason": d.reason}
            for d in learned.dropped
        ],
        "test": {
            "trained_on": learned.trained_on,
            "tested_on": learned.tested_on,
            "current": _outcome_json(learned.test_before),
            "learnt": _outcome_json(learned.test_after),
            "published_below_lines": asdict(learned.test_catch),
        },
        "policy": learned.policy.to_dict(),
    }


def _change_json(c: LineChange) -> dict[str, object]:
    """One move as plain data."""
    return {
        "score": c.score,
        "category": c.category.value,
        "line": c.line,
        "old": c.old,
        "new": c.new,
        "decisions": c.decisions,
        "rejected": c.rejected,
    }


def _change_row(c: LineChange) -> str:
    """One move as a row under the table's heading."""
    old = "-" if c.old is None else f"{c.old:g}"
    return f"{c.score[:19]:<20}{c.line:<8}{old:>8}{c.new:>8g}{c.decisions:>11}{c.rejected:>7}"


def _table(learned: Learned, reviewed: int, scope: Scope, targets: Targets) -> str:
    """The result as aligned plain text."""
    lines = [
        f"{reviewed} held comments decided by a moderator and {learned.published_below} "
        f"comments published just below the hold lines, {scope.describe()}",
        f"targets: at most {targets.publish_error:.1%} of newly published holds rejected by "
        f"moderators, at least {targets.reject_precision:.1%} of newly rejected ones, "
        f"at least {targets.catch_share:.1%} of newly held published ones rejected afterwards, "
        f"{targets.min_decisions} decisions or more (95% bounds)",
        "",
    ]
    heading = f"{'score':<20}{'line':<8}{'old':>8}{'new':>8}{'decisions':>11}{'rej.':>7}"
    if learned.changes:
        lines.append(heading)
        lines += [_change_row(c) for c in learned.changes]
    else:
        lines.append("no line moves: the decisions do not bound the error of any change")
    if learned.dropped:
        lines += [
            "",
            "not moved, although each line's own band would move it (new: where it would go):",
            heading,
        ]
        for d in learned.dropped:
            lines += [_change_row(d.change), f"  {d.reason}"]
    lines += [
        "",
        f"the newest {learned.tested_on} decisions, under lines learnt from the "
        f"{learned.trained_on} before them:",
        f"{'':<16}{'held':>8}{'published':>11}{'(mod. rej.)':>13}{'rejected':>10}"
        f"{'(mod. pub.)':>13}{'queue saved':>13}",
    ]
    for name, outcome in (("current", learned.test_before), ("learnt", learned.test_after)):
        lines.append(
            f"{name:<16}{outcome.held:>8}{outcome.published:>11}"
            f"{outcome.published_but_rejected:>13}{outcome.rejected:>10}"
            f"{outcome.rejected_but_published:>13}{outcome.queue_saved:>13.1%}"
        )
    found = learned.test_catch
    lines.append(
        f"and of the newest {found.published} comments published just below the hold lines "
        f"({found.rejected} rejected by a moderator afterwards), the learnt lines would have "
        f"held {found.held}, {found.held_rejected} of them rejected afterwards"
    )
    return "\n".join(lines)
