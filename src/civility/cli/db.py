"""`civility db`: schema management through Alembic."""

from __future__ import annotations

import click

from civility.cli.common import load_settings, open_database


@click.group()
def db() -> None:
    """Manage the database schema."""


@db.command()
@click.option("--database-url", help="Overrides CIVILITY_DATABASE_URL.")
def upgrade(database_url: str | None) -> None:
    """Create or migrate the schema to the latest version."""
    # Opening the database migrates it: the same clear error as every other command.
    with open_database(load_settings(database_url=database_url)):
        pass
    click.echo("database is at the latest schema version")
