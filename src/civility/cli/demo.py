"""`civility demo`: a throwaway site on SQLite with the founding article, served at once."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import click

from civility.cli.common import load_settings, migrate_database
from civility.cli.import_text import describe, import_file
from civility.cli.serve import HOST_OPTION, PORT_OPTION, run_server, serving_settings
from civility.config import environment_name

SEED_NAME = Path("seed") / "express-tribune-2011-10-25.txt"
# The shared folder's copy wins when present; the package ships the same demo content so that
# a clone anywhere (or an installed wheel) still serves the founding article.
REPO_ROOT = Path(__file__).resolve().parents[3]
PACKAGED_SEED = Path(__file__).resolve().parents[1] / "data" / "demo" / SEED_NAME.name
# The demo's own database, whatever CIVILITY_DATABASE_URL says: see demo_database_url.
DEMO_DATABASE_URL = "sqlite:///civility.db"


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


def environment_value(name: str, environ: Mapping[str, str]) -> str | None:
    """A setting's value in the environment, its name in any case as pydantic-settings reads it;
    None when unset or blank."""
    for key, value in environ.items():
        if key.upper() == name and value.strip():
            return value.strip()
    return None


def refuse_production_environment(environ: Mapping[str, str]) -> None:
    """Exit when the environment is a real site's: the demo imports its seed into its database."""
    mode_name = environment_name("mode")
    mode = environment_value(mode_name, environ)
    if mode is not None and mode != "demo":
        raise click.ClickException(
            f"{mode_name}={mode:.40} is set: civility demo runs a throwaway site and imports its "
            "seed article and comments into its database, so it does not start in a real "
            f"site's environment; run it where {mode_name} is unset, or use civility serve"
        )


def demo_database_url(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The demo's database: --database-url, else sqlite:///civility.db in this folder.

    CIVILITY_DATABASE_URL is never taken from the environment: in a real site's shell it names
    the site's database, which the demo would fill with its seed. Set without --database-url,
    it is refused: neither used nor silently ignored.
    """
    if explicit is not None:
        return explicit
    setting = environment_name("database_url")
    if environment_value(setting, environ) is not None:
        raise click.ClickException(
            f"{setting} is set: civility demo imports its seed article and comments into its "
            f"database, so it does not take a site's database from the environment; unset "
            f"{setting} to use {DEMO_DATABASE_URL} in this folder, or name the demo's "
            "database with --database-url"
        )
    return DEMO_DATABASE_URL


@click.command()
@HOST_OPTION
@PORT_OPTION
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=f"The article to import (default: ../shared/{SEED_NAME}).",
)
@click.option(
    "--database-url",
    metavar="URL",
    help=(
        f"The demo's database (default: {DEMO_DATABASE_URL} in the current directory). "
        "CIVILITY_DATABASE_URL is not read: set, it is refused."
    ),
)
def demo(host: str, port: int, seed: Path | None, database_url: str | None) -> None:
    """Serve a demo site with the founding article.

    Runs in CIVILITY_MODE=demo (a throwaway secret key), migrates the schema and imports
    the founding article and its 12 comments if absent (default database:
    sqlite:///civility.db in the current directory, or --database-url), then serves.
    A real site's environment is refused: CIVILITY_MODE=production, or a
    CIVILITY_DATABASE_URL (the demo would write into that database).
    """
    refuse_production_environment(os.environ)
    url = demo_database_url(database_url, os.environ)
    settings = serving_settings(load_settings(mode="demo", database_url=url))
    # Opened here first, so that a database that cannot be opened is named by the demo's option
    # (the default one too: --database-url is how to choose another).
    migrate_database(settings, named="--database-url")
    result = import_file(settings, find_seed(seed), title=None, url=None, now=datetime.now(UTC))
    click.echo(describe(result), err=True)
    click.echo(f"open http://{host}:{port}/articles/{result.article.slug}", err=True)
    where = (
        "in this folder"
        if database_url is None
        else f"with {environment_name('database_url')} set to the --database-url given"
    )
    click.echo(
        f"moderate at http://{host}:{port}/moderate after creating an account {where}: "
        "civility create-moderator NAME --role admin",
        err=True,
    )
    run_server(settings, host=host, port=port)
