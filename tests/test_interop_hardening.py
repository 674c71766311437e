"""Hostile input to the interop endpoints (Coral, Perspective, embed) gets a clear 4xx or 502.

Each test here was a 500 once: a lone surrogate the reply could not encode, a list where a
string belongs, an integer no float holds, a URL urlsplit or httpx cannot read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.config import Settings
from civility.domain import (
    CommentStatus,
    Decision,
    Reason,
    ReasonCategory,
    Score,
    Submission,
)
from civility.interop import coral
from civility.interop.article_fetch import ArticleFetcher, FetchError, is_allowed, origin_of
from civility.pipeline.base import Pipeline
from civility.pipeline.blocklist import make_blocklist
from civility.pipeline.policy import Rule, build_policy
from civility.store import api_keys
from civility.store.models import Article
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SECRET = "empsec_hardening"
CORAL_URL = "/api/v1/coral/moderation"
SITE = "https://news.example"


# --- Coral: a lone surrogate in the comment.


class QuotingToxicity:
    """A stub abuse model whose reason quotes the comment, as the shipped model's does."""

    names = ("toxicity",)

    @property
    def rules(self) -> list[Rule]:
        """Holds at 0.5, like a calibrated model: its reason reaches Coral's reply."""
        return [Rule("toxicity", ReasonCategory.ABUSE, "abusive language", hold_at=0.5)]

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """0.95 for every comment, 'driven by "<the comment>"'."""
        return [[Score("toxicity", 0.95, f'driven by "{sub.text}"')] for sub in batch]


@pytest.fixture
def coral_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """The site on the real blocklist (banning 'sausage') and a model that quotes comments."""
    banned = tmp_path / "banned.txt"
    banned.write_text("sausage\n", encoding="utf-8")
    scorers = [make_blocklist(banned_words_file=banned), QuotingToxicity()]
    pipeline = Pipeline(scorers, timeout_s=5.0)
    engine = Engine(pipeline, build_policy(scorers))
    site = settings.model_copy(update={"coral_signing_secrets": [SECRET]})
    with TestClient(create_app(site, engine=engine)) as client:
        yield client
    pipeline.close()


def _coral(client: TestClient, raw: bytes) -> Any:
    """POST a body to the Coral phase, signed as Coral signs it."""
    headers = {"X-Coral-Signature": f"sha256={coral.sign(raw, SECRET)}"}
    return client.post(CORAL_URL, content=raw, headers=headers)


def _coral_body(body: str, url: str = "https://news.example/a") -> bytes:
    """A request whose comment body is written as given: JSON escapes stay escapes."""
    story = json.dumps({"url": url})
    return (
        f'{{"action":"NEW","comment":{{"body":"{body}"}},'
        f'"author":{{"role":"COMMENTER"}},"story":{story}}}'
    ).encode()


@pytest.mark.parametrize(
    "body", ["saus\\ud800age", "s\\udc00a\\ud800u\\udfffsage", "<b>sau\\ud800sage</b>"]
)
def test_coral_lone_surrogate_cannot_hide_a_banned_word(
    coral_client: TestClient, body: str
) -> None:
    response = _coral(coral_client, _coral_body(body))
    # A 500 would make Coral skip the phase and publish the comment unmoderated.
    assert response.status_code == 200, response.text
    reply = response.json()
    assert reply["status"] == "REJECTED"
    assert reply["moderationAction"]["rejectionReason"]["code"] == "BANNED_WORD"
    response.content.decode("utf-8")  # strict: the reply is well-formed UTF-8


def test_coral_reply_never_carries_a_lone_surrogate() -> None:
    reason = Reason(ReasonCategory.ABUSE, 'driven by "a\ud800b"', "toxicity")
    decision = Decision(CommentStatus.REJECTED, (reason,), (), "v1")
    answer = coral.reply(decision)
    assert answer is not None
    json.dumps(answer, ensure_ascii=False).encode("utf-8")  # raises on a surrogate


@pytest.mark.parametrize(
    "raw",
    [
        b'{"action":["NEW"],"comment":{"body":"x"},"author":{},"story":{}}',
        b'{"action":{"NEW":1},"comment":{"body":"x"},"author":{},"story":{}}',
    ],
)
def test_coral_action_that_is_not_a_string_is_400(coral_client: TestClient, raw: bytes) -> None:
    assert _coral(coral_client, raw).status_code == 400


@pytest.mark.parametrize("url", ["http://[x", "https://news.example/a\x00", "https://x/\\ud800"])
def test_coral_unreadable_story_url_still_moderates(coral_client: TestClient, url: str) -> None:
    raw = _coral_body("sausage", url).replace(b"\\\\ud800", b"\\ud800")
    response = _coral(coral_client, raw)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "REJECTED"


