"""What every command shares: settings read once, with errors a person can act on."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from pydantic import ValidationError
from pydantic_settings import SettingsError

from civility.config import Settings, environment_name, unknown_environment_names
from civility.url_secrets import redacted_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment plus command-line overrides; a bad value exits clearly."""
    _refuse_unknown_names()
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        lines = [f"  {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise click.ClickException("invalid settings:\n" + "\n".join(lines)) from exc
    except SettingsError as exc:  # a list or dict setting whose value is not JSON
        raise click.ClickException("invalid settings:\n  " + _describe_source_error(exc)) from exc


def _refuse_unknown_names() -> None:
    """Exit naming every CIVILITY_* variable that is no setting: a typo would go unnoticed."""
    unknown = unknown_environment_names(os.environ)
    if not unknown:
        return
    known = [environment_name(field) for field in Settings.model_fields]
    lines = []
    for name in unknown:
        close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.85)
        lines.append(f"  {name}" + (f" (did you mean {close[0]}?)" if close else ""))
    raise click.ClickException(
        "unknown settings in the environment (see the README's Settings):\n" + "\n".join(lines)
    )


def _describe_source_error(exc: SettingsError) -> str:
    """`CIVILITY_SCORERS: not valid JSON (...)` from pydantic-settings' message about a field."""
    # Its message names the field, its cause says what is wrong: neither alone is enough.
    field = re.search(r'field "(\w+)"', str(exc))
    name = environment_name(field.group(1)) if field else "a CIVILITY_* variable"
    reason = f" ({exc.__cause__})" if exc.__cause__ is not None else ""
    example = 'CIVILITY_SCORERS=\'["length","links"]\''
    return f"{name}: not valid JSON{reason}; lists and dicts are JSON, as in {example}"


@contextmanager
def open_database(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured database; one that cannot be opened exits naming the setting.

    Only opening is covered (reading the URL, connecting, migrating): an error in the
    command's own queries is not the setting's fault and keeps its traceback.
    """
    # Imported here: `civility moderate` and its workers use no database and skip SQLAlchemy.
    from sqlalchemy.exc import ArgumentError, DatabaseError

    from civility.cli.database import open_sessions

    with ExitStack() as stack:
        try:
            sessions = stack.enter_context(open_sessions(settings))
        except (ArgumentError, DatabaseError) as exc:  # OperationalError is a DatabaseError
            raise click.ClickException(_describe_database_error(settings, exc)) from exc
        yield sessions


def migrate_database(settings: Settings, *, named: str | None = None) -> None:
    """Bring the schema up to date; a database that cannot be opened exits naming the setting
    (or `named`, the option that gave the URL)."""
    from sqlalchemy.exc import ArgumentError, DatabaseError

    from civility.store.db import upgrade

    try:
        upgrade(settings.database_url)
    except (ArgumentError, DatabaseError) as exc:  # OperationalError is a DatabaseError
        raise click.ClickException(_describe_database_error(settings, exc, named)) from exc


def _describe_database_error(settings: Settings, exc: Exception, named: str | None = None) -> str:
    """Why the database cannot be opened, with the URL's password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    setting = named or environment_name("database_url")
    try:
        # As SQLAlchemy reads it (a "/" or "?" may be in its password), then ?password= hidden.
        shown = redacted_url(make_url(settings.database_url).render_as_string(hide_password=True))
    except ArgumentError:
        # Unparsed, the value cannot be told apart from its password: show none of it.
        return (
            f"{setting} is not a database URL SQLAlchemy can read "
            "(e.g. sqlite:///civility.db or postgresql+psycopg://user@host/db)"
        )
    if isinstance(exc, NoSuchModuleError):
        return f"{setting} ({shown}) names a database SQLAlchemy has no driver for: {exc}"
    # The driver's own message, without SQLAlchemy's SQL statement and background link.
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"cannot open the database of {setting} ({shown}): {reason[0] if reason else exc}"


# Shared by `train` and `evaluate`: both read the labelled data.
DATASETS_DIR_OPTION = click.option(
    "--datasets-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Labelled data (default: CIVILITY_DATASETS_DIR or ../shared/datasets).",
)
