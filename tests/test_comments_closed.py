"""Closing comments: by age (CIVILITY_COMMENTS_CLOSE_AFTER_DAYS) and by hand (API, CLI)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from conftest import LexiconScorer, database_at
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine
from civility.config import Settings
from civility.passwords import hash_password
from civility.pipeline.base import Pipeline
from civility.pipeline.policy import build_policy
from civility.store import api_keys, articles, moderators
from civility.store.db import make_engine, upgrade
from civility.store.models import Article, AuditEntry, Comment, ModerationRecord

NOW = datetime(2027, 1, 8, 12, 0, tzinfo=UTC)
DAYS = 14
CLOSED = "Comments are closed on this article."


class CountingScorer(LexiconScorer):
    """The lexicon stand-in, counting the comments it scores: a closed article's are not."""

    def __init__(self) -> None:
        self.scored = 0

    def __call__(self, batch: object) -> list[list[object]]:
        self.scored += len(batch)  # type: ignore[arg-type]
        return super().__call__(batch)


def _at(client: Any, moment: datetime) -> None:
    """Set the app's clock, as tests of other dated features do."""
    client.app.state.civility = replace(client.app.state.civility, clock=lambda: moment)


def _article(
    factory: sessionmaker[Session], *, published_at: datetime | None = None, title: str = "Trial"
) -> str:
    with factory.begin() as session:
        article = articles.add(
            session, title=title, body="The court heard both sides.", now=NOW - timedelta(days=400),
            published_at=published_at,
        )  # fmt: skip
        return article.slug


def _close(factory: sessionmaker[Session], slug: str) -> None:
    with factory.begin() as session:
        article = articles.get_by_slug(session, slug)
        assert article is not None
        assert articles.close_comments(session, article, now=NOW)


def _key(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory.begin() as session:
        return {"X-API-Key": api_keys.create(session, name="cms", scope="publisher", now=NOW)[1]}


def _counts(factory: sessionmaker[Session]) -> tuple[int, int]:
    """Comments and moderation records stored."""
    with factory() as session:
        comments = session.scalar(select(func.count(Comment.id))) or 0
        records = session.scalar(select(func.count(ModerationRecord.id))) or 0
        return int(comments), int(records)


def _audit(factory: sessionmaker[Session]) -> list[tuple[str, str | None]]:
    with factory() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))
        return [(action, detail) for action, detail in rows]


def _api_post(client: Any, slug: str, **fields: Any) -> Any:
    payload = {"author_name": "Reader", "text": "The verdict seems fair.", **fields}
    return client.post(f"/api/v1/articles/{slug}/comments", json=payload)


def _tokens(html: str) -> dict[str, str]:
    """The CSRF token and the new-comment form's one-time token."""
    csrf = re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]
    return {
        "csrf_token": csrf,
        "form_token": re.findall(r'name="form_token" value="([^"]+)"', html)[-1],
    }


# --- The rule: one pure function.


def test_comments_closed_rule_counts_days_from_publication_or_reopening() -> None:
    published = NOW - timedelta(days=DAYS + 1)
    old = Article(published_at=published, created_at=NOW)
    assert not articles.comments_open(old, close_after_days=DAYS, now=NOW)
    assert articles.comments_open(old, close_after_days=None, now=NOW)
    recent = Article(published_at=NOW - timedelta(days=DAYS - 1), created_at=NOW)
    assert articles.comments_open(recent, close_after_days=DAYS, now=NOW)
    # Undated: counted from its creation.
    undated = Article(published_at=None, created_at=NOW - timedelta(days=DAYS + 1))
    assert not articles.comments_open(undated, close_after_days=DAYS, now=NOW)
    # Reopened since: counted from the reopening.
    reopened = Article(
        published_at=published, created_at=published, comments_reopened_at=NOW - timedelta(days=1)
    )
    assert articles.comments_open(reopened, close_after_days=DAYS, now=NOW)
    # Closed by hand: closed, whatever its age.
    closed = Article(published_at=NOW, created_at=NOW, comments_closed_at=NOW)
    assert not articles.comments_open(closed, close_after_days=None, now=NOW)
    # The last moment: open until exactly DAYS have passed.
    edge = Article(published_at=NOW - timedelta(days=DAYS), created_at=NOW)
    assert not articles.comments_open(edge, close_after_days=DAYS, now=NOW)
    assert articles.comments_open(edge, close_after_days=DAYS, now=NOW - timedelta(microseconds=1))


