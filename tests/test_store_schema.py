"""The Alembic schema matches the models on both databases."""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.schema import CreateIndex

from civility.store.db import make_engine
from civility.store.models import Base


def test_store_schema_matches_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn, warnings.catch_warnings():
        if conn.dialect.name == "sqlite":
            # SQLite's indexes on expressions cannot be reflected: SQLAlchemy and Alembic skip
            # them with a warning. test_store_sqlite_indexes_on_expressions_match_models
            # compares them instead.
            warnings.filterwarnings("ignore", message=".*expression-based index")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def _on_expressions(index: sa.Index) -> bool:
    """Whether an index covers more than plain columns (an expression, a sort order)."""
    return not all(isinstance(expr, sa.Column) for expr in index.expressions)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_store_sqlite_indexes_on_expressions_match_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
        stored: dict[str, str] = dict(rows.all())
        expected = {
            index.name: str(CreateIndex(index).compile(dialect=conn.dialect))
            for table in Base.metadata.sorted_tables
            for index in table.indexes
            if _on_expressions(index)
        }
    engine.dispose()
    assert "uq_authors_identity" in expected
    assert {name: stored.get(name) for name in expected} == expected


def test_store_sqlite_enforces_foreign_keys(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
