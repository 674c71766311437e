"""Moderator login and logout: password check, signed cookie, server-side invalidation."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from civility.passwords import hash_password, verify_password
from civility.store import audit, moderators
from civility.store.models import Moderator
from civility.web.deps import get_ctx, reissue_csrf
from civility.web.ratelimit import device_account
from civility.web.security import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE_S,
    SESSION_COOKIE,
    SessionClaims,
    delete_private_cookie,
    read_cookie,
    set_private_cookie,
)


@cache
def _dummy_hash() -> str:
    """A hash to check against for unknown usernames, so timing does not reveal them."""
    return hash_password("not a real password, only here for constant timing")


def authenticate(session: Session, username: str, password: str) -> Moderator | None:
    """The moderator with this username and password, or None."""
    moderator = moderators.get_by_username(session, username)
    if moderator is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(moderator.password_hash, password):
        return None
    # Checked after the password, and refused as a wrong one: the answer and its timing must not
    # tell a guesser that the account exists but is disabled.
    return moderator if moderator.disabled_at is None else None


def start_session(
    request: Request, response: Response, session: Session, moderator: Moderator, *, now: datetime
) -> str:
    """Set the session cookie, log the login; returns the CSRF token bound to this login."""
    ctx = get_ctx(request)
    # A nonce per login: a token from another login, even one of the same generation, is refused.
    claims = SessionClaims(moderator.id, moderator.session_generation, secrets.token_urlsafe(16))
    set_private_cookie(
        response,
        request,
        SESSION_COOKIE,
        ctx.signer.dump_session(claims),
        max_age=ctx.settings.session_max_age_s,
    )
    # This browser may log in to the account again even while guessers elsewhere fill its
    # limits (AccountLimiter); a fresh key each login, so a device's failures start anew.
    set_private_cookie(
        response,
        request,
        DEVICE_COOKIE,
        ctx.signer.dump_device(
            device_account(moderator.username, moderator.password_hash),
            keep=read_cookie(request, DEVICE_COOKIE),
        ),
        max_age=DEVICE_MAX_AGE_S,
    )
    audit.log(session, action="moderator.login", now=now, moderator_id=moderator.id)
    return reissue_csrf(request, claims)


def end_session(
    request: Request, response: Response, session: Session, moderator: Moderator, *, now: datetime
) -> None:
    """Invalidate every cookie this moderator holds, clear this browser's, renew its CSRF token."""
    moderators.end_sessions(session, moderator)
    audit.log(session, action="moderator.logout", now=now, moderator_id=moderator.id)
    delete_private_cookie(response, request, SESSION_COOKIE)
    reissue_csrf(request, None)
