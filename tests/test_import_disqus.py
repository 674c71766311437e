"""Disqus XML import on exports generated here: threads, replies, statuses, odd encodings."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine
from civility.domain import CommentStatus
from civility.importers.disqus import import_disqus
from civility.importers.platform import ImportStats
from civility.importers.records import ImportFormatError
from civility.store import moderation
from civility.store.models import Article, Comment, ModerationRecord

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HEAD = (
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
)


def thread(ident: str, link: str, title: str) -> str:
    """One <thread> record."""
    return (
        f"<thread dsq:id={quoteattr(ident)}><id>{ident}</id><forum>news</forum>"
        f"<link>{escape(link)}</link><title>{escape(title)}</title><message/>"
        f"<createdAt>2011-10-25T08:00:00Z</createdAt><isClosed>false</isClosed>"
        f"<isDeleted>false</isDeleted></thread>\n"
    )


def post(
    ident: str,
    thread_id: str,
    message: str,
    *,
    name: str = "Alice",
    parent: str | None = None,
    spam: bool = False,
    deleted: bool = False,
    when: str = "2011-10-25T10:00:00Z",
) -> str:
    """One <post> record; `message` is raw XML content (CDATA, entities...)."""
    parent_xml = f"<parent dsq:id={quoteattr(parent)}/>" if parent else ""
    return (
        f"<post dsq:id={quoteattr(ident)}><id/><message>{message}</message>"
        f"<createdAt>{when}</createdAt><isDeleted>{str(deleted).lower()}</isDeleted>"
        f"<isSpam>{str(spam).lower()}</isSpam><author><email>{escape(name.lower())}@example.org"
        f"</email><name>{escape(name)}</name><isAnonymous>false</isAnonymous></author>"
        f"<ipAddress>127.0.0.1</ipAddress><thread dsq:id={quoteattr(thread_id)}/>{parent_xml}"
        f"</post>\n"
    )


def export(*records: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    """A whole export document."""
    return f"{declaration}\n{HEAD}{''.join(records)}</disqus>\n"


SAMPLE = export(
    thread("t1", "https://news.example/budget", "Budget & taxes"),
    thread("t2", "https://news.example/cricket", "Cricket"),
    post("p1", "t1", "<![CDATA[<p>Fuel taxes hurt <b>commuters</b>.</p>]]>", name="Alice"),
    post("p2", "t1", "&lt;p&gt;Agreed, caf&#233; owners too.&lt;/p&gt;", name="Bob", parent="p1"),
    post("p3", "t1", "<![CDATA[Bob, you idiot.]]>", name="Carol", parent="p2"),
    post("p4", "t1", "<![CDATA[Cheap pills, buy now!]]>", name="Spammer", spam=True),
    post("p5", "t1", "<![CDATA[I take it back.]]>", name="Dan", deleted=True),
    post("p6", "t2", "<![CDATA[Reply before its parent]]>", name="Eve", parent="p7"),
    post("p7", "t2", '<![CDATA[<a href="https://cricket.example">Great</a> match]]>', name="Fay"),
    post("p8", "t2", "<![CDATA[]]>", name="Gone", deleted=True),
)


def run(
    sessions: sessionmaker[Session], engine: Engine, data: bytes, *, remoderate: bool = False
) -> ImportStats:
    """Import in one transaction, as the command does."""
    with sessions() as session, session.begin():
        return import_disqus(session, engine, io.BytesIO(data), remoderate=remoderate, now=NOW)


def by_key(sessions: sessionmaker[Session]) -> dict[str, Comment]:
    """Imported comments by their Disqus id."""
    with sessions() as session:
        rows = session.scalars(select(Comment)).all()
        return {c.external_key.removeprefix("disqus:"): c for c in rows if c.external_key}


def count(sessions: sessionmaker[Session], model: type[object]) -> int:
    """Rows in a table."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_disqus_keeps_threads_replies_and_statuses(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    stats = run(session_factory, lexicon_engine, SAMPLE.encode())
    assert (stats.articles_created, stats.created, stats.skipped) == (2, 7, 1)
    got = by_key(session_factory)
    assert got["p2"].parent_id == got["p1"].id and got["p3"].parent_id == got["p2"].id
    assert got["p6"].parent_id == got["p7"].id  # linked once its parent had been read
    assert got["p1"].text == "Fuel taxes hurt commuters."
    assert got["p2"].text == "Agreed, café owners too."
    assert got["p7"].text == "[Great](https://cricket.example) match"
    assert got["p1"].created_at == datetime(2011, 10, 25, 10, tzinfo=UTC)
    statuses = {k: c.status for k, c in got.items()}
    assert statuses["p4"] is CommentStatus.REJECTED and statuses["p5"] is CommentStatus.REJECTED
    # Old status kept although the engine would reject it; its decision is still on record.
    assert statuses["p3"] is CommentStatus.PUBLISHED
    with session_factory() as session:
        record = moderation.latest_system_record(session, comment_id=got["p3"].id)
        assert record is not None and record.status is CommentStatus.REJECTED
        assert {s.name for s in record.scores} == {"toxicity", "insult", "spam"}
        titles = session.scalars(select(Article.title).order_by(Article.id)).all()
        assert titles == ["Budget & taxes", "Cricket"]
    assert count(session_factory, ModerationRecord) == 7


