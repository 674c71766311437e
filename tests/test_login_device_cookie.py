"""Device cookies: a browser that has logged in to an account keeps its way in while guessers
on many networks hold the account at its cap."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session, sessionmaker

from civility.passwords import hash_password
from civility.store import moderators
from civility.web.ratelimit import AccountLimiter, MemoryCounter, Rate, account_digest
from civility.web.security import (
    DEVICE_COOKIE,
    DEVICE_MAX_ACCOUNTS,
    DEVICE_MAX_AGE_S,
    SessionClaims,
    Signer,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
SECRET = "s" * 40
# Only the per-account limit in play: one failure per network an hour, ten per account.
LIMITS = {"login_rate_limit": "1000/hour", "account_login_rate_limit": "1/hour"}


def _moderators(factory: sessionmaker[Session], *names: str) -> None:
    with factory.begin() as session:
        for name in names:
            moderators.create(
                session, username=name, password_hash=hash_password(PASSWORD), now=NOW
            )


def _browser(client: Any, host: str) -> TestClient:
    """A browser of its own (its own cookies) whose requests come from `host`."""
    return TestClient(client.app, client=(host, 50000))


def _api_login(browser: TestClient, username: str, password: str = "guess") -> int:
    return browser.post(
        "/api/v1/login", json={"username": username, "password": password}
    ).status_code


def _form_login(browser: TestClient, username: str, password: str = "guess") -> int:
    page = browser.get("/moderate/login")
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    data = {"csrf_token": token, "username": username, "password": password}
    return browser.post("/moderate/login", data=data, follow_redirects=False).status_code


def _networks() -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"2001:db8:{n >> 16:x}:{n & 0xFFFF:x}::1"


def _fill_account_cap(client: Any, username: str, networks: Iterator[str]) -> None:
    """Ten failures from ten networks: the account-wide cap, from everywhere else."""
    codes = [_api_login(_browser(client, next(networks)), username) for _ in range(10)]
    assert codes == [401] * 10
    assert _api_login(_browser(client, next(networks)), username, PASSWORD) == 429


def test_login_device_cookie_keeps_a_known_browser_in_at_the_account_cap(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, **LIMITS)
    _moderators(session_factory, "mo")
    office = _browser(client, "192.0.2.10")
    assert _form_login(office, "mo", PASSWORD) == 303
    assert office.cookies.get(DEVICE_COOKIE)
    _fill_account_cap(client, "mo", _networks())
    # The office browser gets in by form and by API; a new browser on the same network does not.
    assert _form_login(office, "mo", PASSWORD) == 303
    assert _api_login(office, "mo", PASSWORD) == 200
    assert _api_login(_browser(client, "192.0.2.10"), "mo", PASSWORD) == 429


def test_login_device_cookie_counts_only_for_its_own_account(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, **LIMITS)
    _moderators(session_factory, "mo", "ed")
    shared = _browser(client, "192.0.2.11")
    assert _api_login(shared, "mo", PASSWORD) == 200
    _fill_account_cap(client, "ed", _networks())
    # The browser knows mo, not ed: ed's cap holds there as everywhere.
    assert _api_login(shared, "ed", PASSWORD) == 429
    assert _api_login(shared, "mo", PASSWORD) == 200


def test_login_device_cookie_forged_or_foreign_is_no_device(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, **LIMITS)
    _moderators(session_factory, "mo")
    _fill_account_cap(client, "mo", _networks())
    signed_elsewhere = Signer("another site's secret " * 3, max_age_s=3600)
    cookies = [
        "garbage",
        "",
        "x" * 5000,
        "\u202e<script>alert(1)</script>",
        signed_elsewhere.dump_device(account_digest("mo")),
    ]
    for value in cookies:
        browser = _browser(client, "192.0.2.12")
        browser.cookies.set(DEVICE_COOKIE, value.encode("unicode_escape").decode())
        assert _api_login(browser, "mo", PASSWORD) == 429, value[:20]
        assert _form_login(browser, "mo", PASSWORD) == 429, value[:20]


def test_login_device_failures_spend_the_device_then_the_network() -> None:
    limiter = AccountLimiter("login-account", Rate(2, 900), MemoryCounter())
    signer = Signer(SECRET, max_age_s=3600)
    key = signer.load_device(signer.dump_device(account_digest("mo")), account=account_digest("mo"))
    assert key is not None
    # Two failures from the device spend its own limit and nothing of the network's...
    assert limiter.hold("mo", "192.0.2.1", device=key) is not None
    assert limiter.hold("mo", "192.0.2.1", device=key) is not None
    # ...then it counts as any browser on its network would, and the network's limit ends it.
    assert limiter.hold("mo", "192.0.2.1", device=key) is not None
    assert limiter.hold("mo", "192.0.2.1", device=key) is not None
    assert limiter.hold("mo", "192.0.2.1", device=key) is None
    assert limiter.hold("mo", "192.0.2.1") is None
    # A success gives its try back to the device.
    fresh = signer.load_device(
        signer.dump_device(account_digest("mo")), account=account_digest("mo")
    )
    assert fresh is not None and fresh != key
    release = limiter.hold("mo", "192.0.2.1", device=fresh)
    assert release is not None
    release()
    assert limiter.hold("mo", "192.0.2.1", device=fresh) is not None
    assert limiter.hold("mo", "192.0.2.1", device=fresh) is not None
    assert limiter.hold("mo", "192.0.2.1", device=fresh) is None


class _SignedLongAgo(TimestampSigner):
    """Signs as if it were a day past a device cookie's lifetime."""

    def get_timestamp(self) -> int:
        return int(time.time()) - DEVICE_MAX_AGE_S - 24 * 3600


