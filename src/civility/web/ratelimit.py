"""Sliding-window request counters per client address: in-process, or shared through Redis.

A fixed window lets a client spend its whole limit at the end of one window and again at the
start of the next: twice the rate within a few seconds. Each counter here keeps the previous
window too, and counts the hits of the last full period as this window's hits plus the previous
window's, weighted by how much of the previous window that period still covers (the sliding
window counter of nginx and Cloudflare): a burst across a boundary is refused like any other.
Only admitted hits are counted, so a client that keeps asking still gets the rate, no more.
A hit can also be held and given back (`Counter.hold`): the failed-login limits (per account
and client network, and per account) count a try before its password check and give it back
when the password was right.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Protocol

import redis

from civility.config import StartupError, environment_name

# Re-exported (the `as` form tells mypy so): callers have always found these names here.
from civility.rates import PERIODS_S as PERIODS_S
from civility.rates import Rate as Rate
from civility.rates import parse_rate as parse_rate
from civility.url_secrets import redacted_url

log = logging.getLogger(__name__)

Clock = Callable[[], float]
# Uncounts one held hit, exactly the one `Counter.hold` counted.
Release = Callable[[], None]


class Counter(Protocol):
    """Admits hits of a key while those of the last period stay within a rate."""

    def take(self, key: str, *, rate: Rate) -> bool: ...

    def hold(self, key: str, *, rate: Rate) -> Release | None: ...


def window_and_weight(now: float, period_s: int) -> tuple[int, float]:
    """The current window, and the share of the previous one the last period still covers."""
    return int(now // period_s), 1.0 - (now % period_s) / period_s


class MemoryCounter:
    """Counters in this process: right for one app server, lost on restart."""

    def __init__(self, *, clock: Clock = time.time, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        # key -> (window, hits admitted in it, hits admitted in the window before it)
        self._counts: dict[str, tuple[int, int, int]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, *, rate: Rate) -> bool:
        """Admit and count this hit if the last period holds room for it."""
        return self.hold(key, rate=rate) is not None

    def hold(self, key: str, *, rate: Rate) -> Release | None:
        """As `take`, returning what gives this hit back (None when refused)."""
        window, weight = window_and_weight(self._clock(), rate.period_s)
        with self._lock:
            seen, count, before = self._counts.get(key, (window, 0, 0))
            if seen != window:
                count, before = 0, (count if seen == window - 1 else 0)
            if count + 1 + before * weight > rate.count:
                return None
            self._counts[key] = (window, count + 1, before)
            if len(self._counts) > self._max_keys:
                self._forget_before(window - 1)
        return partial(self._give_back, key, window)

    def _give_back(self, key: str, window: int) -> None:
        """Uncount a hit counted in `window`, which may have become the previous one since."""
        with self._lock:
            seen, count, before = self._counts.get(key, (window - 2, 0, 0))
            if seen == window and count > 0:
                self._counts[key] = (seen, count - 1, before)
            elif seen == window + 1 and before > 0:
                self._counts[key] = (seen, count, before - 1)

    def _forget_before(self, window: int) -> None:
        """Drop keys last hit before `window`, so memory stays bounded."""
        stale = [key for key, (seen, _, _) in self._counts.items() if seen < window]
        for key in stale:
            del self._counts[key]


# One round trip, atomic across app servers: read both windows, count the hit only if it fits.
_TAKE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local before = tonumber(redis.call('GET', KEYS[2]) or '0')
if current + 1 + before * tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""
# Never below zero: a key that expired meanwhile stays absent.
_GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1
"""


