"""WordPress (WXR) import on exports generated here: posts, nested comments, statuses, encodings."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine
from civility.domain import CommentStatus
from civility.importers.platform import ImportStats
from civility.importers.records import ImportFormatError
from civility.importers.wordpress import import_wordpress
from civility.store import moderation
from civility.store.models import Article, Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
RSS = (
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><title>The Paper</title><link>https://paper.example</link>"
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)


def comment(
    ident: int,
    content: str,
    *,
    author: str = "Alice",
    approved: str = "1",
    parent: int = 0,
    kind: str = "comment",
    gmt: str = "2011-10-25 11:00:00",
) -> str:
    """One <wp:comment>; `content` is raw XML (CDATA, entities...)."""
    return (
        f"<wp:comment><wp:comment_id>{ident}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
        f"<wp:comment_author_email>{escape(author.lower())}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_IP>10.0.0.1</wp:comment_author_IP>"
        f"<wp:comment_date>2011-10-25 16:00:00</wp:comment_date>"
        f"<wp:comment_date_gmt>{gmt}</wp:comment_date_gmt>"
        f"<wp:comment_content>{content}</wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>"
        f"</wp:comment>\n"
    )


def item(post_id: int, title: str, link: str, *comments: str, post_type: str = "post") -> str:
    """One <item> with its comments after its own fields, as WordPress writes it."""
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>Tue, 25 Oct 2011 08:00:00 +0000</pubDate><dc:creator>editor</dc:creator>"
        f"<content:encoded><![CDATA[<p>The budget raises fuel taxes.</p>]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[excerpt]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>2011-10-25 13:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2011-10-25 08:00:00</wp:post_date_gmt>"
        f"<wp:post_type>{post_type}</wp:post_type><wp:status>publish</wp:status>\n"
        f"{''.join(comments)}</item>\n"
    )


def wxr(*items: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    """A whole WXR document."""
    return f"{declaration}\n{RSS}{''.join(items)}</channel></rss>\n"


SAMPLE = wxr(
    item(
        10,
        "Budget day",
        "https://paper.example/budget/",
        comment(1, "<![CDATA[Fuel taxes hurt commuters.\n\nSecond paragraph.]]>"),
        comment(2, "Agreed &amp; more", author="Bob", parent=1),
        comment(3, "<![CDATA[Bob, you idiot.]]>", author="Carol", parent=2),
        comment(4, "<![CDATA[Cheap pills, buy now]]>", author="Spam", approved="spam"),
        comment(5, "<![CDATA[Waiting for a moderator]]>", author="Dan", approved="0"),
        comment(6, "<![CDATA[Gone]]>", author="Eve", approved="trash"),
        comment(7, "<![CDATA[Site X linked here]]>", author="X", kind="pingback"),
    ),
    item(11, "Logo", "https://paper.example/logo.png", post_type="attachment"),
    item(12, "About", "https://paper.example/about/", post_type="page"),
)


def run(
    sessions: sessionmaker[Session], engine: Engine, data: bytes, *, remoderate: bool = False
) -> ImportStats:
    """Import in one transaction, as the command does."""
    with sessions() as session, session.begin():
        return import_wordpress(session, engine, io.BytesIO(data), remoderate=remoderate, now=NOW)


def by_id(sessions: sessionmaker[Session]) -> dict[int, Comment]:
    """Imported comments by their WordPress id."""
    with sessions() as session:
        rows = session.scalars(select(Comment)).all()
        return {int(c.external_key.rsplit(":", 1)[1]): c for c in rows if c.external_key}


def count(sessions: sessionmaker[Session], model: type[object]) -> int:
    """Rows in a table."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_wordpress_keeps_posts_replies_and_statuses(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    stats = run(session_factory, lexicon_engine, SAMPLE.encode())
    assert (stats.articles_created, stats.created, stats.skipped) == (2, 6, 1)
    got = by_id(session_factory)
    assert got[2].parent_id == got[1].id and got[3].parent_id == got[2].id
    assert got[1].text == "Fuel taxes hurt commuters.\n\nSecond paragraph."
    assert got[2].text == "Agreed & more"
    assert got[1].external_key == "wordpress:paper.example:1"
    statuses = {k: c.status for k, c in got.items()}
    assert statuses == {
        1: CommentStatus.PUBLISHED,
        2: CommentStatus.PUBLISHED,
        3: CommentStatus.PUBLISHED,
        4: CommentStatus.REJECTED,
        5: CommentStatus.HELD,
        6: CommentStatus.REJECTED,
    }
    with session_factory() as session:
        record = moderation.latest_system_record(session, comment_id=got[3].id)
        assert record is not None and record.status is CommentStatus.REJECTED
        budget = session.scalars(select(Article).where(Article.title == "Budget day")).one()
        assert budget.body == "The budget raises fuel taxes."
        assert budget.url == "https://paper.example/budget/"
        assert budget.published_at is not None and budget.published_at.hour == 8


def test_import_wordpress_remoderate_and_reimport(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    run(session_factory, lexicon_engine, SAMPLE.encode(), remoderate=True)
    assert by_id(session_factory)[3].status is CommentStatus.REJECTED
    again = run(session_factory, lexicon_engine, SAMPLE.encode())
    assert (again.created, again.existing, again.articles_created) == (0, 6, 0)
    assert count(session_factory, Comment) == 6 and count(session_factory, Article) == 2


def test_import_wordpress_latin1_and_bom(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    doc = wxr(
        item(1, "Café", "https://paper.example/cafe/", comment(1, "Crème &#233;t&eacute;")),
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>',
    )
    # &eacute; is an HTML entity WordPress leaves in content: XML itself does not define it.
    with pytest.raises(ImportFormatError, match="line"):
        run(session_factory, lexicon_engine, doc.encode("latin-1"))
    doc = doc.replace("&eacute;", "&amp;eacute;")
    run(session_factory, lexicon_engine, doc.encode("latin-1"))
    assert by_id(session_factory)[1].text == "Crème été"
    bom = wxr(item(2, "B", "https://paper.example/b/", comment(9, "<![CDATA[naïve]]>")))
    run(session_factory, lexicon_engine, b"\xef\xbb\xbf" + bom.encode())
    assert by_id(session_factory)[9].text == "naïve"


def test_import_wordpress_truncated_file_stores_nothing(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    data = SAMPLE.encode()
    truncated = data[: data.index(b"<wp:comment_id>5") + 5]
    with pytest.raises(ImportFormatError) as caught:
        run(session_factory, lexicon_engine, truncated)
    assert caught.value.line == truncated.count(b"\n") + 1
    assert count(session_factory, Comment) == 0 and count(session_factory, Article) == 0


def test_import_wordpress_bad_comment_is_named(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    doc = wxr(
        item(10, "A", "https://paper.example/a/", comment(1, "ok"), comment(2, "x", gmt="later"))
    )
    with pytest.raises(ImportFormatError, match=r"item 1 \(wp:post_id=10\), comment 2"):
        run(session_factory, lexicon_engine, doc.encode())
    assert count(session_factory, Comment) == 0


def test_import_wordpress_command(
    cli_env: dict[str, str], tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    path = tmp_path / "wordpress.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "wordpress", str(path)], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "6 comments imported" in result.stdout and "1 skipped" in result.stdout
    again = CliRunner().invoke(main, ["import", "wordpress", str(path)], env=cli_env)
    assert "0 comments imported" in again.stdout and "6 already there" in again.stdout