def test_import_disqus_remoderate_applies_decisions(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    run(session_factory, lexicon_engine, SAMPLE.encode(), remoderate=True)
    got = by_key(session_factory)
    assert got["p3"].status is CommentStatus.REJECTED
    assert got["p1"].status is CommentStatus.PUBLISHED


def test_import_disqus_twice_adds_nothing(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    run(session_factory, lexicon_engine, SAMPLE.encode())
    again = run(session_factory, lexicon_engine, SAMPLE.encode())
    assert (again.articles_created, again.articles_found, again.created, again.existing) == (
        0,
        2,
        0,
        7,
    )
    assert count(session_factory, Comment) == 7
    assert count(session_factory, Article) == 2


@pytest.mark.parametrize(
    ("declaration", "encoding", "bom"),
    [
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', "latin-1", b""),
        ('<?xml version="1.0" encoding="utf-8"?>', "utf-8", b"\xef\xbb\xbf"),
        ('<?xml version="1.0"?>', "utf-8", b"\xef\xbb\xbf"),
    ],
)
def test_import_disqus_odd_encodings(
    session_factory: sessionmaker[Session],
    lexicon_engine: Engine,
    declaration: str,
    encoding: str,
    bom: bytes,
) -> None:
    doc = export(
        thread("t1", "https://news.example/a", "Café"),
        post("p1", "t1", "Crème brûlée &amp; <![CDATA[<i>naïve</i>]]>", name="Zoë"),
        declaration=declaration,
    )
    run(session_factory, lexicon_engine, bom + doc.encode(encoding))
    comment = by_key(session_factory)["p1"]
    assert comment.text == "Crème brûlée & naïve"
    with session_factory() as session:
        assert session.scalars(select(Article.title)).one() == "Café"


def test_import_disqus_truncated_file_names_the_position_and_stores_nothing(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    data = SAMPLE.encode()
    truncated = data[: data.index(b'<post dsq:id="p6"') + 40]
    with pytest.raises(ImportFormatError) as caught:
        run(session_factory, lexicon_engine, truncated)
    assert caught.value.line == truncated.count(b"\n") + 1
    assert "malformed XML" in str(caught.value) and "column" in str(caught.value)
    assert count(session_factory, Comment) == 0 and count(session_factory, Article) == 0


def test_import_disqus_bad_record_is_named(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    doc = export(
        thread("t1", "https://news.example/a", "A"),
        post("p1", "t1", "fine"),
        post("p2", "t9", "orphan"),
    )
    with pytest.raises(ImportFormatError, match=r"record 3 \(<post> dsq:id=p2\): names thread"):
        run(session_factory, lexicon_engine, doc.encode())
    bad_date = export(
        thread("t1", "https://news.example/a", "A"), post("p1", "t1", "x", when="soon")
    )
    with pytest.raises(ImportFormatError, match=r"record 2.*createdAt"):
        run(session_factory, lexicon_engine, bad_date.encode())
    no_link = export(thread("t1", "javascript:alert(1)", "A"))
    with pytest.raises(ImportFormatError, match=r"record 1.*link"):
        run(session_factory, lexicon_engine, no_link.encode())
    assert count(session_factory, Comment) == 0 and count(session_factory, Article) == 0


def test_import_disqus_refuses_entity_bombs(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
        f"{HEAD}{thread('t1', 'https://news.example/a', '&lol2;')}</disqus>"
    )
    external = (
        '<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        f"{HEAD}{thread('t1', 'https://news.example/a', '&xxe;')}</disqus>"
    )
    for doc in (laughs, external):
        with pytest.raises(ImportFormatError, match="refused"):
            run(session_factory, lexicon_engine, doc.encode())
    assert count(session_factory, Article) == 0


def test_import_disqus_hostile_text_is_stored_inert(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    hostile = (
        "<![CDATA[<script>alert(1)</script><img src=x onerror=alert(2)>'; DROP TABLE comments;--]]>"
    )
    doc = export(
        thread("t1", "https://news.example/a", "A"), post("p1", "t1", hostile, name="<b>X</b>")
    )
    run(session_factory, lexicon_engine, doc.encode())
    comment = by_key(session_factory)["p1"]
    assert "<script" not in comment.html and "onerror" not in comment.html
    assert comment.text == "'; DROP TABLE comments;--"


def test_import_disqus_command(
    cli_env: dict[str, str], tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "export.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "disqus", str(path)], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "2 articles (2 new), 7 comments imported" in result.stdout
    path.write_bytes(SAMPLE.encode()[:-30])
    broken = CliRunner().invoke(main, ["import", "disqus", str(path)], env=cli_env)
    assert broken.exit_code == 1
    assert "line" in broken.output and "nothing was imported" in broken.output
    assert count(session_factory, Comment) == 7
