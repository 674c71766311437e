"""`civility moderators`: list, disable, enable, re-password and re-role dashboard accounts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from civility.cli.common import load_settings, open_database
from civility.cli.create_moderator import _read_password  # the same prompt and refusals
from civility.passwords import hash_password
from civility.store import audit, moderators
from civility.unicode_text import is_encodable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from civility.store.models import Moderator

# The username column's length (store/models.py): no account has a longer name.
MAX_USERNAME_CHARS = 100
# How much of an unknown name the error repeats: enough to spot a typo, not a screenful.
SHOWN_NAME_CHARS = 60


@click.group("moderators")
def moderators_group() -> None:
    """List dashboard accounts; disable, enable, re-password or re-role one.

    Every change ends the account's sessions at once and is written to the audit log.
    """


@moderators_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as one JSON array.")
def list_moderators(as_json: bool) -> None:
    """List every account: username, role, created, disabled (never the password hash)."""
    with open_database(load_settings()) as sessions, sessions() as session:
        accounts = moderators.list_all(session)
        if as_json:
            click.echo(json.dumps([_row(account) for account in accounts], indent=2))
            return
        for account in accounts:
            disabled = account.disabled_at
            state = f"disabled {disabled:%Y-%m-%d %H:%M}" if disabled else "enabled"
            created = f"created {account.created_at:%Y-%m-%d %H:%M}"
            click.echo(f"{account.username}\t{account.role}\t{created}\t{state}")


def _row(account: Moderator) -> dict[str, str | None]:
    """What `list` shows of an account; dates in ISO 8601, UTC."""
    disabled = account.disabled_at.isoformat() if account.disabled_at else None
    return {
        "username": account.username,
        "role": account.role,
        "created_at": account.created_at.isoformat(),
        "disabled_at": disabled,
    }


@moderators_group.command()
@click.argument("username")
def disable(username: str) -> None:
    """Stop USERNAME logging in and end every session it holds, at once."""
    now = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        account = _find(session, username)
        if account.disabled_at is not None:
            # Nothing to do, and nothing to log: its sessions ended when it was disabled.
            click.echo(f"{username!r} is already disabled")
            return
        _refuse_last_admin(session, account, "disable")
        moderators.disable(session, account, now=now)
        audit.log(session, action="moderator.disabled", now=now, detail=username)
    click.echo(f"disabled {username!r}; its sessions have ended")


@moderators_group.command()
@click.argument("username")
def enable(username: str) -> None:
    """Let the disabled account USERNAME log in again."""
    now = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        account = _find(session, username)
        if account.disabled_at is None:
            click.echo(f"{username!r} is not disabled")
            return
        moderators.enable(session, account)
        audit.log(session, action="moderator.enabled", now=now, detail=username)
    click.echo(f"enabled {username!r}")


@moderators_group.command("set-password")
@click.argument("username")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin (UTF-8)."
)
def set_password(username: str, password_stdin: bool) -> None:
    """Give USERNAME a new password and end every session it holds.

    The password is asked twice (or read from stdin with --password-stdin) and stored only
    as an argon2 hash.
    """
    with open_database(load_settings()) as sessions:
        # Looked up before the prompt (nobody should type a password for an account that does
        # not exist), with no transaction held open while a person types.
        with sessions() as session:
            _find(session, username)
        password_hash = hash_password(_read_password(password_stdin))
        now = datetime.now(UTC)
        with sessions.begin() as session:
            account = _find(session, username)
            moderators.set_password(session, account, password_hash=password_hash)
            audit.log(session, action="moderator.password_changed", now=now, detail=username)
    click.echo(f"changed the password of {username!r}; its sessions have ended")


@moderators_group.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(moderators.ROLES))
def set_role(username: str, role: str) -> None:
    """Make USERNAME an admin or a moderator; its sessions end."""
    now = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        account = _find(session, username)
        if account.role == role:
            click.echo(f"{username!r} is already a {role}")
            return
        if role != "admin":
            _refuse_last_admin(session, account, "demote")
        old = account.role
        # Every request reads the role from the database, so a demotion already applies to open
        # sessions; ending them as well leaves nothing that began with admin rights running on.
        moderators.set_role(session, account, role=role)
        audit.log(
            session,
            action="moderator.role_changed",
            now=now,
            detail=f"{username} ({old} -> {role})",
        )
    click.echo(f"{username!r} is now a {role}; its sessions have ended")


def _find(session: Session, username: str) -> Moderator:
    """The account named `username`, or exit saying there is none."""
    # A name no account can have is not looked up: PostgreSQL refuses NUL characters and
    # lone surrogates outright, and the error would be a traceback instead of an answer.
    storable = "\x00" not in username and is_encodable(username)
    found = None
    if storable and len(username) <= MAX_USERNAME_CHARS:
        found = moderators.get_by_username(session, username)
    if found is None:
        shown = username if len(username) <= SHOWN_NAME_CHARS else username[:SHOWN_NAME_CHARS] + "…"
        # repr(): a control character or an escape sequence in the name is shown, not obeyed.
        raise click.ClickException(f"no moderator named {shown!r} (see `civility moderators list`)")
    return found


def _refuse_last_admin(session: Session, account: Moderator, verb: str) -> None:
    """Exit rather than leave the site without an enabled admin to run it."""
    if moderators.is_last_enabled_admin(session, account):
        raise click.ClickException(
            f"cannot {verb} {account.username!r}: it is the last enabled admin; "
            "make another account admin first"
        )
