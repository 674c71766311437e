"""Behind a TLS proxy: trusted forwarding, the public URL, and security headers on every answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from conftest import civility_process
from fastapi.testclient import TestClient
from pydantic import ValidationError

from civility.cli import main
from civility.cli.serve import (
    ANY_PROXY_WARNING,
    any_proxy_warning,
    believes_every_peer,
    families_believed,
)
from civility.config import Settings
from civility.web.app import create_app

PUBLIC = "https://comments.example.com"
READER = "203.0.113.7"
HSTS = "max-age=31536000"


@contextmanager
def _serve(tmp_path: Path, env: dict[str, str], log: list[str]) -> Iterator[str]:
    """`civility serve` as a real process (one cheap scorer); its output is added to `log`."""
    site = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "CIVILITY_SECRET_KEY": "a-secret-key-long-enough-for-serving-0123",
        "CIVILITY_MODE": "production",
        "CIVILITY_SCORERS": '["length"]',
    }
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CIVILITY_")}
    environ.update(site, **env)
    with civility_process(["serve"], cwd=tmp_path, env=environ, log=log, ready_path="/faq") as base:
        yield base


def _assert_security_headers(response: Any) -> None:
    """The headers every answer carries, whoever produced it."""
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("allowed", "is_believed"),
    [("127.0.0.1", True), ("10.0.0.0/8, 192.0.2.1", False), (None, True)],
)
def test_proxy_serve_believes_forwarded_headers_only_from_allowed_peers(
    tmp_path: Path, allowed: str | None, is_believed: bool
) -> None:
    env = {} if allowed is None else {"CIVILITY_FORWARDED_ALLOW_IPS": allowed}
    log: list[str] = []
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": READER}
    with _serve(tmp_path, env, log) as base:
        answer = httpx.get(base + "/faq?via=proxy", headers=forwarded, timeout=10)
    assert answer.status_code == 200
    cookie = answer.headers["set-cookie"]
    access = [line for line in log[0].splitlines() if "GET /faq?via=proxy HTTP" in line]
    if is_believed:
        assert cookie.startswith("__Host-civility_csrf=") and "Secure" in cookie
        assert answer.headers["strict-transport-security"] == HSTS
        assert len(access) == 1 and f"{READER}:0 - " in access[0]
    else:
        assert cookie.startswith("civility_csrf=") and "Secure" not in cookie
        assert "strict-transport-security" not in answer.headers
        assert len(access) == 1 and "127.0.0.1:" in access[0] and READER not in access[0]


def test_proxy_any_peer_believed_is_served_with_a_warning(tmp_path: Path) -> None:
    # "*" behind an appending proxy lets readers write their own address (uvicorn reads the
    # leftmost): allowed, since a proxy that replaces the header is safe, but never silently.
    log: list[str] = []
    forged = {"X-Forwarded-For": f"{READER}, 127.0.0.1"}
    with _serve(tmp_path, {"CIVILITY_FORWARDED_ALLOW_IPS": "*"}, log) as base:
        assert httpx.get(base + "/faq?via=forged", headers=forged, timeout=10).status_code == 200
    assert "CIVILITY_FORWARDED_ALLOW_IPS=* believes any peer's X-Forwarded-For" in log[0]
    access = [line for line in log[0].splitlines() if "GET /faq?via=forged HTTP" in line]
    assert len(access) == 1 and f"{READER}:0 - " in access[0]  # what the warning is about
    quiet: list[str] = []
    with _serve(tmp_path, {"CIVILITY_FORWARDED_ALLOW_IPS": "127.0.0.1"}, quiet):
        pass
    assert "believes any peer" not in quiet[0]


def test_proxy_every_address_of_a_family_is_served_with_the_warning_of_star(tmp_path: Path) -> None:
    # A /0 believes every peer exactly as * does, forged leftmost address included: it was
    # served without a word.
    log: list[str] = []
    forged = {"X-Forwarded-For": f"{READER}, 127.0.0.1"}
    with _serve(tmp_path, {"CIVILITY_FORWARDED_ALLOW_IPS": "0.0.0.0/0,::/0"}, log) as base:
        assert httpx.get(base + "/faq?via=forged", headers=forged, timeout=10).status_code == 200
    assert (
        "CIVILITY_FORWARDED_ALLOW_IPS=0.0.0.0/0,::/0 believes any peer's X-Forwarded-For" in log[0]
    )
    access = [line for line in log[0].splitlines() if "GET /faq?via=forged HTTP" in line]
    assert len(access) == 1 and f"{READER}:0 - " in access[0]


@pytest.mark.parametrize(
    ("value", "families"),
    [
        ("*", ["IPv4", "IPv6"]),
        ("0.0.0.0/0", ["IPv4"]),
        ("0.0.0.0/0,::/0", ["IPv4", "IPv6"]),
        ("10.0.0.1,::/0", ["IPv4", "IPv6"]),  # ::/0 holds ::ffff:0:0/96 too
        ("0.0.0.0/1,128.0.0.0/1", ["IPv4"]),  # together, every IPv4 address
        ("::ffff:0:0/96", ["IPv4"]),  # every IPv4 peer, as a dual-stack socket sees them
        ("127.0.0.1,::1", []),
        ("10.0.0.0/8,0.0.0.0/1", []),
        ("8000::/1,4000::/2", []),
        ("", []),
    ],
)
def test_proxy_settings_that_believe_every_peer_of_a_family(
    value: str, families: list[str]
) -> None:
    normalised = Settings(forwarded_allow_ips=value).forwarded_allow_ips
    assert families_believed(normalised) == families
    assert believes_every_peer(normalised) is bool(families)
    warning = any_proxy_warning(normalised)
    if not families:
        assert warning is None
    elif value == "*":
        assert warning == ANY_PROXY_WARNING
    else:
        peer = "peer" if len(families) == 2 else f"{families[0]} peer"
        assert warning is not None
        assert warning.startswith(f"warning: CIVILITY_FORWARDED_ALLOW_IPS={normalised} ")
        assert f"believes any {peer}'s X-Forwarded-For" in warning


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1,::1", "127.0.0.1,::1"),
        (" 10.0.0.0/8 , 2001:db8::/32 ", "10.0.0.0/8,2001:db8::/32"),
        ("*", "*"),
        ("", ""),
    ],
)
def test_proxy_forwarded_allow_ips_are_normalised(value: str, expected: str) -> None:
    assert Settings(forwarded_allow_ips=value).forwarded_allow_ips == expected


@pytest.mark.parametrize("value", ["10.0.0.1/8", "proxy.internal", "*,10.0.0.1", "10.0.0.300"])
def test_proxy_forwarded_allow_ips_refuse_what_uvicorn_would_ignore(value: str) -> None:
    with pytest.raises(ValidationError, match="CIVILITY_FORWARDED_ALLOW_IPS"):
        Settings(forwarded_allow_ips=value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PUBLIC + "/", PUBLIC),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ("  ", None),
        # Browsers send an international name's ASCII (IDNA) form in Host, and UTS #46's
        # ß stays apart from ss.
        ("https://Kommentare.Bücher.de:8443/", "https://kommentare.xn--bcher-kva.de:8443"),
        ("https://straße.de", "https://xn--strae-oqa.de"),
    ],
)
def test_proxy_public_url_is_normalised(value: str, expected: str | None) -> None:
    assert Settings(public_url=value).public_url == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("comments.example.com", "https://"),
        ("ftp://comments.example.com", "https://"),
        ("https://", "host"),
        ("https://comments.example.com/civility", "path"),
        ("https://comments.example.com/?a=1", "query"),
        ("https://user:pw@comments.example.com", "password"),
        ("https://comments.example.com:99999", "port"),
        ("https://exa mple.com", "host"),
        ("https://comments_site.example.com", "host"),
        ("https://-comments.example.com", "host"),
        ("https://[2001:db8::1", "not a URL"),
    ],
)
def test_proxy_public_url_refuses_anything_but_scheme_and_host(value: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=f"CIVILITY_PUBLIC_URL.*{problem}"):
        Settings(public_url=value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CIVILITY_FORWARDED_ALLOW_IPS", "10.0.0.1/8"),
        ("CIVILITY_PUBLIC_URL", "https://x/y"),
        ("CIVILITY_PUBLIC_URL", "https://exa mple.com"),
    ],
)
def test_proxy_serve_exits_naming_a_bad_setting(tmp_path: Path, name: str, value: str) -> None:
    env = {"CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", name: value}
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert "invalid settings" in result.stderr and name in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_proxy_https_public_url_makes_cookies_secure_and_sends_hsts(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    # The proxy's scheme is lost (plain http inside): the public URL says what readers use.
    client = make_web_client(
        lexicon_engine, base_url="http://comments.example.com", public_url=PUBLIC
    )
    answer = client.get("/faq")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("__Host-civility_csrf=") and "Secure" in cookie
    assert answer.headers["strict-transport-security"] == HSTS  # no includeSubDomains
    _assert_security_headers(answer)
    login = client.get("/moderate", follow_redirects=False)
    assert login.status_code == 303
    assert login.headers["location"] == PUBLIC + "/moderate/login"
    assert login.headers["strict-transport-security"] == HSTS


def test_proxy_hsts_only_over_https_without_a_public_url(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    plain = make_web_client(lexicon_engine).get("/faq")
    assert "strict-transport-security" not in plain.headers
    tls = make_web_client(lexicon_engine, base_url="https://testserver").get("/faq")
    assert tls.headers["strict-transport-security"] == HSTS
    site = make_web_client(lexicon_engine, base_url="http://10.0.0.5", public_url="http://10.0.0.5")
    answer = site.get("/faq")
    assert "strict-transport-security" not in answer.headers
    assert "Secure" not in answer.headers["set-cookie"]


def test_proxy_public_url_refuses_another_host(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(
        lexicon_engine, base_url="http://comments.example.com", public_url=PUBLIC
    )
    assert client.get("/faq", headers={"Host": "comments.example.com:443"}).status_code == 200
    # Another port of the public host is another site: links built from it would lead there.
    assert client.get("/faq", headers={"Host": "comments.example.com:8443"}).status_code == 400
    evil = client.get("/moderate", headers={"Host": "evil.example"}, follow_redirects=False)
    assert evil.status_code == 400 and "location" not in evil.headers
    _assert_security_headers(evil)
    assert evil.headers["strict-transport-security"] == HSTS
    # Without a public URL every host is answered, as the test client's `testserver` is.
    assert make_web_client(lexicon_engine).get("/faq").status_code == 200


def test_proxy_international_public_url_serves_its_punycode_host(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    public = Settings(public_url="https://kommentare.bücher.de").public_url
    assert public == "https://kommentare.xn--bcher-kva.de"
    client = make_web_client(lexicon_engine, base_url=public, public_url=public)
    assert client.get("/faq").status_code == 200
    assert (
        client.get("/faq", headers={"Host": "kommentare.xn--bcher-kva.de:443"}).status_code == 200
    )
    assert client.get("/faq", headers={"Host": "evil.example"}).status_code == 400


def test_proxy_headers_on_a_413(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine)
    big = b"{" + b" " * (2 << 20) + b"}"
    answer = client.post(
        "/api/v1/articles/x/comments", content=big, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    _assert_security_headers(answer)


def test_proxy_headers_on_a_cors_preflight(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine, allowed_origins=["https://news.example"])
    answer = client.options(
        "/api/v1/articles/x/comments",
        headers={
            "Origin": "https://news.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://news.example"
    _assert_security_headers(answer)


def _failing_app(settings: Settings, engine: Any) -> Any:
    """The site with one page and one API route that raise, as a bug would."""
    app = create_app(settings, engine=engine)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/broken", broken)
    app.add_api_route("/api/v1/broken", broken)
    return app


@pytest.mark.parametrize("path", ["/broken", "/api/v1/broken"])
def test_proxy_headers_on_a_500(settings: Settings, lexicon_engine: Any, path: str) -> None:
    app = _failing_app(settings.model_copy(update={"public_url": PUBLIC}), lexicon_engine)
    with TestClient(app, base_url=PUBLIC, raise_server_exceptions=False) as client:
        answer = client.get(path)
    assert answer.status_code == 500 and answer.text == "Internal Server Error"
    _assert_security_headers(answer)
    assert answer.headers["strict-transport-security"] == HSTS
    # The error still reaches the server, which logs it.
    with TestClient(app, base_url=PUBLIC) as client, pytest.raises(RuntimeError, match="a bug"):
        client.get(path)


# --- Origins as browsers send them, and the public URL's port.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Browsers send no trailing slash, the host in lower case and no default port.
        ("https://news.example.com/", "https://news.example.com"),
        ("HTTPS://News.Example.COM", "https://news.example.com"),
        ("https://news.example.com:443", "https://news.example.com"),
        ("http://news.example.com:80/", "http://news.example.com"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("https://news.example.com:80", "https://news.example.com:80"),
        ("  https://news.example.com  ", "https://news.example.com"),
        # An international host in the ASCII form Origin carries; an IPv6 one as browsers write it.
        ("https://Zeitung.Bücher.de/", "https://zeitung.xn--bcher-kva.de"),
        ("http://[2001:DB8:0::1]:8080", "http://[2001:db8::1]:8080"),
    ],
)
def test_proxy_origins_are_normalised_as_browsers_send_them(value: str, expected: str) -> None:
    settings = Settings(allowed_origins=[value], article_fetch_origins=[value])
    assert settings.allowed_origins == [expected]
    assert settings.article_fetch_origins == [expected]


@pytest.mark.parametrize("name", ["allowed_origins", "article_fetch_origins"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("news.example.com", "https://"),
        ("ftp://news.example.com", "https://"),
        ("null", "https://"),
        ("", "https://"),
        ("https://news.example.com/comments", "path"),
        ("https://news.example.com/?embed=1", "query"),
        ("https://news.example.com/#top", "fragment"),
        ("https://editor:pw@news.example.com", "password"),
        ("https://news.example.com:99999", "port"),
        ("https://news_site.example.com", "host"),
        ("https://[2001:db8::1", "not a URL"),
    ],
)
def test_proxy_origins_refuse_an_entry_that_can_never_match(
    name: str, value: str, problem: str
) -> None:
    good = "https://ok.example"
    with pytest.raises(ValidationError) as caught:
        Settings(**{name: [good, value]})
    message = str(caught.value)
    assert f"CIVILITY_{name.upper()}: the entry {value!r}" in message
    assert problem in message


def test_proxy_any_origin_keeps_its_meaning_and_is_no_fetch_origin(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    assert Settings(allowed_origins=["*"]).allowed_origins == ["*"]
    assert Settings(allowed_origins=[" * "]).allowed_origins == ["*"]
    # The fetcher compares origins whole: * would match nothing, so it is refused there.
    with pytest.raises(ValidationError, match=r"CIVILITY_ARTICLE_FETCH_ORIGINS: the entry '\*'"):
        Settings(article_fetch_origins=["*"])
    client = make_web_client(
        lexicon_engine, allowed_origins=Settings(allowed_origins=["*"]).allowed_origins
    )
    answer = client.get("/api/v1/config", headers={"Origin": "https://anyone.example"})
    assert answer.headers["access-control-allow-origin"] == "*"


def test_proxy_allowed_origin_with_a_trailing_slash_answers_the_preflight(
    settings: Settings, lexicon_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As an operator writes it in the environment: before, the preflight got a 400.
    monkeypatch.setenv("CIVILITY_ALLOWED_ORIGINS", '["https://News.Example.com/"]')
    site = Settings(database_url=settings.database_url, secret_key=settings.secret_key)
    assert site.allowed_origins == ["https://news.example.com"]
    with TestClient(create_app(site, engine=lexicon_engine)) as client:
        answer = client.options(
            "/api/v1/config",
            headers={"Origin": "https://news.example.com", "Access-Control-Request-Method": "GET"},
        )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://news.example.com"


def test_proxy_serve_exits_naming_an_origin_without_a_scheme(tmp_path: Path) -> None:
    env = {
        "CIVILITY_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "CIVILITY_ALLOWED_ORIGINS": '["https://ok.example", "news.example.com"]',
    }
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert "CIVILITY_ALLOWED_ORIGINS: the entry 'news.example.com'" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_proxy_public_url_drops_the_default_port() -> None:
    assert Settings(public_url=PUBLIC + ":443/").public_url == PUBLIC
    assert Settings(public_url="http://10.0.0.5:80").public_url == "http://10.0.0.5"


def test_proxy_public_url_refuses_another_port(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine, base_url=PUBLIC, public_url=PUBLIC)
    other = {"Host": "comments.example.com:6666"}
    article = client.get(
        "/api/v1/embed/article", params={"url": "https://news.example/a1"}, headers=other
    )
    assert article.status_code == 400 and "comments.example.com:6666" not in article.text
    login = client.get("/moderate", headers=other, follow_redirects=False)
    assert login.status_code == 400 and "location" not in login.headers
    _assert_security_headers(login)
    for host in ("comments.example.com:", "comments.example.com:443x", "comments.example.com:80"):
        assert client.get("/faq", headers={"Host": host}).status_code == 400, host
    # The default port, said or not, is the public URL's.
    for host in ("comments.example.com", "Comments.Example.com:443"):
        assert client.get("/faq", headers={"Host": host}).status_code == 200, host
    # A balancer asking by whatever address still gets its health check.
    assert client.get("/healthz", headers=other).status_code == 200


def test_proxy_public_url_with_a_port_requires_it(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    public = "http://10.0.0.5:8000"
    client = make_web_client(lexicon_engine, base_url=public, public_url=public)
    assert client.get("/faq").status_code == 200
    for host in ("10.0.0.5", "10.0.0.5:80", "10.0.0.5:8001"):
        assert client.get("/faq", headers={"Host": host}).status_code == 400, host
    six = "http://[2001:db8::1]:8443"
    client = make_web_client(lexicon_engine, base_url=six, public_url=six)
    assert client.get("/faq").status_code == 200
    assert client.get("/faq", headers={"Host": "[2001:db8::1]"}).status_code == 400
