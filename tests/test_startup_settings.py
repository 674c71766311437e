"""Settings a site cannot start with: every command that builds the engine refuses them in one
clean line, and `civility demo` refuses a real site's environment rather than fill its database."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from civility.cli import main
from civility.config import Settings, StartupError
from civility.store import articles
from civility.web.app import create_app

SECRET = "a-secret-key-long-enough-for-serving-0123"
SPAM = "you are an idiot, buy viagra at http://spam.example http://x.example http://y.example"
# Each setting, and what the one line that refuses it says.
BAD_SCORER_SETTINGS = [
    (
        {"CIVILITY_SCORERS": '["lenght"]'},
        "CIVILITY_SCORERS names unknown scorers: 'lenght' (did you mean 'length'?); "
        "known scorers: abuse, blocklist, length, links, off_topic, repetition, shouting",
    ),
    (
        {"CIVILITY_SCORERS": '["links"]', "CIVILITY_SCORER_CONFIG": '{"links":{"max_link":3}}'},
        "CIVILITY_SCORER_CONFIG: the scorer 'links' has no option 'max_link' "
        "(did you mean 'max_links'?); its options: max_links",
    ),
    (
        {"CIVILITY_SCORERS": '["links"]', "CIVILITY_SCORER_CONFIG": '{"linkz":{"max_links":3}}'},
        "CIVILITY_SCORER_CONFIG: 'linkz' names no scorer (did you mean 'links'?), so its "
        "options would be ignored",
    ),
    (
        {"CIVILITY_SCORERS": "[]"},
        "CIVILITY_SCORERS is empty: no comment would be scored, so every one would be "
        "published unread",
    ),
]
BAD_IDS = ["unknown_scorer", "unknown_option", "config_for_no_scorer", "no_scorers"]


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """uvicorn.run replaced: a command that gets that far records the app instead of serving."""
    import uvicorn

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: started.append(app))
    return started


def _invoke(env: dict[str, str | None], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _assert_one_clean_line(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and message in line


# --- 1. Scorer settings: one clean line from serve, demo and moderate; never a silent no-op.


@pytest.mark.parametrize(("env", "message"), BAD_SCORER_SETTINGS, ids=BAD_IDS)
def test_startup_settings_serve_refuses_bad_scorer_settings(
    tmp_path: Path, no_server: list[Any], env: dict[str, str], message: str
) -> None:
    site = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}",
        "CIVILITY_SECRET_KEY": SECRET,
    }
    _assert_one_clean_line(_invoke({**site, **env}, "serve"), message)
    assert no_server == []


@pytest.mark.parametrize(("env", "message"), BAD_SCORER_SETTINGS, ids=BAD_IDS)
def test_startup_settings_demo_and_moderate_refuse_bad_scorer_settings(
    tmp_path: Path,
    no_server: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    unset: dict[str, str | None] = {"CIVILITY_DATABASE_URL": None, "CIVILITY_MODE": None}
    _assert_one_clean_line(_invoke({**unset, **env}, "demo"), message)
    assert no_server == []
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "' + SPAM + '"}\n')
    result = _invoke(dict(env), "moderate", str(source), "--no-article-cache")
    _assert_one_clean_line(result, "cannot build the moderation engine: " + message)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CIVILITY_POLICY_FILE": "{policy}"}, "policy.json: Extra data"),
        (
            {"CIVILITY_SCORERS": '["abuse"]', "CIVILITY_MODEL_DIR": "/nonexistent/models"},
            "cannot read the abuse model in /nonexistent/models/abuse",
        ),
    ],
    ids=["policy_file", "model_dir"],
)
def test_startup_settings_serve_names_an_engine_file_it_cannot_use(
    tmp_path: Path, no_server: list[Any], env: dict[str, str], message: str
) -> None:
    (tmp_path / "policy.json").write_text("{}x")
    site = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}",
        "CIVILITY_SECRET_KEY": SECRET,
        "CIVILITY_SCORERS": '["length"]',
    }
    env = {k: v.format(policy=tmp_path / "policy.json") for k, v in env.items()}
    result = _invoke({**site, **env}, "serve")
    _assert_one_clean_line(result, "cannot build the moderation engine: ")
    assert message in result.stderr
    assert no_server == []


def test_startup_settings_no_scorers_serve_only_a_premoderated_site(
    tmp_path: Path, sqlite_template: Path
) -> None:
    # Before: the site started and published this comment, moderation silently off.
    shutil.copy(sqlite_template, tmp_path / "site.db")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'site.db'}", secret_key=SECRET, scorers=[]
    )
    with pytest.raises(StartupError, match="CIVILITY_SCORERS is empty"):
        create_app(settings)
    policy = tmp_path / "policy.json"
    policy.write_text('{"premoderate": true}')
    app = create_app(settings.model_copy(update={"policy_file": policy}))
    with app.state.civility.sessions.begin() as session:
        article, _ = articles.get_or_add(
            session, url="https://news.example/a", title="T", body="Body.", now=datetime.now(UTC)
        )
        slug = article.slug
    with TestClient(app) as client:
        answer = client.post(
            f"/api/v1/articles/{slug}/comments", json={"text": SPAM, "author_name": "A"}
        )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "held"


# --- 2. `civility demo` never writes into a real site's database.


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CIVILITY_MODE": "production"},
            "CIVILITY_MODE=production is set: civility demo runs a throwaway site",
        ),
        (
            {"CIVILITY_MODE": None},
            "CIVILITY_DATABASE_URL is set: civility demo imports its seed article and comments "
            "into its database, so it does not take a site's database from the environment",
        ),
        ({"CIVILITY_MODE": "demo"}, "CIVILITY_DATABASE_URL is set"),
    ],
    ids=["production_mode", "database_url", "database_url_in_demo_mode"],
)
def test_startup_settings_demo_refuses_a_sites_environment(
    tmp_path: Path,
    no_server: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str | None],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    production = tmp_path / "prod.db"
    site: dict[str, str | None] = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{production}",
        "CIVILITY_SCORERS": '["length", "links"]',
    }
    _assert_one_clean_line(_invoke({**site, **env}, "demo"), message)
    assert no_server == []
    assert not production.exists() and not (tmp_path / "civility.db").exists()


def test_startup_settings_demo_uses_the_database_it_is_given(
    tmp_path: Path, no_server: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env: dict[str, str | None] = {
        "CIVILITY_DATABASE_URL": None,
        "CIVILITY_MODE": None,
        "CIVILITY_SCORERS": '["length", "links"]',
    }
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = _invoke(env, "demo", "--database-url", url)
    assert result.exit_code == 0, result.output
    assert "12 comments imported (12 published)" in result.stderr
    assert "with CIVILITY_DATABASE_URL set to the --database-url given" in result.stderr
    assert "in this folder" not in result.stderr
    assert len(no_server) == 1
    assert (tmp_path / "demo.db").exists() and not (tmp_path / "civility.db").exists()
    # Without --database-url: the README's first command, on sqlite:///civility.db here.
    again = _invoke(env, "demo")
    assert again.exit_code == 0, again.output
    assert "after creating an account in this folder" in again.stderr
    assert (tmp_path / "civility.db").exists()
