"""The JSON API under /api/v1: articles for publishers, comments for anyone, the queue."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from civility.commenting import ClientKeyConflict, CommentError, index_article
from civility.domain import CommentStatus
from civility.store import articles, audit, comments, moderation
from civility.store.models import ApiKey, Article
from civility.store.moderation import QueueShow
from civility.store.policy_report import Period
from civility.web.deps import (
    Ctx,
    CurrentModerator,
    DbSession,
    PublisherKey,
    client_address,
    csrf_header,
    require_account_try,
    require_rate,
)
from civility.web.posting import (
    STATUS_CODES,
    CommentsClosed,
    article_or_404,
    comment_out,
    post_comment,
)
from civility.web.queue import decide_comment, load_queue, queue_part
from civility.web.report import ReportIn, ReportOut, admin_report, count_report
from civility.web.schemas import (
    MAX_ID,
    ArticleIn,
    ArticleOut,
    ArticleUpdateIn,
    CommentIn,
    CommentOut,
    DecisionIn,
    LoginIn,
    LoginOut,
    PolicyReportOut,
    QueueItemOut,
    RowId,
)
from civility.web.security import PENDING_MAX_IDS, Signer
from civility.web.sessions import authenticate, end_session, start_session
from civility.web.threads import MAX_PAGE, THREADS_PER_PAGE, thread_page

router = APIRouter(prefix="/api/v1", tags=["api"])
CsrfChecked = Depends(csrf_header)
# Room for PENDING_MAX_IDS "id.token" pairs (at most 54 characters each) and then some.
MAX_PENDING_CHARS = 2000


def _article_out(session: Session, ctx: Ctx, article: Article) -> ArticleOut:
    """An article with its published comment count and whether it takes comments now."""
    days = ctx.settings.comments_close_after_days
    return ArticleOut(
        id=article.id,
        slug=article.slug,
        url=article.url,
        title=article.title,
        body=article.body,
        outlet=article.outlet,
        published_at=article.published_at,
        version=article.version,
        comment_count=comments.count_published(session, article_id=article.id),
        comments_open=articles.comments_open(article, close_after_days=days, now=ctx.clock()),
    )


def _set_comments_closed(
    session: Session, ctx: Ctx, article: Article, key: ApiKey, closed: bool | None
) -> None:
    """Close or open the article's comments as the publisher asks (None: as they are), logged."""
    if closed is None:
        return
    now, days = ctx.clock(), ctx.settings.comments_close_after_days
    if closed:
        changed = articles.close_comments(session, article, now=now)
    else:
        # "Not closed" clears a close by hand; it does not reopen what the age rule closed: a
        # CMS that sends the field with every save would keep old articles open for ever.
        changed = articles.open_comments(
            session, article, close_after_days=days, now=now, past_age_rule=False
        )
    if changed:
        action = "article.closed" if closed else "article.opened"
        audit.log(session, action=action, now=now, detail=f"{article.slug} (API key {key.name})")


@router.post("/articles", status_code=201, response_model=ArticleOut)
def create_article(body: ArticleIn, ctx: Ctx, session: DbSession, key: PublisherKey) -> ArticleOut:
    """Create an article (publisher key). 409 when its URL is already known."""
    for _ in range(articles.ADD_TRIES - 1):
        try:
            return _create_article(session, ctx, body, key)
        except IntegrityError:
            # A concurrent create committed this URL (the next look answers 409) or the slug
            # picked (the next look picks another) after this one looked.
            continue
    return _create_article(session, ctx, body, key)


def _create_article(session: Session, ctx: Ctx, body: ArticleIn, key: ApiKey) -> ArticleOut:
    """One try at creating the article, in its own transaction."""
    with session.begin():
        if body.url and _stored_at(session, body.url) is not None:
            raise HTTPException(409, f"an article with url {body.url} exists already")
        fields = {**body.model_dump(), "url": _normal(body.url)}
        article = articles.add(session, **fields, now=ctx.clock())
        if body.comments_closed:
            detail = f"{article.slug} (API key {key.name})"
            audit.log(session, action="article.closed", now=ctx.clock(), detail=detail)
        index_article(session, ctx.engine, article)
        return _article_out(session, ctx, article)


