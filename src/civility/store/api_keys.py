"""Repository functions for API keys; only a SHA-256 of each key is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from civility.store.models import ApiKey

SCOPES = ("publisher", "perspective")


def hash_key(raw_key: str) -> str:
    """The stored form of a key; keys are random, so a fast hash is enough."""
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, *, name: str, scope: str, now: datetime) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    raw_key = f"civ_{secrets.token_urlsafe(32)}"
    key = ApiKey(name=name, scope=scope, key_hash=hash_key(raw_key), created_at=now)
    session.add(key)
    session.flush()
    return key, raw_key


def find_active(session: Session, *, raw_key: str, scope: str) -> ApiKey | None:
    """The unrevoked key of this scope matching `raw_key`, if any."""
    query = select(ApiKey).where(
        ApiKey.key_hash == hash_key(raw_key), ApiKey.scope == scope, ApiKey.revoked_at.is_(None)
    )
    return session.scalar(query)


def list_all(session: Session) -> list[ApiKey]:
    """Every key, revoked ones included, oldest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke(session: Session, *, name: str, now: datetime) -> ApiKey | None:
    """Revoke the key with this name; returns None when there is none."""
    key = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if key is not None and key.revoked_at is None:
        key.revoked_at = now
        session.flush()
    return key
