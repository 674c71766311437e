"""create_app(settings): the whole site. Every URL is listed here, router by router."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from civility import __version__
from civility.commenting import Engine, build_engine
from civility.config import DEFAULT_PORTS, Settings
from civility.store.db import make_engine, make_session_factory
from civility.web.apidocs import SWAGGER_STATIC
from civility.web.cors import CrossOriginPaths
from civility.web.deps import AppContext, Limits, render
from civility.web.health import HEALTH_PATH
from civility.web.highlight import reveal_controls
from civility.web.ratelimit import AccountLimiter, RateLimiter, make_counter, parse_rate
from civility.web.security import BodyLimit, SecurityHeaders, Signer, make_http_middleware

HERE = Path(__file__).parent


def _routers() -> list[APIRouter]:
    """Every router of the site; add one line below for a new one, and its URLs here.

    pages       GET  /                                          articles, with comment counts
                GET  /articles/{slug}?page=N&comment=ID         article, COMMENTS (N), threads
                POST /articles/{slug}/comments                  post or reply from the page
                POST /comments/{comment_id}/report              a reader reports a comment
                GET  /faq                                       Comments FAQ from the policy
    dashboard   GET  /moderate                                  the queue (moderators)
                GET  /moderate/login    POST /moderate/login    password login
                POST /moderate/logout                           ends every session
                POST /moderate/comments/{comment_id}/decision   approve / reject / hold
                POST /moderate/authors/{author_id}/trust        ban / trust / reset
                GET  /moderate/audit                            audit log (admins)
                GET  /moderate/report                           policy report (admins)
    api         POST /api/v1/articles                           publisher key
                GET  /api/v1/articles/{slug}    PUT (publisher key)
                GET  /api/v1/articles/{slug}/comments    POST (anyone: 201/202/403)
                POST /api/v1/comments/{comment_id}/reports   a reader reports (widget: JSON, CORS)
                POST /api/v1/login    POST /api/v1/logout       moderator session
                GET  /api/v1/moderation/queue                   moderator session
                GET  /api/v1/moderation/report                  policy report (admin session)
                POST /api/v1/moderation/comments/{comment_id}/decision   + X-CSRF-Token
    perspective POST /comments:analyze  POST /comments:suggestscore   Perspective API, ?key=
                POST /{prefix:path}/comments:analyze            (any prefix: /v1alpha1/...)
                POST /{prefix:path}/comments:suggestscore       stored as score feedback
                GET  /$discovery/rest                           discovery doc for Google clients
    coral       POST /api/v1/coral/moderation                   Coral external moderation phase
    embed       GET  /embed.js                                  the one-tag widget
                GET  /api/v1/config                             site name, limits, FAQ URL
                GET  /api/v1/embed/article                      ?url=: article by URL (or fetch)
    health      GET  /healthz                                   200, or 503 if the database is down
    FastAPI     GET  /docs  /openapi.json                       API reference
    static      GET  /static/{path}                             CSS, dashboard.js
                GET  /static/swagger/{path}                     Swagger UI files for /docs
    """
    from civility.web import api, apidocs, coral, dashboard, embed, health, pages, perspective

    return [
        health.router,
        pages.router,
        dashboard.router,
        api.router,
        perspective.router,
        coral.router,
        embed.router,
        apidocs.router,
    ]


def create_app(settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    """The site for these settings; the moderation engine is built once unless given.

    Raises StartupError for settings it cannot serve with (a short secret, a bad Redis URL).
    """
    settings = settings.checked_for_serving()
    # First, before the models load: a bad CIVILITY_REDIS_URL stops the start at once.
    limits = _limits(settings)
    db_engine = make_engine(settings.database_url)
    ctx = AppContext(
        settings=settings,
        sessions=make_session_factory(db_engine),
        engine=engine or build_engine(settings),
        templates=_templates(),
        signer=Signer(settings.secret_key, max_age_s=settings.session_max_age_s),
        limits=limits,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        """Close the database pool when the server stops."""
        yield
        db_engine.dispose()

    app = FastAPI(
        title=settings.site_name,
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.civility = ctx
    # Swagger UI's files come from the swagger-ui-bundle package: the docs need no CDN.
    app.mount(SWAGGER_STATIC, StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in _routers():
        app.include_router(router)
    _add_error_handlers(app)
    app.middleware("http")(make_http_middleware())
    if settings.allowed_origins:
        # Only the widget's and the Perspective API's paths answer other origins (web/cors.py).
        app.add_middleware(CrossOriginPaths, origins=settings.allowed_origins)
    max_body = max(1 << 20, settings.max_comment_chars * 8)
    # It answers 413 itself, even for a body that streams past the limit.
    app.add_middleware(BodyLimit, max_bytes=max_body)
    _add_outer_middleware(app, settings.public_url)
    return app


def _add_outer_middleware(app: FastAPI, public_url: str | None) -> None:
    """The outermost of ours: only the public URL's host and port (when set), then security
    headers."""
    public = urlsplit(public_url) if public_url else None
    if public_url and public is not None and public.hostname:
        # Absolute URLs (redirects, the widget's links) are built from the Host header:
        # one naming another site, or another port of this one, would send readers there.
        app.add_middleware(PublicHostOnly, public_url=public_url)
    app.add_middleware(SecurityHeaders, force_https=public is not None and public.scheme == "https")


class PublicHostOnly:
    """400 for a Host other than the public URL's host and port, but for the health check:
    load balancers ask each server by its own address, and its answer builds no URL from the
    Host. The port must be the public URL's, or absent where that is the scheme's default."""

    def __init__(self, app: ASGIApp, *, public_url: str) -> None:
        self.app = app
        public = urlsplit(public_url)
        hostname = (public.hostname or "").lower()
        self.host = f"[{hostname}]" if ":" in hostname else hostname
        default = DEFAULT_PORTS.get(public.scheme.lower())
        self.port = public.port if public.port is not None else default
        self.portless = self.port == default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or (
            scope["type"] == "http" and scope["path"] == HEALTH_PATH
        ):
            await self.app(scope, receive, send)
            return
        if self.is_public(Headers(scope=scope).get("host")):
            await self.app(scope, receive, send)
            return
        await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)

    def is_public(self, host_header: str | None) -> bool:
        """Whether a Host header names the public URL's host and port."""
        if host_header is None:
            return False
        value = host_header.lower()
        # An IPv6 host's colons are inside its brackets: the port follows the "]".
        colon = value.rfind(":") if value.rfind(":") > value.rfind("]") else -1
        host, port = (value, None) if colon < 0 else (value[:colon], value[colon + 1 :])
        if host != self.host:
            return False
        if port is None:
            return self.portless
        # "comments.example.com:443" is the default port said aloud; "comments.example.com:"
        # or a port that is no number is refused.
        return port.isascii() and port.isdigit() and len(port) <= 5 and int(port) == self.port


