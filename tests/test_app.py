"""create_app: every URL is listed where a newcomer looks for it, and CORS follows the settings."""

from __future__ import annotations

import inspect
from typing import Any

from fastapi.routing import APIRoute

from civility.web import app as web_app


def test_app_lists_every_route_in_the_routers_docstring() -> None:
    listing = inspect.getdoc(web_app._routers) or ""
    # Read the routers themselves: the app wraps included routers, hiding their routes.
    paths = [
        route.path
        for router in web_app._routers()
        for route in router.routes
        if isinstance(route, APIRoute)
    ]
    assert len(paths) >= 20
    for path in paths:
        assert path in listing, f"list {path} in web/app.py:_routers' docstring"


def test_app_cors_allows_only_the_configured_origins(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    client = make_web_client(lexicon_engine, allowed_origins=["https://news.example"])
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options(
        "/api/v1/articles/x/comments", headers={"Origin": "https://news.example", **preflight}
    )
    assert allowed.headers["access-control-allow-origin"] == "https://news.example"
    assert "access-control-allow-credentials" not in allowed.headers
    other = client.options(
        "/api/v1/articles/x/comments", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in other.headers
    closed = make_web_client(lexicon_engine).get("/faq", headers={"Origin": "https://news.example"})
    assert "access-control-allow-origin" not in closed.headers


def test_app_cors_only_on_the_paths_other_sites_call(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    origin = "https://news.example"
    client = make_web_client(lexicon_engine, allowed_origins=[origin])

    def preflight(path: str) -> Any:
        headers = {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        return client.options(path, headers=headers)

    # The embed widget's endpoints and the Perspective-compatible API.
    for path in ("/embed.js", "/api/v1/config", "/api/v1/articles/talks/comments"):
        answer = client.get(path, headers={"Origin": origin})
        assert answer.headers.get("access-control-allow-origin") == origin, path
    for path in (
        "/api/v1/articles/talks/comments",
        "/comments:analyze",
        "/v1alpha1/comments:suggestscore",
    ):
        assert preflight(path).headers.get("access-control-allow-origin") == origin, path
    # The dashboard, logins, the publisher API and the HTML pages: same origin only.
    for path in ("/moderate", "/moderate/login", "/", "/faq", "/articles/talks", "/docs"):
        answer = client.get(path, headers={"Origin": origin})
        assert "access-control-allow-origin" not in answer.headers, path
    for path in (
        "/moderate/login",
        "/moderate/logout",
        "/api/v1/login",
        "/api/v1/moderation/queue",
        "/api/v1/articles",
        "/api/v1/coral/moderation",
        "/articles/talks/comments",
    ):
        assert "access-control-allow-origin" not in preflight(path).headers, path
