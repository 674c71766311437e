"""Hostile input to the commands: broken ids, the output onto the input, bad settings and names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import redis
import uvicorn
from click.testing import CliRunner, Result
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

import civility
from civility.batch import LineError, output_text, parse_line
from civility.cli import main
from civility.config import Settings, environment_name
from civility.passwords import verify_password
from civility.pipeline.policy import PolicyError, default_policy, load_policy_file
from civility.store import moderators
from civility.store.models import ApiKey

PASSWORD = "correct horse battery staple"
# The rule scorers only: these tests are about the command, not the models, and load none.
RULES_ONLY = {"CIVILITY_SCORERS": '["length", "links"]'}


# A readable file in the package, whatever the working directory.
DEMO_SEED = Path(civility.__file__).parent / "data" / "demo" / "express-tribune-2011-10-25.txt"


def _invoke(env: dict[str, str], *args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def _outputs(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _key_count(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(ApiKey)) or 0)


# --- 1. An id that UTF-8 cannot hold makes its line an error line, and the run goes on.

SURROGATE_LINES = (
    b'{"id": "\\ud800", "text": "fine comment"}\n{"id": "\\udfff"}\n{"id": "ok", "text": "good"}\n'
)


def _check_surrogate_answers(result: Result, text: str) -> None:
    assert result.exit_code == 1, result.output
    first, second, third = _outputs(text)
    assert first == {"id": None, "line": 1, "error": first["error"]}
    assert "surrogate" in first["error"]
    assert second["id"] is None and second["line"] == 2 and "error" in second
    assert third["id"] == "ok" and third["decision"] == "publish"
    assert "3 lines: 1 publish, 0 hold, 0 reject, 2 error" in result.stderr


def test_cli_hardening_surrogate_id_is_an_error_line() -> None:
    result = _invoke(RULES_ONLY, "moderate", "-", stdin=SURROGATE_LINES)
    _check_surrogate_answers(result, result.stdout)


def test_cli_hardening_surrogate_id_is_an_error_line_with_workers(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(SURROGATE_LINES)
    args = ["moderate", str(source), "-o", str(target), "--workers", "2"]
    result = _invoke(RULES_ONLY, *args)
    _check_surrogate_answers(result, target.read_text(encoding="utf-8"))


def test_cli_hardening_parse_line_drops_an_unencodable_id() -> None:
    error = parse_line(b'{"id": "a\\udc80b", "text": 5}', 4)
    assert isinstance(error, LineError) and error.id is None and error.line == 4


def test_cli_hardening_output_text_is_always_utf8() -> None:
    text = output_text({"id": "\ud800", "error": "x"})
    text.encode("utf-8")
    assert json.loads(text)["id"] == "\ud800"
    assert output_text({"id": "é"}) == '{"id": "é"}'


# --- 2. The output onto the input file is refused before the input is touched.


@pytest.mark.parametrize("through", ["same path", "symlink"])
def test_cli_hardening_output_onto_input_is_refused(tmp_path: Path, through: str) -> None:
    source = tmp_path / "same.jsonl"
    source.write_bytes(b'{"id": "a", "text": "A fair point."}\n')
    target = source
    if through == "symlink":
        target = tmp_path / "link.jsonl"
        target.symlink_to(source)
    result = _invoke(RULES_ONLY, "moderate", str(source), "-o", str(target))
    assert result.exit_code == 2, result.output
    assert "is the input file" in result.stderr
    assert source.read_bytes() == b'{"id": "a", "text": "A fair point."}\n'


def test_cli_hardening_stdin_from_the_output_file_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "same.jsonl"
    source.write_bytes(b'{"id": "a", "text": "A fair point."}\n')
    script = "from civility.cli import main; main()"
    with source.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-c", script, "moderate", "-", "-o", str(source)],
            stdin=stdin,
            capture_output=True,
            env={**_clean_env(), **RULES_ONLY},
            timeout=120,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert b"is the input file" in done.stderr
    assert source.read_bytes() == b'{"id": "a", "text": "A fair point."}\n'


def _clean_env() -> dict[str, str]:
    """This process's environment without CIVILITY_* settings a developer may have set."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("CIVILITY_")}


# --- 3. A bad engine configuration reads the same with one worker and with several.


@pytest.mark.parametrize(
    "env",
    [
        {"CIVILITY_MODEL_DIR": "/nonexistent/models"},
        {"CIVILITY_SCORER_CONFIG": '{"off_topic": {"bogus": 1}}'},
    ],
    ids=["model_dir", "scorer_config"],
)
def test_cli_hardening_bad_engine_settings_are_clear_with_workers(
    tmp_path: Path, env: dict[str, str]
) -> None:
    source = tmp_path / "one.jsonl"
    source.write_bytes(b'{"id": 1, "text": "hello there friends"}\n')
    results = [
        _invoke(env, "moderate", str(source), "--workers", workers, "--no-article-cache")
        for workers in ("1", "2")
    ]
    for result in results:
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit)
        assert "Error: cannot build the moderation engine" in result.stderr
    assert results[0].stderr == results[1].stderr