def _normal(url: str | None) -> str | None:
    """The spelling an article's URL is stored in: the one the widget looks URLs up by, so that
    a CMS's 'https://News.example:443/a' and the reader's page are one article, not two."""
    return articles.normal_url(url) if url else None


def _stored_at(session: Session, url: str) -> Article | None:
    """The article stored at this URL's normal spelling, or at it as sent (rows the API stored
    before URLs were normalised hold what the CMS sent)."""
    return articles.get_by_url(session, articles.normal_url(url)) or articles.get_by_url(
        session, url
    )


@router.put("/articles/{slug}", response_model=ArticleOut)
def update_article(
    slug: str, body: ArticleUpdateIn, ctx: Ctx, session: DbSession, key: PublisherKey
) -> ArticleOut:
    """Replace an article's content (publisher key); its slug stays. `comments_closed` closes
    or opens its comments (left as they are when absent)."""
    with session.begin():
        # Locked: a concurrent edit waits, then bumps the version from this one's commit.
        article = articles.get_by_slug(session, slug, for_update=True)
        article = article or article_or_404(session, slug)  # the 404, slug shown safely
        fields = body.model_dump(exclude={"title", "body", "comments_closed"})
        if body.url:
            other = _stored_at(session, body.url)
            if other is not None and other.id != article.id:
                raise HTTPException(409, str(articles.UrlTaken(body.url)))
            fields["url"] = _normal(body.url)
        try:
            article = articles.update(session, article, title=body.title, body=body.body,
                                      now=ctx.clock(), **fields)  # fmt: skip
        except articles.UrlTaken as exc:  # nothing written: the transaction rolls back
            raise HTTPException(409, str(exc)) from exc
        _set_comments_closed(session, ctx, article, key, body.comments_closed)
        index_article(session, ctx.engine, article)
        return _article_out(session, ctx, article)


@router.get("/articles/{slug}", response_model=ArticleOut)
def get_article(slug: str, ctx: Ctx, session: DbSession) -> ArticleOut:
    """One article with its number of published comments and whether it takes comments."""
    with session.begin():
        return _article_out(session, ctx, article_or_404(session, slug))


_PAGE_HEADERS = {
    "X-Total-Count": "The article's published comments, all pages together.",
    "X-Page": "The page returned (the last one for a `page` past it).",
    "X-Page-Count": "How many pages the article's threads fill (1 when there are none).",
}


@router.get(
    "/articles/{slug}/comments",
    response_model=list[CommentOut],
    responses={
        200: {
            "description": "The comments; with `page`, these headers too.",
            "headers": {
                name: {"description": text, "schema": {"type": "integer"}}
                for name, text in _PAGE_HEADERS.items()
            },
        }
    },
)
def list_comments(
    slug: str,
    ctx: Ctx,
    session: DbSession,
    response: Response,
    pending: Annotated[
        str,
        Query(
            max_length=MAX_PENDING_CHARS,
            description="Comma-separated ID.TOKEN pairs from held posts' `pending_token` "
            "(the last 20 count; malformed or wrong ones are ignored).",
        ),
    ] = "",
    page: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_PAGE,
            description=f"A page of {THREADS_PER_PAGE} threads (a comment that answers no "
            "published comment, with all its replies), oldest first, as the article page shows "
            "them; a page past the last gives the last. Without it, every comment (the API's "
            "first form, kept for existing clients).",
        ),
    ] = None,
) -> list[CommentOut]:
    """An article's published comments in the order they were written; among them, status
    "held", those of `pending` still held here (shown to their poster alone: no-store).

    With `page`, those of that page's threads alone, a held one in its thread (one answering
    no published comment at the end of the last page); X-Total-Count, X-Page and X-Page-Count
    say how many comments there are, which page this is and how many pages there are."""
    held_ids = _pending_ids(ctx.signer, pending)
    with session.begin():
        article = article_or_404(session, slug)
        held = comments.list_held_among(session, article_id=article.id, comment_ids=held_ids)
        if page is None:
            published = comments.list_published(session, article_id=article.id)
            shown = sorted([*published, *held], key=lambda c: (c.created_at, c.id))
        else:
            part = thread_page(session, article_id=article.id, page=page, focus=(), pending=held)
            shown = part.flat()
            numbers = (part.published_count, part.page, part.pages)
            response.headers.update(dict(zip(_PAGE_HEADERS, map(str, numbers), strict=True)))
        listed = [comment_out(c) for c in shown]
    if held:
        response.headers["Cache-Control"] = "private, no-store"
    return listed


