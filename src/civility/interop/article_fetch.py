"""Fetch a publisher's article page and extract its main text with trafilatura.

Only origins the site configured are fetched (no open proxy, no requests to internal
hosts), redirects are followed only within them, and the body read is capped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

from civility import timestamps
from civility.config import normalised_origin, origin_of_url

MAX_BYTES = 3_000_000
MAX_REDIRECTS = 3
USER_AGENT = "Civility article fetcher (registers an article for its comments)"


class FetchError(ValueError):
    """The page could not be fetched or held no article text; the message says why."""


@dataclass(frozen=True)
class FetchedArticle:
    """An article's title and main text, as extracted from its page."""

    url: str
    title: str
    body: str
    # The page's publication date (its metadata, read by trafilatura), at midnight UTC; None
    # when it names none that reads as a stored date. The age rule for comments counts from it.
    published_at: datetime | None = None


def origin_of(url: str) -> str:
    """'https://News.example:443/a?b' -> 'https://news.example' (scheme, host and a port other
    than the default), written as CIVILITY_ARTICLE_FETCH_ORIGINS is (config.normalised_origin):
    an international host in its ASCII form.

    A URL with no origin of its own (another scheme, a user name, an unclosed '[' of an IPv6
    host) has none: ''.
    """
    try:
        return origin_of_url(url)
    except ValueError:
        return ""


def is_allowed(url: str, origins: list[str]) -> bool:
    """Whether `url` is an http(s) URL on one of the configured origins."""
    origin = origin_of(url)
    return bool(origin) and origin in _origins(origins)


def _origins(origins: list[str]) -> set[str]:
    """The configured origins as origin_of writes them (the setting has them so already);
    one that is no origin matches nothing."""
    allowed = set()
    for entry in origins:
        try:
            allowed.add(normalised_origin(entry.strip()))
        except ValueError:
            continue
    return allowed


class ArticleFetcher:
    """Fetches article pages over httpx; tests pass an httpx.MockTransport."""

    def __init__(
        self, *, transport: httpx.BaseTransport | None = None, timeout_s: float = 5.0
    ) -> None:
        self.transport = transport
        self.timeout_s = timeout_s

    def fetch(self, url: str, *, origins: list[str]) -> FetchedArticle:
        """The article at `url`; refused unless it (and every redirect) is on `origins`."""
        html = self._download(url, origins)
        return extract(url, html)

    def _download(self, url: str, origins: list[str]) -> str:
        """The page's HTML; a network failure or a URL httpx cannot send is a FetchError."""
        try:
            return self._follow(url, origins)
        except FetchError:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            # The publisher's site is down or slow, or the URL or a Location it sent is one
            # no client can follow: the caller answers 502, as for any page it cannot read.
            raise FetchError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc

    def _follow(self, url: str, origins: list[str]) -> str:
        """The page's HTML, following at most a few same-site redirects."""
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
        with httpx.Client(
            transport=self.transport, timeout=self.timeout_s, follow_redirects=False
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                if not is_allowed(url, origins):
                    where = origin_of(url) or ascii(url[:200])
                    raise FetchError(f"{where} is not an origin this site may fetch")
                with client.stream("GET", url, headers=headers) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FetchError(f"the page answered HTTP {response.status_code}")
                    return _read_capped(response)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _read_capped(response: httpx.Response) -> str:
    """The decoded body, refusing pages larger than MAX_BYTES."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"the page is larger than {MAX_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")


def extract(url: str, html: str) -> FetchedArticle:
    """Title and main text of an article page (navigation, footers and ads left out)."""
    import trafilatura

    found = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        # The date from the page's metadata only: by default a date named in the text ("on
        # January 5, 2020 the council met") is taken, and the age rule would close the story.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    data = json.loads(found) if found else {}
    body = (data.get("text") or "").strip()
    if not body:
        raise FetchError("no article text found on the page")
    title = _headline(data.get("title"), _title_element(html), body)
    return FetchedArticle(
        url=url, title=title[:500], body=body, published_at=_date(data.get("date"))
    )


# What sites put between a headline and their name in <title>: "Headline | The Daily Example".
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+")


def _headline(found: object, page_title: str, body: str) -> str:
    """The article's headline: the page's <title> (less a site name after a separator) where
    the article's text repeats it, else trafilatura's. trafilatura takes a page's only <h1>
    over its <title>, and on a site whose <h1> is its masthead every fetched story was called
    "The Daily Example"."""
    title = " ".join(str(found or "").split())
    headline = max((part.strip() for part in _TITLE_SEPARATOR.split(page_title)), key=len)
    repeated = headline in " ".join(body.split())
    if headline != title and len(headline) >= MIN_HEADLINE_CHARS and repeated:
        return headline
    return title or body.splitlines()[0][:200]


MIN_HEADLINE_CHARS = 12  # shorter parts of a <title> are a site's name, not a story's headline


def _title_element(html: str) -> str:
    """The text of the page's first <title>, blanks joined ("" when there is none)."""
    reader = _TitleReader()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.parts).split())


class _TitleReader(HTMLParser):
    """Collects the text of the first <title> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._state = "before"  # "inside" the first <title>, then "after" it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self._state == "before":
            self._state = "inside"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._state == "inside":
            self._state = "after"

    def handle_data(self, data: str) -> None:
        if self._state == "inside":
            self.parts.append(data)


def _date(value: object) -> datetime | None:
    """A page's "YYYY-MM-DD" publication date as midnight UTC; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return timestamps.storable(datetime(day.year, day.month, day.day, tzinfo=UTC))