def test_login_device_cookie_expires_and_names_one_account() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    mo = account_digest("mo")
    cookie = signer.dump_device(mo)
    assert signer.load_device(cookie, account=mo)
    assert signer.load_device(cookie, account=account_digest("Mo")) is None
    assert signer.load_device(cookie[:-2], account=mo) is None
    assert signer.load_device(None, account=mo) is None
    # A session cookie of the same site is no device cookie (another salt).
    session = signer.dump_session(SessionClaims(1, 0, "nonce"))
    assert signer.load_device(session, account=mo) is None
    fresh = URLSafeTimedSerializer(SECRET, salt="civility.device")
    stale = URLSafeTimedSerializer(SECRET, salt="civility.device", signer=_SignedLongAgo)
    assert signer.load_device(fresh.dumps([[mo, "nonce"]]), account=mo) == "nonce"
    assert signer.load_device(stale.dumps([[mo, "nonce"]]), account=mo) is None
    for shape in ([[mo, ""]], [mo, "nonce"], [[mo]], [[mo, 7]], {"mo": "nonce"}, "nonce"):
        assert signer.load_device(fresh.dumps(shape), account=mo) is None, shape


def test_login_device_keys_together_get_one_accounts_worth() -> None:
    # Someone who once knew the password and logged in fifty times holds fifty device keys:
    # together they get the account's cap (ten networks' worth), not fifty devices' worth.
    limiter = AccountLimiter("login-account", Rate(1, 900), MemoryCounter())
    signer = Signer(SECRET, max_age_s=3600)
    mo = account_digest("mo")
    keys = [signer.load_device(signer.dump_device(mo), account=mo) for _ in range(50)]
    admitted = [limiter.hold("mo", "192.0.2.1", device=key) is not None for key in keys]
    assert admitted[:11] == [True] * 11  # ten by their devices, then one by the network
    assert admitted[11:] == [False] * 39


def test_login_device_cookie_remembers_several_accounts_in_one_browser(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # A shared newsroom computer: logging in to ed must not cost mo its place there.
    client = make_web_client(lexicon_engine, **LIMITS)
    _moderators(session_factory, "mo", "ed")
    desk = _browser(client, "192.0.2.13")
    assert _api_login(desk, "mo", PASSWORD) == 200
    assert _api_login(desk, "ed", PASSWORD) == 200
    networks = _networks()
    _fill_account_cap(client, "mo", networks)
    _fill_account_cap(client, "ed", networks)
    assert _api_login(desk, "mo", PASSWORD) == 200
    assert _api_login(desk, "ed", PASSWORD) == 200


def test_login_device_cookie_keeps_the_latest_accounts() -> None:
    signer = Signer(SECRET, max_age_s=3600)
    cookie = None
    names = [f"moderator{i}" for i in range(DEVICE_MAX_ACCOUNTS + 2)]
    for name in names:
        cookie = signer.dump_device(account_digest(name), keep=cookie)
    remembered = [signer.load_device(cookie, account=account_digest(n)) for n in names]
    assert remembered[:2] == [None, None]
    assert all(remembered[2:])
    # Logging in again to a remembered account gives it a fresh key and keeps the others.
    again = signer.dump_device(account_digest(names[3]), keep=cookie)
    assert signer.load_device(again, account=account_digest(names[3])) != remembered[3]
    assert signer.load_device(again, account=account_digest(names[4])) == remembered[4]


def test_login_device_cookie_retired_by_a_new_password_not_by_logout(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # A password changed because it leaked must also retire the device keys collected with it;
    # logging out (which ends every session) must not cost the moderator's own browser its way in.
    client = make_web_client(lexicon_engine, **LIMITS)
    _moderators(session_factory, "mo")
    office = _browser(client, "192.0.2.14")
    login = office.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    token = login.json()["csrf_token"]
    assert office.post("/api/v1/logout", headers={"X-CSRF-Token": token}).status_code == 204
    _fill_account_cap(client, "mo", _networks())
    assert _api_login(office, "mo", PASSWORD) == 200
    new_password = "a brand new passphrase"
    with session_factory.begin() as session:
        account = moderators.get_by_username(session, "mo")
        assert account is not None
        moderators.set_password(session, account, password_hash=hash_password(new_password))
    assert _api_login(office, "mo", new_password) == 429
    assert _form_login(office, "mo", new_password) == 429
    # Elsewhere the cap holds too; the account's owner waits out the period or logs in again
    # from a browser that holds a key made under the new password.