def _pending_ids(signer: Signer, pending: str) -> list[int]:
    """The ids of the last PENDING_MAX_IDS `id.token` pairs whose token is that id's own."""
    ids: list[int] = []
    for pair in pending.split(",")[-PENDING_MAX_IDS:]:
        number, _, token = pair.strip().partition(".")
        if not (number.isascii() and number.isdigit() and len(number) <= 10 and token.isascii()):
            continue
        comment_id = int(number)
        if 0 < comment_id <= MAX_ID and hmac.compare_digest(
            signer.pending_token(comment_id), token
        ):
            ids.append(comment_id)
    return ids


@router.post(
    "/articles/{slug}/comments",
    status_code=201,
    response_model=CommentOut,
    responses={
        202: {
            "model": CommentOut,
            "description": "Held for a moderator, with the reasons and a pending_token.",
        },
        403: {
            "model": CommentOut,
            "description": "Refused by the policy, with the reasons; or, as `detail`, the "
            "article's comments are closed (nothing stored).",
        },
        409: {"description": "client_key already used for another comment."},
        413: {"description": "Longer than the site's max_comment_chars."},
        429: {"description": "Too many comments from this address."},
    },
)
def create_comment(
    request: Request, slug: str, body: CommentIn, ctx: Ctx, session: DbSession
) -> JSONResponse:
    """Post a comment: 201 published, 202 held, 403 refused by the policy (reasons given) or
    comments closed on the article."""
    require_rate(ctx.limits.post, request)
    if len(body.text) > ctx.settings.max_comment_chars:
        raise HTTPException(
            413, f"comment is {len(body.text)} characters; limit {ctx.settings.max_comment_chars}"
        )
    try:
        days = ctx.settings.comments_close_after_days
        posted = post_comment(
            session, ctx.engine, slug, body, now=ctx.clock(), close_after_days=days
        )
    except CommentsClosed as exc:
        raise HTTPException(403, str(exc)) from exc
    except ClientKeyConflict as exc:
        raise HTTPException(409, str(exc)) from exc
    except CommentError as exc:
        raise HTTPException(422, str(exc)) from exc
    out = comment_out(posted.comment, posted.reasons)
    if posted.status is CommentStatus.HELD:
        # Lets the widget, which keeps no cookie, show the poster their comment while it waits.
        out.pending_token = ctx.signer.pending_token(posted.comment.id)
    return JSONResponse(out.model_dump(mode="json"), status_code=STATUS_CODES[posted.status])


