"""The Perspective-compatible endpoint, driven as Perspective's own clients and Coral drive it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import httplib2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.config import Settings
from civility.domain import Score, Submission
from civility.interop import perspective as wire
from civility.pipeline.base import Pipeline
from civility.pipeline.policy import build_policy
from civility.store import api_keys, feedback
from civility.web.app import create_app

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
CORAL_BODY = (
    '{"comment":{"text":"You are an idiot."},"doNotStore":true,'
    '"requestedAttributes":{"TOXICITY":{}},"languages":["en"]}'
)


class OverlapScorer:
    """A stub relevance model: off-topic when the comment shares no word with the article."""

    names = ("off_topic",)

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """1.0 without any shared word, 0.0 with one; 0.5 without an article."""
        out = []
        for sub in batch:
            if sub.article is None:
                out.append([Score("off_topic", 0.5, "no article")])
                continue
            shared = set(sub.text.lower().split()) & set(sub.article.body.lower().split())
            out.append([Score("off_topic", 0.0 if shared else 1.0, f"{len(shared)} shared")])
        return out


def _key(sessions: sessionmaker[Session], name: str = "coral") -> str:
    """A new 'perspective' API key, committed."""
    with sessions() as session, session.begin():
        return api_keys.create(session, name=name, scope="perspective", now=NOW)[1]


@pytest.fixture
def client_and_key(
    settings: Settings, lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> Iterator[tuple[TestClient, str]]:
    """A test client of the whole site on the lexicon engine, with a valid key."""
    with TestClient(create_app(settings, engine=lexicon_engine)) as client:
        yield client, _key(session_factory)


def _analyze(client: TestClient, key: str, body: dict[str, Any], path: str = "/v1alpha1") -> Any:
    """POST comments:analyze and return the response."""
    return client.post(f"{path}/comments:analyze", params={"key": key}, json=body)


def _error(response: Any) -> dict[str, Any]:
    """The `error` object of a Google error envelope."""
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == response.status_code
    return error


def test_perspective_coral_body_on_any_prefix(client_and_key: tuple[TestClient, str]) -> None:
    client, key = client_and_key
    for path in ("/v1alpha1", "", "/perspective/v1alpha1"):
        response = client.post(
            f"{path}/comments:analyze?x=1&key={key}&alt=json&prettyPrint=false",
            content=CORAL_BODY.encode(),
            headers={"Content-Type": "application/json;charset=utf-8"},
        )
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["attributeScores"]["TOXICITY"]["summaryScore"] == {
            "value": 0.95,
            "type": "PROBABILITY",
        }
        assert data["languages"] == ["en"]
        assert "clientToken" not in data


def test_perspective_echoes_attribute_names_as_sent(
    client_and_key: tuple[TestClient, str],
) -> None:
    client, key = client_and_key
    body = {
        "comment": {"text": "A calm remark about the budget."},
        "requestedAttributes": {"toxicity": {}, "INSULT_EXPERIMENTAL": {}, "SPAM": {}},
        "clientToken": "tok-1",
    }
    data = _analyze(client, key, body).json()
    assert set(data["attributeScores"]) == {"toxicity", "INSULT_EXPERIMENTAL", "SPAM"}
    assert data["attributeScores"]["toxicity"]["summaryScore"]["value"] == 0.02
    assert data["clientToken"] == "tok-1"
    assert data["detectedLanguages"] == ["en"]


def test_perspective_score_threshold_leaves_attributes_out(
    client_and_key: tuple[TestClient, str],
) -> None:
    client, key = client_and_key
    body = {
        "comment": {"text": "What an idiot."},
        "requestedAttributes": {
            "TOXICITY": {"scoreThreshold": 0.5},
            "SPAM": {"scoreThreshold": 0.5},
        },
    }
    assert set(_analyze(client, key, body).json()["attributeScores"]) == {"TOXICITY"}
    body["comment"] = {"text": "A fair point."}
    data = _analyze(client, key, body).json()
    assert "attributeScores" not in data
    assert "languages" in data and "detectedLanguages" in data


def test_perspective_spans_count_utf16_units(client_and_key: tuple[TestClient, str]) -> None:
    client, key = client_and_key
    body = {"comment": {"text": "👍 ok"}, "requestedAttributes": {"TOXICITY": {}}}
    spans = _analyze(client, key, body).json()["attributeScores"]["TOXICITY"]["spanScores"]
    assert [(s["begin"], s["end"]) for s in spans] == [(0, 5)]  # the emoji is 2 units

    text = "😀😀 You idiot. \U0001d54f is nice! Fine"
    body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}
    body["spanAnnotations"] = True
    spans = _analyze(client, key, body).json()["attributeScores"]["TOXICITY"]["spanScores"]
    utf16 = text.encode("utf-16-le")
    pieces = [utf16[2 * s["begin"] : 2 * s["end"]].decode("utf-16-le") for s in spans]
    assert pieces == ["😀😀 You idiot.", "\U0001d54f is nice!", "Fine"]
    assert [s["score"]["value"] for s in spans] == [0.95, 0.02, 0.02]


def test_perspective_utf16_offset_matches_encoding() -> None:
    text = "a😀b\U0010ffffc é"
    for i in range(len(text) + 1):
        assert wire.utf16_offset(text, i) == len(text[:i].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("body", "code", "message", "error_type"),
    [
        ({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}, 400,
         "Comment must be non-empty.", "COMMENT_EMPTY"),
        ({"requestedAttributes": {"TOXICITY": {}}}, 400,
         "Comment must be non-empty.", "COMMENT_EMPTY"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {}}, 400,
         "No requested attributes specified.", "NO_REQUESTED_ATTRIBUTES"),
        ({"comment": {"text": "hi"}}, 400,
         "No requested attributes specified.", "NO_REQUESTED_ATTRIBUTES"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}}, 400,
         "Unknown requested attribute: FLIRTATION", "INVALID_REQUEST"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"THREAT": {}}}, 400,
         "Unknown requested attribute: THREAT", "INVALID_REQUEST"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}},
          "languages": ["de"]}, 400,
         "Attribute TOXICITY does not support request languages: de",
         "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"),
        ({"comment": {"text": "hi", "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}},
         400, "Currently, only 'PLAIN_TEXT' comments are supported", "INVALID_REQUEST"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}},
         400, "Requested score type RAW is not supported by attribute TOXICITY",
         "INVALID_REQUEST"),
        ({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}},
          "context": {"entries": [{"text": "a"}],
                      "articleAndParentComment": {"article": {"text": "b"}}}}, 400,
         "Context can have either entries or article_and_parent_comment, "
         "but both fields were populated.", "INVALID_REQUEST"),
    ],
)  # fmt: skip
def test_perspective_errors_match_perspective(
    client_and_key: tuple[TestClient, str],
    body: dict[str, Any],
    code: int,
    message: str,
    error_type: str,
) -> None:
    client, key = client_and_key
    response = _analyze(client, key, body)
    error = _error(response)
    assert (response.status_code, error["status"], error["message"]) == (
        code,
        "INVALID_ARGUMENT",
        message,
    )
    assert error["details"][0]["errorType"] == error_type


def test_perspective_language_error_names_languages(
    client_and_key: tuple[TestClient, str],
) -> None:
    client, key = client_and_key
    body = {
        "comment": {"text": "Je pense que cet article est très intéressant et bien écrit."},
        "requestedAttributes": {"TOXICITY": {}},
    }
    error = _error(_analyze(client, key, body))
    assert error["message"] == "Attribute TOXICITY does not support request languages: fr"
    assert error["details"][0]["languageNotSupportedByAttributeError"] == {
        "detectedLanguages": ["fr"],
        "attribute": "TOXICITY",
    }
    body["dropUnsupportedAttributes"] = True
    data = _analyze(client, key, body).json()
    assert "attributeScores" not in data and data["detectedLanguages"] == ["fr"]


def test_perspective_text_limit_is_20480_bytes(client_and_key: tuple[TestClient, str]) -> None:
    client, key = client_and_key
    at_limit = "é" * 10240  # 2 bytes each: exactly 20480
    body = {"comment": {"text": at_limit}, "requestedAttributes": {"TOXICITY": {}}}
    assert _analyze(client, key, body).status_code == 200
    body["comment"] = {"text": at_limit + "x"}
    error = _error(_analyze(client, key, body))
    assert (
        error["message"] == "Comment text was too many bytes. Value (20481) exceeded limit (20480)."
    )
    assert error["details"][0]["errorType"] == "COMMENT_TOO_LONG"


def test_perspective_hostile_bodies_get_clean_errors(
    client_and_key: tuple[TestClient, str],
) -> None:
    client, key = client_and_key
    url = f"/v1alpha1/comments:analyze?key={key}"
    for raw in (b"{not json", b"[1,2]", b"[" * 100000, b'{"comment": "x"}', b"\xff\xfe"):
        response = client.post(url, content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, raw[:20]
        assert _error(response)["status"] == "INVALID_ARGUMENT"
    lone = b'{"comment":{"text":"a\\ud800b"},"requestedAttributes":{"TOXICITY":{}}}'
    assert client.post(url, content=lone).status_code == 400
    script = {"comment": {"text": "<script>alert(1)</script>'; DROP TABLE comments;--"}}
    script["requestedAttributes"] = {"TOXICITY": {}}  # type: ignore[dict-item]
    assert _analyze(client, key, script).status_code == 200
    assert client.post(url, content=b"x" * 300_000).status_code == 413


def test_perspective_missing_bad_and_revoked_keys(
    client_and_key: tuple[TestClient, str], session_factory: sessionmaker[Session]
) -> None:
    client, key = client_and_key
    body = json.loads(CORAL_BODY)
    missing = client.post("/v1alpha1/comments:analyze", json=body)
    assert (missing.status_code, _error(missing)["status"]) == (403, "PERMISSION_DENIED")
    bad = _analyze(client, key + "x", body)
    assert _error(bad)["message"] == "API key not valid. Please pass a valid API key."
    with session_factory() as session, session.begin():
        publisher_key = api_keys.create(session, name="pub", scope="publisher", now=NOW)[1]
        api_keys.revoke(session, name="coral", now=NOW)
    assert _analyze(client, key, body).status_code == 400
    assert _analyze(client, publisher_key, body).status_code == 400


def test_perspective_key_may_come_in_the_x_goog_api_key_header(
    client_and_key: tuple[TestClient, str],
) -> None:
    client, key = client_and_key
    url = "/v1alpha1/comments:analyze"
    body = json.loads(CORAL_BODY)
    answer = client.post(url, json=body, headers={"X-Goog-Api-Key": key})
    assert answer.status_code == 200 and "attributeScores" in answer.json()
    wrong = client.post(url, json=body, headers={"X-Goog-Api-Key": key + "x"})
    assert _error(wrong)["message"] == "API key not valid. Please pass a valid API key."


def test_perspective_off_topic_needs_the_article(
    settings: Settings,
    session_factory: sessionmaker[Session],
) -> None:
    scorer = OverlapScorer()
    engine = Engine(Pipeline([scorer]), build_policy([scorer]))
    key = _key(session_factory)
    with TestClient(create_app(settings, engine=engine)) as client:
        _check_off_topic(client, key)
    engine.pipeline.close()


def _check_off_topic(client: TestClient, key: str) -> None:
    """OFF_TOPIC is refused without the article and scored against it when sent."""
    body: dict[str, Any] = {
        "comment": {"text": "striker scored twice"},
        "requestedAttributes": {"OFF_TOPIC": {}},
    }
    error = _error(_analyze(client, key, body))
    assert error["message"].startswith("Attribute OFF_TOPIC needs the article")
    body["context"] = {"entries": [{"text": "Budget raises fuel taxes."}]}
    assert (
        _analyze(client, key, body).json()["attributeScores"]["OFF_TOPIC"]["summaryScore"]["value"]
        == 1.0
    )
    body["context"] = {"entries": [{"text": "The striker was sold."}]}
    scores = _analyze(client, key, body).json()["attributeScores"]
    assert scores["OFF_TOPIC"]["summaryScore"]["value"] == 0.0


def test_perspective_suggestscore_stores_coral_feedback(
    client_and_key: tuple[TestClient, str], session_factory: sessionmaker[Session]
) -> None:
    client, key = client_and_key
    entry = json.dumps({"url": "https://news.example/a?commentID=c1", "Coral_comment_id": "c1"})
    body = {
        "comment": {"text": "A moderated remark."},
        "context": {"entries": [{"text": entry}]},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "languages": ["en"],
        "communityId": "Coral:https://news.example",
        "clientToken": "comment:c1",
    }
    response = client.post(f"/v1alpha1/comments:suggestscore?key={key}", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["clientToken"] == "comment:c1"
    assert response.json()["requestedLanguages"] == ["en"]
    with session_factory() as session:
        stored = feedback.list_all(session)
        assert [(f.text, f.attribute, f.value, f.client_token) for f in stored] == [
            ("A moderated remark.", "TOXICITY", 1.0, "comment:c1")
        ]
    body["attributeScores"] = {"TOXICITY": {"summaryScore": {"value": 3}}}
    assert client.post(f"/comments:suggestscore?key={key}", json=body).status_code == 400


def _discovery_client(base_url: str, key: str, http: Any) -> Any:
    """Method A: google-api-python-client built from our discovery document."""
    from googleapiclient import discovery

    return discovery.build(
        "commentanalyzer",
        "v1alpha1",
        developerKey=key,
        discoveryServiceUrl=f"{base_url}/$discovery/rest?version=v1alpha1",
        static_discovery=False,
        cache_discovery=False,
        http=http,
    )


def test_perspective_google_client_through_discovery(
    settings: Settings,
    lexicon_engine: Engine,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from googleapiclient.errors import HttpError

    base_url = live_server(create_app(settings, engine=lexicon_engine))
    key = _key(session_factory)
    http = httplib2.Http()
    client = _discovery_client(base_url, key, http)
    body = {"comment": {"text": "You idiot"}, "requestedAttributes": {"TOXICITY": {}}}
    result = client.comments().analyze(body=body).execute()
    assert result["attributeScores"]["TOXICITY"]["summaryScore"]["value"] == 0.95
    feedback = {
        "comment": {"text": "ok"},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
    }
    feedback["clientToken"] = "t"  # type: ignore[assignment]
    assert client.comments().suggestscore(body=feedback).execute()["clientToken"] == "t"
    with pytest.raises(HttpError) as caught:
        client.comments().analyze(
            body={"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}
        ).execute()
    assert caught.value.resp.status == 400
    assert caught.value.reason == "Comment must be non-empty."
    assert caught.value.error_details[0]["errorType"] == "COMMENT_EMPTY"
    http.close()


def test_perspective_google_client_with_base_url_override(
    settings: Settings,
    lexicon_engine: Engine,
    session_factory: sessionmaker[Session],
    live_server: Any,
) -> None:
    from googleapiclient import discovery
    from googleapiclient.errors import HttpError

    from civility.interop.discovery import discovery_document

    base_url = live_server(create_app(settings, engine=lexicon_engine))
    key = _key(session_factory)
    # The document a caller ships, still naming Google's host: only the endpoint moves.
    document = json.dumps(discovery_document("https://commentanalyzer.googleapis.com/"))
    http = httplib2.Http()
    client = discovery.build_from_document(
        document, developerKey=key, client_options={"api_endpoint": f"{base_url}/"}, http=http
    )
    body = {"comment": {"text": "buy now"}, "requestedAttributes": {"SPAM": {}}}
    assert (
        client.comments()
        .analyze(body=body)
        .execute()["attributeScores"]["SPAM"]["summaryScore"]["value"]
        == 0.95
    )
    bad = discovery.build_from_document(
        document, developerKey="nope", client_options={"api_endpoint": f"{base_url}/"}, http=http
    )
    with pytest.raises(HttpError) as caught:
        bad.comments().analyze(body=body).execute()
    assert caught.value.reason == "API key not valid. Please pass a valid API key."
    http.close()


@pytest.mark.slow
def test_perspective_every_abuse_attribute_from_the_shipped_model(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    from civility.ml.artifacts import ModelFileError
    from civility.pipeline.abuse import make_abuse

    try:
        scorer = make_abuse()
    except ModelFileError as exc:
        pytest.skip(f"abuse model not shipped yet: {exc}")
    engine = Engine(Pipeline([scorer]), build_policy([scorer]))
    names = ["TOXICITY", "SEVERE_TOXICITY", "INSULT", "THREAT", "IDENTITY_ATTACK", "PROFANITY"]
    body: dict[str, Any] = {
        "comment": {"text": "You are a stupid idiot 😀. I will hurt you."},
        "requestedAttributes": {name: {} for name in [*names, "SPAM"]},
        "spanAnnotations": True,
    }
    key = _key(session_factory)
    with TestClient(create_app(settings, engine=engine)) as client:
        scores = _analyze(client, key, body).json()["attributeScores"]
    engine.pipeline.close()
    assert set(scores) == {*names, "SPAM"}
    for attribute in scores.values():
        assert 0.0 <= attribute["summaryScore"]["value"] <= 1.0
        assert [(s["begin"], s["end"]) for s in attribute["spanScores"]] == [(0, 26), (27, 43)]
    assert scores["TOXICITY"]["summaryScore"]["value"] > scores["SPAM"]["summaryScore"]["value"]


def test_perspective_quota_per_key_answers_429(
    settings: Settings, lexicon_engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    site = settings.model_copy(update={"perspective_rate_limit": "2/hour"})
    key, other = _key(session_factory), _key(session_factory, "other")
    body = json.loads(CORAL_BODY)
    with TestClient(create_app(site, engine=lexicon_engine)) as client:
        assert [_analyze(client, key, body).status_code for _ in range(2)] == [200, 200]
        over = _analyze(client, key, body)
        assert _analyze(client, other, body).status_code == 200
    error = _error(over)
    assert (over.status_code, error["status"]) == (429, "RESOURCE_EXHAUSTED")
    assert error["message"].startswith(
        "Quota exceeded for quota metric 'Analysis requests (AnalyzeComment)' and limit "
        "'Analysis requests (AnalyzeComment) per minute' of service "
        "'commentanalyzer.googleapis.com' for consumer 'project_number:"
    )
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"


@pytest.mark.slow
def test_perspective_off_topic_from_the_shipped_relevance_model(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    relevance = pytest.importorskip("civility.pipeline.relevance")
    scorer = relevance.make_off_topic()
    engine = Engine(Pipeline([scorer]), build_policy([scorer]))
    article = "The budget raises fuel taxes for commuters and farmers across the country."
    key = _key(session_factory)

    def off_topic(text: str) -> float:
        body = {
            "comment": {"text": text},
            "context": {"entries": [{"text": article}]},
            "requestedAttributes": {"OFF_TOPIC": {}},
        }
        data = _analyze(client, key, body).json()
        return float(data["attributeScores"]["OFF_TOPIC"]["summaryScore"]["value"])

    with TestClient(create_app(settings, engine=engine)) as client:
        on, off = off_topic("Fuel taxes will hurt farmers."), off_topic("My cat sleeps all day.")
    engine.pipeline.close()
    assert on < 0.5 < off
