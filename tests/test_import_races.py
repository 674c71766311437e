"""Two imports of one article at once, on both databases: one article, every comment once.

The competing import runs to completion, on a connection of its own, just before the first
one's INSERT INTO articles: both looked for the URL and found nothing, one stored it first.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine as ModerationEngine
from civility.importers.disqus import import_disqus
from civility.importers.loader import LoadResult, load_article
from civility.importers.platform import ImportStats
from civility.importers.text import parse_text
from civility.store import articles, authors
from civility.store.models import Article, Author, Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SITE = "https://news.example"
# Far longer than a small import takes; the first import holds no lock that could stop it.
OTHER_IMPORT_S = 30.0


@contextmanager
def _before_first_article_insert(action: Callable[[], object]) -> Iterator[list[Future[Any]]]:
    """Run `action` in another thread, waiting for it, before the first INSERT INTO articles.

    Listens on every engine: the command under test builds its own. Yields the action's
    future once started, for its result.
    """
    fired, started = threading.Lock(), []
    with ThreadPoolExecutor(max_workers=1) as pool:

        def hook(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
            is_insert = " ".join(sql.split()).upper().startswith("INSERT INTO ARTICLES")
            # Taken first: the action's own insert goes through this hook too.
            if is_insert and fired.acquire(blocking=False):
                started.append(pool.submit(action))
                wait(started, timeout=OTHER_IMPORT_S)

        event.listen(Engine, "before_cursor_execute", hook)
        try:
            yield started
        finally:
            event.remove(Engine, "before_cursor_execute", hook)


def _stored(sessions: sessionmaker[Session]) -> tuple[list[Article], dict[str, Comment]]:
    """Every article, and every comment by its import key."""
    with sessions() as session:
        stored = list(session.scalars(select(Article).order_by(Article.id)))
        rows = session.scalars(select(Comment)).all()
        keyed = {c.external_key: c for c in rows if c.external_key}
        assert len(keyed) == len(rows)
        return stored, keyed


# --- The native loader (`civility import-text --url`): an earlier, shorter export of the page.


def test_import_races_text_imports_of_one_url_share_its_article(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    moderation_engine: ModerationEngine,
    seed_file: Path,
    tmp_path: Path,
) -> None:
    url = f"{SITE}/haqqani-network"
    earlier = tmp_path / "earlier.txt"
    lines = seed_file.read_text(encoding="utf-8").splitlines()
    earlier.write_text("\n".join(lines[:-3]) + "\n", encoding="utf-8")  # its last 3 not yet in
    every_key = {c.external_key for c in parse_text(seed_file.read_bytes()).comments}

    def other_import() -> LoadResult:
        imported = replace(parse_text(earlier.read_bytes()), url=url)
        with session_factory.begin() as session:
            return load_article(session, moderation_engine, imported, now=NOW)

    with _before_first_article_insert(other_import) as other:
        result = CliRunner().invoke(
            main, ["import-text", str(seed_file), "--url", url], env=cli_env
        )
    assert result.exit_code == 0, result.output
    (other_import_done,) = other
    done = other_import_done.result()
    assert isinstance(done, LoadResult)
    assert (done.article_created, done.created) == (True, len(every_key) - 3)
    assert f"article {done.article.slug!r} (found): 3 comments imported" in result.output
    assert f"{len(every_key) - 3} already there" in result.output
    stored, keyed = _stored(session_factory)
    assert [(a.id, a.url) for a in stored] == [(done.article.id, url)]
    assert set(keyed) == every_key
    assert {c.article_id for c in keyed.values()} == {done.article.id}


# --- A platform importer (`civility import disqus`): two editors' overlapping exports.


def _thread(ident: str, link: str, title: str) -> str:
    """One Disqus <thread> record."""
    return (
        f"<thread dsq:id={quoteattr(ident)}><link>{escape(link)}</link>"
        f"<title>{escape(title)}</title><message/><createdAt>2011-10-25T08:00:00Z</createdAt>"
        f"</thread>\n"
    )


def _post(ident: str, thread: str, text: str, *, parent: str | None = None) -> str:
    """One Disqus <post> record, by an author named after it."""
    parent_xml = f"<parent dsq:id={quoteattr(parent)}/>" if parent else ""
    return (
        f"<post dsq:id={quoteattr(ident)}><message><![CDATA[{text}]]></message>"
        f"<createdAt>2011-10-25T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
        f"<isSpam>false</isSpam><author><name>Reader {ident}</name></author>"
        f"<thread dsq:id={quoteattr(thread)}/>{parent_xml}</post>\n"
    )


def _export(*records: str) -> bytes:
    """A whole Disqus export."""
    head = '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head}{"".join(records)}</disqus>\n'.encode()


BUDGET = _thread("t1", f"{SITE}/budget", "Budget day")
# Each editor's export holds comments the other's lacks, and one both hold (p3).
FIRST_EXPORT = _export(
    BUDGET,
    _thread("t2", f"{SITE}/cricket", "Cricket final"),
    _post("p1", "t1", "Fuel taxes hurt commuters."),
    _post("p2", "t1", "Farmers too.", parent="p1"),
    _post("p3", "t1", "The opposition will vote against it."),
    _post("p6", "t2", "What a match."),
)
OTHER_EXPORT = _export(
    BUDGET,
    _post("p3", "t1", "The opposition will vote against it."),
    _post("p4", "t1", "They always say that.", parent="p3"),
    _post("p5", "t1", "Wait for the vote."),
)


def test_import_races_disqus_imports_of_one_thread_share_its_article(
    cli_env: dict[str, str],
    session_factory: sessionmaker[Session],
    moderation_engine: ModerationEngine,
    tmp_path: Path,
) -> None:
    path = tmp_path / "disqus.xml"
    path.write_bytes(FIRST_EXPORT)

    def other_import() -> ImportStats:
        with session_factory.begin() as session:
            source = io.BytesIO(OTHER_EXPORT)
            return import_disqus(session, moderation_engine, source, remoderate=False, now=NOW)

    with _before_first_article_insert(other_import) as other:
        result = CliRunner().invoke(main, ["import", "disqus", str(path)], env=cli_env)
    assert result.exit_code == 0, result.output
    (other_import_done,) = other
    done = other_import_done.result()
    assert isinstance(done, ImportStats)
    assert (done.articles_created, done.created) == (1, 3)
    assert "2 articles (1 new), 3 comments imported" in result.output
    assert "1 already there" in result.output
    stored, keyed = _stored(session_factory)
    assert [a.url for a in stored] == [f"{SITE}/budget", f"{SITE}/cricket"]
    assert set(keyed) == {f"disqus:p{n}" for n in range(1, 7)}
    budget = stored[0].id
    assert {keyed[f"disqus:p{n}"].article_id for n in range(1, 6)} == {budget}
    assert keyed["disqus:p2"].parent_id == keyed["disqus:p1"].id
    assert keyed["disqus:p4"].parent_id == keyed["disqus:p3"].id


# --- The store function both importers share with the embed widget.


def test_import_races_article_whose_slug_is_taken_meanwhile_gets_the_next_slug(
    session_factory: sessionmaker[Session],
) -> None:
    def other_page() -> None:  # another page with the same headline
        with session_factory.begin() as session:
            articles.add(session, title="Live updates", body="a", url=f"{SITE}/1", now=NOW)

    with _before_first_article_insert(other_page) as other, session_factory.begin() as session:
        article, created = articles.get_or_add(
            session, url=f"{SITE}/2", title="Live updates", body="b", now=NOW
        )
        assert (created, article.slug, article.url) == (True, "live-updates-2", f"{SITE}/2")
    assert [page.result() for page in other] == [None]
    with session_factory() as session:
        assert session.scalars(select(Article.slug).order_by(Article.id)).all() == [
            "live-updates",
            "live-updates-2",
        ]


def test_import_races_article_stored_meanwhile_is_found_and_the_transaction_goes_on(
    session_factory: sessionmaker[Session],
) -> None:
    _article_stored_meanwhile(session_factory, first_write=True)


# PostgreSQL only: on SQLite a transaction that wrote holds the write lock, so no other
# import can store the article meanwhile.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_import_races_article_stored_meanwhile_after_a_write_keeps_that_write(
    session_factory: sessionmaker[Session],
) -> None:
    _article_stored_meanwhile(session_factory, first_write=False)


def _article_stored_meanwhile(session_factory: sessionmaker[Session], *, first_write: bool) -> None:
    """Another import stores the article just before this one's insert: found, and used."""
    url = f"{SITE}/budget"

    def other_import() -> None:
        with session_factory.begin() as session:
            articles.add(session, title="Budget day", body="a", url=url, now=NOW)

    with _before_first_article_insert(other_import) as other, session_factory.begin() as session:
        if not first_write:
            authors.get_or_create(session, display_name="Reader", now=NOW)
        article, created = articles.get_or_add(
            session, url=url, title="Budget day", body="b", now=NOW
        )
        assert (created, article.body) == (False, "a")
        articles.add(session, title="Later thread", body="l", url=f"{SITE}/l", now=NOW)
    assert [done.result() for done in other] == [None]
    with session_factory() as session:
        titles = session.scalars(select(Article.title).order_by(Article.id)).all()
        readers = session.scalars(select(Author.display_name)).all()
    assert titles == ["Budget day", "Later thread"]
    assert readers == ([] if first_write else ["Reader"])
