"""Fixed-window request counters per client address: in-process, or shared through Redis."""

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
    """Counts hits of a key within the current window of `period_s` seconds."""

    def hit(self, key: str, *, period_s: int) -> int: ...


class MemoryCounter:
    """Counters in this process: right for one app server, lost on restart."""

    def __init__(self, *, clock: Clock = time.time, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, *, period_s: int) -> int:
        """Add one hit and return the count in this window."""
        window = int(self._clock() // period_s)
        with self._lock:
            old_window, count = self._counts.get(key, (window, 0))
            count = count + 1 if old_window == window else 1
            self._counts[key] = (window, count)
            if len(self._counts) > self._max_keys:
                self._forget_before(window)
            return count

    def _forget_before(self, window: int) -> None:
        """Drop keys from earlier windows so memory stays bounded."""
        stale = [key for key, (seen, _) in self._counts.items() if seen < window]
        for key in stale:
            del self._counts[key]


class RedisCounter:
    """Counters shared by every app server that uses the same Redis."""

    def __init__(self, client: redis.Redis, *, prefix: str, clock: Clock = time.time) -> None:
        self._client = client
        self._prefix = prefix
        self._clock = clock

    def hit(self, key: str, *, period_s: int) -> int:
        """INCR the window's key; it expires on its own after the window."""
        window = int(self._clock() // period_s)
        name = f"{self._prefix}{key}:{window}"
        pipe = self._client.pipeline()
        pipe.incr(name)
        pipe.expire(name, period_s * 2)
        count, _ = pipe.execute()
        return int(count)


class RateLimiter:
    """One limit (posting, login, reports) applied per client address."""

    def __init__(self, name: str, rate: Rate, counter: Counter) -> None:
        self.name = name
        self.rate = rate
        self._counter = counter

    def allow(self, client: str) -> bool:
        """Count this hit; False once the client is over the limit for this window."""
        try:
            count = self._counter.hit(f"{self.name}:{client}", period_s=self.rate.period_s)
        except redis.RedisError as exc:
            # Losing the shared counter must not take commenting down with it.
            log.warning("rate limit %s not checked: %s", self.name, exc)
            return True
        return count <= self.rate.count

    @property
    def retry_after_s(self) -> int:
        """What to tell a refused client: at most one window."""
        return self.rate.period_s


def make_counter(redis_url: str | None, *, namespace: str) -> Counter:
    """Redis counters when a URL is set, in-process counters otherwise."""
    if redis_url is None:
        return MemoryCounter()
    client = redis.Redis.from_url(redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
    return RedisCounter(client, prefix=f"civility:{namespace}:rl:")
