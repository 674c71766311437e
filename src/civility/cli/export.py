"""`civility export`: every article, comment and decision as JSON Lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

import click

from civility.cli.common import load_settings
from civility.cli.database import open_sessions
from civility.store import export as dump


@click.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
@click.option("--with-emails", is_flag=True, help="Include authors' emails (private data).")
def export(output: Path | None, with_emails: bool) -> None:
    """Write all articles, then all comments, then all decisions, one JSON object a line.

    Each line has "type": "article", "comment" or "decision". Comments name their author
    (emails only with --with-emails); decisions carry every score behind them. The whole
    export reads one consistent snapshot of the database.
    """
    settings = load_settings()
    with open_sessions(settings) as sessions, sessions.begin() as session:
        rows = chain(
            dump.iter_articles(session),
            dump.iter_comments(session, with_emails=with_emails),
            dump.iter_decisions(session),
        )
        if output is None:
            count = write_lines(rows, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as out:
                count = write_lines(rows, out)
    click.echo(f"exported {count} records", err=True)


def write_lines(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One compact JSON object per line; returns how many were written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
