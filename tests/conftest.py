"""Shared fixtures: a migrated database per test on SQLite and PostgreSQL, settings, an app."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from civility.config import Settings
from civility.store.db import make_engine, make_session_factory, upgrade
from civility.store.models import Base

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_FILE = SHARED / "seed" / "express-tribune-2011-10-25.txt"
if not SEED_FILE.exists():  # a clone away from shared/: the packaged demo copy
    SEED_FILE = ROOT / "src" / "civility" / "data" / "demo" / SEED_FILE.name
DATASETS = SHARED / "datasets"
PG_URL = os.environ.get(
    "CIVILITY_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


REDIS_URL = "redis://127.0.0.1:6379/0"


class Clock:
    """A clock the test moves by hand; it starts at the opening of a minute."""

    def __init__(self) -> None:
        self.now = 1_000_020.0

    def __call__(self) -> float:
        return self.now


def redis_client() -> redis.Redis:
    """The test Redis, or the test skipped with the reason."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    return client


def forget_keys(client: redis.Redis, prefix: str) -> None:
    """Delete a test's Redis keys."""
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def dashboard_login(client: Any, username: str, password: str) -> str:
    """Log in through the dashboard's form; returns the CSRF token the queue page's forms carry
    (the one bound to this login, not the login form's)."""
    page = client.get("/moderate/login")
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    data = {"csrf_token": token, "username": username, "password": password}
    assert client.post("/moderate/login", data=data, follow_redirects=False).status_code == 303
    return str(re.findall(r'name="csrf_token" value="([^"]+)"', client.get("/moderate").text)[0])


def page_post(client: Any, slug: str, text: str, author_name: str = "Amir") -> Any:
    """Post a comment through the article page's form, as a reader's browser does."""
    page = client.get(f"/articles/{slug}").text
    data = {
        "csrf_token": re.findall(r'name="csrf_token" value="([^"]+)"', page)[0],
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', page)[-1],
        "author_name": author_name,
        "text": text,
    }
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


def store_comments(
    factory: sessionmaker[Session],
    slug: str,
    parents: list[int | None],
    *,
    status: str = "published",
    start: int = 0,
) -> list[int]:
    """One comment on the article per entry (replying to it, when not None), straight into the
    store, a second apart from `start` seconds after 2026-11-28 12:00 UTC; their ids."""
    from datetime import UTC, datetime, timedelta

    from civility.domain import CommentStatus
    from civility.store import articles, authors, comments

    written = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    ids: list[int] = []
    with factory.begin() as session:
        article = articles.get_by_slug(session, slug)
        assert article is not None
        author = authors.get_or_create(session, display_name="Reader", now=written)
        for n, parent_id in enumerate(parents):
            text = f"Comment number {start + n} on the story."
            comment = comments.add(
                session, article_id=article.id, author_id=author.id, text=text,
                html=f"<p>{text}</p>", status=CommentStatus(status),
                now=written + timedelta(seconds=start + n), parent_id=parent_id,
            )  # fmt: skip
            ids.append(comment.id)
    return ids


