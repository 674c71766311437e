"""GET /healthz: whether this app server can serve, for load balancers and uptime checks."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from civility.store.db import database_answers
from civility.web.deps import Ctx
from civility.web.ratelimit import RedisCounter

router = APIRouter(tags=["health"])
HEALTH_PATH = "/healthz"


@router.get(
    HEALTH_PATH,
    responses={
        200: {"description": "The database answers: this server can serve."},
        503: {"description": "The database does not answer: send readers elsewhere."},
    },
)
def health(ctx: Ctx) -> JSONResponse:
    """The database decides (nothing works without it); Redis only says whether the rate limits
    are shared by the servers or, while it is down, counted by each on its own."""
    database = database_answers(ctx.sessions)
    counter = ctx.limits.counter
    if isinstance(counter, RedisCounter):
        rate_limits = "shared" if counter.answers() else "this server's own (Redis unreachable)"
    else:
        rate_limits = "this server's own (no Redis configured)"
    body = {
        "status": "ok" if database else "unavailable",
        "database": "ok" if database else "unreachable",
        "rate_limits": rate_limits,
    }
    # Never from a cache: a balancer must see this server as it is now.
    headers = {"Cache-Control": "no-store"}
    return JSONResponse(body, status_code=200 if database else 503, headers=headers)
