"""Imports and export against hostile or odd input: reply loops, over-long fields, wrong files,
unknown encodings, script text, notice-like comments, re-imports, and a write mid-export."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine as ModerationEngine
from civility.commenting import NewComment, submit
from civility.importers.disqus import import_disqus
from civility.importers.platform import ImportStats
from civility.importers.records import ImportFormatError
from civility.importers.text import parse_text
from civility.importers.wordpress import import_wordpress
from civility.store import articles
from civility.store.models import Article, Author, Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DISQUS_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
)
WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><title>The Paper</title><link>https://paper.example</link>\n"
)
# Format checks need no particular database: SQLite only, to keep them quick.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def thread(ident: str, message: str = "") -> str:
    """One Disqus <thread>; `message` is raw XML content."""
    return (
        f'<thread dsq:id="{ident}"><link>https://news.example/{ident}</link>'
        f"<title>Thread {ident}</title><message>{message}</message></thread>\n"
    )


def post(ident: str, *, parent: str | None = None, email: str = "a@example.org") -> str:
    """One Disqus <post> in thread t1."""
    parent_xml = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{ident}"><message>Comment {ident} on the budget.</message>'
        f"<createdAt>2011-10-25T10:00:00Z</createdAt>"
        f"<author><email>{email}</email><name>Alice</name></author>"
        f'<thread dsq:id="t1"/>{parent_xml}</post>\n'
    )


def disqus(*records: str) -> bytes:
    """A whole Disqus export."""
    return (DISQUS_HEAD + "".join(records) + "</disqus>\n").encode()


def wp_comment(ident: int, *, parent: int = 0) -> str:
    """One approved <wp:comment>."""
    return (
        f"<wp:comment><wp:comment_id>{ident}</wp:comment_id>"
        f"<wp:comment_author>Bob</wp:comment_author>"
        f"<wp:comment_date_gmt>2011-10-25 11:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Reply number {ident}.</wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def wp_item(post_id: int, *comments: str, post_type: str = "post", content: str = "") -> str:
    """One <item> with its comments."""
    return (
        f"<item><title>Post {post_id}</title><link>https://paper.example/{post_id}/</link>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_type>{post_type}</wp:post_type>\n"
        f"{''.join(comments)}</item>\n"
    )


def wxr(*items: str) -> bytes:
    """A whole WXR document."""
    return (WXR_HEAD + "".join(items) + "</channel></rss>\n").encode()


def run_disqus(
    sessions: sessionmaker[Session], engine: ModerationEngine, data: bytes
) -> ImportStats:
    """Import in one transaction, as the command does."""
    with sessions() as session, session.begin():
        return import_disqus(session, engine, io.BytesIO(data), remoderate=False, now=NOW)


def run_wordpress(
    sessions: sessionmaker[Session], engine: ModerationEngine, data: bytes
) -> ImportStats:
    """Import in one transaction, as the command does."""
    with sessions() as session, session.begin():
        return import_wordpress(session, engine, io.BytesIO(data), remoderate=False, now=NOW)


def parents(sessions: sessionmaker[Session]) -> dict[str, str | None]:
    """Each imported comment's source id -> its parent's source id."""
    with sessions() as session:
        rows = session.scalars(select(Comment)).all()
        keys = {c.id: (c.external_key or "").rsplit(":", 1)[-1] for c in rows}
        return {keys[c.id]: keys.get(c.parent_id) if c.parent_id else None for c in rows}


def reachable_from_top(links: dict[str, str | None]) -> set[str]:
    """The comments a thread view shows: top-level ones and, recursively, their replies."""
    shown = {key for key, parent in links.items() if parent is None}
    grew = True
    while grew:
        more = {key for key, parent in links.items() if parent in shown} - shown
        shown |= more
        grew = bool(more)
    return shown


def count(sessions: sessionmaker[Session], model: type[object]) -> int:
    """Rows in a table."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def invoke(env: dict[str, str], *args: str) -> Result:
    """Run a `civility` command."""
    return CliRunner().invoke(main, list(args), env=env)


# --- 1. Reply loops become top-level, so that every stored comment is shown.


