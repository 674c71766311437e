"""`civility demo`: a throwaway site on SQLite with the founding article, served at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from civility.cli.common import load_settings
from civility.cli.import_text import describe, import_file
from civility.cli.serve import HOST_OPTION, PORT_OPTION, run_server, serving_settings

SEED_NAME = Path("seed") / "express-tribune-2011-10-25.txt"
# The shared folder's copy wins when present; the package ships the same demo content so that
# a clone anywhere (or an installed wheel) still serves the founding article.
REPO_ROOT = Path(__file__).resolve().parents[3]
PACKAGED_SEED = Path(__file__).resolve().parents[1] / "data" / "demo" / SEED_NAME.name


def seed_candidates(starts: Sequence[Path]) -> list[Path]:
    """Where the founding example is looked for: `seed/` or `shared/seed/` in each start
    folder or any folder above it (a clone beside or below `shared/`)."""
    found: list[Path] = []
    for start in starts:
        for folder in (start, *start.parents):
            for candidate in (folder / SEED_NAME, folder / "shared" / SEED_NAME):
                if candidate not in found:
                    found.append(candidate)
    return found


def find_seed(explicit: Path | None, starts: Sequence[Path] | None = None) -> Path:
    """The seed file to import (from the current directory and the repository by default),
    or a clear error saying where it was looked for."""
    if explicit is not None:
        return explicit
    starts = starts or (Path.cwd(), REPO_ROOT)
    for candidate in (*seed_candidates(starts), PACKAGED_SEED):
        if candidate.is_file():
            return candidate
    raise click.ClickException(
        f"{SEED_NAME.name} not found in seed/ or shared/seed/ of "
        f"{', '.join(map(str, starts))} or any folder above; pass --seed FILE"
    )


@click.command()
@HOST_OPTION
@PORT_OPTION
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"The article to import (default: ../shared/{SEED_NAME}).",
)
def demo(host: str, port: int, seed: Path | None) -> None:
    """Serve a demo site with the founding article.

    Runs in CIVILITY_MODE=demo (a throwaway secret key), migrates the schema and imports
    the founding article and its 12 comments if absent (default database:
    sqlite:///civility.db in the current directory), then serves.
    """
    settings = serving_settings(load_settings(mode="demo"))
    result = import_file(settings, find_seed(seed), title=None, url=None, now=datetime.now(UTC))
    click.echo(describe(result), err=True)
    click.echo(f"open http://{host}:{port}/articles/{result.article.slug}", err=True)
    click.echo(
        f"moderate at http://{host}:{port}/moderate after creating an account in this folder: "
        "civility create-moderator NAME --role admin",
        err=True,
    )
    run_server(settings, host=host, port=port)
