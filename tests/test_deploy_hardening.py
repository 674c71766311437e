"""Deployment: servers migrating at once, Redis lost or misconfigured, bad database URLs, the queue
index."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from civility.cli import main
from civility.config import Settings, StartupError
from civility.store import moderation
from civility.store.db import MIGRATIONS_DIR, make_engine
from civility.web.app import create_app
from civility.web.ratelimit import Rate, RateLimiter, RedisCounter, make_counter

PG_URL = os.environ.get(
    "CIVILITY_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
RULES_ONLY = {"CIVILITY_SCORERS": '["length", "links"]'}
UNREACHABLE_REDIS = "redis://someone:sekrit@127.0.0.1:1/0"


def _alembic(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@pytest.fixture
def scratch_postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database of its own, dropped afterwards."""
    name = f"civility_deploy_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    try:
        yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- 1. App servers started together on an empty database all come up.

# Each process imports everything, says it is ready, then migrates when told: all at once.
RACER = """
import sys
from civility.store.db import upgrade
print("ready", flush=True)
sys.stdin.readline()
upgrade(sys.argv[1])
print("migrated", flush=True)
"""


def test_deploy_hardening_servers_migrating_at_once_all_succeed(scratch_postgres_url: str) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, scratch_postgres_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for racer in racers:
        assert racer.stdout is not None and racer.stdout.readline() == "ready\n"
    for racer in racers:
        assert racer.stdin is not None
        racer.stdin.write("go\n")
        racer.stdin.flush()
    outcomes = [racer.communicate(timeout=120) for racer in racers]
    for racer, (out, err) in zip(racers, outcomes, strict=True):
        assert racer.returncode == 0, err
        assert out == "migrated\n"
    engine = make_engine(scratch_postgres_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).all() == [("0008",)]
    engine.dispose()


# --- 2. Rate limits hold when Redis is lost, and a bad CIVILITY_REDIS_URL stops the start.


class FlakyScript:
    """Stands in for the Redis Lua script: admits everything, or fails like a lost Redis."""

    def __init__(self) -> None:
        self.down = False
        self.calls = 0

    def __call__(self, *, keys: list[str], args: list[Any]) -> int:
        self.calls += 1
        if self.down:
            raise redis.ConnectionError("Connection refused")
        return 1


class FlakyClient:
    """Just enough of redis.Redis for RedisCounter."""

    def __init__(self) -> None:
        self.script = FlakyScript()

    def register_script(self, _source: str) -> FlakyScript:
        return self.script


def test_deploy_hardening_redis_lost_mid_run_still_limits_logins(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FlakyClient()
    counter = RedisCounter(client, prefix="t:", retry_s=0.0)  # type: ignore[arg-type]
    login = RateLimiter("login", Rate(5, 60), counter)
    assert login.allow("ip")
    client.script.down = True
    with caplog.at_level(logging.WARNING, logger="civility.web.ratelimit"):
        answers = [login.allow("ip") for _ in range(8)]
    # This server's own count holds the rate while Redis is away: 5 a minute, then refusals.
    assert answers == [True] * 5 + [False] * 3
    unreachable = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(unreachable) == 1, "one warning per outage, not one per request"
    client.script.down = False
    with caplog.at_level(logging.WARNING, logger="civility.web.ratelimit"):
        assert login.allow("other")
    assert any("reachable again" in r.getMessage() for r in caplog.records)


def test_deploy_hardening_redis_down_is_not_retried_on_every_request() -> None:
    client = FlakyClient()
    counter = RedisCounter(client, prefix="t:", retry_s=3600.0)  # type: ignore[arg-type]
    client.script.down = True
    limiter = RateLimiter("post", Rate(100, 60), counter)
    for _ in range(10):
        assert limiter.allow("ip")
    # A Redis that times out would cost every request a second otherwise.
    assert client.script.calls == 1


def test_deploy_hardening_unreachable_redis_at_start_counts_in_process(
    make_web_client: Any, lexicon_engine: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="civility.web.ratelimit"):
        client = make_web_client(
            lexicon_engine, redis_url=UNREACHABLE_REDIS, login_rate_limit="5/minute"
        )
    assert any("CIVILITY_REDIS_URL" in r.getMessage() for r in caplog.records)
    assert "sekrit" not in caplog.text
    body = {"username": "nobody", "password": "wrong password"}
    codes = [client.post("/api/v1/login", json=body).status_code for _ in range(8)]
    assert codes == [401] * 5 + [429] * 3


@pytest.mark.parametrize("url", ["notredis://x", "127.0.0.1:6379"])
def test_deploy_hardening_malformed_redis_url_stops_the_start(url: str) -> None:
    with pytest.raises(StartupError, match="CIVILITY_REDIS_URL is not a Redis URL"):
        make_counter(url, namespace="t")


@pytest.mark.parametrize(
    "url",
    [
        "redis://default:S3cret#Pw@redis.internal:6379/0",
        "redis://default:S3cret/Pw@redis.internal:6379/0",
        "redis://:S3cret?Pw@redis.internal:6379/0",
    ],
)
def test_deploy_hardening_malformed_redis_url_error_shows_no_password(url: str) -> None:
    # redis-py's own message quotes what it misread as the port: here, the password's start.
    with pytest.raises(StartupError, match="CIVILITY_REDIS_URL is not a Redis URL") as raised:
        make_counter(url, namespace="t")
    assert "S3cret" not in str(raised.value) and "percent-encoded" in str(raised.value)


def test_deploy_hardening_redis_that_refuses_the_url_stops_the_start(settings: Settings) -> None:
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable: {exc}")
    # Redis has 16 databases unless configured otherwise: 99 is a typo, not an outage.
    bad = settings.model_copy(update={"redis_url": "redis://127.0.0.1:6379/99"})
    with pytest.raises(StartupError, match=r"CIVILITY_REDIS_URL .*DB index is out of range"):
        create_app(bad)


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """uvicorn.run replaced: a command that gets that far records the app instead of serving."""
    import uvicorn

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: started.append(app))
    return started