@contextmanager
def database_at(kind: str, revision: str | None, tmp_path: Path) -> Iterator[str]:
    """A database of its own migrated to `revision` only (None: no schema yet), for the tests
    of migrations: a SQLite file, or a PostgreSQL schema dropped afterwards (skipped, with the
    reason, when PostgreSQL is not reachable)."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / f'at-{revision or 0}.db'}"
        if revision is not None:
            upgrade(url, revision)
        yield url
        return
    schema = f"civility_at_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    try:
        if revision is not None:
            upgrade(url, revision)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@contextmanager
def civility_process(
    args: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    log: list[str] | None = None,
    ready_path: str = "/",
) -> Iterator[str]:
    """A serving `civility` command as a real process with exactly this environment; yields its
    base URL once `ready_path` answers. Its output, the access log among it, is added to `log`
    when it has stopped."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [Path(sys.executable).with_name("civility"), *args, "--port", str(port)],
        cwd=cwd,
        env=dict(env),
        # One pipe for both: uvicorn writes its access log to standard output.
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                httpx.get(base + ready_path, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        yield base
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
        if log is not None:
            log.append(output.decode("utf-8", "replace"))


@pytest.fixture(autouse=True, scope="session")
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`civility moderate` caches article vectors in the user's cache folder: not the tester's."""
    path = tmp_path_factory.mktemp("cache-home")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(path)
    yield path
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated by Alembic; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "civility.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A private schema in the test database, migrated once; skipped with the reason if absent."""
    schema = f"civility_test_{os.getpid()}"
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    upgrade(url)
    yield url
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def _truncate_all(url: str) -> None:
    """Empty every table after a PostgreSQL test; tests commit for real, as the app does."""
    engine = make_engine(url)
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite copy, or the PostgreSQL test schema."""
    if request.param == "sqlite":
        path = tmp_path / "civility.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_schema_url")
    yield url
    _truncate_all(url)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for one test's site, on that test's database."""
    return Settings(
        mode="production",
        database_url=database_url,
        secret_key=TEST_SECRET,
        datasets_dir=DATASETS,
    )


@pytest.fixture
def session_factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on the test database; the engine is closed afterwards."""
    engine = make_engine(database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def seed_file() -> Path:
    """The founding example: an article and its 12 reader comments."""
    if not SEED_FILE.exists():
        pytest.skip(f"seed file not found at {SEED_FILE}")
    return SEED_FILE


# --- Interop (Perspective, Coral, embed): a lexicon stand-in for the abuse models, a live server.


class LexiconScorer:
    """A stub abuse model: fixed words drive fixed scores, with their spans (tests only)."""

    names = ("toxicity", "insult", "spam")
    WORDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "toxicity": ("idiot", "stupid"),
        "insult": ("idiot",),
        "spam": ("buy now",),
    }

    @property
    def rules(self) -> list[object]:
        """Calibrated-looking rules so that decisions hold and reject like a real model's."""
        from civility.domain import ReasonCategory
        from civility.pipeline.policy import Rule

        abuse = ReasonCategory.ABUSE
        return [
            Rule("toxicity", abuse, "abusive language", hold_at=0.5, reject_at=0.9),
            Rule("insult", abuse, "insulting", hold_at=0.5),
            Rule("spam", ReasonCategory.SPAM, "advertising", hold_at=0.5, reject_at=0.9),
        ]

    def __call__(self, batch: object) -> list[list[object]]:
        """0.95 when a listed word occurs (spans on each occurrence), else 0.02."""
        from civility.domain import Score, Span

        out: list[list[object]] = []
        for sub in batch:  # type: ignore[attr-defined]
            lower = sub.text.lower()
            scores: list[object] = []
            for name, words in self.WORDS.items():
                spans = tuple(Span(i, i + len(w)) for w in words for i in _occurrences(lower, w))
                value = 0.95 if spans else 0.02
                scores.append(Score(name, value, f"{len(spans)} listed words", spans))
            out.append(scores)
        return out


def _occurrences(text: str, word: str) -> list[int]:
    """Start indexes of `word` in `text`."""
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


@pytest.fixture
def lexicon_engine() -> Iterator[object]:
    """An Engine whose only scorer is the lexicon stand-in for the abuse models."""
    from civility.commenting import Engine
    from civility.pipeline.base import Pipeline
    from civility.pipeline.policy import build_policy

    scorer = LexiconScorer()
    pipeline = Pipeline([scorer], timeout_s=2.0)
    yield Engine(pipeline, build_policy([scorer]))
    pipeline.close()


@pytest.fixture
def live_server() -> Iterator[object]:
    """Call with an ASGI app to serve it with uvicorn on a free port; returns the base URL."""
    import socket
    import threading
    import time

    import uvicorn

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: object) -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


# --- Importers and CLI: the configured engine, and the environment a command runs in.


