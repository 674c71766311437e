"""Database access for commands: the schema brought up to date, then sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from civility.config import Settings
from civility.store.db import make_engine, make_session_factory, upgrade


@contextmanager
def open_sessions(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Migrate the schema (a no-op when current), yield sessions, close the engine."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()