# --- Embed: URLs urlsplit or httpx cannot read, and a publisher that does not answer.


def test_article_fetch_origin_of_an_unreadable_url_is_empty() -> None:
    assert origin_of("http://[x") == ""
    assert not is_allowed("http://[x", ["http://[x"])
    assert is_allowed(f"{SITE}/a", [SITE])


def _publisher(request: httpx.Request) -> httpx.Response:
    """A publisher whose pages fail in every way a network can."""
    path = request.url.path
    if path == "/down":
        raise httpx.ConnectError("connection refused", request=request)
    if path == "/slow":
        raise httpx.ReadTimeout("timed out", request=request)
    if path == "/badlocation":
        return httpx.Response(302, headers={"Location": "http://[bad"})
    return httpx.Response(200, text="<p>x</p>", headers={"Content-Type": "text/html"})


@pytest.fixture
def embed_client(settings: Settings, lexicon_engine: Engine) -> Iterator[TestClient]:
    """The site allowed to fetch news.example, whose site is faked over httpx."""
    site = settings.model_copy(update={"article_fetch_origins": [SITE]})
    app = create_app(site, engine=lexicon_engine)
    app.state.article_fetcher = ArticleFetcher(transport=httpx.MockTransport(_publisher))
    with TestClient(app) as client:
        yield client


def test_embed_unreadable_url_is_404(embed_client: TestClient) -> None:
    for url in ("http://[x", "https://a]b/", "https://[news.example/x"):
        response = embed_client.get("/api/v1/embed/article", params={"url": url})
        assert response.status_code == 404, repr(url)


@pytest.mark.parametrize(
    "path", ["/down", "/slow", "/badlocation", "/with\ttab", "/with\x00nul", "/with\x7fdel"]
)
def test_embed_fetch_failure_is_502(
    embed_client: TestClient, session_factory: sessionmaker[Session], path: str
) -> None:
    response = embed_client.get("/api/v1/embed/article", params={"url": f"{SITE}{path}"})
    assert response.status_code == 502, response.text
    assert response.json()["detail"].startswith("could not read the article page")
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 0


def test_article_fetcher_turns_every_httpx_failure_into_fetch_error() -> None:
    fetcher = ArticleFetcher(transport=httpx.MockTransport(_publisher))
    for url in (f"{SITE}/down", f"{SITE}/slow", f"{SITE}/badlocation", f"{SITE}/a\tb"):
        with pytest.raises(FetchError):
            fetcher.fetch(url, origins=[SITE])


# --- Perspective: every field Perspective's own error format must answer for.


