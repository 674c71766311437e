"""The moderator dashboard: login, the queue, decisions, author trust and the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from civility.store import audit, authors, moderation
from civility.store.moderation import QUEUE_SHOWS, QueueShow
from civility.store.policy_report import PERIODS, Period
from civility.web.deps import (
    Ctx,
    CurrentModerator,
    DbSession,
    client_address,
    csrf_form,
    has_valid_csrf,
    hold_account_try,
    render,
    session_moderator,
)
from civility.web.queue import (
    ban_done,
    decide_comment,
    decision_done,
    highlighted,
    load_queue,
    queue_part,
    set_author_trust,
)
from civility.web.report import admin_report
from civility.web.schemas import MAX_ID, RowId, check_storable
from civility.web.sessions import authenticate, end_session, start_session

router = APIRouter(prefix="/moderate", tags=["dashboard"], include_in_schema=False)
FormField = Annotated[str, Form()]
CsrfChecked = Depends(csrf_form)


def _to(request: Request, name: str, status_code: int = 303) -> RedirectResponse:
    """Redirect to a named route after a POST."""
    return RedirectResponse(str(request.url_for(name)), status_code=status_code)


@router.get("/login", name="login")
def login_page(request: Request, ctx: Ctx, session: DbSession) -> Response:
    """The login form; a moderator already logged in goes straight to the queue."""
    if session_moderator(request, ctx, session) is not None:
        return _to(request, "queue")
    return render(request, "moderate/login.html", {"errors": []})


@router.post("/login", name="login_post")
def login(
    request: Request,
    ctx: Ctx,
    session: DbSession,
    username: FormField = "",
    password: FormField = "",
    csrf_token: FormField = "",
) -> Response:
    """Check the password (argon2), then start a session and open the queue."""
    if not has_valid_csrf(request, csrf_token):
        return _login_error(request, 403, "This form expired; please log in again.")
    if not ctx.limits.login.allow(client_address(request)):
        return _login_error(request, 429, "Too many login attempts; wait a minute.")
    try:
        username = check_storable(username[:100], "username")
    except ValueError as exc:
        # The database cannot even look such a name up; say so rather than fail.
        return _login_error(request, 422, f"The {exc}.")
    # Before the argon2 check, so a name's spent limit costs no hash (and alike for every name).
    release = hold_account_try(request, session, username)
    if release is None:
        return _login_error(
            request, 429, "Too many failed logins for this username; try again later."
        )
    with session.begin():
        moderator = authenticate(session, username, password[:1000])
        if moderator is None:
            return _login_error(request, 401, "Wrong username or password.")
        release()  # only failures count against the name
        response = _to(request, "queue")
        start_session(request, response, session, moderator, now=ctx.clock())
    return response


def _login_error(request: Request, status_code: int, message: str) -> Response:
    """The login form again, with what went wrong."""
    return render(request, "moderate/login.html", {"errors": [message]}, status_code=status_code)


@router.post("/logout", name="logout", dependencies=[CsrfChecked])
def logout(request: Request, ctx: Ctx, session: DbSession, moderator: CurrentModerator) -> Response:
    """End every session of this moderator; an old cookie is refused afterwards."""
    response = _to(request, "login")
    with session.begin():
        end_session(request, response, session, moderator, now=ctx.clock())
    return response


# Which part of the queue a page shows; the decision and trust forms carry it back.
ArticleFilter = Annotated[str, Query(max_length=200)]
ShowFilter = Annotated[QueueShow, Query()]
# One author's comments: all of them, whatever their status, unless `show` narrows them.
AuthorFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
# The comment a decision was just taken on. Only its id travels in the URL: the message is built
# from the database (queue.decision_done), so no user text is echoed, and unlike a flash cookie
# it needs no signing or clearing and stays right with the queue open in several tabs.
DoneComment = Annotated[int | None, Query(ge=1, le=MAX_ID)]
# The author just banned, and how many of their comments the ban rejected: the same way.
BannedAuthor = Annotated[int | None, Query(ge=1, le=MAX_ID)]
RejectedCount = Annotated[int, Query(ge=0, le=MAX_ID)]
PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100


def _page_within(total: int, page: int, size: int) -> tuple[int, int]:
    """The page to show and how many there are: a page past the last (emptied by the decisions
    taken on it, say) shows the last one."""
    pages = max(1, -(-total // size))
    return min(page, pages), pages


def _queue_url(
    request: Request,
    *,
    article: str = "",
    show: str = "all",
    author: int | None = None,
    page: int = 1,
    done: int | None = None,
    banned: int | None = None,
    rejected: int = 0,
) -> str:
    """The queue page with these filters, leaving out the defaults."""
    params = {
        "article": article,
        "show": show if show != "all" else "",
        "author": author,
        "page": page if page != 1 else None,
        "done": done,
        "banned": banned,
        "rejected": rejected,
    }
    query = urlencode({k: v for k, v in params.items() if v})
    base = str(request.url_for("queue"))
    return f"{base}?{query}" if query else base


@router.get("", name="queue")
def queue_page(
    request: Request,
    session: DbSession,
    moderator: CurrentModerator,
    article: ArticleFilter = "",
    show: ShowFilter = "all",
    author: AuthorFilter = None,
    page: PageNumber = 1,
    done: DoneComment = None,
    banned: BannedAuthor = None,
    rejected: RejectedCount = 0,
) -> Response:
    """Held and reported comments, riskiest then oldest first, with the passages marked;
    filtered by article and kind (or the rejected or published ones, newest first), or one
    author's comments (all of them, newest first, unless `show` narrows them), 50 a page;
    after a decision, what it did and a way to undo it; after a ban, whom and how many comments
    it rejected."""
    with session.begin():
        notice = decision_done(session, moderator, done) if done is not None else None
        ban = ban_done(session, moderator, banned, rejected) if banned is not None else None
        part = queue_part(session, article=article, show=show, author=author)
        # Loaded by queue_part: the session's identity map answers, no second query.
        chosen = authors.get(session, author) if author is not None else None
        total = moderation.count_queue(session, part)
        page, pages = _page_within(total, page, PAGE_SIZE)
        items = load_queue(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, part=part)
        waiting = moderation.articles_waiting(session)
        if part.article_id is not None and article not in {slug for slug, _, _ in waiting}:
            # The chosen article is beyond the list's 100: it is named all the same.
            waiting.append(moderation.article_waiting(session, part.article_id))
    # The view the page's forms return to, without its defaults (by key: author 1 is no default).
    here = {
        "article": article,
        "show": show if show != "all" else "",
        "author": author,
        "page": page if page != 1 else None,
    }
    context = {
        "entries": [(item, highlighted(item)) for item in items],
        "moderator": moderator,
        "total": total,
        "page": page,
        "pages": pages,
        "first": (page - 1) * PAGE_SIZE + 1,
        "article": article,
        "show": show,
        "shows": QUEUE_SHOWS,
        "author": author,
        "author_name": chosen.display_name if chosen is not None else None,
        "waiting": waiting,
        "done": notice,
        "ban": ban,
        "here": urlencode({k: v for k, v in here.items() if v}),
        "previous_url": _queue_url(
            request, article=article, show=show, author=author, page=page - 1
        ),
        "next_url": _queue_url(request, article=article, show=show, author=author, page=page + 1),
    }
    return render(request, "moderate/queue.html", context)


@router.post("/comments/{comment_id}/decision", name="decide", dependencies=[CsrfChecked])
def decide(
    request: Request,
    ctx: Ctx,
    comment_id: RowId,
    session: DbSession,
    moderator: CurrentModerator,
    action: FormField = "",
    note: FormField = "",
    expected_status: FormField = "",
    expected_review: Annotated[int | None, Form(ge=0, le=2**63 - 1)] = None,
    undo: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    article: ArticleFilter = "",
    show: ShowFilter = "all",
    author: AuthorFilter = None,
    page: PageNumber = 1,
) -> Response:
    """Approve, reject or hold (return to the queue) one comment, then back to the same page of
    the queue; 409 if someone decided first. The confirmation's Undo names the decision it undoes
    in the URL (`undo`, beside the view's own parameters): its reports come back with it."""
    try:
        note = check_storable(note, "note")
    except ValueError as exc:
        # Refused before the transaction, so nothing is half-done: the moderator sends it again.
        refused = HTTPException(422, f"The {exc}; nothing was changed. Edit it and decide again.")
        return _moderator_error(request, moderator, refused)
    try:
        with session.begin():
            decide_comment(
                session,
                moderator,
                comment_id,
                action=action,
                note=note,
                now=ctx.clock(),
                expected_status=expected_status,
                expected_review=expected_review,
                undo=undo,
            )
    except HTTPException as exc:
        # A 409 (decided meanwhile), 404 or 422: a moderator's page, with the dashboard's links.
        return _moderator_error(request, moderator, exc)
    to = _queue_url(request, article=article, show=show, author=author, page=page, done=comment_id)
    return RedirectResponse(to, 303)


def _moderator_error(request: Request, moderator: CurrentModerator, exc: HTTPException) -> Response:
    """The error page in the dashboard's layout (its Queue and Log out), not the readers'."""
    context = {"status": exc.status_code, "message": exc.detail, "moderator": moderator}
    return render(request, "error.html", context, status_code=exc.status_code)


@router.post("/authors/{author_id}/trust", name="trust", dependencies=[CsrfChecked])
def trust(
    request: Request,
    ctx: Ctx,
    author_id: RowId,
    session: DbSession,
    moderator: CurrentModerator,
    level: FormField = "",
    reject_comments: Annotated[bool, Form()] = False,
    article: ArticleFilter = "",
    show: ShowFilter = "all",
    author: AuthorFilter = None,
    page: PageNumber = 1,
) -> Response:
    """Ban, trust or reset an author; it applies to their next comments. A ban may also reject
    their published and held comments (`reject_comments`); the queue then confirms it."""
    with session.begin():
        rejected = set_author_trust(
            session,
            moderator,
            author_id,
            trust=level,
            now=ctx.clock(),
            reject_comments=reject_comments,
        )
    banned = author_id if level == "banned" else None
    to = _queue_url(
        request,
        article=article,
        show=show,
        author=author,
        page=page,
        banned=banned,
        rejected=rejected,
    )
    return RedirectResponse(to, 303)


# What each action the audit log holds reads as; the raw key is shown beside it, for grep.
# Every key the code writes (audit.log's action=) has one: tests/test_audit_page_ux.py checks.
# A key without one (an older release's, say) is shown as it is.
AUDIT_ACTION_LABELS: dict[str, str] = {
    "comment.published": "Comment published",
    "comment.rejected": "Comment rejected",
    "comment.held": "Comment returned to the queue",
    "author.banned": "Author banned",
    "author.trusted": "Author trusted",
    "author.normal": "Author's trust reset",
    "author.erased": "Author's data erased",
    "article.closed": "Comments closed on article",
    "article.opened": "Comments opened on article",
    "moderator.login": "Moderator logged in",
    "moderator.logout": "Moderator logged out",
    "moderator.created": "Moderator account created",
    "moderator.disabled": "Moderator account disabled",
    "moderator.enabled": "Moderator account enabled",
    "moderator.password_changed": "Moderator password changed",
    "moderator.role_changed": "Moderator role changed",
    "api_key.created": "API key created",
    "api_key.revoked": "API key revoked",
}


def _audit_comment_url(comment_id: int, comment: audit.CommentRef) -> str:
    """Where the audit log links a comment: a published one to its place on the article; a held
    or rejected one, not on the public page, to its author's comments of that status in the
    dashboard (its item's anchor; newest first for rejected ones, riskiest first for held)."""
    if comment.published:
        # ?comment= opens the page of the article's threads that holds it.
        return f"/articles/{comment.slug}?comment={comment_id}#c{comment_id}"
    query = urlencode({"author": comment.author_id, "show": comment.status.value})
    return f"/moderate?{query}#q{comment_id}"


@router.get("/audit", name="audit")
def audit_page(
    request: Request, session: DbSession, moderator: CurrentModerator, page: PageNumber = 1
) -> Response:
    """Every moderator's actions, newest first, 100 a page, with names: admins only."""
    if moderator.role != "admin":
        raise HTTPException(403, "only admins read the audit log")
    with session.begin():
        total = audit.count(session)
        page, pages = _page_within(total, page, AUDIT_PAGE_SIZE)
        entries = audit.list_recent(
            session, limit=AUDIT_PAGE_SIZE, offset=(page - 1) * AUDIT_PAGE_SIZE
        )
        names = audit.names_of(session, entries)
    context = {
        "entries": entries,
        "names": names,
        "labels": AUDIT_ACTION_LABELS,
        "comment_urls": {i: _audit_comment_url(i, c) for i, c in names.comments.items()},
        "moderator": moderator,
        "total": total,
        "page": page,
        "pages": pages,
    }
    return render(request, "moderate/audit.html", context)


@router.get("/report", name="policy_report")
def report_page(
    request: Request,
    ctx: Ctx,
    session: DbSession,
    moderator: CurrentModerator,
    period: Annotated[Period, Query()] = "month",
) -> Response:
    """What the policy decided and how often moderators overrode it: admins only."""
    context = {
        "report": admin_report(session, moderator, period, ctx.clock()),
        "period": period,
        "periods": list(PERIODS),
        "moderator": moderator,
        "policy": ctx.engine.policy,
        "policy_file": ctx.settings.policy_file,
    }
    return render(request, "moderate/report.html", context)
