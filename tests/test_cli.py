"""The `civility` commands that use the database: import-text, create-moderator, keys, db."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from conftest import civility_process
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.cli.demo import PACKAGED_SEED, find_seed
from civility.passwords import verify_password
from civility.store import api_keys, moderators
from civility.store.models import ApiKey, Article, AuditEntry, Comment

PASSWORD = "correct horse battery staple"


def _invoke(env: dict[str, str], *args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def _count(session_factory: sessionmaker[Session], model: type[object]) -> int:
    with session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_cli_import_text_imports_once(
    cli_env: dict[str, str], seed_file: Path, session_factory: sessionmaker[Session]
) -> None:
    first = _invoke(cli_env, "import-text", str(seed_file))
    assert first.exit_code == 0, first.output
    assert "12 comments imported (12 published), 0 already there" in first.stdout
    again = _invoke(cli_env, "import-text", str(seed_file))
    assert again.exit_code == 0, again.output
    assert "(found): 0 comments imported, 12 already there" in again.stdout
    assert _count(session_factory, Article) == 1
    assert _count(session_factory, Comment) == 12


def test_cli_import_text_title_and_url(
    cli_env: dict[str, str], seed_file: Path, session_factory: sessionmaker[Session]
) -> None:
    url = "https://tribune.com.pk/story/282178"
    result = _invoke(
        cli_env, "import-text", str(seed_file), "--title", "Haqqani network", "--url", url
    )
    assert result.exit_code == 0, result.output
    with session_factory() as session:
        article = session.scalars(select(Article)).one()
        assert (article.title, article.slug, article.url) == (
            "Haqqani network",
            "haqqani-network",
            url,
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Story.\nPublished in The Daily Example, March 3rd, 2020.\nCOMMENTS (1)\nOk\n\xff\n",
            "line 5",
        ),
        (b"Story paragraph one.\nStory paragraph two.\n", "truncated"),
    ],
)
def test_cli_import_text_bad_file_stores_nothing(
    cli_env: dict[str, str],
    tmp_path: Path,
    session_factory: sessionmaker[Session],
    data: bytes,
    message: str,
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    result = _invoke(cli_env, "import-text", str(path))
    assert result.exit_code == 1
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.output
    assert _count(session_factory, Article) == 0


def test_cli_create_moderator_prompts_twice_and_hashes(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    result = _invoke(
        cli_env, "create-moderator", "amna", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    with session_factory() as session:
        account = moderators.get_by_username(session, "amna")
        assert account is not None and account.role == "admin"
        assert account.password_hash.startswith("$argon2id$")
        assert PASSWORD not in account.password_hash
        assert verify_password(account.password_hash, PASSWORD)
        assert not verify_password(account.password_hash, PASSWORD + "!")
    assert _count(session_factory, AuditEntry) == 1


def test_cli_create_moderator_refuses_bad_input(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    ok = _invoke(cli_env, "create-moderator", "amna", "--password-stdin", stdin=PASSWORD + "\n")
    assert ok.exit_code == 0, ok.output
    duplicate = _invoke(cli_env, "create-moderator", "amna", "--password-stdin", stdin=PASSWORD)
    assert duplicate.exit_code == 1 and "already exists" in duplicate.stderr
    short = _invoke(cli_env, "create-moderator", "bilal", "--password-stdin", stdin="short\n")
    assert short.exit_code == 1 and "at least" in short.stderr
    hostile = _invoke(cli_env, "create-moderator", "<script>", "--password-stdin", stdin=PASSWORD)
    assert hostile.exit_code == 2 and "USERNAME" in hostile.stderr
    mismatch = _invoke(
        cli_env, "create-moderator", "chen", stdin=f"{PASSWORD}\nother password\n" * 2
    )
    assert mismatch.exit_code != 0
    with session_factory() as session:
        assert moderators.get_by_username(session, "bilal") is None
        assert moderators.get_by_username(session, "chen") is None


def test_cli_keys_create_list_revoke(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    created = _invoke(cli_env, "keys", "create", "dawn-cms", "--scope", "publisher")
    assert created.exit_code == 0, created.output
    raw_key = created.stdout.strip()
    assert raw_key.startswith("civ_") and len(raw_key) > 30
    with session_factory() as session:
        key = api_keys.find_active(session, raw_key=raw_key, scope="publisher")
        assert key is not None and key.key_hash != raw_key
    listed = _invoke(cli_env, "keys", "list")
    assert "dawn-cms\tpublisher" in listed.stdout and "active" in listed.stdout
    assert raw_key not in listed.stdout
    revoked = _invoke(cli_env, "keys", "revoke", "dawn-cms")
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in _invoke(cli_env, "keys", "list").stdout
    with session_factory() as session:
        assert api_keys.find_active(session, raw_key=raw_key, scope="publisher") is None


def test_cli_keys_refuse_duplicates_and_unknown_names(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    assert _invoke(cli_env, "keys", "create", "coral").exit_code == 0
    duplicate = _invoke(cli_env, "keys", "create", "coral")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.stderr
    unknown = _invoke(cli_env, "keys", "revoke", "nobody")
    assert unknown.exit_code == 1 and "no key named 'nobody'" in unknown.stderr
    bad_scope = _invoke(cli_env, "keys", "create", "x", "--scope", "root")
    assert bad_scope.exit_code == 2
    assert _count(session_factory, ApiKey) == 1


def test_cli_db_upgrade_is_repeatable(cli_env: dict[str, str]) -> None:
    for _ in range(2):
        result = _invoke(cli_env, "db", "upgrade")
        assert result.exit_code == 0, result.output
        assert "latest schema version" in result.stdout


def test_cli_db_upgrade_creates_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = _invoke({"CIVILITY_DATABASE_URL": url}, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fresh.db").exists()


def test_cli_bad_setting_is_a_clear_error(tmp_path: Path) -> None:
    result = _invoke({"CIVILITY_SCORER_TIMEOUT_MS": "-5"}, "keys", "list")
    assert result.exit_code == 1
    assert "invalid settings" in result.stderr and "scorer_timeout_ms" in result.stderr


def test_cli_serve_refuses_a_missing_secret(tmp_path: Path) -> None:
    env = {"CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "CIVILITY_SECRET_KEY": ""}
    result = _invoke(env, "serve")
    assert result.exit_code == 1 and "CIVILITY_SECRET_KEY" in result.stderr


def test_cli_demo_seed_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = _invoke({}, "demo", "--seed", str(missing))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert find_seed(missing) == missing


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["import-text"],
        ["moderate"],
        ["serve"],
        ["demo"],
        ["create-moderator"],
        ["keys"],
        ["keys", "create"],
        ["keys", "list"],
        ["keys", "revoke"],
        ["db"],
        ["db", "upgrade"],
    ],
)
def test_cli_help_of_every_command(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert len(result.output.splitlines()) > 4


def test_cli_demo_finds_the_shared_seed_from_any_directory(
    seed_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_seed(None).read_bytes() == seed_file.read_bytes()


@contextmanager
def _serve(
    args: list[str], cwd: Path, env: dict[str, str], log: list[str] | None = None
) -> Iterator[str]:
    """A serving command as a real process, in the test's environment plus `env`."""
    with civility_process(args, cwd=cwd, env={**os.environ, **env}, log=log) as base:
        yield base


