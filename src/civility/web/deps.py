"""What routes share: the app's context, a session per request, who is asking, and rendering."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Form, Header, HTTPException, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import Response

from civility.commenting import Engine
from civility.config import Settings
from civility.store import api_keys, moderators
from civility.store.models import ApiKey, Moderator
from civility.web.ratelimit import AccountLimiter, Counter, RateLimiter, Release, device_account
from civility.web.security import (
    CSRF_COOKIE,
    DEVICE_COOKIE,
    SESSION_COOKIE,
    CsrfState,
    SessionClaims,
    Signer,
    is_valid_csrf,
    is_valid_session_csrf,
    read_cookie,
)


@dataclass(frozen=True)
class Limits:
    """The rate limits the site enforces per client address, and failed logins per account."""

    post: RateLimiter
    report: RateLimiter
    login: RateLimiter
    account_login: AccountLimiter
    counter: Counter  # the store all of them count in: Redis, or this process's memory


@dataclass(frozen=True)
class AppContext:
    """Everything built once per process and shared by every request."""

    settings: Settings
    sessions: sessionmaker[Session]
    engine: Engine
    templates: Jinja2Templates
    signer: Signer
    limits: Limits
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


def get_ctx(request: Request) -> AppContext:
    """The context create_app stored on the application."""
    ctx: AppContext = request.app.state.civility
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def get_session(ctx: Ctx) -> Iterator[Session]:
    """One session per request; the route opens its transaction with `session.begin()`."""
    with ctx.sessions() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]


def client_address(request: Request) -> str:
    """Who the rate limits count: the peer's IPv4 address or IPv6 /64 (network_key); behind a
    proxy, uvicorn's --proxy-headers makes the peer the real client."""
    return network_key(request.client.host if request.client else "unknown")


def network_key(host: str) -> str:
    """An IPv4 address as it is, an IPv6 address as its /64, anything else as a digest."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # Not an address (a unix socket, a misread header): one client, in a key of fixed size.
        return "host:" + hashlib.sha256(host.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    # A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d: all of those share one /64.
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    # One subscriber gets a whole /64 and its hosts pick any address in it (RFC 8981).
    return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))


def require_rate(limiter: RateLimiter, request: Request) -> None:
    """429 with Retry-After once this client is over the limit."""
    if not limiter.allow(client_address(request)):
        raise HTTPException(
            429,
            f"too many requests; try again in {limiter.retry_after_s} seconds",
            headers={"Retry-After": str(limiter.retry_after_s)},
        )


def hold_account_try(request: Request, session: Session, username: str) -> Release | None:
    """Hold a try at this login name before its password is checked, in the limits of this
    browser's device cookie for the name under its current password if it has one, else of
    its network and the account; None when they are full."""
    ctx = get_ctx(request)
    device = None
    cookie = read_cookie(request, DEVICE_COOKIE)
    if cookie:
        with session.begin():
            moderator = moderators.get_by_username(session, username)
        if moderator is not None:
            account = device_account(moderator.username, moderator.password_hash)
            device = ctx.signer.load_device(cookie, account=account)
    return ctx.limits.account_login.hold(username, client_address(request), device=device)


def require_account_try(request: Request, session: Session, username: str) -> Release:
    """Hold a try at this login name (`hold_account_try`); 429 once the name's failures fill
    the period, worded alike whether or not the account exists."""
    release = hold_account_try(request, session, username)
    if release is None:
        retry_after_s = get_ctx(request).limits.account_login.retry_after_s
        raise HTTPException(
            429,
            f"too many failed logins for this username; try again in {retry_after_s} seconds",
            headers={"Retry-After": str(retry_after_s)},
        )
    return release


def session_moderator(request: Request, ctx: AppContext, session: Session) -> Moderator | None:
    """The moderator of a valid session cookie whose generation is still current."""
    claims = ctx.signer.load_session(read_cookie(request, SESSION_COOKIE))
    if claims is None:
        return None
    with session.begin():
        moderator = moderators.get(session, claims.moderator_id)
    # Logout raises the generation, so every cookie issued before it stops working.
    if moderator is None or moderator.session_generation != claims.generation:
        return None
    # Disabling raises the generation as well; this also covers an account disabled by hand.
    if moderator.disabled_at is not None:
        return None
    return moderator


def current_moderator(request: Request, ctx: Ctx, session: DbSession) -> Moderator:
    """The logged-in moderator, or 401 (the dashboard turns it into the login page)."""
    moderator = session_moderator(request, ctx, session)
    if moderator is None:
        raise HTTPException(401, "log in as a moderator first")
    return moderator


CurrentModerator = Annotated[Moderator, Depends(current_moderator)]


def csrf_state(request: Request) -> CsrfState:
    """This request's CSRF tokens, read from its cookies once, with the app's clock."""
    state: CsrfState | None = getattr(request.state, "csrf", None)
    if state is None:
        ctx = get_ctx(request)
        csrf_cookie = read_cookie(request, CSRF_COOKIE)
        session_cookie = read_cookie(request, SESSION_COOKIE)
        state = ctx.signer.csrf_state(csrf_cookie, session_cookie, now=ctx.clock())
        request.state.csrf = state
    return state


def csrf_token(request: Request) -> str:
    """The token for this page's forms: the session's when logged in, else the anonymous one
    (marked, so the middleware sets its cookie)."""
    state = csrf_state(request)
    if state.session_token is not None:
        return state.session_token
    state.is_used = True
    return state.token


def reissue_csrf(request: Request, claims: SessionClaims | None) -> str:
    """A new anonymous token (its cookie set on the way out), bound to `claims` when given;
    login and logout call it so no token from before them carries over. Returns the form token."""
    ctx = get_ctx(request)
    state = ctx.signer.new_csrf(now=ctx.clock())
    state.session_token = ctx.signer.session_csrf(claims) if claims else None
    state.is_used = True
    request.state.csrf = state
    return csrf_token(request)


def has_valid_csrf(request: Request, submitted: str | None) -> bool:
    """The anonymous forms' check (login, comments, reports): double submit, or the session's."""
    return is_valid_csrf(csrf_state(request), submitted)


def require_session_csrf(request: Request, submitted: str | None) -> None:
    """403 unless the token is the one bound to this browser's moderator session."""
    # A planted anonymous cookie and its token are refused here: only this login's token counts.
    if not is_valid_session_csrf(csrf_state(request), submitted):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