@router.post(
    "/comments/{comment_id}/reports",
    status_code=202,
    response_model=ReportOut,
    responses={
        404: {"description": "No published comment with this id."},
        429: {"description": "Too many reports from this address."},
    },
)
def report_comment(
    request: Request, comment_id: RowId, body: ReportIn, ctx: Ctx, session: DbSession
) -> ReportOut:
    """A reader reports a published comment (the widget, from any allowed origin; body `{}`).
    202 whether or not it counted: one report per comment, client network and day counts."""
    # No CSRF token, as for posting: no cookie is read, so there is no reader's session to
    # ride on; and the body must be JSON, which another site's page can send only after a CORS
    # preflight that the configured origins alone pass. A plain form or a text/plain beacon
    # (the cross-site requests with no preflight) gets a 422 and reports nothing, so a hostile
    # page cannot make each of its visitors' addresses report a comment.
    require_rate(ctx.limits.report, request)
    with session.begin():
        count_report(session, ctx.limits.report, client_address(request), comment_id)
    return ReportOut(comment_id=comment_id)


@router.post("/login", response_model=LoginOut)
def login(
    request: Request, response: Response, body: LoginIn, ctx: Ctx, session: DbSession
) -> LoginOut:
    """Start a moderator session: the cookie, plus the CSRF token for X-CSRF-Token."""
    require_rate(ctx.limits.login, request)
    # Before the argon2 check, so a name's spent limit costs no hash (and alike for every name).
    release = require_account_try(request, session, body.username)
    with session.begin():
        moderator = authenticate(session, body.username, body.password)
        if moderator is None:
            raise HTTPException(401, "wrong username or password")
        release()  # only failures count against the name
        token = start_session(request, response, session, moderator, now=ctx.clock())
        return LoginOut(username=moderator.username, role=moderator.role, csrf_token=token)


@router.post("/logout", status_code=204, dependencies=[CsrfChecked])
def logout(
    request: Request, response: Response, ctx: Ctx, session: DbSession, moderator: CurrentModerator
) -> None:
    """End every session of this moderator, on every device."""
    with session.begin():
        end_session(request, response, session, moderator, now=ctx.clock())


@router.get("/moderation/queue", response_model=list[QueueItemOut])
def queue(
    moderator: CurrentModerator,
    session: DbSession,
    response: Response,
    limit: int = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    article: Annotated[str, Query(max_length=200)] = "",
    show: QueueShow = "all",
    author: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[QueueItemOut]:
    """Held and reported comments, riskiest then oldest first (moderator session); one
    article's (`article`, its slug), held or reported ones (`show`), or the rejected or published
    ones, newest first; one author's (`author`, their id: all of them, newest first, unless
    `show` narrows them); X-Total-Count says how many."""
    with session.begin():
        part = queue_part(session, article=article, show=show, author=author)
        response.headers["X-Total-Count"] = str(moderation.count_queue(session, part))
        return load_queue(session, limit=max(1, min(limit, 200)), offset=offset, part=part)


@router.get("/moderation/report", response_model=PolicyReportOut)
def report(
    moderator: CurrentModerator, ctx: Ctx, session: DbSession, period: Period = "month"
) -> PolicyReportOut:
    """What the policy decided in the period and how moderators answered it (admin session)."""
    return PolicyReportOut.model_validate(admin_report(session, moderator, period, ctx.clock()))


@router.post(
    "/moderation/comments/{comment_id}/decision",
    response_model=CommentOut,
    dependencies=[CsrfChecked],
)
def decide(
    comment_id: RowId,
    body: DecisionIn,
    ctx: Ctx,
    session: DbSession,
    moderator: CurrentModerator,
) -> CommentOut:
    """Approve, reject or hold (return to the queue) a comment (moderator session and
    X-CSRF-Token header); with `expected_status` and `expected_review` (the queue item's
    latest_review_id), 409 if the comment moved or another moderator decided on it since; with
    `undo`, an Undo of that decision that restores the reports it cleared."""
    with session.begin():
        comment = decide_comment(
            session,
            moderator,
            comment_id,
            action=body.action,
            note=body.note,
            now=ctx.clock(),
            expected_status=body.expected_status,
            expected_review=body.expected_review,
            undo=body.undo,
        )
        return comment_out(comment)
