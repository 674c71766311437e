"""Secrets in URLs: the userinfo password and ?password= (and kin) hidden wherever one is shown."""

from __future__ import annotations

import pytest

from civility.config import Settings
from civility.url_secrets import redacted_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://user:sekrit@host:6379/0", "redis://user:***@host:6379/0"),
        ("redis://:sekrit@host", "redis://:***@host"),
        ("redis://host:6379/0?password=sekrit", "redis://host:6379/0?password=***"),
        ("postgresql://h/db?password=sekrit", "postgresql://h/db?password=***"),
        (
            "postgresql+psycopg://u:sekrit@h:5432/db?sslmode=require&PassWord=sekrit",
            "postgresql+psycopg://u:***@h:5432/db?sslmode=require&PassWord=***",
        ),
        (
            "redis://h/0?db=1&passwd=s1&pass=s2&secret=s3&token=s4&socket_timeout=2",
            "redis://h/0?db=1&passwd=***&pass=***&secret=***&token=***&socket_timeout=2",
        ),
        # As the parsers read them: a percent-encoded name, libpq's sslpassword.
        ("redis://h/0?pass%77ord=sekrit", "redis://h/0?pass%77ord=***"),
        ("postgresql://h/db?sslpassword=sekrit", "postgresql://h/db?sslpassword=***"),
        ("redis://h/0?password=a&password=b", "redis://h/0?password=***&password=***"),
        ("unix://:sekrit@/tmp/redis.sock?db=0", "unix://:***@/tmp/redis.sock?db=0"),
        ("unix:///tmp/redis.sock?password=sekrit", "unix:///tmp/redis.sock?password=***"),
        # urllib's userinfo ends at the last "@"; SQLAlchemy reads the query on past a "#".
        ("redis://u:sek@rit@h/0", "redis://u:***@h/0"),
        ("postgresql://h/db?a=1#x&password=sekrit", "postgresql://h/db?a=1#x&password=***"),
    ],
)
def test_url_secrets_hides_passwords_and_secret_parameters(url: str, shown: str) -> None:
    assert redacted_url(url) == shown


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///civility.db",
        "sqlite://",
        "redis://127.0.0.1:6379/0",
        "redis://someone@h/0",
        "redis://h/0?password",
        "redis://h/0?username=a@b&tokens=1",
        "postgresql+psycopg://u@h:5432/db?sslmode=require#frag",
    ],
)
def test_url_secrets_leaves_a_url_without_secrets_as_it_is(url: str) -> None:
    assert redacted_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        # SQLAlchemy reads a password up to the first "@", across "/", "?" and "#".
        "postgresql://u:sek/rit@h/db",
        "postgresql://u:sek?rit@h/db",
        "postgresql://u:sek#rit@h/db",
        "postgresql://u:sek?password=rit@h/db",
    ],
)
def test_url_secrets_url_read_apart_by_sqlalchemy_and_urllib_shows_its_scheme_only(
    url: str,
) -> None:
    assert redacted_url(url) == "postgresql://***"


def test_url_secrets_unparseable_url_is_hidden_whole() -> None:
    assert redacted_url("redis://u:sekrit@[::1/0") == "***"


def test_url_secrets_settings_repr_hides_urls_and_secrets() -> None:
    settings = Settings(
        database_url="postgresql+psycopg://u:sekrit1@h/db?password=sekrit2",
        redis_url="redis://h:6379/0?password=sekrit3",
        secret_key="sekrit4" * 6,
        coral_signing_secrets=["empsec_sekrit5" + "0" * 64],
    )
    for shown in (repr(settings), str(settings)):
        assert "sekrit" not in shown
        assert "database_url='postgresql+psycopg://u:***@h/db?password=***'" in shown
        assert "redis_url='redis://h:6379/0?password=***'" in shown
    # Only what is shown changes: the values themselves are intact.
    assert settings.secret_key == "sekrit4" * 6
    assert settings.database_url.endswith("?password=sekrit2")
