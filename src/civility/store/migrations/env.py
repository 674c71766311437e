"""Alembic environment: runs migrations against the URL set by civility.store.db.upgrade."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from civility.store.db import make_engine
from civility.store.models import Base
from civility.store.types import UtcDateTime

config = context.config
target_metadata = Base.metadata

# Any fixed number works, as long as nothing else in the database takes the same lock.
MIGRATION_LOCK_KEY = 7_216_463_105_541_001


def run_migrations_online() -> None:
    """Migrate inside one transaction (on PostgreSQL; SQLite commits each step); SQLite needs
    batch mode to alter tables."""
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url is not set"
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        # Rows that pointed at nothing before (deleted by hand in the sqlite3 shell, say) are
        # not the migrations' doing; only rows they leave so are refused. Nothing to migrate,
        # nothing is scanned: every command and server start comes through here.
        broken_before = (
            foreign_key_problems(connection) if sqlite and migrations_pending(connection) else None
        )
        if broken_before is not None:
            # A batch migration copies a table and drops the old one: with foreign keys on, the
            # drop would delete every row that references it (ON DELETE CASCADE), score records
            # under decisions, comments under articles. The pragma only takes outside a
            # transaction.
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
            if broken_before is not None:
                check_foreign_keys(connection, broken_before)
    engine.dispose()


def render_item(type_: str, obj: object, _context: Any) -> str | Literal[False]:
    """Autogenerate writes our column types as the types they store: migrations import no model."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def migrations_pending(connection: sa.Connection) -> bool:
    """Whether the database is not yet at the revision this run goes to."""
    current = MigrationContext.configure(connection).get_current_revision()
    target = context.get_revision_argument()
    script = ScriptDirectory.from_config(config)
    wanted = script.get_revision(target) if isinstance(target, str) else None
    return current != (wanted.revision if wanted is not None else None)


def foreign_key_problems(connection: sa.Connection) -> set[tuple[object, ...]]:
    """SQLite's list of rows whose foreign keys name no row: (table, rowid, parent, key)."""
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def check_foreign_keys(connection: sa.Connection, before: set[tuple[object, ...]]) -> None:
    """Stop when the migrations left rows pointing at nothing that did not before.

    SQLite commits each migration's schema change as it goes (Alembic cannot roll its DDL
    back), so this cannot undo them: it stops the start, naming the rows to look at.
    """
    broken = sorted(foreign_key_problems(connection) - before, key=str)
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"the migrations left {len(broken)} rows referencing missing rows (first: {table} "
            f"row {rowid} -> {parent}); restore the database from its backup and report this"
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
