"""Signed moderator sessions, CSRF tokens, security headers and a request size limit."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "civility_session"
CSRF_COOKIE = "civility_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_MAX_AGE_S = 7 * 24 * 3600

# No inline scripts or styles anywhere; the API docs page alone runs Swagger UI's inline start-up.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")
# Pages and answers that hold moderators' data never go into a shared or browser cache.
PRIVATE_PREFIXES = ("/moderate", "/api/v1/moderation", "/api/v1/login")


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """Who a session cookie speaks for, and which login generation issued it."""

    moderator_id: int
    generation: int


@dataclass(slots=True)
class CsrfState:
    """This request's CSRF token; `is_new` when the browser had no valid cookie yet."""

    token: str
    signed: str
    is_new: bool
    is_used: bool = False


class Signer:
    """Signs session cookies (with an age limit) and CSRF cookies with the site's secret."""

    def __init__(self, secret_key: str, *, max_age_s: int) -> None:
        self._sessions = URLSafeTimedSerializer(secret_key, salt="civility.session")
        self._csrf = URLSafeSerializer(secret_key, salt="civility.csrf")
        self.max_age_s = max_age_s

    def dump_session(self, claims: SessionClaims) -> str:
        """The cookie value for a fresh moderator session."""
        return self._sessions.dumps([claims.moderator_id, claims.generation])

    def load_session(self, cookie: str | None) -> SessionClaims | None:
        """The claims of a valid, unexpired cookie; None for anything else."""
        if not cookie:
            return None
        try:
            moderator_id, generation = self._sessions.loads(cookie, max_age=self.max_age_s)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(moderator_id, int) or not isinstance(generation, int):
            return None
        return SessionClaims(moderator_id, generation)

    def csrf_state(self, cookie: str | None) -> CsrfState:
        """The token inside a valid CSRF cookie, or a new one to set."""
        if cookie:
            try:
                token = self._csrf.loads(cookie)
            except BadSignature:
                token = None
            if isinstance(token, str):
                return CsrfState(token, cookie, is_new=False)
        token = secrets.token_urlsafe(32)
        return CsrfState(token, self._csrf.dumps(token), is_new=True)


def is_valid_csrf(state: CsrfState, submitted: str | None) -> bool:
    """Double submit: the form or header value must equal the token in the signed cookie."""
    if state.is_new or not submitted:
        return False
    return hmac.compare_digest(state.token.encode(), submitted.encode("utf-8", "replace"))


def csrf_token(request: Request) -> str:
    """The token to put in a form; marks it so the middleware sets the cookie."""
    state: CsrfState = request.state.csrf
    state.is_used = True
    return state.token


def is_https(request: Request) -> bool:
    """Secure cookies only when the site is reached over https."""
    return request.url.scheme == "https"


def set_private_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int
) -> None:
    """A cookie scripts cannot read, sent on same-site requests and top-level navigation."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


def security_headers(path: str) -> dict[str, str]:
    """Headers every response carries; the docs page gets the CSP Swagger UI needs."""
    headers = {
        "Content-Security-Policy": DOCS_CSP if path in DOCS_PATHS else CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }
    if path.startswith(PRIVATE_PREFIXES):
        headers["Cache-Control"] = "no-store"
    return headers


def make_http_middleware(
    signer: Signer,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Middleware that gives each request its CSRF state and adds the security headers."""

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Attach the CSRF state, run the route, then set the cookie and headers."""
        state = signer.csrf_state(request.cookies.get(CSRF_COOKIE))
        request.state.csrf = state
        response = await call_next(request)
        if state.is_new and state.is_used:
            set_private_cookie(response, request, CSRF_COOKIE, state.signed, max_age=CSRF_MAX_AGE_S)
        response.headers.update(security_headers(request.url.path))
        return response

    return middleware


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413 before any route reads them.

    A pure ASGI middleware that answers the 413 itself: a body that grows past the limit while
    it streams in (chunked, no Content-Length) fails inside whatever reads it, and the form
    parser or the http middleware would turn that failure into a 400 or a 500.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what actually arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await _too_large(scope, send, self.max_bytes)
            return
        guard = _StreamGuard(scope, receive, send, max_bytes=self.max_bytes)
        try:
            await self.app(scope, guard.receive, guard.send)
        except Exception:
            # Once the 413 is out, the app only fails because its body was cut off.
            if not guard.refused:
                raise


async def _too_large(scope: Scope, send: Send, max_bytes: int) -> None:
    """Answer 413 in plain words."""
    response = PlainTextResponse(f"request body too large (limit {max_bytes} bytes)", 413)
    await response(scope, _no_body, send)


class _StreamGuard:
    """One request's receive and send: counts the body, sends the 413, then mutes the app."""

    def __init__(self, scope: Scope, receive: Receive, send: Send, *, max_bytes: int) -> None:
        self._scope = scope
        self.max_bytes = max_bytes
        self._receive = receive
        self._send = send
        self._seen = 0
        self._started = False
        self.refused = False

    async def receive(self) -> Message:
        """The next body chunk, counted; past the limit, answer 413 and stop the reader."""
        if self.refused:
            # The rest of the body is not read; to the app the client has gone.
            return {"type": "http.disconnect"}
        message = await self._receive()
        self._seen += len(message.get("body", b""))
        if self._seen > self.max_bytes:
            self.refused = True
            if not self._started:
                await _too_large(self._scope, self._send, self.max_bytes)
            raise BodyTooLarge(self.max_bytes)
        return message

    async def send(self, message: Message) -> None:
        """Pass the app's answer on, unless the 413 has replaced it."""
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self._started = True
        await self._send(message)


async def _no_body() -> Message:
    """A receive for answers that read nothing."""
    return {"type": "http.disconnect"}


class BodyTooLarge(Exception):
    """A streamed body grew past the limit its Content-Length did not declare."""
