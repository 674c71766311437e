"""`civility keys`: API keys for publishers and for the Perspective-compatible endpoint."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import click

from civility.cli.common import load_settings, open_database
from civility.store import api_keys, audit

# The name column's length (store/models.py); PostgreSQL refuses a longer value.
MAX_NAME_CHARS = 100
# Control and format characters, line and paragraph separators: a tab or a newline in a name
# would fake columns or rows in `keys list`, a bidi override would disguise it.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@click.group()
def keys() -> None:
    """Create, list and revoke API keys.

    Only a hash of each key is stored.
    """


@keys.command()
@click.argument("name")
@click.option(
    "--scope",
    type=click.Choice(api_keys.SCOPES),
    default="publisher",
    show_default=True,
    help="publisher: create and update articles; perspective: the Perspective-compatible API.",
)
def create(name: str, scope: str) -> None:
    """Create the key NAME and print it once; it cannot be shown again.

    NAME is 1 to 100 characters: no tabs, line breaks or other control characters, and no
    space at either end.
    """
    check_key_name(name)
    settings = load_settings()
    now = datetime.now(UTC)
    with open_database(settings) as sessions, sessions.begin() as session:
        if any(key.name == name for key in api_keys.list_all(session)):
            raise click.ClickException(f"a key named {name!r} already exists")
        _, raw_key = api_keys.create(session, name=name, scope=scope, now=now)
        audit.log(session, action="api_key.created", now=now, detail=f"{name} ({scope})")
    click.echo(raw_key)


@keys.command("list")
def list_keys() -> None:
    """List every key: name, scope, created, revoked (never the key itself)."""
    with open_database(load_settings()) as sessions, sessions() as session:
        for key in api_keys.list_all(session):
            revoked = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
            click.echo(
                f"{key.name}\t{key.scope}\tcreated {key.created_at:%Y-%m-%d %H:%M}\t{revoked}"
            )


@keys.command()
@click.argument("name")
def revoke(name: str) -> None:
    """Revoke the key NAME; requests using it are refused from now on."""
    now = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        if api_keys.revoke(session, name=name, now=now) is None:
            raise click.ClickException(f"no key named {name!r}")
        audit.log(session, action="api_key.revoked", now=now, detail=name)
    click.echo(f"revoked {name!r}")


def check_key_name(name: str) -> None:
    """1 to 100 printable characters, with no space at either end."""
    if not 1 <= len(name) <= MAX_NAME_CHARS:
        raise click.BadParameter(f"use 1-{MAX_NAME_CHARS} characters", param_hint="NAME")
    if name != name.strip():
        raise click.BadParameter("no spaces at the start or the end", param_hint="NAME")
    refused = sorted({ch for ch in name if unicodedata.category(ch) in _REFUSED_CATEGORIES})
    if refused:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in refused)
        raise click.BadParameter(
            f"no tabs, line breaks or other control characters ({shown})", param_hint="NAME"
        )
