"""`civility create-moderator`: an account for the moderator dashboard."""

from __future__ import annotations

import codecs
import sys
from datetime import UTC, datetime

import click

from civility.cli.common import load_settings, open_database
from civility.passwords import MIN_PASSWORD_CHARS, hash_password
from civility.store import audit, moderators
from civility.unicode_text import is_encodable

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@click.command("create-moderator")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(moderators.ROLES),
    default="moderator",
    show_default=True,
    help="Admins may also change the policy and API keys.",
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin (UTF-8)."
)
def create_moderator(username: str, role: str, password_stdin: bool) -> None:
    """Create a moderator account.

    The password for USERNAME is asked twice (or read from stdin with --password-stdin)
    and stored only as an argon2 hash.
    """
    settings = load_settings()
    check_username(username)
    password = _read_password(password_stdin)
    now = datetime.now(UTC)
    with open_database(settings) as sessions, sessions.begin() as session:
        if moderators.get_by_username(session, username) is not None:
            raise click.ClickException(f"a moderator named {username!r} already exists")
        account = moderators.create(
            session, username=username, password_hash=hash_password(password), now=now, role=role
        )
        audit.log(session, action="moderator.created", now=now, detail=f"{username} ({role})")
    click.echo(f"created {account.role} {account.username!r}")


def check_username(username: str) -> None:
    """Lower-case letters, digits, dot, hyphen, underscore; 1 to 100 characters."""
    if not 1 <= len(username) <= 100 or not set(username) <= USERNAME_CHARS:
        raise click.BadParameter(
            "use 1-100 lower-case letters, digits, '.', '-' or '_'", param_hint="USERNAME"
        )


def _read_password(from_stdin: bool) -> str:
    """The password from stdin or a twice-typed prompt, long enough to be worth hashing."""
    if from_stdin:
        password = _stdin_password(sys.stdin.buffer.readline())
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not is_encodable(password):
        # A terminal that is not UTF-8 can hand over undecodable bytes as lone surrogates.
        raise click.ClickException("the password is not valid UTF-8")
    if len(password) < MIN_PASSWORD_CHARS:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
    return password


def _stdin_password(line: bytes) -> str:
    """The password in a line read from stdin: UTF-8, less one leading BOM and the newline."""
    # Read as bytes: the locale's text stream would pass undecodable bytes on to argon2.
    line = line.removeprefix(codecs.BOM_UTF8)
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"the password on stdin is not valid UTF-8 (byte {exc.start})"
        ) from exc