def _templates() -> Jinja2Templates:
    """Jinja2 with autoescaping (the default for .html), plus a one-time form token maker."""
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["new_form_token"] = lambda: secrets.token_urlsafe(24)
    templates.env.filters["reveal_controls"] = reveal_controls
    return templates


def _limits(settings: Settings) -> Limits:
    """Posting, reporting and login limits, sharing one counter store (Redis checked here)."""
    counter = make_counter(settings.redis_url, namespace=settings.site_name)
    post = parse_rate(settings.post_rate_limit)
    return Limits(
        post=RateLimiter("post", post, counter),
        report=RateLimiter("report", post, counter),
        login=RateLimiter("login", parse_rate(settings.login_rate_limit), counter),
        account_login=AccountLimiter(
            "login-account", parse_rate(settings.account_login_rate_limit), counter
        ),
        counter=counter,
    )


def _add_error_handlers(app: FastAPI) -> None:
    """JSON errors under /api, HTML pages elsewhere, the login page for a missing session."""

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """4xx answers: JSON for the API, a page for people, the login form for moderators."""
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        if exc.status_code == 401 and request.url.path.startswith("/moderate"):
            return RedirectResponse(str(request.url_for("login")), status_code=303)
        context = {"status": exc.status_code, "message": exc.detail}
        return render(request, "error.html", context, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        """422 with every problem in plain words."""
        errors = [_plain_error(e) for e in exc.errors()]
        if _is_api(request):
            return JSONResponse({"detail": errors}, 422)
        context = {"status": 422, "message": "; ".join(errors)}
        return render(request, "error.html", context, status_code=422)


def _is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith("/api/")


def _plain_error(error: dict[str, Any]) -> str:
    """'body.text: comment is empty' from one of pydantic's error records."""
    where = ".".join(str(part) for part in error.get("loc", ()) or ())
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
