"""`civility articles`: list articles, close or open one's comments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from civility.cli.common import load_settings, open_database
from civility.store import articles, audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from civility.store.models import Article

# How much of an unknown slug the error repeats: enough to spot a typo, not a screenful.
SHOWN_SLUG_CHARS = 60


@click.group("articles")
def articles_group() -> None:
    """List articles; close or open an article's comments.

    Closing and opening are written to the audit log. Moderators still decide the comments of
    a closed article; imports and `civility moderate` are not affected.
    """


@articles_group.command("list")
@click.option("--closed", is_flag=True, help="Only the articles whose comments are closed now.")
def list_articles(closed: bool) -> None:
    """List every article, newest first: slug, comments open or closed (and why), title."""
    settings = load_settings()
    now = datetime.now(UTC)
    with open_database(settings) as sessions, sessions() as session:
        for article in articles.list_all(session):
            is_open = articles.comments_open(
                article, close_after_days=settings.comments_close_after_days, now=now
            )
            if not (closed and is_open):
                click.echo(f"{article.slug}\t{_state(article, is_open)}\t{article.title}")


def _state(article: Article, is_open: bool) -> str:
    """'open', 'closed 2027-01-05' (by hand, that day) or 'closed (age)'."""
    if is_open:
        return "open"
    closed_at = article.comments_closed_at
    return f"closed {closed_at:%Y-%m-%d}" if closed_at else "closed (age)"


@articles_group.command()
@click.argument("slug")
def close(slug: str) -> None:
    """Close the comments of the article SLUG: readers can read and report, not post."""
    now = datetime.now(UTC)
    with open_database(load_settings()) as sessions, sessions.begin() as session:
        article = _find(session, slug)
        if not articles.close_comments(session, article, now=now):
            click.echo(f"comments on {slug!r} are already closed")
            return
        audit.log(session, action="article.closed", now=now, detail=slug)
    click.echo(f"closed comments on {slug!r}")


@articles_group.command("open")
@click.argument("slug")
def open_(slug: str) -> None:
    """Open the comments of the article SLUG; past CIVILITY_COMMENTS_CLOSE_AFTER_DAYS, for as
    many days again from now."""
    settings = load_settings()
    now = datetime.now(UTC)
    days = settings.comments_close_after_days
    with open_database(settings) as sessions, sessions.begin() as session:
        article = _find(session, slug)
        if not articles.open_comments(session, article, close_after_days=days, now=now):
            click.echo(f"comments on {slug!r} are already open")
            return
        audit.log(session, action="article.opened", now=now, detail=slug)
    click.echo(f"opened comments on {slug!r}")


def _find(session: Session, slug: str) -> Article:
    """The article with this slug, locked until the command commits, or exit saying so."""
    # get_by_slug finds nothing for a NUL or a lone surrogate, which PostgreSQL cannot compare.
    found = articles.get_by_slug(session, slug, for_update=True)
    if found is None:
        shown = slug if len(slug) <= SHOWN_SLUG_CHARS else slug[:SHOWN_SLUG_CHARS] + "…"
        # repr(): a control character or an escape sequence in the slug is shown, not obeyed.
        raise click.ClickException(f"no article {shown!r} (see `civility articles list`)")
    return found
