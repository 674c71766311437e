"""Engine and session factory; SQLite gets foreign keys and WAL, PostgreSQL runs as is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite connections enforce foreign keys and use WAL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection pragmas: SQLite forgets them on every new connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite's own lower() folds ASCII letters only: "@émile:" would not find "Émile", as it
    # does on PostgreSQL. No index is built on lower(), so replacing it changes no stored order.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    """lower() as PostgreSQL computes it for text: every letter folded; other values as given."""
    return value.lower() if isinstance(value, str) else value


def take_sqlite_write_lock(session: Session, column: InstrumentedAttribute[Any], row: Any) -> None:
    """On SQLite, take the database's write lock now: it has no row locks, no FOR UPDATE.

    pysqlite begins a transaction only before a write, so a read alone runs outside it and may
    see a row another writer changes before this one's update. A write that changes nothing
    (`column` set to itself where `row` holds) begins it, holding the lock (or waiting out
    another writer's) until the commit. Elsewhere it does nothing: FOR UPDATE does the work.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    unchanged = update(column.class_).where(row).values({column.key: column})
    session.execute(unchanged.execution_options(synchronize_session=False))


def database_answers(sessions: sessionmaker[Session]) -> bool:
    """Whether the database answers a trivial query now (for the health check)."""
    try:
        with sessions() as session:
            session.execute(select(1))
    except SQLAlchemyError:  # refused, gone, or no pooled connection free in time
        return False
    return True


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema at `url` to `revision` with Alembic; the only way it changes."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)
