"""What the embed widget needs: the script, the site's config, and an article found by URL.

The widget then reads and posts comments through the JSON API by slug
(GET/POST /api/v1/articles/{slug}/comments). Cross-origin access is CORS-limited to
settings.allowed_origins, without credentials, on the widget's paths alone (web/cors.py).

Why a cross-origin JSON POST is safe without a CSRF token: posting needs no cookie (readers
are anonymous), so there is no victim's session to ride on; and the API reads only
`Content-Type: application/json` bodies, which a browser sends cross-origin only after a
CORS preflight that succeeds for the configured origins alone. A plain HTML form on another
site (urlencoded, multipart or text/plain) cannot produce such a request.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from civility import __version__
from civility.interop.article_fetch import ArticleFetcher, FetchError, is_allowed
from civility.store import articles, comments
from civility.store.models import Article
from civility.web.deps import Ctx, DbSession, require_rate

EMBED_JS = Path(__file__).parent / "static" / "embed.js"
router = APIRouter(tags=["embed"])
log = logging.getLogger(__name__)
_fetcher_lock = threading.Lock()


class ConfigOut(BaseModel):
    """What the widget shows and checks before it posts."""

    site_name: str
    max_comment_chars: int
    faq_url: str
    version: str


class EmbedArticleOut(BaseModel):
    """The article a page embeds comments for, and where to read and post them."""

    slug: str
    title: str
    url: str | None
    page_url: str
    comments_url: str
    comment_count: int
    comments_open: bool


def get_fetcher(request: Request) -> ArticleFetcher:
    """The app's article fetcher (a test may set app.state.article_fetcher to fake HTTP)."""
    with _fetcher_lock:
        fetcher: ArticleFetcher | None = getattr(request.app.state, "article_fetcher", None)
        if fetcher is None:
            fetcher = request.app.state.article_fetcher = ArticleFetcher()
    return fetcher


Fetcher = Annotated[ArticleFetcher, Depends(get_fetcher)]


@router.get("/embed.js", include_in_schema=False)
def embed_js() -> FileResponse:
    """The widget: one <script src=".../embed.js" data-article-url="..." async> tag."""
    headers = {"Cache-Control": "public, max-age=300"}
    return FileResponse(EMBED_JS, media_type="text/javascript; charset=utf-8", headers=headers)


@router.get("/api/v1/config", response_model=ConfigOut)
def config(ctx: Ctx) -> ConfigOut:
    """The site's name, comment length limit and FAQ address, for the widget."""
    settings = ctx.settings
    return ConfigOut(
        site_name=settings.site_name,
        max_comment_chars=settings.max_comment_chars,
        faq_url="/faq",
        version=__version__,
    )


@router.get("/api/v1/embed/article", response_model=EmbedArticleOut)
def embed_article(
    request: Request,
    ctx: Ctx,
    session: DbSession,
    fetcher: Fetcher,
    url: Annotated[str, Query(min_length=1, max_length=articles.URL_CHARS)],
) -> EmbedArticleOut:
    """The article at `url`; for a configured origin, fetched and registered on first sight.

    Fetched and stored under its normal spelling (articles.normal_url), which every other
    spelling of the URL finds.
    """
    with session.begin():
        # Another spelling of a known article's URL (a query, a fragment, a slash, the host's
        # case, an escape, a ';jsessionid') is that article: registering it anew would open a
        # closed article's comments under a copy.
        article = articles.find_by_url(session, url)
        if article is not None:
            return _out(request, ctx, session, article)
    url = articles.normal_url(url)
    if len(url) > articles.URL_CHARS:  # escaped letters grew it past what the column holds
        raise HTTPException(422, "the article's URL is too long")
    if not is_allowed(url, ctx.settings.article_fetch_origins):
        raise HTTPException(404, "no article registered at this URL; add it through the API")
    # Each unknown URL costs a fetch from the publisher's site: limit it like posting.
    require_rate(ctx.limits.post, request)
    try:
        fetched = fetcher.fetch(url, origins=ctx.settings.article_fetch_origins)
    except FetchError as exc:
        # Why is for the site's operators (the log); the answer reaches every reader's page.
        log.warning("embed: could not read the article page %s: %s", ascii(url[:200]), exc)
        raise HTTPException(502, "could not read the article page; try again later") from exc
    with session.begin():
        # Registered now, or found if another request registered this URL (or another spelling
        # of it: readers open a new story from shared links too) during the fetch.
        if (article := articles.find_by_url(session, url)) is not None:
            return _out(request, ctx, session, article)
        now = ctx.clock()
        # Dated by its page, so that an archive story seen first today is as old as it is for
        # the age rule; a date ahead of now (a misread one) is no date.
        dated = (
            fetched.published_at if fetched.published_at and fetched.published_at <= now else None
        )
        article, _ = articles.get_or_add(
            session, url=url, title=fetched.title, body=fetched.body, now=now, published_at=dated
        )
        return _out(request, ctx, session, article)


def _out(request: Request, ctx: Ctx, session: Session, article: Article) -> EmbedArticleOut:
    """The article's addresses, absolute so that a page of another origin can use them, and
    whether it takes comments now (the widget shows no form when not)."""
    base = str(request.base_url).rstrip("/")
    days = ctx.settings.comments_close_after_days
    return EmbedArticleOut(
        slug=article.slug,
        title=article.title,
        url=article.url,
        page_url=f"{base}/articles/{article.slug}",
        comments_url=f"{base}/api/v1/articles/{article.slug}/comments",
        comment_count=comments.count_published(session, article_id=article.id),
        comments_open=articles.comments_open(article, close_after_days=days, now=ctx.clock()),
    )