# --- 4. Settings: unknown names, values that are not JSON, a database that cannot be opened.


def test_cli_hardening_unknown_setting_names_are_refused(tmp_path: Path) -> None:
    env = {"CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}", "CIVILITY_SECRETKEY": "x"}
    result = _invoke({**env, "civility_foo": "1"}, "keys", "list")
    assert result.exit_code == 1, result.output
    assert "unknown settings" in result.stderr
    assert "CIVILITY_SECRETKEY (did you mean CIVILITY_SECRET_KEY?)" in result.stderr
    assert "civility_foo" in result.stderr
    assert not (tmp_path / "c.db").exists()


def test_cli_hardening_the_test_suites_own_variable_is_allowed(tmp_path: Path) -> None:
    env = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "CIVILITY_TEST_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    }
    result = _invoke(env, "keys", "list")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "value"),
    [("CIVILITY_SCORERS", "not json"), ("CIVILITY_CORAL_SIGNING_SECRETS", "empsec_x")],
)
def test_cli_hardening_setting_that_is_not_json_is_a_clear_error(name: str, value: str) -> None:
    result = _invoke({name: value}, "keys", "list")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"{name}: not valid JSON" in result.stderr


def test_cli_hardening_unreadable_database_url_is_a_clear_error() -> None:
    result = _invoke({"CIVILITY_DATABASE_URL": "notaurl:sekrit"}, "keys", "list")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "CIVILITY_DATABASE_URL is not a database URL" in result.stderr
    assert "sekrit" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["export", "-o", "-"],
        ["learn-policy"],
        ["db", "upgrade"],
        ["import-text", str(DEMO_SEED)],
        ["import", "disqus", str(DEMO_SEED)],
    ],
)
def test_cli_hardening_every_database_command_names_an_unreadable_url(command: list[str]) -> None:
    result = _invoke({"CIVILITY_DATABASE_URL": "notaurl:sekrit"}, *command)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "CIVILITY_DATABASE_URL is not a database URL" in result.stderr
    assert "sekrit" not in result.output


def test_cli_hardening_unreachable_database_hides_the_password() -> None:
    url = "postgresql+psycopg://someone:sekrit@127.0.0.1:1/nothing"
    result = _invoke({"CIVILITY_DATABASE_URL": url}, "keys", "create", "x")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "cannot open the database of CIVILITY_DATABASE_URL" in result.stderr
    assert "someone:***@127.0.0.1:1" in result.stderr and "sekrit" not in result.output


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # libpq reads ?password= as well as the userinfo's: the message shows neither.
        (
            "postgresql+psycopg://someone@127.0.0.1:1/nothing?password=sekrit",
            "postgresql+psycopg://someone@127.0.0.1:1/nothing?password=***",
        ),
        (
            "postgresql+psycopg://someone:sekrit@127.0.0.1:1/db?sslmode=disable&Password=sekrit",
            "postgresql+psycopg://someone:***@127.0.0.1:1/db?Password=***&sslmode=disable",
        ),
        # SQLAlchemy reads the password up to the "@", "/" and all.
        (
            "postgresql+psycopg://someone:sek/rit@127.0.0.1:1/nothing",
            "postgresql+psycopg://someone:***@127.0.0.1:1/nothing",
        ),
    ],
)
def test_cli_hardening_unreachable_database_hides_every_password(url: str, shown: str) -> None:
    result = _invoke({"CIVILITY_DATABASE_URL": url}, "keys", "create", "x")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"cannot open the database of CIVILITY_DATABASE_URL ({shown}): " in result.stderr
    assert "sekrit" not in result.output and "rit@" not in result.output


def test_cli_hardening_serve_names_a_refused_redis_url_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("the server started"))
    env = {
        **RULES_ONLY,
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "CIVILITY_SECRET_KEY": "a-secret-key-long-enough-for-serving-0123",
        # Redis has 16 databases unless configured otherwise: 99 is refused, and the URL shown.
        "CIVILITY_REDIS_URL": "redis://127.0.0.1:6379/99?password=sekrit",
    }
    result = _invoke(env, "serve")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "CIVILITY_REDIS_URL (redis://127.0.0.1:6379/99?password=***): Redis refused" in (
        result.stderr
    )
    assert "sekrit" not in result.output


RATE_SETTINGS = sorted(field for field in Settings.model_fields if field.endswith("_rate_limit"))
BAD_RATES = [("10 per hour", "must look like COUNT/PERIOD"), ("0/hour", "at least 1")]


@pytest.mark.parametrize("field", RATE_SETTINGS)
@pytest.mark.parametrize(("value", "problem"), BAD_RATES)
def test_cli_hardening_rate_settings_are_checked_at_load(
    monkeypatch: pytest.MonkeyPatch, field: str, value: str, problem: str
) -> None:
    name = environment_name(field)
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=f"{name}: .*{problem}"):
        Settings()


