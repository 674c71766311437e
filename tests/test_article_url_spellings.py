"""Article URLs: the one normal spelling (articles.normal_url), and lookups by any spelling
that also find rows stored before URLs were normalised (find_by_url)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from civility.store import articles
from civility.store.models import Article

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
COURT = "https://news.example/court"


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        (COURT, COURT),
        ("HTTPS://NEWS.Example/court", COURT),  # scheme and host lowercased
        ("https://news.example:443/court", COURT),  # the default port dropped
        ("http://news.example:80/court", "http://news.example/court"),
        ("https://news.example:/court", COURT),  # an empty port is the default one
        ("https://news.example:8443/court", "https://news.example:8443/court"),
        ("http://news.example:443/court", "http://news.example:443/court"),  # not http's
        ("https://news.example//court//", f"{COURT}/"),  # slashes collapsed, one trailing
        (f"{COURT}/", f"{COURT}/"),  # a trailing slash stays (find_by_url tries both)
        ("https://news.example", "https://news.example/"),
        ("https://news.example/a/./b/../court", "https://news.example/a/court"),  # dot segments
        ("https://news.example/../court", COURT),
        ("https://news.example/court;x", COURT),  # path parameters dropped
        (
            "https://news.example/news;v=2/court;jsessionid=A1?p=1",
            "https://news.example/news/court?p=1",
        ),
        ("https://news.example/%63%6f%75%72%74%7E%2d", f"{COURT}~-"),  # unreserved decoded
        ("https://news.example/a%2fb%3bc%c3%a9", "https://news.example/a%2Fb%3Bc%C3%A9"),
        ("https://news.example/café a", "https://news.example/caf%C3%A9%20a"),  # escaped
        ("https://news.example/100%zz", "https://news.example/100%zz"),  # no escape: kept
        (f"{COURT}?q=%7e&r=%2f#frag", f"{COURT}?q=~&r=%2F"),  # query kept, fragment dropped
        (f"{COURT}?", COURT),
        (f"{COURT}#", COURT),
        ("https://User:Pw@NEWS.example/court", "https://User:Pw@news.example/court"),
        ("http://[2001:DB8::1]:80/court", "http://[2001:db8::1]/court"),
        ("http://[2001:db8::1]:8080/court", "http://[2001:db8::1]:8080/court"),
        # Not an http(s) URL with a host, or not one a database holds: as given.
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("file:///etc/passwd", "file:///etc/passwd"),
        ("/court", "/court"),
        ("https://[news.example/court", "https://[news.example/court"),
        ("https://news.example/\x00", "https://news.example/\x00"),
        ("https://news.example/\ud800", "https://news.example/\ud800"),
    ],
)
def test_normal_url(url: str, normal: str) -> None:
    assert articles.normal_url(url) == normal
    assert articles.normal_url(normal) == normal  # normal already: unchanged


def _add(session: Session, url: str, title: str = "Court case") -> Article:
    return articles.add(session, title=title, body="Body.", now=NOW, url=url)


def test_find_by_url_finds_a_normal_row_by_every_spelling(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        court = _add(session, COURT).id
        for spelling in (
            COURT,
            f"{COURT}/",
            f"{COURT}?x=1#y",
            "HTTPS://news.example/court",
            "https://NEWS.example/court",
            "https://news.example:443/court",
            "https://news.example//court",
            "https://news.example/court;x",
            "https://news.example/%63ourt",
            "https://news.example/x/../court",
        ):
            found = articles.find_by_url(session, spelling)
            assert found is not None and found.id == court, spelling
        for other in (
            "https://news.example/court2",
            "https://news.example/Court",
            "https://news.example/court%2F",
            "https://other.example/court",
            "http://news.example/court",
            "https://news.example:8443/court",
            "https://news.example/",
            "https://news.example/\x00",
            "",
        ):
            assert articles.find_by_url(session, other) is None, other


def test_find_by_url_finds_rows_stored_as_sent_before_normalising(
    session_factory: sessionmaker[Session],
) -> None:
    # Rows stored by the old code (or the API and importers, which store URLs as given) may
    # be in no normal form: the URL as sent, bare and with either slash, is tried too.
    odd = "https://NEWS.example//%63ourt;x"
    fragment = "https://news.example/verdict#comments"
    with session_factory.begin() as session:
        old = _add(session, odd).id
        kept = _add(session, fragment, title="Verdict").id
        for spelling in (odd, f"{odd}/", f"{odd}?utm_source=x#y"):
            found = articles.find_by_url(session, spelling)
            assert found is not None and found.id == old, spelling
        # A stored fragment is found from the URL with it, as sent.
        found = articles.find_by_url(session, fragment)
        assert found is not None and found.id == kept


def test_find_by_url_plain_url_is_not_a_row_stored_with_a_query(
    session_factory: sessionmaker[Session],
) -> None:
    # WordPress's plain permalinks name posts by their query: its home page, which the widget
    # sends without one, is no post. A query names the article when a row has it.
    with session_factory.begin() as session:
        _add(session, "https://blog.example/?p=12", title="Post 12")
        for spelling in (
            "https://blog.example/",
            "https://blog.example",
            "https://blog.example/#x",
        ):
            assert articles.find_by_url(session, spelling) is None, spelling
        found = articles.find_by_url(session, "https://blog.example/?p=12&utm_source=feed")
        assert found is not None and found.title == "Post 12"
        assert articles.find_by_url(session, "https://blog.example/?p=13") is None


def test_find_by_url_tracking_parameters_are_no_part_of_an_article(
    session_factory: sessionmaker[Session],
) -> None:
    # Registered first from a shared link, stored without its tracking: the plain URL is it.
    shared = f"{COURT}?utm_source=x&utm_medium=social&fbclid=abc"
    assert articles.normal_url(shared) == COURT
    with session_factory.begin() as session:
        stored = _add(session, articles.normal_url(shared)).id
        for spelling in (COURT, f"{COURT}/", shared, f"{COURT}?gclid=1#top"):
            found = articles.find_by_url(session, spelling)
            assert found is not None and found.id == stored, spelling


def test_normal_url_keeps_a_pair_that_holds_a_semicolon_separator() -> None:
    # Some sites separate query pairs with ';': the tracking key does not take 'p=12' with it.
    assert articles.normal_url(f"{COURT}?utm_source=tw;p=12") == f"{COURT}?utm_source=tw;p=12"
    assert articles.normal_url(f"{COURT}?p=12&utm_source=tw") == f"{COURT}?p=12"


def test_normal_url_international_host_is_its_ascii_form() -> None:
    assert articles.normal_url("https://Bücher.de/a") == "https://xn--bcher-kva.de/a"
    assert articles.normal_url("https://XN--BCHER-KVA.de/a") == "https://xn--bcher-kva.de/a"