def test_comments_closed_by_age_with_the_apps_clock(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, comments_close_after_days=DAYS)
    _at(client, NOW)
    old = _article(session_factory, published_at=NOW - timedelta(days=DAYS + 1), title="Old")
    new = _article(session_factory, published_at=NOW - timedelta(days=DAYS - 1), title="New")
    assert client.get(f"/api/v1/articles/{old}").json()["comments_open"] is False
    assert client.get(f"/api/v1/articles/{new}").json()["comments_open"] is True
    refused = _api_post(client, old)
    assert (refused.status_code, refused.json()) == (403, {"detail": CLOSED})
    assert _api_post(client, new).status_code == 201
    # Two days on, the new one has closed as well.
    _at(client, NOW + timedelta(days=2))
    assert client.get(f"/api/v1/articles/{new}").json()["comments_open"] is False
    assert _api_post(client, new, text="Another view.").status_code == 403
    assert _counts(session_factory)[0] == 1
    # Without the setting, nothing closes by age.
    forever = make_web_client(lexicon_engine)
    _at(forever, NOW)
    assert forever.get(f"/api/v1/articles/{old}").json()["comments_open"] is True


# --- The JSON API and the widget's path.


def test_comments_closed_api_put_closes_and_opens_with_audit(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    article = {"title": "Inquest", "body": "The coroner sat.", "url": "https://news.example/i"}
    created = client.post("/api/v1/articles", json=article, headers=key).json()
    slug = created["slug"]
    assert created["comments_open"] is True
    first = _api_post(client, slug).json()

    closed = client.put(f"/api/v1/articles/{slug}", json={**article, "comments_closed": True},
                        headers=key)  # fmt: skip
    assert closed.status_code == 200 and closed.json()["comments_open"] is False
    before = _counts(session_factory)
    top = _api_post(client, slug, text="Too late?")
    reply = _api_post(client, slug, text="Agreed.", parent_id=first["id"])
    assert [(a.status_code, a.json()) for a in (top, reply)] == [(403, {"detail": CLOSED})] * 2
    assert _counts(session_factory) == before
    # Readable and reportable, also through the widget's lookup.
    assert [c["id"] for c in client.get(f"/api/v1/articles/{slug}/comments").json()] == [
        first["id"]
    ]
    assert client.post(f"/api/v1/comments/{first['id']}/reports", json={}).status_code == 202
    found = client.get("/api/v1/embed/article", params={"url": article["url"]}).json()
    assert found["comments_open"] is False

    # An edit that does not say leaves them closed; closing again changes and logs nothing.
    assert (
        client.put(f"/api/v1/articles/{slug}", json=article, headers=key).json()["comments_open"]
        is False
    )
    client.put(f"/api/v1/articles/{slug}", json={**article, "comments_closed": True}, headers=key)
    opened = client.put(f"/api/v1/articles/{slug}", json={**article, "comments_closed": False},
                        headers=key)  # fmt: skip
    assert opened.json()["comments_open"] is True
    assert _api_post(client, slug, text="Open again.").status_code == 201
    assert (
        client.get("/api/v1/embed/article", params={"url": article["url"]}).json()["comments_open"]
        is True
    )
    assert _audit(session_factory) == [
        ("article.closed", f"{slug} (API key cms)"),
        ("article.opened", f"{slug} (API key cms)"),
    ]


def test_comments_closed_a_cms_saying_not_closed_with_every_save_reopens_nothing_old(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # A CMS that sends its "comments enabled" box with every save, correcting an old story,
    # used to reopen it for as many days again.
    client = make_web_client(lexicon_engine, comments_close_after_days=DAYS)
    _at(client, NOW)
    key = _key(session_factory)
    slug = _article(session_factory, published_at=NOW - timedelta(days=DAYS + 30), title="Old")
    story = {"title": "Old", "body": "Corrected.", "comments_closed": False}
    saved = client.put(f"/api/v1/articles/{slug}", json=story, headers=key)
    assert saved.status_code == 200 and saved.json()["comments_open"] is False
    assert _audit(session_factory) == []
    # A close by hand is what "not closed" clears; the age rule still stands behind it.
    _close(session_factory, slug)
    opened = client.put(f"/api/v1/articles/{slug}", json=story, headers=key)
    assert opened.json()["comments_open"] is False
    assert _audit(session_factory) == [("article.opened", f"{slug} (API key cms)")]
    with session_factory() as session:
        article = articles.get_by_slug(session, slug)
        assert article is not None and article.comments_closed_at is None


def test_comments_closed_from_creation_and_publisher_key_required(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    key = _key(session_factory)
    article = {"title": "A death", "body": "Obituary.", "comments_closed": True}
    created = client.post("/api/v1/articles", json=article, headers=key).json()
    assert created["comments_open"] is False
    assert _api_post(client, created["slug"]).status_code == 403
    assert _audit(session_factory) == [("article.closed", f"{created['slug']} (API key cms)")]
    # Readers cannot open it: the publisher API needs its key.
    slug = created["slug"]
    anonymous = client.put(f"/api/v1/articles/{slug}", json={**article, "comments_closed": False})
    assert anonymous.status_code == 401
    for answer in ("maybe", "no", "0", 0):  # strict: lax mode read "no", "0" and 0 as false
        wrong = client.put(f"/api/v1/articles/{slug}", json={**article, "comments_closed": answer},
                           headers=key)  # fmt: skip
        assert wrong.status_code == 422, answer
    assert client.get(f"/api/v1/articles/{slug}").json()["comments_open"] is False


def test_comments_closed_moderators_still_decide(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    held = _api_post(client, slug, text="What a stupid verdict.")
    assert held.status_code == 202
    _close(session_factory, slug)
    with session_factory.begin() as session:
        moderators.create(session, username="mo", password_hash=hash_password("pass-123"), now=NOW)
    token = client.post("/api/v1/login", json={"username": "mo", "password": "pass-123"}).json()[
        "csrf_token"
    ]
    assert [item["id"] for item in client.get("/api/v1/moderation/queue").json()] == [
        held.json()["id"]
    ]
    done = client.post(
        f"/api/v1/moderation/comments/{held.json()['id']}/decision",
        json={"action": "approve"}, headers={"X-CSRF-Token": token},
    )  # fmt: skip
    assert done.status_code == 200 and done.json()["status"] == "published"


# --- The reader page.


def test_comments_closed_page_shows_notice_and_refuses_posts(
    make_web_client: Any, session_factory: sessionmaker[Session]
) -> None:
    scorer = CountingScorer()
    pipeline = Pipeline([scorer], timeout_s=2.0)
    try:
        client = make_web_client(Engine(pipeline, build_policy([scorer])))
        _at(client, NOW)
        slug = _article(session_factory)
        first = _api_post(client, slug).json()
        # The reader opened the page while comments were open; they closed before the post.
        page = client.get(f"/articles/{slug}")
        assert 'class="comment-form"' in page.text and "Comments are closed." not in page.text
        tokens = _tokens(page.text)
        _close(session_factory, slug)
        scored, before = scorer.scored, _counts(session_factory)
        typed = "A <b>long</b> comment I would hate to lose."
        answers = [
            client.post(
                f"/articles/{slug}/comments",
                data={**tokens, "author_name": "Amir", "text": typed, "parent_id": parent},
                follow_redirects=False,
            )
            for parent in ("", str(first["id"]))
        ]
        for answer in answers:
            assert answer.status_code == 403
            assert CLOSED in answer.text
            assert (
                "A &lt;b&gt;long&lt;/b&gt; comment I would hate to lose.</textarea>" in answer.text
            )
            assert 'class="comment-form"' not in answer.text
        assert (scorer.scored, _counts(session_factory)) == (scored, before)

        shown = client.get(f"/articles/{slug}")
        assert shown.status_code == 200
        assert "Comments are closed." in shown.text and CLOSED not in shown.text
        assert 'class="comment-form"' not in shown.text and "<summary>Reply" not in shown.text
        assert "The verdict seems fair." in shown.text and "COMMENTS (1)" in shown.text
        report_data = {"csrf_token": tokens["csrf_token"]}
        report = client.post(
            f"/comments/{first['id']}/report", data=report_data, follow_redirects=False
        )
        assert report.status_code == 303
        with session_factory() as session:
            assert session.get_one(Comment, first["id"]).reports == 1
    finally:
        pipeline.close()


# --- The command line.


def _cli(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["articles", *args], env=env)


def test_comments_closed_cli_closes_opens_and_lists(
    cli_env: dict[str, str], session_factory: sessionmaker[Session]
) -> None:
    old = _article(
        session_factory, published_at=datetime.now(UTC) - timedelta(days=30), title="Old"
    )
    new = _article(session_factory, published_at=datetime.now(UTC), title="New")
    env = {**cli_env, "CIVILITY_COMMENTS_CLOSE_AFTER_DAYS": "7"}
    listed = _cli(env, "list")
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [f"{new}\topen\tNew", f"{old}\tclosed (age)\tOld"]

    closed = _cli(env, "close", new)
    assert (closed.exit_code, closed.output) == (0, f"closed comments on {new!r}\n")
    assert _cli(env, "close", new).output == f"comments on {new!r} are already closed\n"
    only = _cli(env, "list", "--closed").output.splitlines()
    assert [line.split("\t")[0] for line in only] == [new, old]
    assert only[0].startswith(f"{new}\tclosed {datetime.now(UTC):%Y-%m}")

    # The age rule's closing is undone for as many days again; a hand's close is cleared.
    assert _cli(env, "open", old).output == f"opened comments on {old!r}\n"
    assert _cli(env, "open", new).exit_code == 0
    assert _cli(env, "open", new).output == f"comments on {new!r} are already open\n"
    assert _cli(env, "list", "--closed").output == ""
    with session_factory() as session:
        reopened = articles.get_by_slug(session, old)
        assert reopened is not None and reopened.comments_reopened_at is not None
        assert articles.comments_open(reopened, close_after_days=7, now=datetime.now(UTC))
        assert not articles.comments_open(
            reopened, close_after_days=7, now=datetime.now(UTC) + timedelta(days=8)
        )
    assert _audit(session_factory) == [
        ("article.closed", new),
        ("article.opened", old),
        ("article.opened", new),
    ]


@pytest.mark.parametrize(
    "slug",
    ["nope", "", "a\x00b", "\udcff", "x" * 5000, "'; DROP TABLE articles; --", "\x1b[31mred"],
)
def test_comments_closed_cli_unknown_slug_exits_1(
    cli_env: dict[str, str], session_factory: sessionmaker[Session], slug: str
) -> None:
    _article(session_factory)
    for command in ("close", "open"):
        result = _cli(cli_env, command, slug)
        assert result.exit_code == 1, result.output
        assert "Error: no article" in result.output and "civility articles list" in result.output
        assert "\x1b" not in result.output and "Traceback" not in result.output
        assert len(result.output) < 300
    assert _audit(session_factory) == []


# --- The setting.


@pytest.mark.parametrize(
    "value", ["0", "-1", "abc", "1.5", "99999999999999999999", "36501", "7 days", "\u0667"]
)
def test_comments_closed_invalid_setting_is_refused_at_startup(
    cli_env: dict[str, str], value: str
) -> None:
    with pytest.raises(ValidationError, match="CIVILITY_COMMENTS_CLOSE_AFTER_DAYS"):
        Settings(comments_close_after_days=value)
    env = {**cli_env, "CIVILITY_COMMENTS_CLOSE_AFTER_DAYS": value}
    for args in (["articles", "list"], ["serve"]):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 1
        assert "CIVILITY_COMMENTS_CLOSE_AFTER_DAYS" in result.output
        assert "whole number of days from 1 to 36500" in result.output


def test_comments_closed_setting_accepts_days_and_blank() -> None:
    assert Settings(comments_close_after_days="30").comments_close_after_days == 30
    assert Settings(comments_close_after_days=" 1 ").comments_close_after_days == 1
    assert Settings(comments_close_after_days=36_500).comments_close_after_days == 36_500
    assert Settings(comments_close_after_days="").comments_close_after_days is None
    assert Settings().comments_close_after_days is None


# --- The migration.


def _database_at(kind: str, revision: str, tmp_path: Path) -> Any:
    """An empty database migrated to `revision` only: a SQLite file or a PostgreSQL schema."""
    return database_at(kind, revision, tmp_path)


def _rows_of_0007(engine: sa.Engine) -> None:
    """Two articles and a comment as revision 0007 stored them: the models have new columns."""
    dated = sa.DateTime(timezone=True)
    names = ("id", "slug", "title", "body", "version")
    table = sa.table(
        "articles",
        *(sa.column(n) for n in names),
        *(sa.column(n, dated) for n in ("created_at", "updated_at", "published_at")),
    )
    people = sa.table(
        "authors", *(sa.column(n) for n in ("id", "display_name", "trust")),
        sa.column("created_at", dated),
    )  # fmt: skip
    fields = ("id", "article_id", "author_id", "text", "html", "status", "reports", "risk")
    notes = sa.table("comments", *(sa.column(n) for n in fields), sa.column("created_at", dated))
    long_ago = NOW - timedelta(days=3650)
    article = {"body": "", "version": 1, "updated_at": NOW}
    with engine.begin() as conn:
        conn.execute(
            sa.insert(table),
            [
                {**article, "id": 1, "slug": "old", "title": "Old", "created_at": long_ago,
                 "published_at": long_ago},
                {**article, "id": 2, "slug": "new", "title": "New", "created_at": NOW,
                 "published_at": None},
            ],
        )  # fmt: skip
        author = {"id": 1, "display_name": "R", "trust": "normal", "created_at": NOW}
        conn.execute(sa.insert(people), author)
        comment = {"id": 1, "article_id": 1, "author_id": 1, "text": "t", "html": "<p>t</p>",
                   "status": "published", "reports": 0, "risk": 0.0, "created_at": NOW}  # fmt: skip
        conn.execute(sa.insert(notes), comment)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_comments_closed_migration_keeps_every_article_open(kind: str, tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from civility.store.db import MIGRATIONS_DIR

    with _database_at(kind, "0007", tmp_path) as url:
        engine = make_engine(url)
        try:
            _rows_of_0007(engine)
            upgrade(url)
            with Session(engine) as session:
                stored = session.scalars(select(Article).order_by(Article.id)).all()
                assert [(a.slug, a.comments_closed_at, a.comments_reopened_at) for a in stored] == [
                    ("old", None, None),
                    ("new", None, None),
                ]
                assert all(
                    articles.comments_open(a, close_after_days=None, now=NOW) for a in stored
                )
                # The age rule applies to the articles stored before, as to new ones.
                opened = [articles.comments_open(a, close_after_days=DAYS, now=NOW) for a in stored]
                assert opened == [False, True]
                assert session.scalar(select(func.count(Comment.id))) == 1
            # Down again: the comments stay (a copied articles table would cascade-delete them).
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
            command.downgrade(config, "0007")
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM comments")).scalar() == 1
                columns = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
                assert not columns & {"comments_closed_at", "comments_reopened_at"}
        finally:
            engine.dispose()


# --- The widget, in headless Chromium.


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_comments_closed_widget_shows_notice_and_no_form(
    browser: Any,
    settings: Settings,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from playwright.sync_api import expect
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    from civility.web.app import create_app

    civility: dict[str, str] = {}

    def story(request: Request) -> HTMLResponse:
        script = f'<script src="{civility["base"]}/embed.js" data-article-url="{request.url}">'
        return HTMLResponse(f"<!doctype html><title>Story</title><h1>Trial</h1>{script}</script>")

    publisher = live_server(Starlette(routes=[Route("/story.html", story)]))
    with session_factory.begin() as session:
        article = articles.add(
            session, title="Trial", body="The court sat.", now=NOW, url=f"{publisher}/story.html"
        )
        slug = article.slug
    site = settings.model_copy(update={"allowed_origins": [publisher]})
    app = create_app(site, engine=lexicon_engine)
    civility["base"] = live_server(app)
    posted = httpx.post(
        f"{civility['base']}/api/v1/articles/{slug}/comments",
        json={"author_name": "Early Reader", "text": "The court heard both sides."},
    )
    assert posted.status_code == 201
    _close(session_factory, slug)

    page = browser.new_page()
    page.goto(f"{publisher}/story.html")
    expect(page.locator("#civility-title")).to_have_text("COMMENTS (1)")
    expect(page.locator(".civility-closed")).to_have_text("Comments are closed.")
    expect(page.get_by_text("The court heard both sides.")).to_be_visible()
    expect(page.locator("form.civility-form")).to_have_count(0)
    expect(page.locator("button.civility-reply")).to_have_count(0)
    report = page.get_by_role("button", name="Report comment by Early Reader")
    report.click()
    expect(page.locator(".civility-report-status")).to_have_text(
        "Thanks, a moderator will look at it."
    )

    # Closed while a reader was writing: the refusal is shown and the text kept.
    with session_factory.begin() as session:
        reopened = articles.get_by_slug(session, slug)
        assert reopened is not None
        articles.open_comments(session, reopened, close_after_days=None, now=NOW)
    page.reload()
    form = page.locator("form.civility-form").first
    form.get_by_label("Name").fill("Late Reader")
    form.get_by_label("Your comment").fill("The verdict comes tomorrow.")
    _close(session_factory, slug)
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".civility-form-status").first).to_have_text(CLOSED)
    expect(form.get_by_label("Your comment")).to_have_value("The verdict comes tomorrow.")


def test_comments_closed_a_retry_of_a_post_stored_before_is_answered_as_stored(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # A reader's connection drops after the post was stored; the article closes; the widget
    # sends the same post again (same client_key): it gets its comment, not "closed".
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    first = _api_post(client, slug, text="Before the close.", client_key="k-0123456789abcdef")
    assert first.status_code == 201
    _close(session_factory, slug)
    again = _api_post(client, slug, text="Before the close.", client_key="k-0123456789abcdef")
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    other = _api_post(client, slug, text="After the close.", client_key="k-fedcba9876543210")
    assert (other.status_code, other.json()) == (403, {"detail": CLOSED})
    assert _counts(session_factory)[0] == 1
