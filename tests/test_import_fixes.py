"""Import fixes, on both databases: WordPress multisite keys (and the keys older versions
stored), import-text of an edited page, erased authors' placeholder names, unstorable options."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import Engine
from civility.importers.disqus import import_disqus
from civility.importers.loader import load_article
from civility.importers.platform import ImportStats
from civility.importers.records import ImportedArticle, ImportedComment, ImportFormatError
from civility.importers.text import parse_text
from civility.importers.wordpress import import_wordpress
from civility.store import articles, authors, erasure
from civility.store.models import Article, Author, Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
HOST = "multi.example.com"


def _invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def _count(sessions: sessionmaker[Session], model: type[object]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _keys(sessions: sessionmaker[Session]) -> dict[str, Comment]:
    """Every comment by its import key, with its author loaded."""
    with sessions() as session:
        rows = session.scalars(select(Comment)).all()
        for row in rows:
            _ = row.author.display_name
        return {row.external_key or "": row for row in rows}


# --- WordPress: the sites of one host, keys older versions stored, a key on another article.


def wp_comment(ident: int, text: str, *, author: str = "Ann", parent: int = 0) -> str:
    """One approved <wp:comment>."""
    return (
        f"<wp:comment><wp:comment_id>{ident}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
        f"<wp:comment_author_email>{author.lower().strip('[]').replace(' ', '')}@example.org"
        f"</wp:comment_author_email>"
        f"<wp:comment_date_gmt>2011-10-25 11:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def wp_item(link: str, *comments: str, title: str = "A post") -> str:
    """One post <item> at `link`."""
    return (
        f"<item><title>{title}</title><link>{link}</link>"
        f"<content:encoded><![CDATA[<p>Body of {link}.</p>]]></content:encoded>"
        f"<wp:post_date_gmt>2011-10-25 10:00:00</wp:post_date_gmt>"
        f"<wp:post_type>post</wp:post_type>\n{''.join(comments)}</item>\n"
    )


def wxr(site: str, *items: str) -> bytes:
    """A WXR export of the site whose home page is `site`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n'
        f"<channel><title>{site}</title><link>{site}</link>\n{''.join(items)}</channel></rss>\n"
    ).encode()


def blog(name: str, *comments: str) -> bytes:
    """The export of the sub-directory site /`name` of a multisite install: one post."""
    return wxr(f"https://{HOST}/{name}", wp_item(f"https://{HOST}/{name}/2011/10/post/", *comments))


def run_wp(sessions: sessionmaker[Session], engine: Engine, data: bytes) -> ImportStats:
    """Import in one transaction, as the command does."""
    with sessions() as session, session.begin():
        return import_wordpress(session, engine, io.BytesIO(data), remoderate=False, now=NOW)


