"""Reader pages: the article list, an article with its comments, posting, reporting, the FAQ."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response

from civility.commenting import ClientKeyConflict, CommentError
from civility.domain import CommentStatus
from civility.store import articles, comments
from civility.web.deps import AppContext, Ctx, DbSession, client_address, has_valid_csrf, render
from civility.web.faq import faq_sections
from civility.web.posting import (
    STATUS_CODES,
    CommentsClosed,
    Posted,
    article_or_404,
    post_comment,
)
from civility.web.report import count_report
from civility.web.schemas import MAX_ID, CommentIn, RowId
from civility.web.security import (
    PENDING_COOKIE,
    PENDING_MAX_AGE_S,
    delete_private_cookie,
    read_cookie,
    set_private_cookie,
)
from civility.web.threads import MAX_PAGE, thread_page

router = APIRouter(tags=["pages"], include_in_schema=False)
FormField = Annotated[str, Form()]
# As the moderator queue's `?page=`: anything but a whole number from 1 to MAX_PAGE is a 422.
PageNumber = Annotated[int | None, Query(ge=1, le=MAX_PAGE)]
# The browser that posted a comment gets its id in this cookie with the redirect; only there
# does `?posted=ID` say "Your comment is published." (a shared link shows nothing).
POSTED_COOKIE = "civility_posted"
POSTED_COOKIE_MAX_AGE_S = 600
# The form fields a message can be about, in the form's order (the error summary's); the others
# (tokens, the hidden parent) are not shown.
FORM_FIELDS = ("author_name", "author_email", "text")
SHOWN_FIELDS = frozenset(FORM_FIELDS)


@dataclass(frozen=True)
class FormError:
    """A message for the reader and the field it is about (None: the whole form)."""

    message: str
    field: str | None = None


@router.get("/", name="home")
def home(request: Request, session: DbSession) -> Response:
    """Every article, newest first, with its number of published comments."""
    with session.begin():
        listing = articles.list_recent(session, limit=200)
    return render(request, "home.html", {"articles": listing})


@router.get("/articles/{slug}", name="article")
def article_page(
    request: Request, ctx: Ctx, slug: str, session: DbSession, page: PageNumber = None
) -> Response:
    """The article, `COMMENTS (N)`, a page of its threads and the forms to post and reply.

    Without `page`, the page holding the comment a link is about (`comment`, `posted` or
    `reported`, each linked as `#cID`), or the first.
    """
    names = ("comment", "posted", "reported")
    focus = () if page else tuple(filter(None, (_int_param(request, n) for n in names)))
    return _article_response(request, ctx, session, slug, {}, page=page or 1, focus=focus)


@router.post("/articles/{slug}/comments", name="post_comment")
def post_comment_form(
    request: Request,
    ctx: Ctx,
    slug: str,
    session: DbSession,
    author_name: FormField = "",
    text: FormField = "",
    author_email: FormField = "",
    parent_id: FormField = "",
    form_token: FormField = "",
    csrf_token: FormField = "",
) -> Response:
    """Post from the page: the comment appears, or a page says why it waits."""
    form = {"author_name": author_name, "text": text, "author_email": author_email,
            "parent_id": parent_id}  # fmt: skip
    parent = parent_id.strip()

    def refused(problem: tuple[int, list[FormError]]) -> Response:
        # A refused reply shows the page holding its parent; a comment, the last, where it lands.
        focus = (int(parent),) if _is_row_id(parent) else ()
        return _article_response(
            request, ctx, session, slug, form, problem, page=MAX_PAGE, focus=focus
        )

    problem = _form_problem(request, ctx, csrf_token, text)
    if problem is not None:
        return refused(problem)
    try:
        data = CommentIn(
            author_name=author_name,
            text=text,
            author_email=author_email or None,
            parent_id=int(parent_id) if parent_id.strip() else None,
            client_key=_form_key(form_token, author_name, text, parent_id),
        )
        days = ctx.settings.comments_close_after_days
        posted = post_comment(
            session, ctx.engine, slug, data, now=ctx.clock(), close_after_days=days
        )
    except CommentsClosed as exc:
        return refused((403, [FormError(str(exc))]))
    except (ValidationError, ValueError, CommentError) as exc:
        return refused((409 if isinstance(exc, ClientKeyConflict) else 422, _plain(exc)))
    return _after_post(request, ctx, posted)


def _form_problem(
    request: Request, ctx: AppContext, csrf_token: str, text: str
) -> tuple[int, list[FormError]] | None:
    """CSRF, rate limit and length checks, each with a status and a message to show."""
    if not has_valid_csrf(request, csrf_token):
        return 403, [FormError("This form expired. Your text is kept below: please send it again.")]
    if not ctx.limits.post.allow(client_address(request)):
        wait = ctx.limits.post.retry_after_s
        return 429, [
            FormError(f"Too many comments from your address; try again in {wait} seconds.")
        ]
    if len(text.strip()) > ctx.settings.max_comment_chars:
        limit = ctx.settings.max_comment_chars
        length = len(text.strip())
        return 413, [
            FormError(f"Your comment is {length} characters; the limit is {limit}.", "text")
        ]
    return None


def _form_key(form_token: str, *fields: str) -> str | None:
    """The comment's one-time key: the form's token and what was typed.

    A form sent twice stores one comment; the same form sent again with other words (after
    the back button restored it) stores the new comment.
    """
    if not form_token:
        return None
    digest = hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{form_token[:64]}-{digest[:16]}"


def _plain(exc: Exception) -> list[FormError]:
    """Validation errors as sentences a reader understands, each with the field it is about."""
    if isinstance(exc, ValidationError):
        found = [
            FormError(str(e["msg"]).removeprefix("Value error, "), _shown_field(e["loc"]))
            for e in exc.errors()
        ]
        # In the form's order (the model's is name, text, email); those about no field first.
        return sorted(found, key=lambda e: FORM_FIELDS.index(e.field) + 1 if e.field else 0)
    if isinstance(exc, CommentError):
        return [FormError(str(exc))]
    return [FormError("the comment you reply to is not a number")]


def _shown_field(loc: tuple[int | str, ...]) -> str | None:
    """The form field a validation error is about, if the reader can see and fix it."""
    return str(loc[0]) if loc and loc[0] in SHOWN_FIELDS else None


def _after_post(request: Request, ctx: AppContext, posted: Posted) -> Response:
    """Published: back to the article at the comment. Otherwise: why it waits."""
    if posted.status is CommentStatus.PUBLISHED:
        comment_id = posted.comment.id
        url = request.url_for("article", slug=posted.article.slug).include_query_params(
            posted=comment_id
        )
        redirect = RedirectResponse(f"{url}#c{comment_id}", status_code=303)
        # Not signed: forging it only shows oneself a note about a comment that is public anyway.
        max_age = POSTED_COOKIE_MAX_AGE_S
        set_private_cookie(redirect, request, POSTED_COOKIE, str(comment_id), max_age=max_age)
        return redirect
    context = {"article": posted.article, "posted": posted}
    page = render(request, "posted.html", context, status_code=STATUS_CODES[posted.status])
    if posted.status is CommentStatus.HELD:
        _remember_pending(page, request, ctx, posted.comment.id)
    return page


def _remember_pending(
    response: Response, request: Request, ctx: AppContext, comment_id: int
) -> None:
    """Add a held comment to this browser's signed list, so the article shows it to them."""
    known = ctx.signer.load_pending(read_cookie(request, PENDING_COOKIE), now=ctx.clock()) or []
    ids = [i for i in known if i != comment_id] + [comment_id]
    value = ctx.signer.dump_pending(ids, now=ctx.clock())
    set_private_cookie(response, request, PENDING_COOKIE, value, max_age=PENDING_MAX_AGE_S)