@sqlite_only
def test_import_disqus_breaks_reply_loops(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    data = disqus(
        thread("t1"),
        post("p1", parent="p1"),  # its own parent
        post("p2", parent="p3"),  # p2 -> p3 -> p2
        post("p3", parent="p2"),
        post("p4", parent="p2"),  # a reply inside the loop
        post("p5"),
    )
    stats = run_disqus(session_factory, lexicon_engine, data)
    links = parents(session_factory)
    assert links == {"p1": None, "p2": None, "p3": "p2", "p4": "p2", "p5": None}
    assert reachable_from_top(links) == set(links)
    assert (stats.created, stats.loops_broken) == (5, 2)
    assert "2 looping replies made top-level" in stats.describe()


@sqlite_only
def test_import_wordpress_breaks_a_self_reply(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    data = wxr(wp_item(10, wp_comment(1, parent=1), wp_comment(2, parent=1)))
    stats = run_wordpress(session_factory, lexicon_engine, data)
    links = parents(session_factory)
    assert links == {"1": None, "2": "1"}
    assert stats.loops_broken == 1


# --- 3. Values longer than their columns: fail cleanly on every database.


def test_import_disqus_drops_an_overlong_email_and_keeps_the_comment(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    long_email = "a" * 400 + "@example.org"
    data = disqus(thread("t1"), post("p1", email=long_email), post("p2"))
    stats = run_disqus(session_factory, lexicon_engine, data)
    with session_factory() as session:
        emails = session.scalars(select(Author.email).order_by(Author.id)).all()
    assert emails == [None, "a@example.org"]
    assert (stats.created, stats.emails_dropped) == (2, 1)
    assert "1 emails over 320 characters dropped" in stats.describe()


def test_import_disqus_refuses_an_overlong_id_naming_the_record(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    data = disqus(thread("t1"), post("p" * 250))
    with pytest.raises(ImportFormatError, match=r"record 2 \(<post> dsq:id=p{40}\): .*too long"):
        run_disqus(session_factory, lexicon_engine, data)
    assert count(session_factory, Comment) == 0 and count(session_factory, Article) == 0


@pytest.mark.parametrize(
    ("options", "named"),
    [(["--title", "T" * 501], "--title"), (["--url", "https://n.example/" + "x" * 2000], "--url")],
)
def test_import_text_refuses_overlong_options(
    cli_env: dict[str, str],
    tmp_path: Path,
    session_factory: sessionmaker[Session],
    options: list[str],
    named: str,
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Story.\nPublished in The Daily Example, March 3rd, 2020.\nCOMMENTS (0)\n")
    result = invoke(cli_env, "import-text", str(path), *options)
    assert result.exit_code == 2, result.output
    assert named in result.output and "the limit is" in result.output
    assert count(session_factory, Article) == 0


def test_import_text_refuses_an_overlong_outlet_naming_the_line(
    cli_env: dict[str, str], tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "story.txt"
    outlet = "The " + "Very " * 50 + "Long Gazette"
    path.write_text(f"Story.\nPublished in {outlet}, March 3rd, 2020.\nCOMMENTS (0)\n")
    result = invoke(cli_env, "import-text", str(path))
    assert result.exit_code == 1, result.output
    assert "line 2" in result.output and "outlet" in result.output
    assert "Traceback" not in result.output
    assert count(session_factory, Article) == 0


# --- 4. Notice lines are matched whole: a comment starting with their first words is kept.


def test_import_text_keeps_a_comment_that_starts_like_a_notice() -> None:
    data = (
        b"The council approved the budget.\n"
        b"Published in The Daily Example, March 3rd, 2020.\n"
        b"COMMENTS (3)\n"
        b"Comments are moderated and generally will be posted if they are on-topic and not "
        b"abusive.\n"
        b"For more information, please see our Comments FAQ\n"
        b"For more information about the road budget, the council minutes are online.\n"
        b"Comments are moderated too slowly here.\n"
        b"Good to see the roads fixed.\n"
    )
    texts = [c.text for c in parse_text(data).comments]
    assert texts == [
        "For more information about the road budget, the council minutes are online.",
        "Comments are moderated too slowly here.",
        "Good to see the roads fixed.",
    ]


# --- 5. Re-importing a comment-less file whose title's slug was taken finds its article.


def test_import_text_reimport_finds_an_article_with_a_suffixed_slug(
    cli_env: dict[str, str], tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    first, second = tmp_path / "z1.txt", tmp_path / "z2.txt"
    first.write_text(
        "Budget day.\nFirst story body.\nPublished in The Daily Example, March 3rd, 2020.\n"
        "COMMENTS (0)\n"
    )
    second.write_text(
        "Budget day.\nSecond, different story body.\n"
        "Published in The Daily Example, March 4th, 2020.\nCOMMENTS (0)\n"
    )
    assert "(created)" in invoke(cli_env, "import-text", str(first)).stdout
    assert "'budget-day-2' (created)" in invoke(cli_env, "import-text", str(second)).stdout
    for _ in range(2):
        again = invoke(cli_env, "import-text", str(second))
        assert again.exit_code == 0, again.output
        assert "'budget-day-2' (found)" in again.stdout
    assert count(session_factory, Article) == 2


# --- 6. Comments of items that are neither posts nor pages are counted as skipped.


@sqlite_only
def test_import_wordpress_counts_comments_of_other_item_types_as_skipped(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    data = wxr(
        wp_item(10, wp_comment(1)),
        wp_item(11, wp_comment(2), wp_comment(3), post_type="attachment"),
    )
    stats = run_wordpress(session_factory, lexicon_engine, data)
    assert (stats.created, stats.skipped) == (1, 2)
    assert "1 comments imported" in stats.describe() and "2 skipped" in stats.describe()


# --- 7 and 8. Unknown encodings and the other platform's files are clear errors.


@sqlite_only
@pytest.mark.parametrize("importer", [run_disqus, run_wordpress])
@pytest.mark.parametrize(
    ("encoding", "message"),
    [("bogus", r"line 1: .*unknown encoding: bogus"), ("utf-32", "multi-byte encodings")],
)
def test_import_unreadable_encoding_is_a_format_error(
    session_factory: sessionmaker[Session],
    lexicon_engine: ModerationEngine,
    importer: Any,
    encoding: str,
    message: str,
) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?><disqus/>'.encode()
    with pytest.raises(ImportFormatError, match=message):
        importer(session_factory, lexicon_engine, data)


@sqlite_only
@pytest.mark.parametrize(
    ("command", "data", "message"),
    [
        ("wordpress", disqus(thread("t1"), post("p1")), "not a WordPress export"),
        ("disqus", wxr(wp_item(10, wp_comment(1))), "not a Disqus export"),
        ("disqus", b"<html><body>Hello</body></html>", "root element is <html>"),
    ],
)
def test_import_refuses_another_format(
    cli_env: dict[str, str],
    tmp_path: Path,
    session_factory: sessionmaker[Session],
    command: str,
    data: bytes,
    message: str,
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    result = invoke(cli_env, "import", command, str(path))
    assert result.exit_code == 1, result.output
    assert message in result.output and "nothing was imported" in result.output
    assert count(session_factory, Article) == 0


# --- 9. Script and style contents never reach imported articles or comments.


@sqlite_only
def test_imports_drop_script_and_style_text(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    html = "<![CDATA[<p>Taxes rise.</p><script>alert(1)</script><style>p{color:red}</style>]]>"
    run_disqus(session_factory, lexicon_engine, disqus(thread("t1", html)))
    run_wordpress(session_factory, lexicon_engine, wxr(wp_item(10, content=html[9:-3])))
    with session_factory() as session:
        bodies = session.scalars(select(Article.body).order_by(Article.id)).all()
    assert bodies == ["Taxes rise.", "Taxes rise."]


# --- 2. `civility export` reads one snapshot: a commit between its queries is not in it.


@pytest.fixture
def write_after_next_articles_query(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> Iterator[dict[str, bool]]:
    """Once armed, after the next SELECT on articles commit an article and comment elsewhere.

    The hook is on SQLAlchemy's Engine class, as the export opens its own engine.
    """
    state = {"armed": False, "written": False}

    def write(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not state["armed"] or "FROM articles" not in statement:
            return
        state["armed"] = False  # the writer's own queries must not fire again
        with session_factory() as session, session.begin():
            article = articles.add(session, title="Late", body="Late.", now=NOW)
            submit(session, lexicon_engine, NewComment(article.id, "Late", "Late news."), now=NOW)
        state["written"] = True

    event.listen(Engine, "after_cursor_execute", write)
    yield state
    event.remove(Engine, "after_cursor_execute", write)


def test_export_reads_one_snapshot(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    lexicon_engine: ModerationEngine,
    write_after_next_articles_query: dict[str, bool],
) -> None:
    with session_factory() as session, session.begin():
        article = articles.add(session, title="Budget", body="Taxes.", now=NOW)
        submit(session, lexicon_engine, NewComment(article.id, "Zoë", "Fuel taxes."), now=NOW)
    write_after_next_articles_query["armed"] = True
    result = invoke(cli_env, "export")
    assert result.exit_code == 0, result.output
    assert write_after_next_articles_query["written"], "no write happened between the queries"
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_type = {kind: [r for r in rows if r["type"] == kind] for kind in ("article", "comment")}
    assert [a["title"] for a in by_type["article"]] == ["Budget"]
    assert [c["text"] for c in by_type["comment"]] == ["Fuel taxes."]
    assert len([r for r in rows if r["type"] == "decision"]) == 1
    assert count(session_factory, Comment) == 2  # the write did commit, after the snapshot


# --- Dates no database reads back: refused, since one such row breaks every page listing it.


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_import_disqus_refuses_a_date_outside_the_stored_years(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine, when: str
) -> None:
    data = disqus(thread("t1"), post("p1").replace("2011-10-25T10:00:00Z", when))
    with pytest.raises(ImportFormatError, match="outside the years 1800 to 2200"):
        run_disqus(session_factory, lexicon_engine, data)
    assert count(session_factory, Comment) == 0 and count(session_factory, Article) == 0


def test_import_wordpress_refuses_a_date_outside_the_stored_years(
    session_factory: sessionmaker[Session], lexicon_engine: ModerationEngine
) -> None:
    item = wp_item(1, wp_comment(1)).replace("2011-10-25 11:00:00", "9999-12-31 23:59:59")
    with pytest.raises(ImportFormatError, match="outside the years 1800 to 2200"):
        run_wordpress(session_factory, lexicon_engine, wxr(item))
    assert count(session_factory, Comment) == 0