def test_import_wordpress_keeps_the_comments_of_every_site_of_a_host(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    blog1 = blog("blog1", wp_comment(1, "Written on blog1."))
    blog2 = blog("blog2", wp_comment(1, "Written on blog2."), wp_comment(2, "Reply.", parent=1))
    assert run_wp(session_factory, lexicon_engine, blog1).created == 1
    second = run_wp(session_factory, lexicon_engine, blog2)
    assert (second.created, second.existing) == (2, 0)
    keys = _keys(session_factory)
    assert keys[f"wordpress:{HOST}/blog1:1"].text == "Written on blog1."
    assert keys[f"wordpress:{HOST}/blog2:1"].text == "Written on blog2."
    assert keys[f"wordpress:{HOST}/blog2:2"].parent_id == keys[f"wordpress:{HOST}/blog2:1"].id
    # Imported again, each file finds its own comments.
    for data, existing in ((blog1, 1), (blog2, 2)):
        again = run_wp(session_factory, lexicon_engine, data)
        assert (again.created, again.existing) == (0, existing)
    assert _count(session_factory, Comment) == 3
    # A site at the root of its host keeps the key earlier versions gave it.
    root = wxr("https://paper.example/", wp_item("https://paper.example/a/", wp_comment(7, "Hi")))
    run_wp(session_factory, lexicon_engine, root)
    assert "wordpress:paper.example:7" in _keys(session_factory)


def test_import_wordpress_recognises_a_subdirectory_site_keyed_by_its_host_alone(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    """A database an older version filled: blog1's comments under "wordpress:<host>:<id>"."""
    first = wp_comment(1, "Written on blog1.")
    run_wp(session_factory, lexicon_engine, blog("blog1", first))
    with session_factory.begin() as session:
        session.execute(update(Comment).values(external_key=f"wordpress:{HOST}:1"))
    # The same export again stores nothing; a later one links a new reply to the old comment.
    again = run_wp(session_factory, lexicon_engine, blog("blog1", first))
    assert (again.created, again.existing) == (0, 1)
    later = run_wp(
        session_factory, lexicon_engine, blog("blog1", first, wp_comment(2, "Late.", parent=1))
    )
    assert (later.created, later.existing) == (1, 1)
    # blog2's comment 1 is not blog1's: the host-only key on another article is not it.
    other = run_wp(session_factory, lexicon_engine, blog("blog2", wp_comment(1, "On blog2.")))
    assert (other.created, other.existing) == (1, 0)
    keys = _keys(session_factory)
    assert keys[f"wordpress:{HOST}/blog1:2"].parent_id == keys[f"wordpress:{HOST}:1"].id
    assert keys[f"wordpress:{HOST}/blog2:1"].text == "On blog2."
    assert _count(session_factory, Comment) == 3


def test_import_wordpress_refuses_a_key_stored_on_another_article(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    site = "https://paper.example"
    data = wxr(
        site,
        wp_item(f"{site}/a/", wp_comment(1, "On post a.")),
        wp_item(f"{site}/b/", wp_comment(1, "On post b, with the same id.")),
    )
    with pytest.raises(ImportFormatError) as caught:
        run_wp(session_factory, lexicon_engine, data)
    message = str(caught.value)
    assert "item 2" in message and "wp:comment_id=1" in message
    assert "another article" in message and f"{site}/a/" in message
    assert _count(session_factory, Comment) == 0
    # A comment moved to another post since the first import: refused too, naming it.
    run_wp(session_factory, lexicon_engine, wxr(site, wp_item(f"{site}/a/", wp_comment(1, "x"))))
    with pytest.raises(ImportFormatError, match=r"item 1 .*wp:comment_id=1.*another article"):
        run_wp(
            session_factory, lexicon_engine, wxr(site, wp_item(f"{site}/b/", wp_comment(1, "x")))
        )
    assert _count(session_factory, Comment) == 1


def test_import_disqus_refuses_a_post_stored_on_another_thread(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    def export(thread: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
            f'<thread dsq:id="{thread}"><link>https://news.example/{thread}</link>'
            f"<title>Thread {thread}</title><message></message></thread>\n"
            '<post dsq:id="p1"><message>A comment.</message>'
            "<createdAt>2011-10-25T10:00:00Z</createdAt>"
            "<author><email>a@example.org</email><name>Alice</name></author>"
            f'<thread dsq:id="{thread}"/></post>\n</disqus>\n'
        ).encode()

    def run(data: bytes) -> ImportStats:
        with session_factory() as session, session.begin():
            return import_disqus(
                session, lexicon_engine, io.BytesIO(data), remoderate=False, now=NOW
            )

    assert run(export("t1")).created == 1
    again = run(export("t1"))
    assert (again.created, again.existing) == (0, 1)
    with pytest.raises(ImportFormatError, match="another article"):
        run(export("t2"))
    assert _count(session_factory, Comment) == 1


# --- Erased authors' placeholder names in import files.


def test_import_wordpress_placeholder_name_is_imported_as_anonymous(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    with session_factory.begin() as session:
        erased = authors.get_or_create(session, display_name="[erased 2]", now=NOW)
        erased_id = erased.id
    site = "https://paper.example"
    data = wxr(
        site,
        wp_item(
            f"{site}/a/",
            wp_comment(1, "Pretending.", author="[erased 2]"),
            wp_comment(2, "Also.", author=" [erased  3-1] "),
        ),
    )
    stats = run_wp(session_factory, lexicon_engine, data)
    keys = _keys(session_factory)
    assert {c.author.display_name for c in keys.values()} == {"Anonymous"}
    with session_factory() as session:
        mine = session.scalar(select(func.count()).where(Comment.author_id == erased_id))
        assert mine == 0
    assert (stats.created, stats.placeholders_renamed) == (2, 2)
    assert "2 author names of the erased-author form ('[erased N]') imported as Anonymous" in (
        stats.describe()
    )


def test_load_article_placeholder_name_is_imported_as_anonymous(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    imported = ImportedArticle(
        title="Budget",
        body="The budget raises fuel taxes.",
        comments=(ImportedComment("k:1", "Fuel taxes hurt.", "[erased 4]", NOW, 3),),
    )
    with session_factory.begin() as session:
        result = load_article(session, lexicon_engine, imported, now=NOW)
    with session_factory() as session:
        assert session.scalars(select(Author.display_name)).all() == ["Anonymous"]
    assert (result.created, result.renamed) == (1, 1)


# --- import-text: a page scraped again, keys older versions stored, unstorable options.


def _edited(seed_file: Path, tmp_path: Path, *, insert: str | None = None, drop: int = 0) -> Path:
    """The seed with `insert` as the first comment, or its `drop`-th comment line removed."""
    lines = seed_file.read_text(encoding="utf-8").splitlines()
    notice = next(i for i, line in enumerate(lines) if line.startswith("For more information"))
    if insert is not None:
        lines.insert(notice + 1, insert)
    if drop:
        del lines[notice + drop]
    path = tmp_path / f"edited-{insert is not None}-{drop}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_text_of_an_edited_page_adds_only_its_new_comments(
    cli_env: dict[str, str],
    seed_file: Path,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
) -> None:
    assert _invoke(cli_env, "import-text", str(seed_file)).exit_code == 0
    added = _edited(seed_file, tmp_path, insert="A brand new comment added at the top.")
    result = _invoke(cli_env, "import-text", str(added))
    assert result.exit_code == 0, result.output
    assert "1 comments imported" in result.stdout and "12 already there" in result.stdout
    again = _invoke(cli_env, "import-text", str(added))
    assert "0 comments imported, 13 already there" in again.stdout
    removed = _invoke(cli_env, "import-text", str(_edited(seed_file, tmp_path, drop=2)))
    assert removed.exit_code == 0, removed.output
    assert "0 comments imported, 11 already there" in removed.stdout
    assert _count(session_factory, Comment) == 13 and _count(session_factory, Article) == 1
    # Identical comments on one page are each kept, and found again.
    twice = _edited(seed_file, tmp_path, insert="Well said.")
    lines = [*twice.read_text(encoding="utf-8").splitlines(), "Well said."]
    twice.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _invoke(cli_env, "import-text", str(twice))
    assert "2 comments imported" in result.stdout and "12 already there" in result.stdout
    again = _invoke(cli_env, "import-text", str(twice))
    assert "0 comments imported, 14 already there" in again.stdout


def _positional(sessions: sessionmaker[Session]) -> str:
    """Rekey the stored comments as older versions did, "text:<fingerprint>:<n>"; the stem."""
    with sessions.begin() as session:
        rows = session.scalars(select(Comment)).all()
        stem = ":".join((rows[0].external_key or "").split(":")[:2]) + ":"
        for row in rows:
            position = int(row.author.display_name.removeprefix("Reader "))
            row.external_key = f"{stem}{position}"
    return stem


def test_import_text_recognises_the_positional_keys_of_older_versions(
    cli_env: dict[str, str],
    seed_file: Path,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
) -> None:
    assert _invoke(cli_env, "import-text", str(seed_file), "--title", "Haqqani").exit_code == 0
    stem = _positional(session_factory)
    with session_factory.begin() as session:  # Reader 3 asked to be erased
        third = session.scalars(select(Comment).where(Comment.external_key == f"{stem}3")).one()
        assert erasure.erase(session, author_id=third.author_id, now=NOW) is not None
    # Found by a comment's key (not its title, here the first sentence); nothing stored twice.
    same = _invoke(cli_env, "import-text", str(seed_file))
    assert same.exit_code == 0, same.output
    assert "(found): 0 comments imported, 12 already there" in same.stdout
    # A comment added above every other one: each old comment is a place lower, the erased too.
    added = _edited(seed_file, tmp_path, insert="A brand new comment added at the top.")
    result = _invoke(cli_env, "import-text", str(added))
    assert result.exit_code == 0, result.output
    assert "(found): 1 comments imported" in result.stdout
    assert "12 already there" in result.stdout
    assert _count(session_factory, Comment) == 13 and _count(session_factory, Article) == 1
    keys = _keys(session_factory)
    assert erasure.is_erased(keys[f"{stem}3"])
    assert sum(c.text == erasure.ERASED_TEXT for c in keys.values()) == 1
    assert [c.text for k, c in keys.items() if not k[len(stem) :].isdigit()] == [
        "A brand new comment added at the top."
    ]


def test_import_text_refuses_comments_stored_on_another_article_naming_the_line(
    cli_env: dict[str, str],
    seed_file: Path,
    session_factory: sessionmaker[Session],
) -> None:
    assert _invoke(cli_env, "import-text", str(seed_file)).exit_code == 0
    other = "https://news.example/another-story"
    with session_factory.begin() as session:
        articles.add(session, title="Another story", body="Other text.", now=NOW, url=other)
    result = _invoke(cli_env, "import-text", str(seed_file), "--url", other)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    first = parse_text(seed_file.read_bytes()).comments[0].line
    assert f"{seed_file}: line {first}: this comment was imported before" in result.stderr
    assert _count(session_factory, Comment) == 12


@pytest.mark.parametrize("option", ["--title", "--url"])
@pytest.mark.parametrize("bad", ["Bad \udcff title", "Bad \x00 title"], ids=["surrogate", "nul"])
def test_import_text_refuses_an_option_no_database_stores(
    cli_env: dict[str, str],
    seed_file: Path,
    session_factory: sessionmaker[Session],
    option: str,
    bad: str,
) -> None:
    result = _invoke(cli_env, "import-text", str(seed_file), option, bad)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.stderr
    assert "NUL character or a byte that is not UTF-8" in result.stderr
    assert _count(session_factory, Article) == 0


# --- A root site after an older import of a sub-directory site of its host; erased comments
# --- matched by their place when the page around them changed.


def test_import_wordpress_root_site_after_an_older_import_of_a_subdirectory_site(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    """An older version keyed blog1's comment 1 "wordpress:<host>:1": the root site's key."""
    run_wp(session_factory, lexicon_engine, blog("blog1", wp_comment(1, "Written on blog1.")))
    with session_factory.begin() as session:
        session.execute(update(Comment).values(external_key=f"wordpress:{HOST}:1"))
    main_post = f"https://{HOST}/2011/10/main-post/"
    root = wxr(
        f"https://{HOST}/",
        wp_item(
            main_post,
            wp_comment(2, "A reply before its parent.", parent=1),
            wp_comment(1, "Written on the main site."),
            wp_comment(3, "A reply after it.", parent=1),
        ),
    )
    stats = run_wp(session_factory, lexicon_engine, root)
    assert (stats.created, stats.existing) == (3, 0)
    keys = _keys(session_factory)
    assert keys[f"wordpress:{HOST}:1"].text == "Written on blog1."
    assert keys[f"wordpress:{HOST}/:1"].text == "Written on the main site."
    main_id = keys[f"wordpress:{HOST}/:1"].id
    assert keys[f"wordpress:{HOST}:2"].parent_id == main_id
    assert keys[f"wordpress:{HOST}:3"].parent_id == main_id
    # Each file imported again finds its own comments.
    again = run_wp(session_factory, lexicon_engine, root)
    assert (again.created, again.existing) == (0, 3)
    old = run_wp(session_factory, lexicon_engine, blog("blog1", wp_comment(1, "Written on blog1.")))
    assert (old.created, old.existing) == (0, 1)
    assert _count(session_factory, Comment) == 4
    # The root site's comment moved to another of its posts since: still refused, naming it.
    moved = wxr(
        f"https://{HOST}/",
        wp_item(f"https://{HOST}/2011/10/other-post/", wp_comment(1, "Written on the main site.")),
    )
    with pytest.raises(
        ImportFormatError, match=rf"{re.escape(f'wordpress:{HOST}/:1')}.*{re.escape(main_post)}"
    ):
        run_wp(session_factory, lexicon_engine, moved)
    assert _count(session_factory, Comment) == 4


def test_import_wordpress_root_site_comment_moved_from_a_path_is_refused(
    session_factory: sessionmaker[Session], lexicon_engine: Engine
) -> None:
    """The same comment (text and time) on another post of the host: it moved, not another
    site's; as is a key held by a comment of another host, or on an article of this file."""
    site = f"https://{HOST}/"
    first = wxr(site, wp_item(f"{site}section/a/", wp_comment(1, "Same words.")))
    run_wp(session_factory, lexicon_engine, first)
    moved = wxr(site, wp_item(f"{site}section/b/", wp_comment(1, "Same words.")))
    with pytest.raises(ImportFormatError, match="another article"):
        run_wp(session_factory, lexicon_engine, moved)
    twice = wxr(
        "https://paper.example/",
        wp_item("https://paper.example/a/", wp_comment(1, "On post a.")),
        wp_item("https://paper.example/b/", wp_comment(1, "On post b, with the same id.")),
    )
    with pytest.raises(ImportFormatError, match=r"item 2 .*another article"):
        run_wp(session_factory, lexicon_engine, twice)
    assert _count(session_factory, Comment) == 1


def _erase_readers(sessions: sessionmaker[Session], stem: str, *numbers: int) -> list[str]:
    """Erase the authors of the comments stored as "<stem><n>"; their texts before."""
    texts = []
    with sessions.begin() as session:
        for number in numbers:
            key = f"{stem}{number}"
            comment = session.scalars(select(Comment).where(Comment.external_key == key)).one()
            texts.append(comment.text)
            assert erasure.erase(session, author_id=comment.author_id, now=NOW) is not None
    return texts


def test_import_text_erased_comment_below_a_removed_one_is_not_stored_again(
    cli_env: dict[str, str],
    seed_file: Path,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
) -> None:
    assert _invoke(cli_env, "import-text", str(seed_file)).exit_code == 0
    stem = _positional(session_factory)  # as 827bf7e stored it
    erased = _erase_readers(session_factory, stem, 3)
    # The outlet deleted comment 2; the page, saved again, still shows comment 3.
    result = _invoke(cli_env, "import-text", str(_edited(seed_file, tmp_path, drop=2)))
    assert result.exit_code == 0, result.output
    assert "0 comments imported, 11 already there" in result.stdout
    assert not [c for c in _keys(session_factory).values() if c.text in erased]
    assert _count(session_factory, Comment) == 12


def test_import_text_erased_comments_among_added_and_removed_ones(
    cli_env: dict[str, str],
    seed_file: Path,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
) -> None:
    assert _invoke(cli_env, "import-text", str(seed_file)).exit_code == 0
    stem = _positional(session_factory)
    erased = _erase_readers(session_factory, stem, 3, 12)
    # A comment added at the top and one at the end, comment 2 deleted: the page still shows
    # comments 3 and 12, the one now next to a new comment.
    edited = _edited(seed_file, tmp_path, insert="A new comment at the top.", drop=3)
    lines = [*edited.read_text(encoding="utf-8").splitlines(), "A new comment at the end."]
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _invoke(cli_env, "import-text", str(edited))
    assert result.exit_code == 0, result.output
    assert "2 comments imported" in result.stdout and "11 already there" in result.stdout
    keys = _keys(session_factory)
    assert not [c for c in keys.values() if c.text in erased]
    assert {c.text for k, c in keys.items() if not k[len(stem) :].isdigit()} == {
        "A new comment at the top.",
        "A new comment at the end.",
    }
    again = _invoke(cli_env, "import-text", str(edited))
    assert "0 comments imported, 13 already there" in again.stdout


def test_import_text_content_keys_find_an_erased_comment(
    cli_env: dict[str, str],
    seed_file: Path,
    tmp_path: Path,
    session_factory: sessionmaker[Session],
) -> None:
    """Keyed by content, an erased comment keeps its key (the digest of the text as written):
    the page imported again, edited or not, does not store its author's words anew."""
    assert _invoke(cli_env, "import-text", str(seed_file)).exit_code == 0
    with session_factory.begin() as session:
        third = session.scalars(
            select(Comment).join(Author).where(Author.display_name == "Reader 3")
        ).one()
        erased, key = third.text, third.external_key
        assert erasure.erase(session, author_id=third.author_id, now=NOW) is not None
    assert erasure.is_erased(_keys(session_factory)[key or ""])
    same = _invoke(cli_env, "import-text", str(seed_file))
    assert "0 comments imported, 12 already there" in same.stdout
    removed = _invoke(cli_env, "import-text", str(_edited(seed_file, tmp_path, drop=2)))
    assert "0 comments imported, 11 already there" in removed.stdout
    assert not [c for c in _keys(session_factory).values() if c.text == erased]
    assert _count(session_factory, Comment) == 12