@router.post("/comments/{comment_id}/report", name="report_comment")
def report_comment(
    request: Request, ctx: Ctx, comment_id: RowId, session: DbSession, csrf_token: FormField = ""
) -> Response:
    """A reader flags a published comment; it joins the moderators' queue."""
    if not has_valid_csrf(request, csrf_token):
        raise HTTPException(403, "This form expired; go back, reload the page and try again.")
    if not ctx.limits.report.allow(client_address(request)):
        raise HTTPException(429, "Too many reports from your address; try again later.")
    with session.begin():
        comment = count_report(session, ctx.limits.report, client_address(request), comment_id)
        slug = comment.article.slug
    url = request.url_for("article", slug=slug).include_query_params(reported=comment_id)
    return RedirectResponse(f"{url}#c{comment_id}", status_code=303)


@router.get("/faq", name="faq")
def faq(request: Request, ctx: Ctx) -> Response:
    """The Comments FAQ, written from the policy the site enforces."""
    sections = faq_sections(ctx.engine.policy, max_chars=ctx.settings.max_comment_chars)
    return render(request, "faq.html", {"faq": sections, "policy": ctx.engine.policy})


def _article_response(
    request: Request,
    ctx: AppContext,
    session: Session,
    slug: str,
    form: dict[str, str],
    problem: tuple[int, list[FormError]] | None = None,
    *,
    page: int,
    focus: tuple[int, ...],
) -> Response:
    """Page `page` of the article's threads, or the one holding the first comment of `focus`
    this reader can see; after a
    refused post, the form keeps what was typed.

    The browser that posted comments still held here sees them too, marked as awaiting
    moderation (their ids come from its signed cookie; a bad cookie shows nothing and goes).
    """
    cookie = read_cookie(request, PENDING_COOKIE)
    pending_ids = ctx.signer.load_pending(cookie, now=ctx.clock())
    with session.begin():
        article = article_or_404(session, slug)
        pending = comments.list_held_among(
            session, article_id=article.id, comment_ids=pending_ids or []
        )
        shown = thread_page(session, article_id=article.id, page=page, focus=focus, pending=pending)
    visible_ids = shown.published_ids
    if form.get("parent_id") not in {str(i) for i in visible_ids}:
        # A reply to a comment that is not shown: the errors go to the main form.
        form = {**form, "parent_id": ""}
    days = ctx.settings.comments_close_after_days
    context: dict[str, Any] = {
        "article": article,
        "comments_open": articles.comments_open(article, close_after_days=days, now=ctx.clock()),
        "paragraphs": [p.strip() for p in article.body.splitlines() if p.strip()],
        "count": shown.published_count,
        "threads": shown.threads,
        "pages": shown,
        "visible_ids": visible_ids,
        "pending_ids": {c.id for c in pending},
        "form": form,
        "errors": problem[1] if problem else [],
        "posted_id": _posted_here(request),
        "reported_id": _int_param(request, "reported"),
    }
    status = problem[0] if problem else 200
    response = render(request, "article.html", context, status_code=status)
    if cookie and pending_ids is None:
        delete_private_cookie(response, request, PENDING_COOKIE)
    if pending:
        # This page shows one browser's held comments: no shared or browser cache keeps it.
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _posted_here(request: Request) -> int | None:
    """The `?posted=ID` comment, when this browser posted it (it holds the cookie)."""
    posted_id = _int_param(request, "posted")
    return posted_id if read_cookie(request, POSTED_COOKIE) == str(posted_id) else None


def _int_param(request: Request, name: str) -> int | None:
    """A numeric query parameter, ignoring anything that is not a number."""
    value = request.query_params.get(name, "")
    return int(value) if _is_row_id(value) else None


def _is_row_id(value: str) -> bool:
    """Whether `value` is a plausible comment id, as a query parameter or form field gives it."""
    # ASCII digits only: str.isdigit() also accepts '²' and '①', which int() refuses. Beyond
    # MAX_ID no row has it, and PostgreSQL refuses to compare an integer column with it.
    return value.isascii() and value.isdigit() and len(value) < 12 and int(value) <= MAX_ID
