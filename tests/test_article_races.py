"""Racing article writes, on both databases: edits keep every version, creations answer 201/409,
a post racing a close of the comments is refused or stored before the close.

The deterministic tests commit the competing write from another connection at the moment a
request's look is over and its write not yet made (a hook on executed statements); the others
start real requests together behind a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine as ModerationEngine
from civility.commenting import build_engine
from civility.config import Settings
from civility.interop.article_fetch import ArticleFetcher
from civility.pipeline.article_passages import embed_article_passages
from civility.store import api_keys, articles
from civility.store.models import Article, ArticlePassage, Comment
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SITE = "https://news.example"
CRICKET = {"title": "Cricket final", "body": "Pakistan won the cricket final in Lahore."}
FLOODS = {"title": "Flood relief", "body": "Floods displaced thousands of families in Sindh."}
# Long enough for a request that is not held up to finish; shorter than SQLite's busy_timeout
# (5 s), which a request held up by the other's write lock waits out.
HELD_UP_S = 1.5


@pytest.fixture(scope="module")
def relevance_engine() -> Iterator[ModerationEngine]:
    """An engine with the shipped sentence encoder: articles get their passages embedded."""
    engine = build_engine(Settings(scorers=["off_topic"]))
    yield engine
    engine.pipeline.close()


def _warmed(client: TestClient, headers: dict[str, str]) -> TestClient:
    """The client after one request to each article route: racing requests run the endpoints.

    FastAPI builds a route's parameters on its first request, silencing a pydantic warning with
    warnings.catch_warnings, which is not thread-safe: two first requests at once may raise it.
    """
    assert client.put("/api/v1/articles/none", json=CRICKET, headers=headers).status_code == 404
    assert client.post("/api/v1/articles", json={}, headers=headers).status_code == 422
    return client


def _publisher_key(sessions: sessionmaker[Session]) -> dict[str, str]:
    """Headers with a new publisher key."""
    with sessions.begin() as session:
        return {"X-API-Key": api_keys.create(session, name="cms", scope="publisher", now=NOW)[1]}


@contextmanager
def _after_first(where: Callable[[str], bool], action: Callable[[], None]) -> Iterator[None]:
    """Run `action` once, right after the first statement for which `where` holds executes."""
    once = threading.Lock()

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if where(" ".join(statement.split())) and once.acquire(blocking=False):
            action()

    event.listen(Engine, "after_cursor_execute", hook)
    try:
        yield
    finally:
        event.remove(Engine, "after_cursor_execute", hook)


def _reads_article_by_slug(statement: str) -> bool:
    """The statement that loads a whole article by its slug (an edit's first look)."""
    return statement.startswith("SELECT articles.id, articles.slug") and (
        "WHERE articles.slug =" in statement
    )


def _looks_for(column: str) -> Callable[[str], bool]:
    """Whether a statement is the check for an existing article with this column's value."""
    return lambda statement: (
        statement.startswith("SELECT articles.id") and (f"WHERE articles.{column} =" in statement)
    )


def _stored(sessions: sessionmaker[Session]) -> tuple[Article, list[ArticlePassage]]:
    """The one stored article and its stored passages."""
    with sessions() as session:
        article = session.scalars(select(Article)).one()
        rows = session.scalars(select(ArticlePassage).order_by(ArticlePassage.position)).all()
        return article, list(rows)


def _assert_passages_match(
    engine: ModerationEngine, article: Article, passages: list[ArticlePassage]
) -> None:
    """The stored passages are those of the stored version and text."""
    encoder = next(s.encoder for s in engine.pipeline.scorers if hasattr(s, "encoder"))
    expected = [text for text, _ in embed_article_passages(encoder, article.title, article.body)]
    assert {p.article_version for p in passages} == {article.version}
    assert [p.text for p in passages] == expected


@pytest.mark.slow
def test_article_edit_racing_another_keeps_both_versions_and_matching_passages(
    make_web_client: Any,
    relevance_engine: ModerationEngine,
    session_factory: sessionmaker[Session],
) -> None:
    client = make_web_client(relevance_engine)
    headers = _publisher_key(session_factory)
    created = client.post(
        "/api/v1/articles", json={"title": "Budget talks", "body": "The budget."}, headers=headers
    )
    slug = created.json()["slug"]
    competing: list[Any] = []
    other = threading.Thread(
        target=lambda: competing.append(
            client.put(f"/api/v1/articles/{slug}", json=FLOODS, headers=headers)
        )
    )

    def competing_edit() -> None:
        # Started once the first edit has read the article; it may finish or wait for it.
        other.start()
        other.join(timeout=HELD_UP_S)

    with _after_first(_reads_article_by_slug, competing_edit):
        first = client.put(f"/api/v1/articles/{slug}", json=CRICKET, headers=headers)
    other.join()
    assert first.status_code == competing[0].status_code == 200, competing[0].text
    assert sorted([first.json()["version"], competing[0].json()["version"]]) == [2, 3]
    article, passages = _stored(session_factory)
    last = max([first, competing[0]], key=lambda r: int(r.json()["version"])).json()
    assert (article.version, article.title, article.body) == (3, last["title"], last["body"])
    _assert_passages_match(relevance_engine, article, passages)


@pytest.mark.slow
def test_article_edits_started_together_keep_both_versions_and_matching_passages(
    make_web_client: Any,
    relevance_engine: ModerationEngine,
    session_factory: sessionmaker[Session],
) -> None:
    headers = _publisher_key(session_factory)
    clients = [_warmed(make_web_client(relevance_engine), headers) for _ in range(2)]
    created = clients[0].post(
        "/api/v1/articles", json={"title": "Budget talks", "body": "The budget."}, headers=headers
    )
    slug = created.json()["slug"]
    start = threading.Barrier(2)

    def edit(n: int) -> int:
        start.wait()
        answer = clients[n].put(
            f"/api/v1/articles/{slug}", json=[CRICKET, FLOODS][n], headers=headers
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["version"])

    with ThreadPoolExecutor(max_workers=2) as pool:
        versions = sorted(pool.map(edit, range(2)))
    assert versions == [2, 3]
    article, passages = _stored(session_factory)
    assert article.version == 3 and article.title in {CRICKET["title"], FLOODS["title"]}
    _assert_passages_match(relevance_engine, article, passages)


def _commit_article(sessions: sessionmaker[Session], **fields: str) -> Callable[[], None]:
    """An action that commits an article from a connection of its own."""

    def commit() -> None:
        with sessions.begin() as session:
            articles.add(session, now=NOW, **{"body": "Another desk's copy.", **fields})

    return commit


def test_article_created_as_another_takes_its_url_is_refused_with_409(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    headers = _publisher_key(session_factory)
    url = f"{SITE}/budget"
    rival = _commit_article(session_factory, title="Budget day", url=url)
    with _after_first(_looks_for("url"), rival):
        answer = client.post(
            "/api/v1/articles", json={"title": "Budget", "body": "a", "url": url}, headers=headers
        )
    assert answer.status_code == 409, answer.text
    assert _stored(session_factory)[0].title == "Budget day"


def test_article_created_as_another_takes_its_slug_gets_the_next_slug(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    headers = _publisher_key(session_factory)
    rival = _commit_article(session_factory, title="Live updates", url=f"{SITE}/1")
    body = {"title": "Live updates", "body": "b", "url": f"{SITE}/2"}
    with _after_first(_looks_for("slug"), rival):
        answer = client.post("/api/v1/articles", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    assert (answer.json()["slug"], answer.json()["url"]) == ("live-updates-2", f"{SITE}/2")


@pytest.mark.parametrize(
    ("bodies", "expected"),
    [
        (
            [{"title": "Budget", "url": f"{SITE}/b"}, {"title": "Budget day", "url": f"{SITE}/b"}],
            [201, 409],
        ),
        (
            [
                {"title": "Live updates", "url": f"{SITE}/1"},
                {"title": "Live updates", "url": f"{SITE}/2"},
            ],
            [201, 201],
        ),
    ],
    ids=["same-url", "same-title"],
)
def test_article_creations_started_together_answer_201_or_409(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    bodies: list[dict[str, str]],
    expected: list[int],
) -> None:
    headers = _publisher_key(session_factory)
    clients = [_warmed(make_web_client(lexicon_engine), headers) for _ in range(2)]
    start = threading.Barrier(2)

    def create(n: int) -> Any:
        start.wait()
        return clients[n].post("/api/v1/articles", json={**bodies[n], "body": "a"}, headers=headers)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(create, range(2)))
    assert sorted(a.status_code for a in answers) == expected, [a.text for a in answers]
    with session_factory() as session:
        slugs = set(session.scalars(select(Article.slug)))
    created = {a.json()["slug"] for a in answers if a.status_code == 201}
    assert slugs == created and len(slugs) == expected.count(201)


PAGE = (
    "<html><head><title>Budget day | News</title></head><body><article><h1>Budget day</h1>"
    "<p>The budget raises fuel taxes for commuters and farmers across the country, the "
    "minister said on Tuesday in parliament.</p><p>Opposition leaders called the plan unfair "
    "to the poor and promised to vote against it.</p></article></body></html>"
)


@pytest.fixture
def embed_client(settings: Settings, lexicon_engine: Any) -> Iterator[TestClient]:
    """A site that registers news.example's pages on first sight (fetched over fake HTTP)."""
    site = settings.model_copy(update={"article_fetch_origins": [SITE]})
    app = create_app(site, engine=lexicon_engine)

    def publisher(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=PAGE, headers={"Content-Type": "text/html"})

    app.state.article_fetcher = ArticleFetcher(transport=httpx.MockTransport(publisher))
    with TestClient(app) as client:
        yield client


def test_embed_article_registered_as_another_takes_its_slug_gets_the_next_slug(
    embed_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    rival = _commit_article(session_factory, title="Budget day", url=f"{SITE}/other")
    with _after_first(_looks_for("slug"), rival):
        answer = embed_client.get("/api/v1/embed/article", params={"url": f"{SITE}/budget"})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["slug"], answer.json()["url"]) == ("budget-day-2", f"{SITE}/budget")


def test_embed_article_registered_meanwhile_by_another_request_is_that_article(
    embed_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    url = f"{SITE}/budget"
    rival = _commit_article(session_factory, title="Budget day (first)", url=url)
    # The first look (before the fetch) finds nothing; the rival commits while the page loads.
    with _after_first(_looks_for("url"), rival):
        answer = embed_client.get("/api/v1/embed/article", params={"url": url})
    assert answer.status_code == 200, answer.text
    assert answer.json()["title"] == "Budget day (first)"
    with session_factory() as session:
        assert session.scalars(select(Article.url)).all() == [url]


# --- Two writes giving one new URL to two articles: one answers 409, nothing half-written.


def _two_articles(client: TestClient, headers: dict[str, str], tag: str) -> dict[str, Any]:
    """Two new articles, each as created (slug -> answer body)."""
    created = {}
    for name in ("first", "second"):
        body = {"title": f"The {name} {tag}", "body": "a", "url": f"{SITE}/{name}-{tag}"}
        answer = client.post("/api/v1/articles", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        created[answer.json()["slug"]] = answer.json()
    return created


def _claim(client: TestClient, slug: str | None, url: str, headers: dict[str, str]) -> Any:
    """Give `url` to the article `slug` (a new title too), or to a new article if None."""
    body = {"title": f"Moved {slug}", "body": "b", "url": url}
    if slug is None:
        return client.post("/api/v1/articles", json=body, headers=headers)
    return client.put(f"/api/v1/articles/{slug}", json=body, headers=headers)


def _assert_one_holds(
    sessions: sessionmaker[Session], url: str, answers: dict[Any, Any], before: dict[str, Any]
) -> None:
    """One write won and holds the URL; the other answered 409, its article as it was."""
    codes = sorted(answer.status_code for answer in answers.values())
    assert codes in ([200, 409], [201, 409]), [a.text for a in answers.values()]
    winner = next(a for a in answers.values() if a.status_code != 409).json()
    with sessions() as session:
        holders = session.scalars(select(Article).where(Article.url == url)).all()
        stored = {a.slug: (a.title, a.url, a.version) for a in session.scalars(select(Article))}
    assert [(a.slug, a.title) for a in holders] == [(winner["slug"], winner["title"])]
    for slug, answer in answers.items():
        if answer.status_code == 409 and slug in before:  # a refused edit, not a creation
            assert answer.json()["detail"] == f"another article already has url {url}"
            was = before[slug]
            assert stored[slug] == (was["title"], was["url"], was["version"])


@pytest.mark.parametrize("rival", ["edit", "create"])
def test_article_edit_as_another_request_takes_its_url_is_refused_with_409(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    rival: str,
) -> None:
    headers = _publisher_key(session_factory)
    client = _warmed(make_web_client(lexicon_engine), headers)
    before = _two_articles(client, headers, "x")
    first, second = before
    rival_slug, url = (second if rival == "edit" else None), f"{SITE}/taken"
    competing: list[Any] = []
    other = threading.Thread(
        target=lambda: competing.append(_claim(client, rival_slug, url, headers))
    )

    def competing_claim() -> None:
        # Started once the edit found the URL free. On PostgreSQL it commits the URL first;
        # on SQLite it waits out the edit's write lock, then finds the URL taken.
        other.start()
        other.join(timeout=HELD_UP_S)

    with _after_first(_looks_for("url"), competing_claim):
        answer = _claim(client, first, url, headers)
    other.join()
    _assert_one_holds(session_factory, url, {first: answer, rival_slug: competing[0]}, before)


def test_article_edits_claiming_one_url_together_answer_200_and_409(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    headers = _publisher_key(session_factory)
    clients = [_warmed(make_web_client(lexicon_engine), headers) for _ in range(2)]
    start = threading.Barrier(2)  # passed again each round
    # A fresh pair each round: one round's timing may keep the writes apart, the next not.
    for round_ in range(5):
        before = _two_articles(clients[0], headers, str(round_))
        slugs, url = list(before), f"{SITE}/taken-{round_}"

        def claim(n: int, slugs: list[str] = slugs, url: str = url) -> Any:
            start.wait()
            return _claim(clients[n], slugs[n], url, headers)

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = dict(zip(slugs, pool.map(claim, range(2)), strict=True))
        _assert_one_holds(session_factory, url, answers, before)


def test_embed_article_given_meanwhile_to_another_article_by_an_edit_is_that_article(
    embed_client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    url = f"{SITE}/budget"
    _commit_article(session_factory, title="Budget day (desk copy)", url=f"{SITE}/desk")()

    def rival() -> None:  # an edit gives the page's URL to the desk's article
        with session_factory.begin() as session:
            article = session.scalars(select(Article)).one()
            articles.update(session, article, title=article.title, body="b", now=NOW, url=url)

    with _after_first(_looks_for("url"), rival):
        answer = embed_client.get("/api/v1/embed/article", params={"url": url})
    assert answer.status_code == 200, answer.text
    assert answer.json()["title"] == "Budget day (desk copy)"
    with session_factory() as session:
        assert session.scalars(select(Article.url)).all() == [url]


# --- A post racing a close of its article's comments: refused with the message, or stored
# before the close; never stored after it.

CLOSED = "Comments are closed on this article."


def _closes(sessions: sessionmaker[Session], slug: str, seen: list[int]) -> Callable[[], None]:
    """An action that closes the article's comments as `civility articles close` does, from a
    connection of its own, noting how many comments the article had once the close held it."""

    def close() -> None:
        with sessions.begin() as session:
            article = articles.get_by_slug(session, slug, for_update=True)
            assert article is not None
            count = select(func.count(Comment.id)).where(Comment.article_id == article.id)
            seen.append(session.scalar(count) or 0)
            assert articles.close_comments(session, article, now=NOW)

    return close


def _commit_article_slug(sessions: sessionmaker[Session]) -> str:
    """A new article taking comments, committed; its slug."""
    with sessions.begin() as session:
        return articles.add(session, title="Verdict", body="The court ruled.", now=NOW).slug


def _inserts_comment(statement: str) -> bool:
    """The statement that writes the posted comment."""
    return statement.startswith("INSERT INTO comments ")


def _comment_count(sessions: sessionmaker[Session]) -> int:
    """Comments stored, on any article."""
    with sessions() as session:
        return session.scalar(select(func.count(Comment.id))) or 0


def _post(client: TestClient, slug: str) -> Any:
    """A reader's post through the API (the widget's way; the page's goes the same way)."""
    body = {"author_name": "Reader", "text": "The verdict seems fair."}
    return client.post(f"/api/v1/articles/{slug}/comments", json=body)


def test_comment_posted_as_its_article_closes_is_refused_and_not_stored(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _commit_article_slug(session_factory)
    seen: list[int] = []
    # The close commits once the post has found the comments open, before it is scored.
    with _after_first(_reads_article_by_slug, _closes(session_factory, slug, seen)):
        answer = _post(client, slug)
    assert (answer.status_code, answer.json()) == (403, {"detail": CLOSED})
    assert seen == [0] and _comment_count(session_factory) == 0


def test_comment_being_stored_as_its_article_closes_is_stored_before_the_close(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _commit_article_slug(session_factory)
    seen: list[int] = []
    other = threading.Thread(target=_closes(session_factory, slug, seen))

    def competing_close() -> None:
        # Started once the post writes its comment: the close waits for the post's commit.
        other.start()
        other.join(timeout=HELD_UP_S)

    with _after_first(_inserts_comment, competing_close):
        answer = _post(client, slug)
    other.join()
    assert answer.status_code == 201, answer.text
    assert seen == [1] and _comment_count(session_factory) == 1
    assert _post(client, slug).json() == {"detail": CLOSED}


def test_comment_embedding_its_article_as_an_edit_closes_it_neither_deadlocks(
    make_web_client: Any, relevance_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    headers = _publisher_key(session_factory)
    poster, publisher = (_warmed(make_web_client(relevance_engine), headers) for _ in range(2))
    with session_factory.begin() as session:  # stored without passages, as an import leaves it
        slug = articles.add(session, **CRICKET, now=NOW).slug
    answers: dict[str, Any] = {}

    def put() -> None:
        edit = {**CRICKET, "comments_closed": True}  # a CMS re-sending the article, closed
        answers["put"] = publisher.put(f"/api/v1/articles/{slug}", json=edit, headers=headers)

    other = threading.Thread(target=put)

    def competing_edit() -> None:
        # Started once the post has stored the article's passages: the edit, which locks the
        # article and then stores the same passages, waits for the post instead of each
        # waiting for the other (a deadlock PostgreSQL broke by failing one of them).
        other.start()
        other.join(timeout=HELD_UP_S)

    with _after_first(lambda s: s.startswith("INSERT INTO article_passages"), competing_edit):
        answer = _post(poster, slug)
    other.join()
    assert answer.status_code == 201, answer.text
    assert answers["put"].status_code == 200, answers["put"].text
    assert answers["put"].json()["comments_open"] is False
    assert _comment_count(session_factory) == 1
