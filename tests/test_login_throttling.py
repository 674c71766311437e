"""Login guessing: limits per IPv6 /64 as well as per address, and failed logins per account and
network, capped per account."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import pytest
from conftest import REDIS_URL, Clock, forget_keys, redis_client
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from civility.passwords import hash_password
from civility.store import articles, moderators
from civility.web.deps import network_key
from civility.web.ratelimit import (
    AccountLimiter,
    Counter,
    MemoryCounter,
    Rate,
    RedisCounter,
    make_counter,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
# Per-address login limits out of the way, for the tests of the per-account one.
MANY = "1000/hour"


def _moderator(factory: sessionmaker[Session], username: str = "mo") -> None:
    with factory.begin() as session:
        moderators.create(
            session, username=username, password_hash=hash_password(PASSWORD), now=NOW
        )


def _from(client: Any, host: str) -> TestClient:
    """A client of the same app whose requests come from `host`."""
    return TestClient(client.app, client=(host, 50000))


def _api_login(client: Any, host: str, username: str = "mo", password: str = "guess") -> Any:
    body = {"username": username, "password": password}
    return _from(client, host).post("/api/v1/login", json=body)


def _form_login(client: Any, host: str, username: str = "mo", password: str = "guess") -> Any:
    browser = _from(client, host)
    page = browser.get("/moderate/login")
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page.text)[0]
    data = {"csrf_token": token, "username": username, "password": password}
    return browser.post("/moderate/login", data=data, follow_redirects=False)


def _networks() -> Iterator[str]:
    """An address in a different /64 each time: a guesser with many networks."""
    n = 0
    while True:
        n += 1
        yield f"2001:db8:{n >> 16:x}:{n & 0xFFFF:x}::1"


@contextmanager
def _moderator_lookups(client: Any) -> Iterator[list[str]]:
    """The SQL statements that read the moderators table while the block runs."""
    engine = client.app.state.civility.sessions.kw["bind"]
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "moderators" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


# --- Which network a client counts as


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2:0:0:0:7", "2001:db8:1:2::/64"),  # any spelling of it
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),  # the next /64 is another client
        ("fe80::1%eth0", "fe80::/64"),
        ("203.0.113.5", "203.0.113.5"),  # IPv4 stays per address
        ("203.0.113.6", "203.0.113.6"),
        ("::ffff:203.0.113.5", "203.0.113.5"),  # a dual-stack socket's IPv4 peer
        ("::ffff:cb00:7105", "203.0.113.5"),
    ],
)
def test_login_throttling_network_key_groups_ipv6_by_64(host: str, key: str) -> None:
    assert network_key(host) == key


@pytest.mark.parametrize(
    "host", ["unknown", "testclient", "", "1.2.3.4.5", "01.2.3.4", "::ffff:1.2.3", "x" * 10_000]
)
def test_login_throttling_network_key_of_a_malformed_address_is_bounded(host: str) -> None:
    key = network_key(host)
    assert key == network_key(host) and key.startswith("host:") and len(key) <= 40
    assert key != network_key(host + "?")


# --- Per network, in the app


def test_login_throttling_one_64_shares_the_login_limit(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, login_rate_limit="5/hour", **_no_account_limit())
    _moderator(session_factory, "admin")
    # The audit's case: 30 guesses at admin from 7 addresses of one /64.
    hosts = [f"2001:db8:5:6::{i % 7 + 1:x}" for i in range(30)]
    codes = [_api_login(client, host, "admin").status_code for host in hosts]
    assert codes == [401] * 5 + [429] * 25
    assert _form_login(client, "2001:db8:5:6:abcd::9", "admin").status_code == 429
    assert _api_login(client, "2001:db8:5:7::1", "admin").status_code == 401  # next /64


def test_login_throttling_ipv4_stays_per_address(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, login_rate_limit="1/hour", **_no_account_limit())
    _moderator(session_factory)
    assert _form_login(client, "198.51.100.1").status_code == 401
    assert _form_login(client, "198.51.100.1").status_code == 429
    assert _form_login(client, "::ffff:198.51.100.1").status_code == 429  # the same address
    assert _form_login(client, "198.51.100.2").status_code == 401  # its neighbour is not


def test_login_throttling_posting_is_limited_per_64_too(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, post_rate_limit="2/hour")
    with session_factory.begin() as session:
        slug = articles.add(session, title="Talks", body="B.", now=NOW).slug
    url = f"/api/v1/articles/{slug}/comments"
    hosts = ["2001:db8:9::1", "2001:db8:9::2", "2001:db8:9::3", "2001:db8:a::1"]
    codes = [
        _from(client, host).post(url, json={"author_name": "A", "text": f"c {host}"}).status_code
        for host in hosts
    ]
    assert codes == [201, 201, 429, 201]


def _no_account_limit() -> dict[str, str]:
    return {"account_login_rate_limit": MANY}


# --- Per account and network, and per account, in the app


def _account_limit(rate: str) -> dict[str, str]:
    """Per-address login limits out of the way, and this per-account one."""
    return {"login_rate_limit": MANY, "account_login_rate_limit": rate}


def test_login_throttling_guessing_elsewhere_does_not_lock_the_moderator_out(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # The review's case: with the default 10/hour, 10 wrong passwords for mo from two
    # addresses used to answer 429 to the real moderator, from anywhere, right password and all.
    client = make_web_client(lexicon_engine, **_account_limit("10/hour"))
    _moderator(session_factory)
    attackers = ["203.0.113.7", "198.51.100.9"]
    assert [_api_login(client, attackers[i % 2]).status_code for i in range(10)] == [401] * 10
    assert _api_login(client, "192.0.2.10", "mo", PASSWORD).status_code == 200
    assert _form_login(client, "2001:db8:77::1", "mo", PASSWORD).status_code == 303
    # The guessers spend their own networks' shares, and no more: the moderator still gets in.
    codes = [_api_login(client, attackers[i % 2]).status_code for i in range(12)]
    assert codes == [401] * 10 + [429] * 2
    assert _api_login(client, "192.0.2.10", "mo", PASSWORD).status_code == 200
    assert _form_login(client, "2001:db8:77::1", "mo", PASSWORD).status_code == 303


def test_login_throttling_network_limit_refuses_the_guessers_network(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, **_account_limit("3/hour"))
    _moderator(session_factory)
    answers = {}
    for name in ("mo", "ghost"):  # an account, and a name no account has
        codes = [_api_login(client, "2001:db8:1:1::1", name).status_code for _ in range(3)]
        assert codes == [401, 401, 401], name
        answers[name] = _api_login(client, "2001:db8:1:1::2", name)  # the same /64
    existing, missing = answers["mo"], answers["ghost"]
    assert existing.status_code == missing.status_code == 429
    assert existing.json() == missing.json()  # the answer does not tell which exists
    assert existing.headers["retry-after"] == missing.headers["retry-after"] == "3600"
    # From that network even the right password waits: it may be the guesser's last try.
    assert _api_login(client, "2001:db8:1:1::3", "mo", PASSWORD).status_code == 429
    assert _form_login(client, "2001:db8:1:1::4", "mo", PASSWORD).status_code == 429
    form = {name: _form_login(client, "2001:db8:1:1::5", name) for name in ("mo", "ghost")}
    assert form["mo"].status_code == form["ghost"].status_code == 429
    assert _errors(form["mo"].text) == _errors(form["ghost"].text) != []
    assert _api_login(client, "2001:db8:1:1::1", "other").status_code == 401  # per name
    assert _api_login(client, "2001:db8:1:2::1", "mo", PASSWORD).status_code == 200  # next /64


def test_login_throttling_account_cap_holds_across_networks(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # 1/hour per network: the account-wide cap is ten failures, from however many networks.
    client = make_web_client(lexicon_engine, **_account_limit("1/hour"))
    _moderator(session_factory)
    networks = _networks()
    answers = {}
    for name in ("mo", "ghost"):
        codes = [_api_login(client, next(networks), name).status_code for _ in range(10)]
        assert codes == [401] * 10, name
        answers[name] = _api_login(client, next(networks), name)
    existing, missing = answers["mo"], answers["ghost"]
    assert existing.status_code == missing.status_code == 429
    assert existing.json() == missing.json()
    assert existing.headers["retry-after"] == missing.headers["retry-after"] == "3600"
    # The cost of the bound: at the cap the right password waits too, from every network.
    assert _api_login(client, next(networks), "mo", PASSWORD).status_code == 429
    assert _form_login(client, next(networks), "mo", PASSWORD).status_code == 429
    form = {name: _form_login(client, next(networks), name) for name in ("mo", "ghost")}
    assert form["mo"].status_code == form["ghost"].status_code == 429
    assert _errors(form["mo"].text) == _errors(form["ghost"].text) != []
    assert _api_login(client, next(networks), "other").status_code == 401  # per name


def _errors(html: str) -> list[str]:
    return re.findall(r'<div class="errors" role="alert"><ul>(.*?)</ul>', html)


def test_login_throttling_refused_login_checks_no_password(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # The argon2 check (64 MiB each) needs the account's hash, or the dummy after the lookup
    # found none: a refused login that never reads the moderators table hashed nothing.
    client = make_web_client(lexicon_engine, **_account_limit("1/hour"))
    _moderator(session_factory)
    networks = _networks()
    for name in ("mo", "ghost"):
        guesser = next(networks)
        with _moderator_lookups(client) as lookups:
            assert _api_login(client, guesser, name).status_code == 401
        assert lookups, "a checked login reads the account"
        with _moderator_lookups(client) as lookups:  # refused for the network
            assert _api_login(client, guesser, name).status_code == 429
            assert _form_login(client, guesser, name, PASSWORD).status_code == 429
        assert lookups == [], name
        for _ in range(9):
            _form_login(client, next(networks), name)
        with _moderator_lookups(client) as lookups:  # refused for the account
            assert _api_login(client, next(networks), name).status_code == 429
            assert _form_login(client, next(networks), name, PASSWORD).status_code == 429
        assert lookups == [], name


def test_login_throttling_only_failures_count(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, **_account_limit("2/hour"))
    _moderator(session_factory)
    home = "203.0.113.20"
    # A moderator who logs in often never uses the limit up.
    codes = [_api_login(client, home, "mo", PASSWORD).status_code for _ in range(4)]
    assert codes == [200] * 4
    # A success does not wipe the failures before it: a guesser gains nothing from it.
    assert _api_login(client, home).status_code == 401
    assert _form_login(client, home, "mo", PASSWORD).status_code == 303
    assert _form_login(client, home).status_code == 401
    assert _api_login(client, home, "mo", PASSWORD).status_code == 429
    assert _api_login(client, "203.0.113.21", "mo", PASSWORD).status_code == 200


def test_login_throttling_names_count_as_the_login_looks_them_up(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    # get_by_username matches the exact name (case and all): "Mo" can never log in as mo,
    # so guesses at it do not spend mo's limit.
    client = make_web_client(lexicon_engine, **_account_limit("1/hour"))
    _moderator(session_factory)
    host = "203.0.113.30"
    for name in ("Mo", "MO", "mo\u200b", "\uff4d\uff4f", "mo "):
        assert _api_login(client, host, name, PASSWORD).status_code == 401, name
    assert _api_login(client, host, "mo", PASSWORD).status_code == 200
    # The dashboard looks up the first 100 characters: so does the limit.
    long_name = "m" * 100
    assert _form_login(client, host, long_name + "a").status_code == 401
    assert _form_login(client, host, long_name + "b" * 10_000).status_code == 429


def test_login_throttling_tripped_limits_are_logged_without_password(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = make_web_client(lexicon_engine, **_account_limit("1/hour"))
    hostile = "evil\nFAKE LOG LINE " + "x" * 10_000
    networks = _networks()
    with caplog.at_level(logging.WARNING, logger="civility.web.ratelimit"):
        for name in ("ghost", hostile):
            guesser = next(networks)
            for _ in range(4):  # 1 checked, 3 refused for the network
                _form_login(client, guesser, name, "hunter2-secret")
            for _ in range(12):  # 9 checked, 3 refused for the account
                _form_login(client, next(networks), name, "hunter2-secret")
    lines = [r.getMessage() for r in caplog.records if "login limit" in r.getMessage()]
    assert len(lines) == 4, "one warning when a limit trips, not one per refused try"
    assert "'ghost'" in lines[0] and "from network 2001:db8:0:1::/64" in lines[0]
    assert "'ghost'" in lines[1] and "from every address" in lines[1]
    assert all("\n" not in line and len(line) < 300 for line in lines[2:])
    assert "hunter2" not in caplog.text


# --- The counters: in-process and in Redis, holding and giving back

HOME, GUESSER = "192.0.2.1", "2001:db8:bad::/64"


def _limiter(counter: Counter, count: int = 3) -> AccountLimiter:
    return AccountLimiter("login-account", Rate(count, 900), counter)


def _fails_then_succeeds(limiter: AccountLimiter) -> None:
    """Successes give their try back; failures fill a network's share, then even a success
    from it waits; other networks and names keep theirs."""
    for _ in range(5):
        release = limiter.hold("mo", HOME)
        assert release is not None
        release()
    assert all(limiter.hold("mo", GUESSER) for _ in range(3))
    assert limiter.hold("mo", GUESSER) is None
    assert limiter.hold("mo", HOME) is not None  # another network has its own share
    assert limiter.hold("ghost", GUESSER) is not None  # another name too


def test_login_throttling_memory_counter_gives_holds_back() -> None:
    clock = Clock()
    _fails_then_succeeds(_limiter(MemoryCounter(clock=clock)))


def test_login_throttling_account_cap_counts_only_checked_tries() -> None:
    limiter = _limiter(MemoryCounter(clock=Clock()), count=2)  # a cap of 20
    assert limiter.account_rate == Rate(20, 900)
    networks = _networks()
    # A network hammering away past its share spends nothing more of the account's.
    guesser = next(networks)
    assert sum(limiter.hold("mo", guesser) is not None for _ in range(50)) == 2
    held = [limiter.hold("mo", network) for network in islice(networks, 9) for _ in range(2)]
    assert all(held)
    latecomer = next(networks)
    assert limiter.hold("mo", latecomer) is None  # the cap: 20 failures
    # A try the cap refused was given back to its network: two successes make room for
    # two tries from it, which its own share still holds.
    for release in held[:2]:
        assert release is not None
        release()
    assert limiter.hold("mo", latecomer) is not None
    assert limiter.hold("mo", latecomer) is not None
    assert limiter.hold("mo", latecomer) is None


def test_login_throttling_memory_counter_gives_back_across_a_boundary() -> None:
    clock = Clock()
    counter = MemoryCounter(clock=clock)
    limiter = _limiter(counter, count=2)
    clock.now += 899  # the last second of a window
    release = limiter.hold("mo", HOME)
    assert release is not None and limiter.hold("mo", HOME) is not None
    clock.now += 2  # the password check ended in the next window
    release()
    # One failure is left, all of it in the previous window: there is room for one more.
    assert limiter.hold("mo", HOME) is not None
    assert limiter.hold("mo", HOME) is None


def test_login_throttling_redis_counter_is_shared_and_keys_stay_short() -> None:
    client, prefix, clock = redis_client(), f"civility-test:{uuid.uuid4().hex}:", Clock()
    one = _limiter(RedisCounter(client, prefix=prefix, clock=clock))
    other = _limiter(RedisCounter(client, prefix=prefix, clock=clock))
    try:
        _fails_then_succeeds(one)
        assert other.hold("mo", GUESSER) is None  # the other app server sees the same failures
        keys = list(client.scan_iter(f"{prefix}login-account:*"))
        values = sorted(int(client.get(key) or 0) for key in keys)
        # mo from GUESSER 3 and from HOME 1 (successes gone), so 4 for mo; ghost 1 and 1.
        assert values == [1, 1, 1, 3, 4]
        hostile = ["a" * 10_000, "ad\x00min", "\ud800", "admin\u200b", "\uff41dmin", "admin"]
        for name in hostile:
            assert other.hold(name, GUESSER) is not None
        keys = list(client.scan_iter(f"{prefix}*"))
        assert len(keys) == 5 + 2 * len(hostile)  # each name its own keys
        assert max(len(key) for key in keys) < len(prefix) + 100
    finally:
        forget_keys(client, prefix)


def test_login_throttling_app_through_redis_is_shared_by_two_apps(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = redis_client()
    site = f"test-{uuid.uuid4().hex}"
    options = {**_account_limit("2/hour"), "redis_url": REDIS_URL, "site_name": site}
    first = make_web_client(lexicon_engine, **options)
    second = make_web_client(lexicon_engine, **options)
    _moderator(session_factory)
    try:
        assert _api_login(first, "2001:db8:1::1").status_code == 401
        assert _form_login(second, "2001:db8:1::2").status_code == 401
        assert _api_login(first, "2001:db8:1::3", "mo", PASSWORD).status_code == 429
        assert _api_login(second, "2001:db8:1::4", "mo", PASSWORD).status_code == 429
        assert _api_login(second, "2001:db8:2::1", "mo", PASSWORD).status_code == 200
        keys = {k.decode() for k in client.scan_iter(f"civility:{site}:rl:login-account:*")}
        shapes = {re.sub(r"[0-9a-f]{32}(.*):\d+$", r"D\1:W", key.split(":rl:")[1]) for key in keys}
        assert shapes == {
            "login-account:D:W",  # mo from every network
            "login-account:D:2001:db8:1::/64:W",  # mo from the guesser's /64
            "login-account:D:2001:db8:2::/64:W",  # and from the moderator's
        }
    finally:
        forget_keys(client, f"civility:{site}:rl:")


def test_login_throttling_unreachable_redis_holds_in_process() -> None:
    counter = make_counter("redis://127.0.0.1:1/0", namespace="down")
    _fails_then_succeeds(_limiter(counter))
