"""GET /healthz: 200 while the database answers, 503 when it does not; Redis reported, not fatal."""

from __future__ import annotations

import socket
from typing import Any

import redis
from conftest import REDIS_URL

from civility.web.ratelimit import Rate, RedisCounter

PUBLIC = "https://comments.example.com"


def _closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_health_answers_ok_with_the_database_and_no_redis(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    answer = make_web_client(lexicon_engine).get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "database": "ok",
        "rate_limits": "this server's own (no Redis configured)",
    }
    assert answer.headers["cache-control"] == "no-store"


def test_health_says_rate_limits_are_shared_through_redis(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    answer = make_web_client(lexicon_engine, redis_url=REDIS_URL).get("/healthz")
    assert answer.status_code == 200 and answer.json()["rate_limits"] == "shared"


def test_health_stays_up_when_redis_is_down(make_web_client: Any, lexicon_engine: Any) -> None:
    # The site keeps serving (each server counts on its own): a balancer must not drop it.
    down = f"redis://127.0.0.1:{_closed_port()}/0"
    answer = make_web_client(lexicon_engine, redis_url=down).get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["rate_limits"] == "this server's own (Redis unreachable)"


def test_health_is_503_when_the_database_does_not_answer(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    client = make_web_client(lexicon_engine, database_url=nowhere)
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "rate_limits": "this server's own (no Redis configured)",
    }
    assert "127.0.0.1" not in answer.text  # no connection details to whoever asks


def test_health_answers_a_balancer_asking_by_address_behind_a_public_url(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    client = make_web_client(lexicon_engine, public_url=PUBLIC, base_url="http://10.0.0.5:8000")
    assert client.get("/healthz").status_code == 200
    # Every other page still refuses a Host that is not the public one.
    assert client.get("/faq").status_code == 400
    assert client.get("/healthz/../faq").status_code == 400


class _UnreachableRedis:
    """A Redis client whose server is gone: every call fails; pings are counted."""

    def __init__(self) -> None:
        self.pings = 0

    def register_script(self, _source: str) -> Any:
        def run(**_: Any) -> None:
            raise redis.ConnectionError("gone")

        return run

    def ping(self) -> bool:
        self.pings += 1
        raise redis.ConnectionError("gone")


def test_health_pings_a_missing_redis_once_per_retry_period() -> None:
    # A public health check must not hold a thread through a connect timeout for each caller.
    client = _UnreachableRedis()
    counter = RedisCounter(client, prefix="t:", retry_s=60)  # type: ignore[arg-type]
    assert [counter.answers() for _ in range(20)] == [False] * 20
    assert client.pings == 1
    # Once the counters themselves found it down, the health check does not ping at all.
    counter = RedisCounter(client, prefix="t:", retry_s=60)  # type: ignore[arg-type]
    assert counter.take("k", rate=Rate(5, 60))  # counted in memory meanwhile
    assert counter.answers() is False and client.pings == 1
