"""The embed widget's endpoints: the script, config, articles by URL, CORS and posting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.config import Settings
from civility.interop.article_fetch import ArticleFetcher
from civility.store import api_keys, articles
from civility.store.models import Article, Comment
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SITE = "https://news.example"
EVIL = "https://evil.example"
PAGE = (
    "<html><head><title>Budget day | News</title></head><body><nav>Home Sport Weather</nav>"
    "<article><h1>Budget day</h1><p>The budget raises fuel taxes for commuters and farmers "
    "across the country, the minister said on Tuesday in parliament.</p><p>Opposition "
    "leaders called the plan unfair to the poor and promised to vote against it.</p>"
    "</article><footer>Copyright News</footer></body></html>"
)


# Pages whose metadata dates them: an archive story, and one misdated in the future.
DATED = {"/archive": "2024-03-05T10:00:00+01:00", "/ahead": "2999-01-01T00:00:00Z"}


@pytest.fixture
def fetched() -> list[str]:
    """URLs the fake publisher site was asked for."""
    return []


@pytest.fixture
def client(settings: Settings, lexicon_engine: Engine, fetched: list[str]) -> Iterator[TestClient]:
    """The site embedding on news.example, allowed to fetch its pages (faked over httpx)."""

    def publisher(request: httpx.Request) -> httpx.Response:
        fetched.append(str(request.url))
        path = request.url.path
        if path == "/moved":
            return httpx.Response(301, headers={"Location": f"{EVIL}/budget"})
        if path == "/huge":
            return httpx.Response(200, content=b"<p>" + b"x" * 3_100_000)
        if path == "/missing":
            return httpx.Response(404)
        if path == "/text-date":  # a date in the text alone
            page = PAGE.replace("Tuesday", "January 5, 2020")
            return httpx.Response(200, text=page, headers={"Content-Type": "text/html"})
        if path in DATED:
            head = f'<meta property="article:published_time" content="{DATED[path]}">'
            page = PAGE.replace("<head>", f"<head>{head}").replace("Tuesday", "January 5, 2020")
            return httpx.Response(200, text=page, headers={"Content-Type": "text/html"})
        return httpx.Response(200, text=PAGE, headers={"Content-Type": "text/html"})

    site = settings.model_copy(
        update={"allowed_origins": [SITE], "article_fetch_origins": [SITE, "http://127.0.0.1"]}
    )
    app = create_app(site, engine=lexicon_engine)
    app.state.article_fetcher = ArticleFetcher(transport=httpx.MockTransport(publisher))
    with TestClient(app) as test_client:
        yield test_client


def _count(sessions: sessionmaker[Session], model: type[object]) -> int:
    """Rows in a table."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_embed_script_is_served_and_self_contained(client: TestClient) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    code = re.sub(r"/\*.*?\*/", "", response.text, flags=re.DOTALL)
    assert "http://" not in code and "https://" not in code  # no third-party requests
    assert 'credentials: "omit"' in code and "innerHTML" in code
    assert len(response.content) < 20_000


def test_embed_config(client: TestClient) -> None:
    data = client.get("/api/v1/config").json()
    assert data["site_name"] == "Civility" and data["max_comment_chars"] == 5000
    assert data["faq_url"] == "/faq"


