"""CORS for the paths other sites' pages call: the embed widget's and the Perspective API."""

from __future__ import annotations

import re
from collections.abc import Sequence

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

# The widget's script, config, article lookup, comments (read and post) and reports, and the
# Perspective-compatible API, whose operations follow any prefix as its routes accept.
# Everything else (pages, dashboard, logins, publisher and Coral API) stays same-origin.
CROSS_ORIGIN_PATHS = re.compile(
    r"/embed\.js|/api/v1/config|/api/v1/embed/article|/api/v1/articles/[^/]+/comments"
    r"|/api/v1/comments/[^/]+/reports"
    r"|(?:/.*)?/comments:(?:analyze|suggestscore)|/\$discovery/rest"
)


class CrossOriginPaths:
    """Starlette's CORSMiddleware on CROSS_ORIGIN_PATHS; other paths get no CORS headers."""

    def __init__(self, app: ASGIApp, *, origins: Sequence[str]) -> None:
        self.app = app
        # No credentials: the embedding pages may read comments and post them, never as anyone.
        self.cors = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            # The widget reads a comment page's numbers (api.py list_comments) from these.
            expose_headers=["X-Total-Count", "X-Page", "X-Page-Count"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """CORS headers (and preflight answers) on the listed paths alone."""
        if scope["type"] == "http" and CROSS_ORIGIN_PATHS.fullmatch(scope["path"]):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
