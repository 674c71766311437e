"""Signed moderator sessions, CSRF tokens, security headers and a request size limit."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Base names; over https both carry the __Host- prefix (cookie_name).
SESSION_COOKIE = "civility_session"
CSRF_COOKIE = "civility_csrf"
HOST_PREFIX = "__Host-"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
# Anonymous forms' tokens (login, comments, reports) live 8 hours, a session's default length:
# a form left open longer is answered "This form expired", with its text and a fresh token.
CSRF_MAX_AGE_S = 8 * 3600
# A page showing a token older than this gets a fresh one instead, so a shown form always has
# at least half of CSRF_MAX_AGE_S; the cookie keeps the token it replaces, valid until it expires.
CSRF_RENEW_AFTER_S = CSRF_MAX_AGE_S // 2

# The browser that posted a held comment keeps its id, signed, to see it marked "awaiting
# moderation" under the article: the last PENDING_MAX_IDS ids, for a week after the last one.
PENDING_COOKIE = "civility_pending"
PENDING_MAX_AGE_S = 7 * 24 * 3600
PENDING_MAX_IDS = 20

# A browser where a moderator has logged in keeps a device cookie naming the account (OWASP's
# "device cookies"): failed logins from it count against that browser alone, so guessers
# elsewhere, however many networks they use, cannot keep the moderator out of a known browser.
DEVICE_COOKIE = "civility_device"
DEVICE_MAX_AGE_S = 180 * 24 * 3600
# Accounts one browser's cookie remembers (a shared newsroom computer, an admin's two accounts).
DEVICE_MAX_ACCOUNTS = 5

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
# A year, for this host alone: a newsroom's other subdomains are not ours to put on https.
HSTS = "max-age=31536000"


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """Who a session cookie speaks for, which login generation issued it, and the login's nonce."""

    moderator_id: int
    generation: int
    nonce: str


@dataclass(slots=True)
class CsrfState:
    """This request's CSRF tokens: the browser's anonymous one (`is_new` when its cookie held
    none young enough to show), the cookie's older unexpired one (still accepted from forms
    shown before it was replaced) and, with a session cookie, the token bound to that login."""

    token: str
    signed: str
    is_new: bool
    session_token: str | None = None
    is_used: bool = False
    previous_token: str | None = None


