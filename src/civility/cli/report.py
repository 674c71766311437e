"""`civility report`: what the policy decided over a period and how moderators answered it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import click

from civility.cli.common import load_settings, open_database
from civility.store.policy_report import PolicyReport, policy_report

# Ten years: a longer period is `--all`.
MAX_DAYS = 3650


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    default=None,
    help="Comments decided in the last N days [default: 30].",
)
@click.option("--all", "everything", is_flag=True, help="Every comment ever decided.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def report(days: int | None, everything: bool, as_json: bool) -> None:
    """Print the share of comments published, held and rejected, and the moderators' answers.

    Each comment counts once, by the system's first decision on it and the latest moderator's
    decision after it (one that returned it to the queue is none: it waits). Per rule: how many
    comments it held or rejected, and how many of those moderators published; a rule whose holds
    are mostly published holds more than the site needs.
    """
    if everything and days is not None:
        raise click.UsageError("give --days or --all, not both")
    now = datetime.now(UTC)
    since = None if everything else now - timedelta(days=days or 30)
    with open_database(load_settings()) as sessions, sessions() as session:
        found = policy_report(session, since=since, now=now)
    click.echo(json.dumps(found.to_json(), indent=2) if as_json else _table(found))


def _table(found: PolicyReport) -> str:
    """The report as aligned plain text."""
    data = found.to_json()
    period = f"since {data['since'][:16]}" if data["since"] else "ever"
    lines = [f"{data['comments']} comments decided {period} (UTC)", ""]
    for status, n in data["system"].items():
        lines.append(f"{status:<10}{n:>8}  {_pct(n, data['comments'])}")
    held = data["held"]
    wait = "-" if held["median_wait_s"] is None else f"{held['median_wait_s'] / 60:.1f} min"
    lines += [
        "",
        f"held, then published by a moderator   {held['approved']:>8}",
        f"held, then rejected by a moderator    {held['rejected']:>8}",
        f"held, still waiting                   {held['waiting']:>8}",
        f"held, rejected with its author's ban  {held['swept']:>8}",
        f"published, then rejected (missed)     {data['published_then_rejected']:>8}",
        f"rejected, then published (overruled)  {data['rejected_then_published']:>8}",
        f"published, rejected with author's ban {data['published_then_swept']:>8}",
        f"median wait of a hold                 {wait:>8}",
        "",
        f"{'rule':<20}{'category':<12}{'held':>6}{'pub.':>6}{'rej.':>6}{'wait':>6}"
        f"{'rejected':>10}{'reinst.':>9}",
    ]
    for rule in data["rules"]:
        flag = "  <- moderators publish most of its holds" if rule["holds_too_much"] else ""
        lines.append(
            f"{rule['score'][:19]:<20}{rule['category'][:11]:<12}{rule['held']:>6}"
            f"{rule['held_approved']:>6}{rule['held_rejected']:>6}{rule['held_waiting']:>6}"
            f"{rule['rejected']:>10}{rule['reinstated']:>9}{flag}"
        )
    return "\n".join(lines)


def _pct(n: int, total: int) -> str:
    """n as a percentage of total ('-' of nothing)."""
    return f"{100 * n / total:.1f}%" if total else "-"
