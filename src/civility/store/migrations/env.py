"""Alembic environment: runs migrations against the URL set by civility.store.db.upgrade."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context

from civility.store.db import make_engine
from civility.store.models import Base
from civility.store.types import UtcDateTime

config = context.config
target_metadata = Base.metadata

# Any fixed number works, as long as nothing else in the database takes the same lock.
MIGRATION_LOCK_KEY = 7_216_463_105_541_001


def run_migrations_online() -> None:
    """Migrate inside one transaction; SQLite needs batch mode to alter tables."""
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_item,
        )
        with context.begin_transaction():
            take_migration_lock(connection)
            context.run_migrations()
    engine.dispose()


def render_item(type_: str, obj: object, _context: Any) -> str | Literal[False]:
    """Autogenerate writes our column types as the types they store: migrations import no model."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def take_migration_lock(connection: sa.Connection) -> None:
    """On PostgreSQL, wait for any other server's migration to commit before reading the version.

    App servers started together on an empty database would otherwise all create the same
    tables at once, and all but one fail on a duplicate key. The lock ends with the transaction.
    Only PostgreSQL takes it: that is where several app servers share one database.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
        )


run_migrations_online()