class RedisCounter:
    """Counters shared by every app server that uses the same Redis, or this process's own
    while Redis cannot be reached: each server then still holds every client to the rate."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str,
        clock: Clock = time.time,
        fallback: Counter | None = None,
        retry_s: float = 5.0,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock
        self._take = client.register_script(_TAKE)
        self._give = client.register_script(_GIVE_BACK)
        self._fallback = fallback or MemoryCounter(clock=clock)
        self._retry_s = retry_s
        # While Redis is down, when to try it again (time.monotonic): until then every hit
        # goes straight to the fallback instead of waiting for a connect timeout.
        self._retry_at: float | None = None
        self._lock = threading.Lock()
        # The health check's last ping of Redis: (time.monotonic(), whether it answered).
        self._pinged: tuple[float, bool] | None = None
        self._ping_lock = threading.Lock()

    def answers(self) -> bool:
        """Whether Redis answers (for the health check; counting is not touched). Asked at most
        once per retry period, and not at all while the counters know it is down: a public
        health check must not hold a thread through a connect timeout for every caller."""
        now = time.monotonic()
        if self._retry_at is not None and now < self._retry_at:
            return False
        with self._ping_lock:  # one ping at a time; the counting does not wait for it
            if self._pinged is not None and now - self._pinged[0] < self._retry_s:
                return self._pinged[1]
            try:
                answered = bool(self._client.ping())
            except redis.RedisError:
                answered = False
            self._pinged = (time.monotonic(), answered)
            return answered

    def take(self, key: str, *, rate: Rate) -> bool:
        """Admit and count this hit if the last period holds room for it (keys expire)."""
        return self.hold(key, rate=rate) is not None

    def hold(self, key: str, *, rate: Rate) -> Release | None:
        """As `take`, returning what gives this hit back where it was counted (None: refused)."""
        if self._retry_at is not None and time.monotonic() < self._retry_at:
            return self._fallback.hold(key, rate=rate)
        window, weight = window_and_weight(self._clock(), rate.period_s)
        keys = [f"{self._prefix}{key}:{window}", f"{self._prefix}{key}:{window - 1}"]
        try:
            admitted = bool(self._take(keys=keys, args=[weight, rate.count, rate.period_s * 2]))
        except redis.RedisError as exc:
            self._went_down(exc)
            return self._fallback.hold(key, rate=rate)
        self._came_back()
        return partial(self._give_back, keys[0]) if admitted else None

    def _give_back(self, redis_key: str) -> None:
        """Uncount a hit counted in Redis; if Redis is gone, it stays counted (errs strict)."""
        try:
            self._give(keys=[redis_key], args=[])
        except redis.RedisError as exc:
            self._went_down(exc)

    def _went_down(self, exc: redis.RedisError) -> None:
        """Note an outage; only its first failure is logged, not one line per request."""
        with self._lock:
            first = self._retry_at is None
            self._retry_at = time.monotonic() + self._retry_s
        if first:
            log.warning(
                "Redis rate limit counters unreachable (%s): each app server counts on its own "
                "until Redis answers again",
                exc,
            )

    def _came_back(self) -> None:
        """Log the end of an outage once; counting is shared again from this hit on."""
        if self._retry_at is None:
            return
        with self._lock:
            was_down, self._retry_at = self._retry_at is not None, None
        if was_down:
            log.warning("Redis rate limit counters reachable again: limits are shared again")


class RateLimiter:
    """One limit (posting, login, reports) applied per client address."""

    def __init__(self, name: str, rate: Rate, counter: Counter) -> None:
        self.name = name
        self.rate = rate
        self._counter = counter

    def allow(self, client: str) -> bool:
        """Whether this hit fits the client's last period; refused hits are not counted."""
        return self._counter.take(f"{self.name}:{client}", rate=self.rate)

    def allow_once(self, client: str, subject: str, *, period_s: int) -> bool:
        """Whether this is the client's first hit on `subject` in the last period (1/period,
        on the same counter store); a repeat is refused and not counted."""
        return self._counter.take(f"{self.name}-once:{client}:{subject}", rate=Rate(1, period_s))

    @property
    def retry_after_s(self) -> int:
        """What to tell a refused client: about one period frees room for a hit."""
        return self.rate.period_s


# The account-wide cap on failed logins, in multiples of the per-network rate: ten networks'
# worth. It bounds distributed guessing; below it, one network cannot keep a moderator out.
ACCOUNT_CAP_FACTOR = 10


