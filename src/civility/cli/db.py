"""`civility db`: schema management through Alembic."""

from __future__ import annotations

import click

from civility.cli.common import load_settings
from civility.store.db import upgrade as upgrade_schema


@click.group()
def db() -> None:
    """Manage the database schema."""


@db.command()
@click.option("--database-url", help="Overrides CIVILITY_DATABASE_URL.")
def upgrade(database_url: str | None) -> None:
    """Create or migrate the schema to the latest version."""
    settings = load_settings(database_url=database_url)
    upgrade_schema(settings.database_url)
    click.echo("database is at the latest schema version")