@pytest.mark.parametrize(("value", "problem"), BAD_RATES)
def test_cli_hardening_serve_exits_naming_a_bad_rate_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("the server started"))
    env = {
        **RULES_ONLY,
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "CIVILITY_SECRET_KEY": "a-secret-key-long-enough-for-serving-0123",
        "CIVILITY_ACCOUNT_LOGIN_RATE_LIMIT": value,
    }
    result = _invoke(env, "serve")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "CIVILITY_ACCOUNT_LOGIN_RATE_LIMIT: " in result.stderr and problem in result.stderr
    assert not (tmp_path / "c.db").exists()


def test_cli_hardening_file_that_is_no_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are notes, not a database\n" * 100)
    env = {"CIVILITY_DATABASE_URL": f"sqlite:///{path}"}
    stdin = PASSWORD + "\n"
    result = _invoke(env, "create-moderator", "amna", "--password-stdin", stdin=stdin)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "file is not a database" in result.stderr


# --- 5. A password on stdin is UTF-8, or refused.


def test_cli_hardening_password_that_is_not_utf8_is_refused(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    stdin = b"correct horse \xff battery\n"
    result = _invoke(cli_env, "create-moderator", "amna", "--password-stdin", stdin=stdin)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "not valid UTF-8" in result.stderr
    with session_factory() as session:
        assert moderators.get_by_username(session, "amna") is None


def test_cli_hardening_password_loses_its_bom_and_line_end(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    stdin = b"\xef\xbb\xbf" + "caf\u00e9 ".encode() + PASSWORD.encode() + b"\r\n"
    result = _invoke(cli_env, "create-moderator", "amna", "--password-stdin", stdin=stdin)
    assert result.exit_code == 0, result.output
    with session_factory() as session:
        account = moderators.get_by_username(session, "amna")
        assert account is not None
        assert verify_password(account.password_hash, f"caf\u00e9 {PASSWORD}")


# --- 6. Key names that would break `keys list` or the column are refused.


@pytest.mark.parametrize(
    "name",
    ["", "a\tb", "fake\nrow", "bell\x07", "\u202egnp.exe", "line\u2028sep", "x" * 101, " pad"],
    ids=["empty", "tab", "newline", "control", "bidi", "separator", "too_long", "space"],
)
def test_cli_hardening_bad_key_names_are_refused(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], name: str
) -> None:
    result = _invoke(cli_env, "keys", "create", name)
    assert result.exit_code == 2, result.output
    assert "Invalid value for NAME" in result.stderr
    assert _key_count(session_factory) == 0


def test_cli_hardening_longest_key_name_is_accepted(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    name = "k\u00e9y " + "x" * 96
    result = _invoke(cli_env, "keys", "create", name)
    assert result.exit_code == 0, result.output
    assert f"{name}\tpublisher" in _invoke(cli_env, "keys", "list").stdout
    assert _key_count(session_factory) == 1


# --- 7. A policy file's premoderate is a JSON boolean.


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, []])
def test_cli_hardening_policy_premoderate_must_be_a_boolean(tmp_path: Path, value: object) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"premoderate": value}), encoding="utf-8")
    with pytest.raises(PolicyError, match="premoderate must be true or false"):
        load_policy_file(path, default_policy())


@pytest.mark.parametrize("value", [True, False])
def test_cli_hardening_policy_premoderate_boolean_is_kept(tmp_path: Path, value: bool) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"premoderate": value}), encoding="utf-8")
    assert load_policy_file(path, default_policy()).premoderate is value


def test_cli_hardening_policy_threshold_as_text_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    rule = {"score": "length", "category": "format", "label": "x", "hold_at": "0.5"}
    path.write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    with pytest.raises(PolicyError, match="thresholds are numbers"):
        load_policy_file(path, default_policy())


def test_cli_hardening_moderate_refuses_a_string_premoderate(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text('{"premoderate": "false"}', encoding="utf-8")
    env = {**RULES_ONLY, "CIVILITY_POLICY_FILE": str(path)}
    result = _invoke(env, "moderate", "-", stdin=b'{"id": 1, "text": "hello"}\n')
    assert result.exit_code == 1, result.output
    assert "cannot build the moderation engine" in result.stderr and "premoderate" in result.stderr


# --- 8. One byte order mark at the start of the input is not part of line 1.


def test_cli_hardening_moderate_skips_a_leading_bom(tmp_path: Path) -> None:
    source = tmp_path / "bom.jsonl"
    line = b'{"id": "b", "text": "A fair point."}\n'
    source.write_bytes(b"\xef\xbb\xbf" + line + b"\xef\xbb\xbf" + line)
    result = _invoke(RULES_ONLY, "moderate", str(source))
    assert result.exit_code == 1, result.output  # a second BOM, mid-file, is not skipped
    first, second = _outputs(result.stdout)
    assert first["id"] == "b" and first["decision"] == "publish"
    assert second["line"] == 2 and "JSON" in second["error"]
