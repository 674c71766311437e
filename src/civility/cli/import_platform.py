"""`civility import disqus|wordpress FILE.xml`: old comments brought along, each one scored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import click
from sqlalchemy.orm import Session

from civility.cli.common import load_settings, open_database
from civility.cli.engine import load_engine
from civility.commenting import Engine
from civility.importers.disqus import import_disqus
from civility.importers.platform import ImportStats
from civility.importers.records import ImportFormatError
from civility.importers.wordpress import import_wordpress
from civility.importers.xmlstream import open_with_progress

Importer = Callable[..., ImportStats]
FILE = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
REMODERATE = click.option(
    "--remoderate",
    is_flag=True,
    help="Apply Civility's decisions instead of keeping each comment's old status.",
)


@click.group("import")
def import_group() -> None:
    """Import comments exported from another platform (streamed: any file size)."""


@import_group.command("disqus")
@FILE
@REMODERATE
def disqus(file: Path, remoderate: bool) -> None:
    """Import a Disqus XML export: threads become articles (by link), posts their comments.

    Replies, authors, dates and statuses are kept (spam and deleted posts as rejected).
    Every comment is scored and its decision recorded. Importing the same file again adds
    nothing; a malformed file stores nothing and names the position of the problem.
    """
    click.echo(run_import(import_disqus, file, remoderate=remoderate, label="disqus").describe())


@import_group.command("wordpress")
@FILE
@REMODERATE
def wordpress(file: Path, remoderate: bool) -> None:
    """Import a WordPress export (WXR): posts and pages become articles, with their comments.

    Approved comments stay published, pending ones held, spam and trash rejected; pingbacks
    and trackbacks are skipped. Re-importing adds nothing; a malformed file stores nothing.
    """
    stats = run_import(import_wordpress, file, remoderate=remoderate, label="wordpress")
    click.echo(stats.describe())


def run_import(importer: Importer, file: Path, *, remoderate: bool, label: str) -> ImportStats:
    """Everything in one transaction, so that an error part-way leaves the database as it was."""
    settings = load_settings()
    engine = load_engine(settings)
    try:
        with open_database(settings) as sessions, sessions.begin() as session:
            return _stream(importer, session, engine, file, remoderate=remoderate, label=label)
    except ImportFormatError as exc:
        raise click.ClickException(f"{file}: {exc} (nothing was imported)") from exc
    finally:
        engine.pipeline.close()


def _stream(
    importer: Importer,
    session: Session,
    engine: Engine,
    file: Path,
    *,
    remoderate: bool,
    label: str,
) -> ImportStats:
    """Read the file through a progress bar and hand it to the importer."""
    source: BinaryIO
    with open_with_progress(file, label=label) as source:
        return importer(session, engine, source, remoderate=remoderate, now=datetime.now(UTC))