@pytest.fixture
def moderation_engine(settings: Settings) -> Iterator[object]:
    """The engine the settings configure (the default scorers and policy)."""
    from civility.commenting import build_engine

    engine = build_engine(settings)
    yield engine
    engine.pipeline.close()


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """CIVILITY_* variables that point a CLI command at the test's database."""
    return {
        "CIVILITY_DATABASE_URL": settings.database_url,
        "CIVILITY_SECRET_KEY": TEST_SECRET,
        "CIVILITY_MODE": "production",
    }


@pytest.fixture(scope="session")
def default_engine() -> Iterator[object]:
    """The engine of default Settings, with no database: what `civility moderate` runs."""
    from civility.commenting import build_engine

    engine = build_engine(Settings(secret_key=TEST_SECRET))
    yield engine
    engine.pipeline.close()


# --- Web: apps built with create_app(settings, engine=...), one TestClient each.


@pytest.fixture
def make_web_client(settings: Settings) -> Iterator[Any]:
    """Call with an Engine (and Settings overrides) to get a started TestClient for the app."""
    from fastapi.testclient import TestClient

    from civility.web.app import create_app

    clients: list[TestClient] = []

    def make(engine: object, *, base_url: str = "http://testserver", **overrides: Any) -> Any:
        app = create_app(settings.model_copy(update=overrides), engine=engine)  # type: ignore[arg-type]
        client = TestClient(app, base_url=base_url)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def holding_engine(lexicon_engine: Any) -> Any:
    """The lexicon engine where listed words hold for a moderator instead of refusing."""
    from dataclasses import replace

    from civility.commenting import Engine

    rules = [replace(rule, reject_at=None) for rule in lexicon_engine.policy.rules]
    return Engine(lexicon_engine.pipeline, lexicon_engine.policy.with_rules(rules))


# --- Abuse model: the shipped weights, loaded once per test session.


@pytest.fixture(scope="session")
def abuse_scorer() -> object:
    """The abuse scorer with the model shipped in the package."""
    from civility.pipeline.abuse import make_abuse

    return make_abuse()


# --- Rule scorers: the seed's reader comments, and hostile text every scorer must survive.

# Seconds of CPU a scorer may take on hostile text. Only catastrophic backtracking or a
# quadratic loop breaks it (a quadratic pass over a megabyte takes hours); a shared CI machine
# under load takes two to three times what a quiet one does, so the bound is not tighter.
HOSTILE_CPU_BOUND_S = 10.0

HOSTILE_TEXTS = {
    "empty": "",
    "blank": " \n\t\u00a0 ",
    "megabyte_words": "buy cheap pills now at the best price " * 26_000,
    "megabyte_masks": "f*ck y0u s h i t " * 60_000,
    "megabyte_unicode": "\u0455\u04bb\u0456\u0442\u200b\U0001f595e\u0301\uff26 " * 100_000,
    "lone_surrogates": "half a pair \ud800 and the other \udfff half",
    "html_script": "<script>alert('x')</script><img src=x onerror=alert(1)> <b>bold</b>",
    "sql": "Robert'); DROP TABLE comments;-- ' OR '1'='1",
    "controls": "\x00\x01\x7f bell \x07 and \u202e reversed \u2066 isolate \ufeff",
    "zalgo": "z\u0338\u0322a\u0337l\u0336g\u0335o\u0334 " * 20,
}


@pytest.fixture(params=sorted(HOSTILE_TEXTS))
def hostile_text(request: pytest.FixtureRequest) -> str:
    """Text no scorer may crash or stall on: empty, a megabyte, broken Unicode, markup."""
    return HOSTILE_TEXTS[request.param]


@pytest.fixture
def seed_comments(seed_file: Path) -> list[str]:
    """The seed's 12 reader comments in order; a line holding only '@Name:' joins the next."""
    lines = seed_file.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("For more information"))
    comments: list[str] = []
    reply_to = ""
    for line in (line.strip() for line in lines[start + 1 :]):
        if line.startswith("@") and line.endswith(":") and line.count(":") == 1:
            reply_to = line + " "
        elif line:
            comments.append(reply_to + line)
            reply_to = ""
    return comments


CHROMIUM = Path("/usr/bin/chromium")
# Flags for a root sandbox with a closed network: no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright; skipped with the reason when absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
