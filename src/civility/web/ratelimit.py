"""Sliding-window request counters per client address: in-process, or shared through Redis.

A fixed window lets a client spend its whole limit at the end of one window and again at the
start of the next: twice the rate within a few seconds. Each counter here keeps the previous
window too, and counts the hits of the last full period as this window's hits plus the previous
window's, weighted by how much of the previous window that period still covers (the sliding
window counter of nginx and Cloudflare): a burst across a boundary is refused like any other.
Only admitted hits are counted, so a client that keeps asking still gets the rate, no more.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis

log = logging.getLogger(__name__)

PERIODS_S = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `count` hits per `period_s` seconds."""

    count: int
    period_s: int


def parse_rate(text: str) -> Rate:
    """'10/minute' -> Rate(10, 60); anything else fails with the accepted forms."""
    match = _RATE_RE.match(text)
    if match is None:
        raise ValueError(f"rate {text!r} must look like COUNT/PERIOD, PERIOD one of {PERIODS_S}")
    return Rate(int(match.group(1)), PERIODS_S[match.group(2)])


class Counter(Protocol):
    """Admits hits of a key while those of the last period stay within a rate."""

    def take(self, key: str, *, rate: Rate) -> bool: ...


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
        window, weight = window_and_weight(self._clock(), rate.period_s)
        with self._lock:
            seen, count, before = self._counts.get(key, (window, 0, 0))
            if seen != window:
                count, before = 0, (count if seen == window - 1 else 0)
            if count + 1 + before * weight > rate.count:
                return False
            self._counts[key] = (window, count + 1, before)
            if len(self._counts) > self._max_keys:
                self._forget_before(window - 1)
        return True

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


class RedisCounter:
    """Counters shared by every app server that uses the same Redis."""

    def __init__(self, client: redis.Redis, *, prefix: str, clock: Clock = time.time) -> None:
        self._prefix = prefix
        self._clock = clock
        self._take = client.register_script(_TAKE)

    def take(self, key: str, *, rate: Rate) -> bool:
        """Admit and count this hit if the last period holds room for it (keys expire)."""
        window, weight = window_and_weight(self._clock(), rate.period_s)
        keys = [f"{self._prefix}{key}:{window}", f"{self._prefix}{key}:{window - 1}"]
        return bool(self._take(keys=keys, args=[weight, rate.count, rate.period_s * 2]))


class RateLimiter:
    """One limit (posting, login, reports) applied per client address."""

    def __init__(self, name: str, rate: Rate, counter: Counter) -> None:
        self.name = name
        self.rate = rate
        self._counter = counter

    def allow(self, client: str) -> bool:
        """Whether this hit fits the client's last period; refused hits are not counted."""
        try:
            return self._counter.take(f"{self.name}:{client}", rate=self.rate)
        except redis.RedisError as exc:
            # Losing the shared counter must not take commenting down with it.
            log.warning("rate limit %s not checked: %s", self.name, exc)
            return True

    @property
    def retry_after_s(self) -> int:
        """What to tell a refused client: about one period frees room for a hit."""
        return self.rate.period_s


def make_counter(redis_url: str | None, *, namespace: str) -> Counter:
    """Redis counters when a URL is set, in-process counters otherwise."""
    if redis_url is None:
        return MemoryCounter()
    client = redis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
    return RedisCounter(client, prefix=f"civility:{namespace}:rl:")
