"""`civility moderators`: list, disable, enable, set-password, set-role; sessions end at once."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.passwords import hash_password, verify_password
from civility.store import moderators
from civility.store.models import AuditEntry, Moderator

NOW = datetime(2026, 12, 22, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a different horse, stapled"
# Enough for every login a test makes from one client address.
LOGIN_LIMIT = "1000/minute"


def _invoke(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["moderators", *args], env=env, input=stdin)


def _account(factory: sessionmaker[Session], username: str, role: str = "moderator") -> None:
    with factory.begin() as session:
        moderators.create(
            session, username=username, password_hash=hash_password(PASSWORD), now=NOW, role=role
        )


def _stored(factory: sessionmaker[Session], username: str) -> Moderator:
    with factory() as session:
        account = moderators.get_by_username(session, username)
        assert account is not None
        session.expunge(account)
        return account


def _audit(factory: sessionmaker[Session]) -> list[tuple[str, int | None, str | None]]:
    with factory() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [
            (e.action, e.moderator_id, e.detail) for e in entries if e.action != "moderator.login"
        ]


def _dashboard_login(client: Any, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/moderate/login")
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    data = {"csrf_token": token, "username": username, "password": password}
    return client.post("/moderate/login", data=data, follow_redirects=False)


def _api_login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/login", json={"username": username, "password": password})


def _in_dashboard(client: Any) -> bool:
    """Whether the client's session still opens the queue (a dead one is sent to the login)."""
    answer = client.get("/moderate", follow_redirects=False)
    assert answer.status_code in (200, 303), answer.text
    return bool(answer.status_code == 200)