class AccountLimiter:
    """Failed logins per account and client network, and per account from all networks at
    ACCOUNT_CAP_FACTOR times the rate. Each try holds a place in both before its password
    check, and a right password gives both back, so only failures use the limits up.

    A guesser spends only its own network's share of an account, so the moderator still logs
    in from any other network. The account-wide cap bounds guessing spread over many networks;
    an attacker with ACCOUNT_CAP_FACTOR or more networks can hold an account at the cap, but
    not out of a browser that has logged in to it before: a try with that browser's device
    key counts in the device's own limit (at the network's rate) and in one limit shared by
    all the account's devices (at the account's), not in the network's or the account's. Only
    once either is spent does the browser fall back to those. The shared limit bounds someone
    who, knowing the password once, logged in many times to collect device keys: all of them
    together get one account's worth of guesses more. Nothing clears the counts early,
    `civility moderators set-password` included: a new password does not stop the guessing,
    and once it stops the failures age out within a period.
    """

    def __init__(
        self, name: str, rate: Rate, counter: Counter, *, clock: Clock = time.time
    ) -> None:
        self.name = name
        self.rate = rate
        self.account_rate = Rate(rate.count * ACCOUNT_CAP_FACTOR, rate.period_s)
        self._counter = counter
        self._clock = clock
        # (account digest, which limit) -> window of its last "limit reached" line.
        self._logged: dict[tuple[str, str], int] = {}

    def hold(self, username: str, network: str, *, device: str | None = None) -> Release | None:
        """Count a try at this name from this client network (`client_address`), or from a
        browser with this account's `device` key, before its password is checked; None once
        the limits it counts in are full. Call the result after a successful login."""
        digest = account_digest(username)
        if device is not None:
            release = self._hold_device(digest, device)
            if release is not None:
                return release
        release_network = self._counter.hold(f"{self.name}:{digest}:{network}", rate=self.rate)
        if release_network is None:
            self._log_refusal(username, digest, network)
            return None
        release_account = self._counter.hold(f"{self.name}:{digest}", rate=self.account_rate)
        if release_account is None:
            release_network()  # refused without a password check: it is no failure
            self._log_refusal(username, digest, None)
            return None
        return partial(_release_both, release_network, release_account)

    @property
    def retry_after_s(self) -> int:
        """What to tell a refused client: about one period frees room for a try."""
        return self.rate.period_s

    def _hold_device(self, digest: str, device: str) -> Release | None:
        """A try in this device's limit and the one all the account's devices share."""
        release_device = self._counter.hold(f"{self.name}-device:{digest}:{device}", rate=self.rate)
        if release_device is None:
            return None
        release_devices = self._counter.hold(
            f"{self.name}-devices:{digest}", rate=self.account_rate
        )
        if release_devices is None:
            release_device()
            return None
        return partial(_release_both, release_device, release_devices)

    def _log_refusal(self, username: str, digest: str, network: str | None) -> None:
        """Warn once per period, account and limit (per process) that a limit refuses logins."""
        window = int(self._clock() // self.rate.period_s)
        seen = (digest, "account" if network is None else "network")
        if self._logged.get(seen) == window:
            return
        if len(self._logged) >= 10_000:  # a spray of names must not grow this without end
            self._logged.clear()
        self._logged[seen] = window
        # The name cut short and escaped (a hostile one cannot forge log lines); never a password.
        if network is None:
            log.warning(
                "login limit reached for account %s (key %s): %d failed logins in %d seconds "
                "from many networks; its logins are refused for now, from every address",
                ascii(username[:32]),
                digest[:12],
                self.account_rate.count,
                self.rate.period_s,
            )
        else:
            log.warning(
                "login limit reached for account %s (key %s) from network %s: %d failed logins "
                "in %d seconds; its logins from that network are refused for now",
                ascii(username[:32]),
                digest[:12],
                network,
                self.rate.count,
                self.rate.period_s,
            )


def _release_both(first: Release, second: Release) -> None:
    """Give a successful login's try back to both limits it was counted in."""
    first()
    second()


def account_digest(username: str) -> str:
    """A fixed-size key for a login name, whatever its length or characters."""
    # surrogatepass: a lone surrogate still gets its own digest rather than an error.
    return hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def device_account(username: str, password_hash: str) -> str:
    """The name a device cookie gives an account: its login name under its current password,
    so that a new password (set because the old one leaked) retires every device key."""
    # The hash carries a fresh salt each time, so even setting the same password again counts.
    material = f"{username}\0{password_hash}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()[:32]


def make_counter(redis_url: str | None, *, namespace: str) -> Counter:
    """Redis counters when a URL is set, in-process counters otherwise.

    A URL that is no Redis URL, or a Redis that refuses it (wrong password, a database number
    it does not have), stops the start: that will not fix itself. A Redis that does not answer
    yet does not: the site starts, each server counting on its own until Redis is back.
    """
    if redis_url is None:
        return MemoryCounter()
    setting, shown = environment_name("redis_url"), redacted_url(redis_url)
    try:
        client = redis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
    except ValueError as exc:
        # Not redis-py's words: they quote the part it misread, which may be the password
        # ("Port could not be cast to integer value as 'S3cret'" for a password holding "#").
        raise StartupError(
            f"{setting} is not a Redis URL ({shown}): give redis://[:password@]host[:port][/db], "
            "e.g. redis://127.0.0.1:6379/0, with any #, / or ? in the password percent-encoded"
        ) from exc
    try:
        client.ping()
    except redis.RedisError as exc:
        if not _unanswered(exc):
            raise StartupError(f"{setting} ({shown}): Redis refused it: {exc}") from exc
        log.warning(
            "%s (%s) does not answer (%s): rate limits are counted per app server until it does",
            setting,
            shown,
            exc,
        )
    return RedisCounter(client, prefix=f"civility:{namespace}:rl:")


def _unanswered(exc: redis.RedisError) -> bool:
    """Whether Redis could not be reached (it may come up later), not that it said no."""
    unreachable = isinstance(exc, redis.ConnectionError | redis.TimeoutError)
    return unreachable and not isinstance(exc, redis.AuthenticationError)