def csrf_header(request: Request, x_csrf_token: Annotated[str | None, Header()] = None) -> None:
    """The API's CSRF check: the token from login, sent back as the X-CSRF-Token header."""
    require_session_csrf(request, x_csrf_token)


def _raw_api_key(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


def check_api_key(session: Session, raw: str | None, *, scope: str) -> ApiKey:
    """The active key of `scope`: 401 when absent or unknown, 403 when it has another scope."""
    if raw is None:
        raise HTTPException(
            401,
            "API key required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    with session.begin():
        key = api_keys.find_active(session, raw_key=raw, scope=scope)
        other = None if key else _key_of_other_scope(session, raw, scope)
    if other is not None:
        raise HTTPException(403, f"this API key has scope '{other.scope}', not '{scope}'")
    if key is None:
        raise HTTPException(
            401, "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"}
        )
    return key


def _key_of_other_scope(session: Session, raw: str, scope: str) -> ApiKey | None:
    """The active key with this value under any other scope, to say why it is refused."""
    for other in api_keys.SCOPES:
        found = api_keys.find_active(session, raw_key=raw, scope=other) if other != scope else None
        if found is not None:
            return found
    return None


def publisher_key(
    session: DbSession,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> ApiKey:
    """The publisher key sent as a Bearer token or X-API-Key header."""
    return check_api_key(session, _raw_api_key(authorization, x_api_key), scope="publisher")


PublisherKey = Annotated[ApiKey, Depends(publisher_key)]


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    """An autoescaped template with the site name and this browser's CSRF token."""
    ctx = get_ctx(request)
    full = {
        "site_name": ctx.settings.site_name,
        "max_chars": ctx.settings.max_comment_chars,
        "csrf_token": csrf_token(request),
        **context,
    }
    return ctx.templates.TemplateResponse(request, name, full, status_code=status_code)


def csrf_form(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """The dashboard forms' CSRF check: the hidden csrf_token field, bound to the session."""
    require_session_csrf(request, csrf_token)
