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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the old one: with foreign keys on, the
            # drop would delete every row that references it (ON DELETE CASCADE), score records
            # under decisions, comments under articles. The pragma only takes outside a
            # transaction; the references are checked once the migrations are done.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=sqlite,
            render_item=render_item,
        )
        with context.begin_transaction():
            take_migration_lock(connection)
            context.run_migrations()
            if sqlite:
                check_foreign_keys(connection)
    engine.dispose()


def render_item(type_: str, obj: object, _context: Any) -> str | Literal[False]:
    """Autogenerate writes our column types as the types they store: migrations import no model."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def check_foreign_keys(connection: sa.Connection) -> None:
    """Refuse to commit a SQLite migration that left a row pointing at nothing."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"migration left {len(broken)} rows referencing missing rows "
            f"(first: {table} row {rowid} -> {parent}); nothing was changed"
        )


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