@pytest.mark.slow
def test_cli_demo_serves_the_seed_article(tmp_path: Path, seed_file: Path) -> None:
    # The demo's database is named by its own option: CIVILITY_DATABASE_URL is refused.
    args = ["demo", "--seed", str(seed_file), "--database-url", f"sqlite:///{tmp_path / 'demo.db'}"]
    log: list[str] = []
    with _serve(args, tmp_path, {}, log) as base:
        home = httpx.get(base + "/", timeout=10)
        assert home.status_code == 200
        slug = re.search(r'href="(/articles/[^"]+)"', home.text)
        assert slug is not None
        page = httpx.get(base + slug.group(1), timeout=10)
        assert "COMMENTS (12)" in page.text
        assert page.text.count("Reader ") >= 12
    assert (tmp_path / "demo.db").exists() and not (tmp_path / "civility.db").exists()
    # The way to the dashboard is said, since the demo creates no moderator.
    assert f"moderate at {base}/moderate after creating an account" in log[0]
    assert "civility create-moderator NAME --role admin" in log[0]


def test_cli_serve_migrates_and_serves(tmp_path: Path) -> None:
    env = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "CIVILITY_SECRET_KEY": "a-secret-key-long-enough-for-serving-0123",
        "CIVILITY_MODE": "production",
    }
    with _serve(["serve"], tmp_path, env) as base:
        assert httpx.get(base + "/", timeout=10).status_code == 200
    assert (tmp_path / "site.db").exists()


def test_cli_serve_access_log_hides_api_keys_and_passwords(tmp_path: Path) -> None:
    env = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "CIVILITY_SECRET_KEY": "a-secret-key-long-enough-for-serving-0123",
        "CIVILITY_MODE": "production",
    }
    log: list[str] = []
    with _serve(["serve"], tmp_path, env, log) as base:
        analyze = base + "/v1alpha1/comments:analyze?key=civ_SEKRITKEY&alt=json"
        assert httpx.post(analyze, json={}, timeout=10).status_code == 400
        assert httpx.get(base + "/?Password=hunter2&page=1", timeout=10).status_code == 200
        # The widget's token that shows a poster their held comments.
        held = base + "/api/v1/articles/none/comments?pending=5.SEKRITTOKEN"
        assert httpx.get(held, timeout=10).status_code == 404
    access = log[0]
    assert 'comments%3Aanalyze?key=***&alt=json HTTP/1.1" 400' in access
    assert 'GET /?Password=***&page=1 HTTP/1.1" 200' in access
    assert 'GET /api/v1/articles/none/comments?pending=*** HTTP/1.1" 404' in access
    assert "SEKRITKEY" not in access and "hunter2" not in access and "SEKRITTOKEN" not in access


def test_cli_demo_falls_back_to_the_packaged_seed(tmp_path: Path, seed_file: Path) -> None:
    found = find_seed(None, [tmp_path / "clone"])
    assert found == PACKAGED_SEED
    assert found.read_bytes() == seed_file.read_bytes()


def test_cli_demo_finds_a_seed_above_a_nested_clone(tmp_path: Path, seed_file: Path) -> None:
    shared_seed = tmp_path / "shared" / "seed" / seed_file.name
    shared_seed.parent.mkdir(parents=True)
    shared_seed.write_bytes(seed_file.read_bytes())
    assert find_seed(None, [tmp_path / "work" / "clone"]) == shared_seed