class Signer:
    """Signs session cookies (with an age limit), CSRF cookies, session-bound CSRF tokens,
    device cookies, and a poster's held comments (the pages' cookie, the widget's tokens)."""

    def __init__(self, secret_key: str, *, max_age_s: int) -> None:
        self._sessions = URLSafeTimedSerializer(secret_key, salt="civility.session")
        # The issue time goes inside the payload, from the app's clock (itsdangerous would
        # read time.time()), so that expiry follows ctx.clock like the rest of the site.
        self._csrf = URLSafeSerializer(secret_key, salt="civility.csrf")
        self._pending = URLSafeSerializer(secret_key, salt="civility.pending")
        self._devices = URLSafeTimedSerializer(secret_key, salt="civility.device")
        # Session-bound tokens get a key derived for them alone, apart from the cookie signers'.
        self._bound_key = hmac.new(
            secret_key.encode(), b"civility.csrf.session", hashlib.sha256
        ).digest()
        # The widget's pending tokens likewise: one cannot stand for another purpose's signature.
        self._pending_key = hmac.new(
            secret_key.encode(), b"civility.pending.token", hashlib.sha256
        ).digest()
        self.max_age_s = max_age_s

    def dump_session(self, claims: SessionClaims) -> str:
        """The cookie value for a fresh moderator session."""
        return self._sessions.dumps([claims.moderator_id, claims.generation, claims.nonce])

    def load_session(self, cookie: str | None) -> SessionClaims | None:
        """The claims of a valid, unexpired cookie; None for anything else."""
        if not cookie:
            return None
        try:
            moderator_id, generation, nonce = self._sessions.loads(cookie, max_age=self.max_age_s)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(moderator_id, int) or not isinstance(generation, int):
            return None
        if not isinstance(nonce, str) or not nonce:
            return None
        return SessionClaims(moderator_id, generation, nonce)

    def dump_device(self, account: str, *, keep: str | None = None) -> str:
        """A device cookie's value for a browser that just logged in to `account` (its digest):
        a fresh key for it, beside the keys `keep` (the browser's cookie) holds for others."""
        others = [pair for pair in self._device_keys(keep) if pair[0] != account]
        pairs = [*others[-(DEVICE_MAX_ACCOUNTS - 1) :], [account, secrets.token_urlsafe(16)]]
        return self._devices.dumps(pairs)

    def load_device(self, cookie: str | None, *, account: str) -> str | None:
        """The device's own key for this account when a valid, unexpired cookie holds one."""
        keys = [key for named, key in self._device_keys(cookie) if named == account]
        return keys[-1] if keys else None

    def _device_keys(self, cookie: str | None) -> list[list[str]]:
        """The [account, key] pairs of a valid, unexpired device cookie; [] for anything else."""
        if not cookie:
            return []
        try:
            pairs = self._devices.loads(cookie, max_age=DEVICE_MAX_AGE_S)
        except (BadSignature, ValueError, TypeError):
            return []
        if not isinstance(pairs, list):
            return []
        return [
            pair
            for pair in pairs[-DEVICE_MAX_ACCOUNTS:]
            if isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(part, str) and part for part in pair)
        ]

    def dump_pending(self, comment_ids: list[int], *, now: datetime) -> str:
        """The pending cookie's value: the poster's held comment ids, stamped with `now`."""
        return self._pending.dumps([int(now.timestamp()), comment_ids[-PENDING_MAX_IDS:]])

    def load_pending(self, cookie: str | None, *, now: datetime) -> list[int] | None:
        """The ids of a validly signed, unexpired pending cookie; None for anything else."""
        if not cookie:
            return None
        try:
            issued_at, ids = self._pending.loads(cookie)
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(issued_at, int) or now.timestamp() - issued_at > PENDING_MAX_AGE_S:
            return None
        if not isinstance(ids, list) or not all(type(i) is int and i > 0 for i in ids):
            return None
        return ids[-PENDING_MAX_IDS:]

    def pending_token(self, comment_id: int) -> str:
        """The widget's proof that it posted held comment `comment_id`: an HMAC of the id."""
        digest = hmac.new(self._pending_key, str(comment_id).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def session_csrf(self, claims: SessionClaims) -> str:
        """The CSRF token of one login: an HMAC over the moderator, generation and nonce."""
        message = f"{claims.moderator_id}:{claims.generation}:{claims.nonce}".encode()
        digest = hmac.new(self._bound_key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def new_csrf(self, *, now: datetime, previous: tuple[str, int] | None = None) -> CsrfState:
        """A fresh anonymous token and its cookie value, stamped with `now`; the cookie also
        carries `previous` (token, issued at), so forms already showing it keep working."""
        token = secrets.token_urlsafe(32)
        payload: list[str | int] = [token, int(now.timestamp())]
        if previous is not None:
            payload.extend(previous)
        state = CsrfState(token, self._csrf.dumps(payload), is_new=True)
        state.previous_token = previous[0] if previous else None
        return state

    def csrf_state(
        self, csrf_cookie: str | None, session_cookie: str | None, *, now: datetime
    ) -> CsrfState:
        """The tokens of a request's cookies; a missing, expired or half-expired one is replaced."""
        tokens = self._unexpired_tokens(csrf_cookie, now)
        if not tokens or not csrf_cookie:
            state = self.new_csrf(now=now)
        elif now.timestamp() - tokens[0][1] > CSRF_RENEW_AFTER_S:
            # Marked new: the middleware sets the cookie only if a page shows the fresh token.
            state = self.new_csrf(now=now, previous=tokens[0])
        else:
            state = CsrfState(tokens[0][0], csrf_cookie, is_new=False)
            state.previous_token = tokens[1][0] if len(tokens) > 1 else None
        claims = self.load_session(session_cookie)
        state.session_token = self.session_csrf(claims) if claims else None
        return state

    def _unexpired_tokens(self, cookie: str | None, now: datetime) -> list[tuple[str, int]]:
        """(token, issued at) of a validly signed CSRF cookie, newest first, each issued no
        more than CSRF_MAX_AGE_S ago."""
        if not cookie:
            return []
        try:
            payload = self._csrf.loads(cookie)
        except BadSignature:
            return []
        # [token, issued_at], then the replaced token and its issue time if any.
        if not isinstance(payload, list) or len(payload) not in (2, 4):
            return []
        pairs = [(payload[i], payload[i + 1]) for i in range(0, len(payload), 2)]
        if not all(isinstance(token, str) and isinstance(at, int) for token, at in pairs):
            return []
        return [(token, at) for token, at in pairs if now.timestamp() - at <= CSRF_MAX_AGE_S]


def is_valid_csrf(state: CsrfState, submitted: str | None) -> bool:
    """Anonymous forms: this session's token, or an unexpired one of the signed cookie's
    (double submit)."""
    if is_valid_session_csrf(state, submitted):
        return True
    if state.previous_token is not None and _is_same(state.previous_token, submitted):
        return True
    return not state.is_new and _is_same(state.token, submitted)


def is_valid_session_csrf(state: CsrfState, submitted: str | None) -> bool:
    """Moderator routes: only the token bound to this browser's session cookie."""
    return state.session_token is not None and _is_same(state.session_token, submitted)


def _is_same(expected: str, submitted: str | None) -> bool:
    """A constant-time comparison; an empty submission never matches."""
    if not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode("utf-8", "replace"))


def is_https(request: Request) -> bool:
    """Secure cookies only over https, as the trusted proxy or CIVILITY_PUBLIC_URL says."""
    return request.url.scheme == "https"


def cookie_name(request: Request, name: str) -> str:
    """`__Host-name` over https: a sibling subdomain or plain-http page cannot plant it."""
    return f"{HOST_PREFIX}{name}" if is_https(request) else name


def read_cookie(request: Request, name: str) -> str | None:
    """A private cookie's value, under the name this scheme gives it."""
    return request.cookies.get(cookie_name(request, name))


def set_private_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int
) -> None:
    """A cookie scripts cannot read, sent on same-site requests and top-level navigation."""
    # No Domain, Path=/ and Secure on https: what the __Host- prefix requires.
    response.set_cookie(
        cookie_name(request, name),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


def delete_private_cookie(response: Response, request: Request, name: str) -> None:
    """Expire a cookie set by set_private_cookie; browsers drop a __Host- one only if Secure."""
    response.delete_cookie(
        cookie_name(request, name),
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


def make_http_middleware() -> Callable[
    [Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]
]:
    """Middleware that sets a CSRF cookie a route handed out (SecurityHeaders adds the headers).

    The routes read the CSRF state themselves (web/deps.py: csrf_state, with the app's clock).
    """

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Run the route, then set the anonymous CSRF cookie if it is new and used."""
        response = await call_next(request)
        state: CsrfState | None = getattr(request.state, "csrf", None)
        if state is not None and state.is_new and state.is_used:
            set_private_cookie(response, request, CSRF_COOKIE, state.signed, max_age=CSRF_MAX_AGE_S)
        return response

    return middleware


class SecurityHeaders:
    """The outermost of our middleware: every answer gets security_headers(), HSTS over https.

    Outside BodyLimit, CORS and TrustedHost, so their own answers (413, preflight, 400) carry
    the headers too; an unhandled error becomes a 500 here, with them, before Starlette's
    ServerErrorMiddleware (outside all middleware) would answer it bare. `force_https` (an
    https CIVILITY_PUBLIC_URL) treats each request as the https one the reader's browser sent:
    Secure __Host- cookies, https redirects and HSTS even when the proxy's scheme is not passed on.
    """

    def __init__(self, app: ASGIApp, *, force_https: bool) -> None:
        self.app = app
        self.force_https = force_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers a response lacks; answer 500 for an error raised before one."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.force_https:
            scope = {**scope, "scheme": "https"}
        extra = security_headers(scope["path"])
        if scope["scheme"] == "https":
            extra["Strict-Transport-Security"] = HSTS
        started = False

        async def send_with_headers(message: Message) -> None:
            """Pass each message on, the response start with the headers it lacks."""
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])  # optional in ASGI
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                error = PlainTextResponse("Internal Server Error", 500)
                await error(scope, _no_body, send_with_headers)
            raise  # for the server's log; ServerErrorMiddleware sees the answer has started


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
