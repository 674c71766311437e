"""Rate limits: parsing, sliding windows in-process and in a real Redis, and in the app."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import REDIS_URL, Clock, forget_keys, redis_client
from sqlalchemy.orm import Session, sessionmaker

from civility.config import StartupError
from civility.store import articles
from civility.web.ratelimit import (
    Counter,
    MemoryCounter,
    Rate,
    RateLimiter,
    RedisCounter,
    make_counter,
    parse_rate,
)


def test_ratelimit_parse_rate_accepts_count_per_period() -> None:
    assert parse_rate("10/minute") == Rate(10, 60)
    assert parse_rate(" 5 / seconds ") == Rate(5, 1)
    assert parse_rate("100/day") == Rate(100, 86400)
    for bad in ("10", "ten/minute", "10/fortnight", "-1/minute", ""):
        with pytest.raises(ValueError, match="COUNT/PERIOD"):
            parse_rate(bad)


def test_ratelimit_memory_counter_counts_per_key() -> None:
    clock = Clock()
    limiter = RateLimiter("post", Rate(2, 60), MemoryCounter(clock=clock))
    assert [limiter.allow("1.2.3.4") for _ in range(3)] == [True, True, False]
    assert limiter.allow("5.6.7.8")  # another address has its own count
    clock.now += 120
    assert limiter.allow("1.2.3.4")  # the whole last period is a fresh one


def _burst_across_a_boundary(counter_a: Counter, counter_b: Counter, clock: Clock) -> None:
    """Ten a minute: a full burst at the end of one minute, then another just after it."""
    a = RateLimiter("post", Rate(10, 60), counter_a)
    b = RateLimiter("post", Rate(10, 60), counter_b)
    clock.now += 55  # the last five seconds of a minute
    assert all((a if i % 2 else b).allow("ip") for i in range(10))
    clock.now += 10  # five seconds into the next minute
    # A fixed window would admit ten more here: twenty within ten seconds.
    admitted = sum((a if i % 2 else b).allow("ip") for i in range(10))
    assert admitted == 0
    # The last period slides past the burst: one hit's worth of room each sixth of a minute.
    clock.now += 6
    assert a.allow("ip")
    assert not b.allow("ip")
    clock.now += 120
    assert sum(a.allow("ip") for _ in range(12)) == 10


def test_ratelimit_memory_counter_slides_across_window_boundaries() -> None:
    clock = Clock()
    counter = MemoryCounter(clock=clock)
    _burst_across_a_boundary(counter, counter, clock)


def test_ratelimit_refused_hits_are_not_counted() -> None:
    clock = Clock()
    limiter = RateLimiter("post", Rate(10, 60), MemoryCounter(clock=clock))
    admitted = 0
    for _ in range(600):  # one request a second for ten minutes
        admitted += limiter.allow("poller")
        clock.now += 1
    # Counting refused hits would keep a steady poller out for good; it gets the rate.
    assert 90 <= admitted <= 110, admitted


def test_ratelimit_memory_counter_forgets_old_windows() -> None:
    clock = Clock()
    counter = MemoryCounter(clock=clock, max_keys=3)
    for i in range(3):
        counter.take(f"k{i}", rate=Rate(1, 60))
    clock.now += 120
    counter.take("new-1", rate=Rate(1, 60))
    assert counter.take("k0", rate=Rate(1, 60))
    assert len(counter._counts) <= 3


def test_ratelimit_redis_counter_is_shared_between_servers() -> None:
    client, prefix, clock = redis_client(), f"civility-test:{uuid.uuid4().hex}:", Clock()
    server_a = RateLimiter("post", Rate(3, 60), RedisCounter(client, prefix=prefix, clock=clock))
    server_b = RateLimiter("post", Rate(3, 60), RedisCounter(client, prefix=prefix, clock=clock))
    try:
        assert [server_a.allow("ip"), server_b.allow("ip"), server_a.allow("ip")] == [True] * 3
        assert not server_b.allow("ip")
        keys = list(client.scan_iter(f"{prefix}*"))
        assert len(keys) == 1 and 0 < client.ttl(keys[0]) <= 120
        assert client.get(keys[0]) == b"3"  # the refused hit was not counted
        clock.now += 120
        assert server_a.allow("ip")
    finally:
        forget_keys(client, prefix)


def test_ratelimit_redis_counter_slides_across_window_boundaries() -> None:
    client, prefix, clock = redis_client(), f"civility-test:{uuid.uuid4().hex}:", Clock()
    try:
        _burst_across_a_boundary(
            RedisCounter(client, prefix=prefix, clock=clock),
            RedisCounter(client, prefix=prefix, clock=clock),
            clock,
        )
    finally:
        forget_keys(client, prefix)


def test_ratelimit_unreachable_redis_falls_back_to_in_process_counts() -> None:
    # Letting every request through turned off the login limit whenever Redis was away; each
    # server counting on its own keeps the limit, per server, and still serves while Redis is down.
    counter = make_counter("redis://127.0.0.1:1/0", namespace="down")
    limiter = RateLimiter("post", Rate(1, 60), counter)
    assert [limiter.allow("ip"), limiter.allow("ip"), limiter.allow("other")] == [True, False, True]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:1/0?password=sekrit", "redis://127.0.0.1:1/0?password=***"),
        ("redis://someone:sekrit@127.0.0.1:1/0", "redis://someone:***@127.0.0.1:1/0"),
    ],
)
def test_ratelimit_unreachable_redis_is_logged_without_its_password(
    url: str, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    # redis-py reads ?password= as well as the userinfo's: a log line shows neither.
    with caplog.at_level(logging.WARNING, logger="civility.web.ratelimit"):
        make_counter(url, namespace="down")
    assert f"CIVILITY_REDIS_URL ({shown}) does not answer" in caplog.text
    assert "sekrit" not in caplog.text


def test_ratelimit_redis_that_refuses_the_url_is_named_without_its_password() -> None:
    redis_client()
    # Redis has 16 databases unless configured otherwise: 99 is refused.
    with pytest.raises(StartupError) as refused:
        make_counter("redis://127.0.0.1:6379/99?password=sekrit", namespace="t")
    assert str(refused.value) == (
        "CIVILITY_REDIS_URL (redis://127.0.0.1:6379/99?password=***): "
        "Redis refused it: DB index is out of range"
    )


def _article(factory: sessionmaker[Session]) -> str:
    with factory.begin() as session:
        return articles.add(session, title="Talks", body="B.", now=datetime.now(UTC)).slug


def _post_codes(client: Any, slug: str, n: int) -> list[int]:
    url = f"/api/v1/articles/{slug}/comments"
    return [
        client.post(url, json={"author_name": "A", "text": f"c {i}"}).status_code for i in range(n)
    ]


def test_ratelimit_app_in_process(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, post_rate_limit="2/hour")
    slug = _article(session_factory)
    assert _post_codes(client, slug, 3) == [201, 201, 429]


def test_ratelimit_app_through_redis_is_shared_by_two_apps(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = redis_client()
    site = f"test-{uuid.uuid4().hex}"
    options = {"post_rate_limit": "3/hour", "redis_url": REDIS_URL, "site_name": site}
    first = make_web_client(lexicon_engine, **options)
    second = make_web_client(lexicon_engine, **options)
    slug = _article(session_factory)
    try:
        assert _post_codes(first, slug, 2) == [201, 201]
        assert _post_codes(second, slug, 2) == [201, 429]
        refused = second.post(
            f"/api/v1/articles/{slug}/comments", json={"author_name": "A", "text": "x"}
        )
        assert refused.headers["retry-after"] == "3600"
        assert list(client.scan_iter(f"civility:{site}:rl:post:*"))
    finally:
        forget_keys(client, f"civility:{site}:rl:")