@pytest.fixture
def perspective(
    settings: Settings, lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> Iterator[tuple[TestClient, str]]:
    """A client of the site on the lexicon engine, with a valid 'perspective' key."""
    with session_factory() as session, session.begin():
        key = api_keys.create(session, name="hardening", scope="perspective", now=NOW)[1]
    with TestClient(create_app(settings, engine=lexicon_engine)) as client:
        yield client, key


def _assert_invalid(response: Any, message_start: str) -> None:
    """Google's 400 INVALID_ARGUMENT envelope, in well-formed UTF-8, with this message."""
    assert response.status_code == 400, response.text
    error = json.loads(response.content.decode("utf-8"))["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert error["message"].startswith(message_start), error["message"]
    assert error["details"][0]["errorType"] == "INVALID_REQUEST"


HUGE = b"9" * 400
ANALYZE_BODIES = [
    (
        b'{"comment":{"text":"ab"},"requestedAttributes":{"TOXICITY":{"scoreType":["x"]}}}',
        "Invalid value at 'requested_attributes[TOXICITY].score_type'",
    ),
    (
        b'{"comment":{"text":"ab"},"requestedAttributes":{"TOXICITY":{"scoreType":{"a":1}}}}',
        "Invalid value at 'requested_attributes[TOXICITY].score_type'",
    ),
    (
        b'{"comment":{"text":"ab"},"requestedAttributes":{"TOXICITY":{"scoreType":"\\ud800"}}}',
        "Invalid value at 'requested_attributes[TOXICITY].score_type'",
    ),
    (
        b'{"comment":{"text":"ab","type":["x"]},"requestedAttributes":{"TOXICITY":{}}}',
        "Invalid value at 'comment.type'",
    ),
    (
        b'{"comment":{"text":"ab"},"context":{"entries":[{"text":"a","type":{}}]},'
        b'"requestedAttributes":{"TOXICITY":{}}}',
        "Invalid value at 'context.entries[0].type'",
    ),
    (
        b'{"comment":{"text":"ab"},"requestedAttributes":{"TOXICITY":{"scoreThreshold":'
        + HUGE
        + b"}}}",
        "Invalid value at 'requested_attributes[TOXICITY].score_threshold'",
    ),
    (
        b'{"comment":{"text":"ab"},"clientToken":"\\ud800","requestedAttributes":{"TOXICITY":{}}}',
        "Invalid value at 'clientToken'",
    ),
    (
        b'{"comment":{"text":"ab"},"requestedAttributes":{"\\ud800":{}}}',
        "Invalid value at 'requested_attributes'",
    ),
    (
        b'{"comment":{"text":"ab"},"languages":["\\ud800"],"requestedAttributes":{"TOXICITY":{}}}',
        "Invalid value at 'languages'",
    ),
]


@pytest.mark.parametrize(("raw", "message"), ANALYZE_BODIES)
def test_perspective_analyze_refuses_with_perspective_400(
    perspective: tuple[TestClient, str], raw: bytes, message: str
) -> None:
    client, key = perspective
    _assert_invalid(client.post(f"/v1alpha1/comments:analyze?key={key}", content=raw), message)


SUGGEST_BODIES = [
    (
        b'{"comment":{"text":"ab"},"attributeScores":{"T":{"summaryScore":{"value":'
        + HUGE
        + b"}}}}",
        "Invalid value at 'attribute_scores[T].summary_score.value'",
    ),
    (
        b'{"comment":{"text":"ab"},"clientToken":"\\ud800",'
        b'"attributeScores":{"T":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'clientToken'",
    ),
    (
        b'{"comment":{"text":"ab"},"attributeScores":{"\\ud800":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'attribute_scores'",
    ),
    (
        b'{"comment":{"text":"ab"},"attributeScores":{"\\ud800":{"summaryScore":{"value":7}}}}',
        "Invalid value at 'attribute_scores'",
    ),
    (
        b'{"comment":{"text":"ab"},"languages":["\\udfff"],'
        b'"attributeScores":{"T":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'languages'",
    ),
    # Suggestions are stored, and PostgreSQL's text holds no NUL.
    (
        b'{"comment":{"text":"a\\u0000b"},"attributeScores":{"T":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'comment.text'",
    ),
    (
        b'{"comment":{"text":"ab"},"clientToken":"x\\u0000",'
        b'"attributeScores":{"T":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'clientToken'",
    ),
    (
        b'{"comment":{"text":"ab"},"attributeScores":{"T\\u0000":{"summaryScore":{"value":0.5}}}}',
        "Invalid value at 'attribute_scores'",
    ),
]


@pytest.mark.parametrize(("raw", "message"), SUGGEST_BODIES)
def test_perspective_suggestscore_refuses_with_perspective_400(
    perspective: tuple[TestClient, str], raw: bytes, message: str
) -> None:
    client, key = perspective
    url = f"/v1alpha1/comments:suggestscore?key={key}"
    _assert_invalid(client.post(url, content=raw), message)


def test_perspective_threshold_that_fits_a_float_still_works(
    perspective: tuple[TestClient, str],
) -> None:
    client, key = perspective
    body = {"comment": {"text": "You idiot."}, "requestedAttributes": {"TOXICITY": {}}}
    body["requestedAttributes"] = {"TOXICITY": {"scoreThreshold": 0, "scoreType": "PROBABILITY"}}
    body["clientToken"] = "tök-1"
    response = client.post(f"/v1alpha1/comments:analyze?key={key}", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["clientToken"] == "tök-1"
    assert response.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5


def test_article_fetch_origins_compare_as_the_setting_writes_them() -> None:
    # The setting and the URL are written alike: default port dropped, host in lower case and
    # in its ASCII form, whichever way either is spelt.
    assert origin_of("HTTPS://News.Example:443/a?b") == SITE
    origins = Settings(article_fetch_origins=["https://News.Example:443/", "https://Bücher.de"])
    assert origins.article_fetch_origins == [SITE, "https://xn--bcher-kva.de"]
    for url in (f"{SITE}/a", "https://news.example:443/a", "https://bücher.de/a"):
        assert is_allowed(url, origins.article_fetch_origins), url
    assert is_allowed("https://news.example:443/a", [SITE])
    assert is_allowed(f"{SITE}/a", ["https://news.example:443"])
    # Another port, a user name or another scheme is another origin.
    for url in (
        "https://news.example:8443/a",
        "https://editor@news.example/a",
        "ftp://news.example/a",
    ):
        assert not is_allowed(url, [SITE]), url
