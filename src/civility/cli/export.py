"""`civility export`: every article, comment and decision as JSON Lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

import click
from sqlalchemy import text
from sqlalchemy.orm import Session

from civility.cli.common import load_settings, open_database
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

    Each line has "type": "article", "comment" or "decision". Articles keep their version
    and when comments were closed or reopened by hand; comments name their author with the
    author's trust (banned, trusted or normal) and first appearance (emails only with
    --with-emails); decisions carry every score behind them and, for a moderator's, the
    status and reports Undo restores. Not exported: moderators, API keys, the audit log,
    score suggestions and stored passage vectors. The whole export reads one consistent
    snapshot of the database.
    """
    settings = load_settings()
    with open_database(settings) as sessions, sessions.begin() as session:
        begin_snapshot(session)
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


def begin_snapshot(session: Session) -> None:
    """Make every later read of this transaction see the database as of its first read.

    PostgreSQL's default (READ COMMITTED) gives each query its own snapshot, and pysqlite
    opens no transaction for SELECTs: either way an import committing between the articles
    and the comments queries would export comments whose article is not in the file.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    elif session.get_bind().dialect.name == "sqlite":
        # A deferred BEGIN: the snapshot (WAL) is taken at the first SELECT and kept until
        # the session commits, which pysqlite then sends as COMMIT.
        session.execute(text("BEGIN"))


def write_lines(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One compact JSON object per line; returns how many were written."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
