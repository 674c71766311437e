"""`civility authors`: find a reader's data, export it or erase it (access and erasure requests)."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from civility.cli.common import load_settings, open_database
from civility.cli.export import begin_snapshot
from civility.store import authors, erasure
from civility.unicode_text import is_encodable

if TYPE_CHECKING:
    from civility.store.erasure import AuthorSummary, Erasure

# How many authors `find` lists: enough to pick one, not a screenful of everyone.
SHOWN_AUTHORS = 100
# The largest id both databases store; bigger numbers name no author.
MAX_ID = 2**31 - 1
# Control, format and separator characters: shown escaped, so a name cannot fake columns or
# rows, or move the terminal's cursor.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@click.group("authors")
def authors_group() -> None:
    """Find a reader's data, export it, or erase it (data access and erasure requests).

    An author is a name with an email (or a name alone); see the README's "Readers' data
    requests" for what erase removes and what it keeps.
    """


@authors_group.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the authors as one JSON object.")
def find(text: str, as_json: bool) -> None:
    """List authors whose name contains TEXT (any case) or whose email is TEXT.

    Each with id, name, email, trust, comments by status and first and last comment dates;
    the first 100 by id.
    """
    # PostgreSQL refuses these outright, and no stored name or email holds one.
    if "\x00" in text or not is_encodable(text):
        raise click.ClickException("TEXT holds a NUL character or a lone surrogate: no name can")
    with open_database(load_settings()) as sessions, sessions() as session:
        found, total = erasure.find(session, text=text, limit=SHOWN_AUTHORS)
    if as_json:
        rows = [_row(author) for author in found]
        click.echo(json.dumps({"total": total, "authors": rows}, indent=2))
        return
    for author in found:
        click.echo(_line(author))
    if total > len(found):
        click.echo(f"... and {total - len(found)} more; narrow TEXT down", err=True)
    elif not found:
        click.echo("no author found", err=True)


def _row(author: AuthorSummary) -> dict[str, Any]:
    """What `find --json` shows of an author; dates in ISO 8601, UTC."""
    first, last = author.first_comment_at, author.last_comment_at
    return {
        "id": author.id,
        "display_name": author.display_name,
        "email": author.email,
        "trust": author.trust,
        "comments": author.comments,
        "first_comment_at": first.isoformat() if first else None,
        "last_comment_at": last.isoformat() if last else None,
    }


def _line(author: AuthorSummary) -> str:
    """One tab-separated line of `find`."""
    counts = ", ".join(f"{n} {status}" for status, n in author.comments.items())
    first, last = author.first_comment_at, author.last_comment_at
    dates = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if first and last else "no comments"
    email = _shown(author.email) if author.email else "-"
    return f"{author.id}\t{_shown(author.display_name)}\t{email}\t{author.trust}\t{counts}\t{dates}"


def _shown(text: str) -> str:
    """Text for a terminal: control and format characters as escapes, the rest as written."""
    return "".join(
        ascii(c)[1:-1] if unicodedata.category(c) in _ESCAPED_CATEGORIES else c for c in text
    )


# An author with no email is everyone who typed that name without one: say so before their
# comments are handed over or erased as one reader's.
NO_EMAIL_WARNING = (
    "warning: this author gave no email, so {name} is everyone who posted under that name "
    "without one; check the comments are the requester's"
)


@authors_group.command()
@click.argument("author_id", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
def export(author_id: int, output: Path | None) -> None:
    """Write everything stored about AUTHOR_ID as one JSON document (UTF-8).

    The author's name, email and trust, each comment with its article, text, status, dates
    and parent, and every decision on it with its reasons and scores: the answer to a
    reader's access request. Moderators are not named.
    """
    exported_at = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        begin_snapshot(session)  # comments and decisions as of one moment
        document = erasure.gather(session, author_id=author_id) if _valid(author_id) else None
    if document is None:
        raise _no_author(author_id)
    document = {"exported_at": exported_at.isoformat(), **document}
    data = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        # Bytes: UTF-8 whatever the terminal's locale, as in a file.
        click.echo(data.encode("utf-8"), nl=False)
    else:
        output.write_text(data, encoding="utf-8")
    if document["author"].get("email") is None:
        click.echo(NO_EMAIL_WARNING.format(name=repr(document["author"]["display_name"])), err=True)
    comments = document["comments"]
    decided = sum(len(c["decisions"]) for c in comments)
    click.echo(
        f"exported author {author_id}: {len(comments)} comments, {decided} decisions", err=True
    )


@authors_group.command()
@click.argument("author_id", type=int)
@click.option("--yes", is_flag=True, help="Erase without asking.")
def erase(author_id: int, yes: bool) -> None:
    """Erase AUTHOR_ID's name, email and comment texts, in one transaction.

    The comments stay in their threads with a placeholder text and their status; the reasons
    behind their decisions are blanked, the numbers kept. Replies to them name the
    placeholder. Erasing an erased author again is harmless.
    """
    with open_database(load_settings()) as sessions:
        # Asked with no transaction open while a person reads the question.
        with sessions() as session:
            author = authors.get(session, author_id) if _valid(author_id) else None
            if author is None:
                raise _no_author(author_id)
            name, has_email = author.display_name, author.email is not None
            written = erasure.count_comments(session, author_id=author_id)
        if not has_email and not erasure.is_placeholder(name):
            click.echo(NO_EMAIL_WARNING.format(name=repr(name)), err=True)
        if not yes:
            # repr(): a control character or an escape sequence in the name is shown, not obeyed.
            question = (
                f"Erase author {author_id} ({name!r}) and the texts of their {written} comments?"
            )
            click.confirm(question, abort=True)
        with sessions.begin() as session:
            done = erasure.erase(session, author_id=author_id, now=datetime.now(UTC))
    if done is None:
        raise _no_author(author_id)
    click.echo(_report(done))


def _report(done: Erasure) -> str:
    """What erase did, in counts."""
    again = " (it was already erased; done again)" if done.was_erased else ""
    return (
        f"erased author {done.author_id}{again}: now {done.placeholder!r}, no email; "
        f"{done.comments} comments' texts ({done.keys_cleared} client keys cleared), "
        f"{done.decisions} decisions' reasons and notes, {done.scores} scores' reasons and "
        f"spans, {done.audit_details} audit details, {done.replies} replies' names"
    )


def _valid(author_id: int) -> bool:
    """Whether the id is one a row can have: others are not looked up (PostgreSQL refuses them)."""
    return 1 <= author_id <= MAX_ID


def _no_author(author_id: int) -> click.ClickException:
    """The error for an id no author has."""
    return click.ClickException(f"no author with id {author_id} (see `civility authors find`)")