def test_cli_moderators_list_shows_accounts_but_no_hashes(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    _account(session_factory, "boss", role="admin")
    _account(session_factory, "mo")
    assert _invoke(cli_env, "disable", "mo").exit_code == 0
    text = _invoke(cli_env, "list")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == "boss\tadmin\tcreated 2026-12-22 09:30\tenabled"
    assert re.fullmatch(r"mo\tmoderator\tcreated 2026-12-22 09:30\tdisabled \d{4}-.*", lines[1])
    as_json = _invoke(cli_env, "list", "--json")
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert [(r["username"], r["role"], r["created_at"]) for r in rows] == [
        ("boss", "admin", "2026-12-22T09:30:00+00:00"),
        ("mo", "moderator", "2026-12-22T09:30:00+00:00"),
    ]
    assert rows[0]["disabled_at"] is None and rows[1]["disabled_at"] is not None
    assert set(rows[0]) == {"username", "role", "created_at", "disabled_at"}
    assert "argon2" not in text.stdout + as_json.stdout


def test_cli_moderators_disable_refuses_login_and_ends_sessions_enable_undoes_it(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    make_web_client: Any,
    lexicon_engine: Any,
) -> None:
    _account(session_factory, "boss", role="admin")
    _account(session_factory, "mo")
    browser = make_web_client(lexicon_engine, login_rate_limit=LOGIN_LIMIT)
    api = make_web_client(lexicon_engine, login_rate_limit=LOGIN_LIMIT)
    assert _dashboard_login(browser, "mo").status_code == 303 and _in_dashboard(browser)
    assert _api_login(api, "mo").status_code == 200
    assert api.get("/api/v1/moderation/queue").status_code == 200

    result = _invoke(cli_env, "disable", "mo")
    assert result.exit_code == 0, result.output
    assert _stored(session_factory, "mo").disabled_at is not None
    # Both logged-in clients are refused on their very next request.
    assert not _in_dashboard(browser)
    assert api.get("/api/v1/moderation/queue").status_code == 401
    # Refused exactly as a wrong password is: nothing says the account exists.
    wrong = _dashboard_login(browser, "mo", "not the password")
    refused = _dashboard_login(browser, "mo")
    assert (refused.status_code, refused.text) == (wrong.status_code, wrong.text)
    assert refused.status_code == 401 and "Wrong username or password." in refused.text
    wrong_api, refused_api = _api_login(api, "mo", "not the password"), _api_login(api, "mo")
    assert (refused_api.status_code, refused_api.json()) == (401, wrong_api.json())
    assert _invoke(cli_env, "disable", "mo").stdout == "'mo' is already disabled\n"

    result = _invoke(cli_env, "enable", "mo")
    assert result.exit_code == 0, result.output
    assert _stored(session_factory, "mo").disabled_at is None
    assert _dashboard_login(browser, "mo").status_code == 303 and _in_dashboard(browser)
    assert _api_login(api, "mo").status_code == 200
    assert _audit(session_factory) == [
        ("moderator.disabled", None, "mo"),
        ("moderator.enabled", None, "mo"),
    ]


def test_cli_moderators_set_password_replaces_it_and_ends_sessions(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    make_web_client: Any,
    lexicon_engine: Any,
) -> None:
    _account(session_factory, "mo")
    old_browser = make_web_client(lexicon_engine, login_rate_limit=LOGIN_LIMIT)
    assert _dashboard_login(old_browser, "mo").status_code == 303 and _in_dashboard(old_browser)
    weak = _invoke(cli_env, "set-password", "mo", "--password-stdin", stdin="short\n")
    assert weak.exit_code == 1 and "at least 10 characters" in weak.stderr
    assert _in_dashboard(old_browser)  # a refused password changes nothing

    result = _invoke(cli_env, "set-password", "mo", "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert verify_password(_stored(session_factory, "mo").password_hash, NEW_PASSWORD)
    assert not _in_dashboard(old_browser)
    browser = make_web_client(lexicon_engine, login_rate_limit=LOGIN_LIMIT)
    assert _dashboard_login(browser, "mo").status_code == 401
    assert _api_login(browser, "mo").status_code == 401
    assert _dashboard_login(browser, "mo", NEW_PASSWORD).status_code == 303
    assert _api_login(browser, "mo", NEW_PASSWORD).status_code == 200

    prompted = _invoke(cli_env, "set-password", "mo", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert verify_password(_stored(session_factory, "mo").password_hash, PASSWORD)
    assert not _in_dashboard(browser)
    assert _audit(session_factory) == [("moderator.password_changed", None, "mo")] * 2


def test_cli_moderators_set_role_demotion_ends_the_session_and_admin_pages(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    make_web_client: Any,
    lexicon_engine: Any,
) -> None:
    _account(session_factory, "boss", role="admin")
    _account(session_factory, "amna", role="admin")
    browser = make_web_client(lexicon_engine, login_rate_limit=LOGIN_LIMIT)
    _dashboard_login(browser, "amna")
    assert browser.get("/moderate/audit").status_code == 200

    result = _invoke(cli_env, "set-role", "amna", "moderator")
    assert result.exit_code == 0, result.output
    assert _stored(session_factory, "amna").role == "moderator"
    assert not _in_dashboard(browser)
    assert _dashboard_login(browser, "amna").status_code == 303
    assert browser.get("/moderate/audit").status_code == 403

    assert _invoke(cli_env, "set-role", "amna", "admin").exit_code == 0
    assert not _in_dashboard(browser)
    _dashboard_login(browser, "amna")
    assert browser.get("/moderate/audit").status_code == 200
    bad_role = _invoke(cli_env, "set-role", "amna", "owner")
    assert bad_role.exit_code == 2 and "Traceback" not in bad_role.output
    assert _audit(session_factory) == [
        ("moderator.role_changed", None, "amna (admin -> moderator)"),
        ("moderator.role_changed", None, "amna (moderator -> admin)"),
    ]


def test_cli_moderators_last_enabled_admin_cannot_be_disabled_or_demoted(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    _account(session_factory, "boss", role="admin")
    _account(session_factory, "deputy", role="admin")
    _account(session_factory, "mo")
    assert _invoke(cli_env, "disable", "deputy").exit_code == 0
    # A disabled admin runs nothing: boss is the last one who can.
    for args in (("disable", "boss"), ("set-role", "boss", "moderator")):
        result = _invoke(cli_env, *args)
        assert result.exit_code == 1, result.output
        assert "'boss': it is the last enabled admin" in result.stderr
        assert "Traceback" not in result.output
    boss = _stored(session_factory, "boss")
    assert (boss.role, boss.disabled_at) == ("admin", None)
    assert _invoke(cli_env, "disable", "mo").exit_code == 0  # a moderator is no admin
    assert _invoke(cli_env, "enable", "deputy").exit_code == 0
    assert _invoke(cli_env, "set-role", "boss", "moderator").exit_code == 0
    assert _invoke(cli_env, "disable", "deputy").exit_code == 1
    assert [action for action, _, _ in _audit(session_factory)] == [
        "moderator.disabled",
        "moderator.disabled",
        "moderator.enabled",
        "moderator.role_changed",
    ]


HOSTILE_USERNAMES = {
    "unknown": "ghost",
    "sql": "mo' OR '1'='1",
    "sql_drop": "x'); DROP TABLE moderators;--",
    "html": "<script>alert('mo')</script>",
    "unicode": "\u0645\u0648\u062f\u0631\u06cc\u062a\u0631 \U0001f600 e\u0301",
    "long": "m" * 10_000,
    "nul": "mo\x00",
    "surrogate": "mo\ud800",
    "escape": "\x1b[31mmo",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_USERNAMES))
@pytest.mark.parametrize("command", ["disable", "enable", "set-password", "set-role"])
def test_cli_moderators_unknown_or_hostile_username_is_a_clear_error(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], name: str, command: str
) -> None:
    _account(session_factory, "mo")
    argv = [command, HOSTILE_USERNAMES[name]] + (["admin"] if command == "set-role" else [])
    stdin = f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = _invoke(cli_env, *argv, stdin=stdin)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: no moderator named ")
    assert len(result.stderr) < 200 and "\x00" not in result.stderr and "\x1b" not in result.stderr
    assert "Traceback" not in result.output and "Password" not in result.output
    mo = _stored(session_factory, "mo")
    assert (mo.role, mo.disabled_at) == ("moderator", None)
    assert verify_password(mo.password_hash, PASSWORD)
    assert _audit(session_factory) == []


def test_cli_moderators_ending_sessions_from_a_stale_account_never_reissues_a_generation(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    # A logout works on the account loaded when its request began; a password change may have
    # ended the sessions since. Counting up from the stale copy would give back the generation
    # the change issued, and the cookies of logins made since would survive the logout.
    _account(session_factory, "mo")
    with session_factory() as logout:
        stale = moderators.get_by_username(logout, "mo")
        assert stale is not None and stale.session_generation == 0
        logout.commit()
        changed = _invoke(
            cli_env, "set-password", "mo", "--password-stdin", stdin=NEW_PASSWORD + "\n"
        )
        assert changed.exit_code == 0, changed.output
        assert _stored(session_factory, "mo").session_generation == 1
        with logout.begin():
            moderators.end_sessions(logout, stale)
        assert stale.session_generation == 2
    assert _stored(session_factory, "mo").session_generation == 2
