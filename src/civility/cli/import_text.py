"""`civility import-text`: an article and its comments from the founding example's format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import click

from civility.cli.common import load_settings, open_database
from civility.cli.engine import load_engine
from civility.commenting import ClientKeyConflict
from civility.config import Settings
from civility.importers.loader import LoadResult, load_article
from civility.importers.platform import MAX_TITLE, MAX_URL
from civility.importers.records import ImportFormatError
from civility.importers.text import MAX_FILE_BYTES, parse_text
from civility.unicode_text import is_encodable


def _at_most(limit: int) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """An option check: refuse a value longer than its column rather than fail on storing it.

    Refused, not cut: a cut title is not what the person typed, and a cut URL is another page.
    So is a value no database stores: a NUL, or a lone surrogate (a byte that is not UTF-8 in
    the command line arrives as one).
    """

    def check(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        if "\x00" in value or not is_encodable(value):
            raise click.BadParameter("holds a NUL character or a byte that is not UTF-8")
        if len(value.strip()) > limit:
            raise click.BadParameter(f"{len(value.strip())} characters; the limit is {limit}")
        return value.strip()

    return check


@click.command("import-text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--title",
    callback=_at_most(MAX_TITLE),
    help="Article title (default: its first sentence, shortened).",
)
@click.option(
    "--url", callback=_at_most(MAX_URL), help="The article's address on the publisher's site."
)
def import_text(file: Path, title: str | None, url: str | None) -> None:
    """Import an article and its comments from FILE.

    FILE holds article paragraphs, a "Published in OUTLET, DATE." line, then
    "COMMENTS (N)" and one comment a line ("@Name:" alone on a line makes the next
    line a reply to Name). Comments go through moderation. Importing the same file
    again changes nothing, and a page saved again later adds only its new comments;
    a malformed file stores nothing and names the bad line.
    """
    settings = load_settings()
    result = import_file(settings, file, title=title, url=url, now=datetime.now(UTC))
    click.echo(describe(result))


def import_file(
    settings: Settings, file: Path, *, title: str | None, url: str | None, now: datetime
) -> LoadResult:
    """Parse, then store everything in one transaction; errors exit with the line named."""
    if file.stat().st_size > MAX_FILE_BYTES:
        raise click.ClickException(f"{file}: larger than {MAX_FILE_BYTES:,} bytes; not one article")
    try:
        imported = parse_text(file.read_bytes(), title=title)
    except ImportFormatError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    if url:
        imported = replace(imported, url=url)
    engine = load_engine(settings)
    try:
        with open_database(settings) as sessions, sessions.begin() as session:
            return load_article(session, engine, imported, now=now)
    except ImportFormatError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    except ClientKeyConflict as exc:  # load_article names the line; kept should one escape it
        raise click.ClickException(f"{file}: {exc}") from exc
    finally:
        engine.pipeline.close()


def describe(result: LoadResult) -> str:
    """One line a person reads after an import."""
    article = result.article
    verb = "created" if result.article_created else "found"
    statuses = ", ".join(f"{n} {status.value}" for status, n in sorted(result.statuses.items()))
    renamed = (
        f", {result.renamed} author names of the erased-author form imported as Anonymous"
        if result.renamed
        else ""
    )
    return (
        f"article {article.slug!r} ({verb}): {result.created} comments imported"
        f"{f' ({statuses})' if statuses else ''}, {result.existing} already there{renamed}"
    )
