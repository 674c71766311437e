"""API keys: only hashes are stored, revoked keys stop matching, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from civility.store import api_keys
from civility.store.models import ApiKey

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_store_api_keys_store_only_a_hash(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        _, raw = api_keys.create(session, name="cms", scope="publisher", now=NOW)
    with session_factory() as session:
        stored = session.scalars(select(ApiKey)).one()
        assert raw not in stored.key_hash and stored.key_hash == api_keys.hash_key(raw)
        assert len(stored.key_hash) == 64
        assert api_keys.find_active(session, raw_key=raw, scope="publisher") is not None
        assert api_keys.find_active(session, raw_key=raw, scope="perspective") is None
        assert api_keys.find_active(session, raw_key=raw + "x", scope="publisher") is None


def test_store_api_keys_revoked_key_is_not_found(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        _, raw = api_keys.create(session, name="cms", scope="publisher", now=NOW)
        assert api_keys.revoke(session, name="cms", now=NOW) is not None
        assert api_keys.revoke(session, name="missing", now=NOW) is None
    with session_factory() as session:
        assert api_keys.find_active(session, raw_key=raw, scope="publisher") is None
        (listed,) = api_keys.list_all(session)
        assert listed.revoked_at is not None


def test_store_api_keys_refuse_unknown_scope_and_odd_input(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        with pytest.raises(ValueError, match="scope"):
            api_keys.create(session, name="x", scope="admin", now=NOW)
        # Hostile keys are hashed like any other and simply match nothing.
        for raw in ("' OR 1=1 --", "\ud800", "k" * 100_000):
            assert api_keys.find_active(session, raw_key=raw, scope="publisher") is None