def test_embed_article_registered_through_the_publisher_api(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    with session_factory() as session, session.begin():
        articles.add(session, title="Talks", body="Body.", now=NOW, url=f"{SITE}/talks")
    data = client.get("/api/v1/embed/article", params={"url": f"{SITE}/talks"}).json()
    assert (data["slug"], data["comment_count"]) == ("talks", 0)
    assert data["comments_url"].endswith("/api/v1/articles/talks/comments")
    assert fetched == []


def test_embed_article_a_cms_registered_under_another_spelling_is_that_article(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    # The publisher API stores the URL as the widget looks it up: no second, open copy.
    with session_factory() as session, session.begin():
        key = api_keys.create(session, name="cms", scope="publisher", now=NOW)[1]
    sent = {
        "title": "Talks",
        "body": "Body.",
        "url": "https://News.Example:443/talks?utm_source=cms",
    }
    created = client.post("/api/v1/articles", json=sent, headers={"X-API-Key": key})
    assert created.status_code == 201, created.text
    assert created.json()["url"] == f"{SITE}/talks"
    again = client.post("/api/v1/articles", json={**sent, "url": f"{SITE}/talks"},
                        headers={"X-API-Key": key})  # fmt: skip
    assert again.status_code == 409
    data = client.get("/api/v1/embed/article", params={"url": f"{SITE}/talks"}).json()
    assert data["slug"] == created.json()["slug"] and fetched == []


def test_publisher_api_still_finds_articles_it_stored_as_sent(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    # Rows stored before URLs were normalised hold what the CMS sent: sending it again is 409,
    # not a second article; an update of that article keeps it, in the normal spelling.
    sent = "https://News.Example/talks"
    with session_factory() as session, session.begin():
        old = articles.add(session, title="Talks", body="Body.", now=NOW, url=sent)
        articles.add(session, title="Other", body="Body.", now=NOW, url=f"{SITE}/other")
        slug = old.slug
        key = {"X-API-Key": api_keys.create(session, name="cms", scope="publisher", now=NOW)[1]}
    again = client.post(
        "/api/v1/articles", json={"title": "T", "body": "B", "url": sent}, headers=key
    )
    assert again.status_code == 409
    edit = {"title": "Talks", "body": "New body.", "url": sent}
    updated = client.put(f"/api/v1/articles/{slug}", json=edit, headers=key)
    assert updated.status_code == 200 and updated.json()["url"] == f"{SITE}/talks"
    taken = client.put(f"/api/v1/articles/{slug}", json={**edit, "url": f"{SITE}/OTHER/../other"},
                       headers=key)  # fmt: skip
    assert taken.status_code == 409
    assert _count(session_factory, Article) == 2


def test_embed_article_fetched_once_for_a_configured_origin(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    first = client.get("/api/v1/embed/article", params={"url": f"{SITE}/budget"})
    assert first.status_code == 200, first.text
    assert first.json()["title"] == "Budget day"
    client.get("/api/v1/embed/article", params={"url": f"{SITE}/budget"})
    assert fetched == [f"{SITE}/budget"]
    with session_factory() as session:
        article = session.scalars(select(Article)).one()
        assert "fuel taxes" in article.body and "Copyright" not in article.body


def test_embed_article_another_spelling_of_a_known_url_is_that_article(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    # A query or fragment added to a closed article's URL used to register a copy, open.
    first = client.get("/api/v1/embed/article", params={"url": f"{SITE}/budget"}).json()
    with session_factory.begin() as session:
        article = session.scalars(select(Article)).one()
        articles.close_comments(session, article, now=NOW)
    for spelling in ("/budget?utm_source=x", "/budget#comments", "/budget/", "/budget/?a=1#b"):
        again = client.get("/api/v1/embed/article", params={"url": f"{SITE}{spelling}"})
        assert again.status_code == 200, spelling
        assert again.json()["slug"] == first["slug"] and again.json()["comments_open"] is False
    assert fetched == [f"{SITE}/budget"]
    assert _count(session_factory, Article) == 1


def test_embed_article_fetched_is_dated_by_its_page_metadata_only(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    # The age rule counts from publication: an archive story seen first today is still old.
    # Only the page's metadata dates it, not a date its text names ("January 5, 2020").
    for path in ("/archive", "/ahead", "/text-date"):
        assert client.get("/api/v1/embed/article", params={"url": f"{SITE}{path}"}).is_success
    with session_factory() as session:
        dates = {a.url: a.published_at for a in session.scalars(select(Article))}
    assert dates == {
        f"{SITE}/archive": datetime(2024, 3, 5, tzinfo=UTC),
        f"{SITE}/ahead": None,
        f"{SITE}/text-date": None,
    }


def test_embed_article_refuses_other_origins_and_bad_pages(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    for url in (f"{EVIL}/x", "http://localhost/admin", "file:///etc/passwd", "javascript:1"):
        response = client.get("/api/v1/embed/article", params={"url": url})
        assert response.status_code == 404, url
    assert fetched == []
    for path in ("/moved", "/huge", "/missing"):
        response = client.get("/api/v1/embed/article", params={"url": f"{SITE}{path}"})
        assert response.status_code == 502, path
    assert f"{EVIL}/budget" not in fetched  # the redirect off-site was not followed
    assert _count(session_factory, Article) == 0


def _preflight(client: TestClient, origin: str, path: str) -> Any:
    """The OPTIONS request a browser sends before a cross-origin JSON POST."""
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_embed_cors_only_for_configured_origins(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        articles.add(session, title="Talks", body="Body.", now=NOW, url=f"{SITE}/talks")
    comments_path = "/api/v1/articles/talks/comments"
    allowed = _preflight(client, SITE, comments_path)
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert "access-control-allow-credentials" not in allowed.headers
    denied = _preflight(client, EVIL, comments_path)
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
    lookup = {"url": f"{SITE}/talks"}
    read = client.get("/api/v1/embed/article", params=lookup, headers={"Origin": SITE})
    assert read.headers["access-control-allow-origin"] == SITE
    foreign = client.get("/api/v1/embed/article", params=lookup, headers={"Origin": EVIL})
    assert "access-control-allow-origin" not in foreign.headers
    for response in (allowed, read):
        assert response.headers["access-control-allow-origin"] != "*"


def test_embed_posting_needs_json(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        articles.add(session, title="Talks", body="Body.", now=NOW, url=f"{SITE}/talks")
    url = "/api/v1/articles/talks/comments"
    body = '{"author_name": "Reader", "text": "Fair talks deserve a chance."}'
    # What a hostile page can send without a preflight: a "simple" cross-origin request.
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.post(
            url, content=body, headers={"Content-Type": content_type, "Origin": EVIL}
        )
        assert response.status_code == 422, content_type
    assert _count(session_factory, Comment) == 0
    posted = client.post(
        url, content=body, headers={"Content-Type": "application/json", "Origin": SITE}
    )
    assert posted.status_code == 201, posted.text
    assert posted.headers["access-control-allow-origin"] == SITE
    held = client.post(
        url,
        json={"author_name": "Troll", "text": "You idiot <script>alert(1)</script>"},
        headers={"Origin": SITE},
    )
    assert held.status_code == 403 and "<script>" not in held.json()["html"]
    count = client.get("/api/v1/embed/article", params={"url": f"{SITE}/talks"}).json()
    assert count["comment_count"] == 1


def test_embed_article_lookup_rejects_hostile_urls(client: TestClient) -> None:
    too_long = f"{SITE}/" + "a" * 2100
    assert client.get("/api/v1/embed/article", params={"url": too_long}).status_code == 422
    assert client.get("/api/v1/embed/article").status_code == 422
    weird = f"{SITE}/\u202eevil'\"><script>"
    assert client.get("/api/v1/embed/article", params={"url": weird}).status_code in (200, 502)


def _embed(client: TestClient, url: str) -> dict[str, Any]:
    """The widget's article for `url`, which must be found or registered."""
    response = client.get("/api/v1/embed/article", params={"url": url})
    assert response.status_code == 200, (url, response.text)
    return dict(response.json())


def test_embed_article_every_spelling_of_a_closed_article_is_that_article(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    # The host's case, a doubled slash, a path parameter and an escaped letter each used to
    # register an open copy of the closed article (court-case-2, -3...), listed on the home page.
    first = _embed(client, f"{SITE}/court")
    with session_factory.begin() as session:
        article = session.scalars(select(Article).where(Article.slug == first["slug"])).one()
        articles.close_comments(session, article, now=NOW)
    spellings = (
        f"{SITE}/court/",
        f"{SITE}/court?x=1#y",
        "HTTPS://news.example/court",
        "https://NEWS.example/court",
        "https://News.Example:443/court",
        f"{SITE}//court",
        f"{SITE}/court;x",
        f"{SITE}/court;jsessionid=0A1B2C",
        f"{SITE}/%63ourt",
        f"{SITE}/%63%6F%75%72%74/",
        f"{SITE}/./court",
        f"{SITE}/news/../court",
        "https://NEWS.example//%63ourt;x/?x=1#y",
    )
    for spelling in spellings:
        again = _embed(client, spelling)
        assert (again["slug"], again["comments_open"]) == (first["slug"], False), spelling
        assert again["url"] == f"{SITE}/court"
    assert fetched == [f"{SITE}/court"]
    assert _count(session_factory, Article) == 1
    assert client.get("/").text.count(f"/articles/{first['slug']}-2") == 0


def test_embed_article_first_seen_under_another_spelling_is_stored_normal(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    # Registered first from a shared link (tracking, a fragment, an odd spelling): the plain
    # URL later is that article, not a second one.
    first = _embed(client, f"{SITE}/court?utm_source=x&fbclid=1#y")
    assert first["url"] == f"{SITE}/court"  # tracking and the browser's fragment: not stored
    with session_factory.begin() as session:
        article = session.scalars(select(Article).where(Article.slug == first["slug"])).one()
        articles.close_comments(session, article, now=NOW)
    spellings = (
        f"{SITE}/court",
        f"{SITE}/court/",
        f"{SITE}/court#z",
        f"{SITE}/court?utm_campaign=z",
        "https://NEWS.example:443//%63ourt;x?utm_source=x#y",
    )
    for spelling in spellings:
        again = _embed(client, spelling)
        assert (again["slug"], again["comments_open"]) == (first["slug"], False), spelling
    assert _count(session_factory, Article) == 1
    assert fetched == [f"{SITE}/court"]


def test_embed_article_registered_under_its_normal_spelling(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    first = _embed(client, "https://NEWS.example:443//%63ourt;x?x=%7e#y")
    assert first["url"] == f"{SITE}/court?x=~"
    assert fetched == [f"{SITE}/court?x=~"]  # the page fetched is the one stored
    assert _embed(client, f"{SITE}/court?x=%7E")["slug"] == first["slug"]
    assert _count(session_factory, Article) == 1


def test_embed_article_other_urls_stay_other_articles(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    court = _embed(client, f"{SITE}/court")["slug"]
    others = (
        f"{SITE}/court2",  # another path
        f"{SITE}/Court",  # a path's case is the site's to read
        f"{SITE}/court%2F",  # an escaped '/' is not a slash
        "http://127.0.0.1/court",  # another host
    )
    slugs = {url: _embed(client, url)["slug"] for url in others}
    assert court not in slugs.values() and len(set(slugs.values())) == len(others)
    # Another scheme is another origin, here one the site may not fetch.
    other_scheme = client.get("/api/v1/embed/article", params={"url": "http://news.example/court"})
    assert other_scheme.status_code == 404
    # A query names the article where no article is stored without it (as before): a site
    # that names its articles by their query keeps them apart.
    story = _embed(client, f"{SITE}/story?id=5")["slug"]
    assert _embed(client, f"{SITE}/story?id=6")["slug"] != story
    assert _embed(client, f"{SITE}/story?ID=5")["slug"] not in (story, court)
    assert _embed(client, f"{SITE}/story?id=%35")["slug"] == story  # the same query, escaped
    assert _count(session_factory, Article) == 8


def test_embed_article_url_too_long_once_escaped_is_refused(
    client: TestClient, session_factory: sessionmaker[Session], fetched: list[str]
) -> None:
    # Under the query's limit as sent; each escaped 'é' is 6 characters stored (the column's
    # width is 2000: PostgreSQL would refuse the insert).
    response = client.get("/api/v1/embed/article", params={"url": f"{SITE}/" + "é" * 1900})
    assert response.status_code == 422
    assert fetched == [] and _count(session_factory, Article) == 0