def _invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={**RULES_ONLY, **env})


def _assert_clear_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert "Traceback" not in result.output and "sekrit" not in result.output


@pytest.mark.parametrize("url", ["notredis://x", "127.0.0.1:6379"])
def test_deploy_hardening_serve_names_a_malformed_redis_url(
    url: str, tmp_path: Path, no_server: list[Any]
) -> None:
    env = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
        "CIVILITY_SECRET_KEY": TEST_SECRET,
        "CIVILITY_REDIS_URL": url,
    }
    _assert_clear_error(_invoke(env, "serve"), "CIVILITY_REDIS_URL is not a Redis URL")
    assert no_server == []


# --- 3. `civility serve` and `civility demo` name a database they cannot open.

UNOPENABLE = [
    ("notaurl:sekrit", "CIVILITY_DATABASE_URL is not a database URL"),
    (
        "postgresql+psycopg://someone:sekrit@127.0.0.1:1/nothing",
        "cannot open the database of CIVILITY_DATABASE_URL (postgresql+psycopg://someone:***@",
    ),
    (
        f"postgresql+psycopg://postgres:sekrit@127.0.0.1:5432/absent_{uuid.uuid4().hex[:8]}",
        "does not exist",
    ),
]


@pytest.mark.parametrize(("url", "message"), UNOPENABLE)
def test_deploy_hardening_serve_names_a_database_it_cannot_open(
    url: str, message: str, no_server: list[Any]
) -> None:
    env = {"CIVILITY_DATABASE_URL": url, "CIVILITY_SECRET_KEY": TEST_SECRET}
    _assert_clear_error(_invoke(env, "serve"), message)
    assert no_server == []


@pytest.mark.parametrize(("url", "message"), UNOPENABLE[:2])
def test_deploy_hardening_demo_names_a_database_it_cannot_open(
    url: str, message: str, no_server: list[Any]
) -> None:
    # The demo takes its database from --database-url (CIVILITY_DATABASE_URL is refused).
    option_message = message.replace("CIVILITY_DATABASE_URL", "--database-url")
    _assert_clear_error(_invoke({}, "demo", "--database-url", url), option_message)
    assert no_server == []


# --- 4. The moderation queue reads an index of held and reported comments, not the table.


def _queue_index_sql(conn: sa.Connection) -> str | None:
    if conn.dialect.name == "postgresql":
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_comments_queue'"
    else:
        query = "SELECT sql FROM sqlite_master WHERE name = 'ix_comments_queue'"
    return conn.execute(sa.text(query)).scalar()


def test_deploy_hardening_queue_index_is_migrated(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        sql = _queue_index_sql(conn)
    engine.dispose()
    assert sql is not None
    assert "risk DESC, created_at, id" in sql
    assert "'held'" in sql and "'published'" in sql and "reports > 0" in sql


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_deploy_hardening_queue_index_downgrades_and_upgrades_again(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'c.db'}"
    else:
        url = request.getfixturevalue("scratch_postgres_url")
    config = _alembic(url)
    engine = make_engine(url)
    for target, present in [("head", True), ("0002", False), ("head", True)]:
        (command.upgrade if present else command.downgrade)(config, target)
        with engine.connect() as conn:
            assert (_queue_index_sql(conn) is not None) is present, target
    engine.dispose()


def test_deploy_hardening_queue_query_uses_the_index_on_postgres(
    postgres_schema_url: str,
) -> None:
    engine = make_engine(postgres_schema_url)
    try:
        with engine.begin() as conn:
            _fill_comments(conn, 50_000)
        statements: list[tuple[str, Any]] = []

        @sa.event.listens_for(engine, "before_cursor_execute")
        def capture(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
            statements.append((sql, params))

        with Session(engine) as session:
            queue = moderation.list_queue(session)
        assert len(queue) == 50 and queue[0].risk >= queue[-1].risk
        sql, params = next(s for s in statements if "FROM comments" in s[0])
        # The query exactly as sent, parameters bound as the driver binds them.
        with engine.connect() as conn:
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "ix_comments_queue" in plan, plan
        assert "Seq Scan on comments" not in plan, plan
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("TRUNCATE comments, authors, articles RESTART IDENTITY CASCADE"))
        engine.dispose()


def _fill_comments(conn: sa.Connection, n: int) -> None:
    """n comments fast: mostly published and unreported, 2% held, a few reported."""
    conn.execute(
        sa.text(
            "INSERT INTO articles (slug, title, body, created_at, updated_at, version) "
            "VALUES ('a', 'A', '', now(), now(), 1)"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO authors (display_name, trust, created_at) VALUES ('x', 'normal', now())"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO comments (article_id, author_id, text, html, status, created_at, "
            "reports, risk) "
            "SELECT 1, 1, 't', 't', "
            "CASE WHEN i % 50 = 0 THEN 'held' WHEN i % 97 = 0 THEN 'rejected' "
            "ELSE 'published' END, now() - i * interval '1 second', "
            "CASE WHEN i % 301 = 0 THEN 1 ELSE 0 END, (i % 1000) / 1000.0 "
            "FROM generate_series(1, :n) AS i"
        ),
        {"n": n},
    )
    conn.execute(sa.text("ANALYZE comments"))
