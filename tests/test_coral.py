"""Coral's external moderation phase, replayed byte for byte as Coral sends it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.config import Settings
from civility.domain import ReasonCategory, Score, Submission
from civility.interop import coral
from civility.pipeline.base import Pipeline
from civility.pipeline.policy import Rule, build_policy
from civility.store import articles
from civility.web.app import create_app
from civility.web.coral import find_story

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
URL = "/api/v1/coral/moderation"
OLD, NEW = "empsec_old", "empsec_new"
# INTEROP.md §3.4: the test vector verified against Coral's own signing code.
VECTOR = {
    "action": "NEW",
    "comment": {"body": "Here&#39;s a <b>comment</b>!", "parentID": None},
    "author": {"id": "u1", "role": "COMMENTER"},
    "story": {"id": "s1", "url": "https://news.example/a"},
    "site": {"id": "site1"},
    "tenantID": "t1",
    "tenantDomain": "news.example",
}
VECTOR_HEADER = (
    "sha256=771cd5035c025fece4aa33398423981cd9812d6ee6174bdeed1f05265bb4307f,"
    "sha256=b8bc35bc3a34354523fa4f5f8f1745921ad639447ab18e2c568c4e7e9593db82"
)
STATUSES = {"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"}
FLAG_REASONS = {"COMMENT_DETECTED_TOXIC", "COMMENT_DETECTED_SPAM"}
REJECTION_CODES = {
    "OFFENSIVE", "ABUSIVE", "SPAM", "BANNED_WORD", "AD", "ILLEGAL_CONTENT",
    "HARASSMENT_BULLYING", "MISINFORMATION", "HATE_SPEECH", "IRRELEVANT_CONTENT", "OTHER",
}  # fmt: skip


class ArticleOverlap:
    """A stub relevance model: off-topic (1.0) when no word is shared with a known article."""

    names = ("off_topic",)

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        """0.0 without an article (nothing to compare), else 1.0 or 0.0 by shared words."""
        out = []
        for sub in batch:
            words = set(sub.article.body.lower().split()) if sub.article else None
            off = words is not None and not (set(sub.text.lower().split()) & words)
            out.append([Score("off_topic", 1.0 if off else 0.0, "shared words")])
        return out


def coral_body(**changes: Any) -> bytes:
    """Coral's request bytes: JSON.stringify(request, null, 2) of the vector with changes."""
    data = json.loads(json.dumps(VECTOR))
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def signed(body: bytes, *secrets: str) -> dict[str, str]:
    """The headers Coral sends with a body signed by each active secret."""
    signature = ",".join(f"sha256={coral.sign(body, s)}" for s in secrets)
    return {
        "Content-Type": "application/json",
        "X-Coral-Signature": signature,
        "User-Agent": "Coral Moderation/9.11.8",
    }


def assert_valid_reply(reply: dict[str, Any]) -> None:
    """The checks of Coral's ExternalModerationResponseSchema (exact enums)."""
    assert reply.get("status", "REJECTED") in STATUSES
    assert reply["status"] != "NONE"
    for action in reply.get("actions", []):
        assert action["actionType"] == "FLAG" and action["reason"] in FLAG_REASONS
    assert set(reply.get("tags", [])) <= {"FEATURED", "STAFF"}
    if "moderationAction" in reply:
        assert reply["moderationAction"]["status"] in STATUSES
        assert reply["moderationAction"]["rejectionReason"]["code"] in REJECTION_CODES


@pytest.fixture
def client(settings: Settings, lexicon_engine: Engine) -> Iterator[TestClient]:
    """The site with both Coral secrets active (mid-rotation)."""
    rotating = settings.model_copy(update={"coral_signing_secrets": [OLD, NEW]})
    with TestClient(create_app(rotating, engine=lexicon_engine)) as test_client:
        yield test_client


def test_coral_signature_matches_the_published_vector() -> None:
    body = coral_body()
    assert len(body) == 324
    assert signed(body, OLD, NEW)["X-Coral-Signature"] == VECTOR_HEADER
    assert coral.signature_ok(body, VECTOR_HEADER, [NEW])
    assert not coral.signature_ok(body + b" ", VECTOR_HEADER, [OLD, NEW])


def test_coral_vector_request_gets_no_opinion(client: TestClient) -> None:
    body = coral_body()
    response = client.post(URL, content=body, headers=signed(body, OLD, NEW))
    assert response.status_code == 204
    assert response.content == b""


def test_coral_rotation_accepts_any_active_secret(
    client: TestClient, settings: Settings, lexicon_engine: Engine
) -> None:
    body = coral_body()
    for secrets in ((OLD,), (NEW,), (NEW, OLD)):
        assert client.post(URL, content=body, headers=signed(body, *secrets)).status_code == 204
    rotated = settings.model_copy(update={"coral_signing_secrets": [NEW]})
    with TestClient(create_app(rotated, engine=lexicon_engine)) as after:
        assert after.post(URL, content=body, headers=signed(body, OLD)).status_code == 401
        assert after.post(URL, content=body, headers=signed(body, OLD, NEW)).status_code == 204


def test_coral_bad_or_missing_signature_is_401(client: TestClient) -> None:
    body = coral_body(comment__body="You idiot.")
    headers = signed(body, OLD)
    wrong = [
        {},
        {"X-Coral-Signature": ""},
        {"X-Coral-Signature": "sha256=" + "0" * 64},
        {"X-Coral-Signature": headers["X-Coral-Signature"].replace("sha256=", "sha1=")},
        {"X-Coral-Signature": signed(body, "empsec_someone_else")["X-Coral-Signature"]},
        # Header bytes beyond ASCII arrive as Latin-1 text; they are a wrong signature, not a 500.
        {"X-Coral-Signature": b"sha256=\xe9" + b"0" * 63},
        {"X-Coral-Signature": b"sha256=\xe9, " + headers["X-Coral-Signature"][:-1].encode()},
    ]
    for header in wrong:
        response = client.post(
            URL, content=body, headers={"Content-Type": "application/json", **header}
        )
        assert response.status_code == 401, header
        assert "status" not in response.json()
    tampered = coral_body(comment__body="You idiot!")
    assert client.post(URL, content=tampered, headers=headers).status_code == 401


def test_coral_without_secrets_refuses_everything(
    settings: Settings, lexicon_engine: Engine
) -> None:
    body = coral_body()
    with TestClient(create_app(settings, engine=lexicon_engine)) as unset:
        assert unset.post(URL, content=body, headers=signed(body, "")).status_code == 401


def test_coral_toxic_comment_is_rejected_with_a_reason(client: TestClient) -> None:
    body = coral_body(comment__body="<p>You are an <b>idiot</b> &amp; a fool</p>")
    response = client.post(URL, content=body, headers=signed(body, NEW))
    assert response.status_code == 200
    reply = response.json()
    assert_valid_reply(reply)
    assert reply["status"] == "REJECTED"
    assert reply["actions"] == [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}]
    assert reply["moderationAction"]["rejectionReason"]["code"] == "ABUSIVE"


def test_coral_spam_in_plain_text_edit_is_flagged_spam(client: TestClient) -> None:
    body = coral_body(action="EDIT", comment__body="Cheap watches, buy now!")
    reply = client.post(URL, content=body, headers=signed(body, OLD)).json()
    assert_valid_reply(reply)
    assert reply["actions"] == [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_SPAM"}]
    assert reply["moderationAction"]["rejectionReason"]["code"] == "SPAM"


def test_coral_held_comment_is_withheld_and_flagged(
    settings: Settings, lexicon_engine: Engine
) -> None:
    hold_only = Rule("toxicity", ReasonCategory.ABUSE, "abusive", hold_at=0.5)
    engine = Engine(lexicon_engine.pipeline, lexicon_engine.policy.with_rules([hold_only]))
    site = settings.model_copy(update={"coral_signing_secrets": [NEW]})
    body = coral_body(comment__body="Stupid.", comment__parentID="p1")
    with TestClient(create_app(site, engine=engine)) as held_client:
        reply = held_client.post(URL, content=body, headers=signed(body, NEW)).json()
    assert_valid_reply(reply)
    assert reply == {
        "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_TOXIC"}],
        "status": "SYSTEM_WITHHELD",
    }


def test_coral_scores_against_the_known_story(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session, session.begin():
        articles.add(
            session, title="Budget", body="budget raises fuel taxes", now=NOW,
            url="https://news.example/a",
        )  # fmt: skip
    scorer = ArticleOverlap()
    rule = Rule("off_topic", ReasonCategory.OFF_TOPIC, "off topic", hold_at=0.5)
    engine = Engine(Pipeline([scorer]), build_policy([scorer]).with_rules([rule]))
    site = settings.model_copy(update={"coral_signing_secrets": [NEW]})
    with TestClient(create_app(site, engine=engine)) as story_client:

        def post(text: str, url: str) -> Any:
            body = coral_body(comment__body=text, story__url=url)
            return story_client.post(URL, content=body, headers=signed(body, NEW))

        assert post("the striker scored", "https://news.example/a?utm=x#c").json() == {
            "status": "SYSTEM_WITHHELD"
        }
        assert post("fuel is dear", "https://news.example/a/").status_code == 204
        assert post("the striker scored", "https://other.example/b").status_code == 204
    engine.pipeline.close()


def test_coral_staff_and_malformed_bodies(client: TestClient) -> None:
    staff = coral_body(comment__body="idiot", author__role="ADMIN")
    assert client.post(URL, content=staff, headers=signed(staff, NEW)).status_code == 204
    for bad in (
        b"not json",
        b"[]",
        b'{"action":"NEW"}',
        b'{"action":"DELETE","comment":{"body":"x"},"author":{},"story":{}}',
    ):
        response = client.post(URL, content=bad, headers=signed(bad, NEW))
        assert response.status_code == 400, bad
    deep = b"[" * 50000
    assert client.post(URL, content=deep, headers=signed(deep, NEW)).status_code == 400


def test_coral_html_to_text_reads_like_coral() -> None:
    assert coral.html_to_text("Here&#39;s a <b>comment</b>!") == "Here's a comment!"
    assert coral.html_to_text("<p>one</p><p>two<br>three</p>") == "one\ntwo\nthree"
    assert coral.html_to_text("<script>x</script>a < b") == "xa < b"
    assert coral.html_to_text("  plain  ") == "plain"


def test_coral_find_story_ignores_query_and_slash(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory() as session, session.begin():
        article = articles.add(session, title="T", body="b", now=NOW, url="https://n.example/x/")
        assert find_story(session, "https://n.example/x?ref=1") is article
        assert find_story(session, "https://n.example/x/#top") is article
        assert find_story(session, "https://n.example/y") is None
        assert find_story(session, None) is None


@pytest.mark.slow
def test_coral_off_topic_comment_on_a_known_story_is_withheld(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    from civility.pipeline.relevance import make_off_topic

    story = (
        "The budget raises fuel taxes for commuters and farmers across the country. The "
        "minister said the money will pay for roads and schools; the opposition called it unfair."
    )
    with session_factory() as session, session.begin():
        articles.add(session, title="Budget", body=story, now=NOW, url="https://news.example/a")
    scorer = make_off_topic()
    engine = Engine(Pipeline([scorer]), build_policy([scorer]))
    site = settings.model_copy(update={"coral_signing_secrets": [NEW]})
    with TestClient(create_app(site, engine=engine)) as real:

        def post(text: str) -> Any:
            body = coral_body(comment__body=f"<p>{text}</p>")
            return real.post(URL, content=body, headers=signed(body, NEW))

        assert post("Fuel taxes will hurt farmers more than anyone.").status_code == 204
        held = post("My cat sleeps on the sofa all afternoon and snores loudly.")
    engine.pipeline.close()
    assert held.status_code == 200
    assert held.json() == {"status": "SYSTEM_WITHHELD"}


def test_coral_docs_example_request_byte_for_byte(client: TestClient) -> None:
    # The request shown on Coral's external moderation phases page, as Coral serialises it.
    body = (
        b'{\n  "action": "NEW",\n  "comment": {\n    "body": "Here\'s a reply!",\n'
        b'    "parentID": "d79b787f-f406-49a0-a179-72e3652e54be"\n  },\n  "author": {\n'
        b'    "id": "baf4e943-3594-4fcc-b2ba-3e8de7a76352",\n    "role": "COMMENTER"\n  },\n'
        b'  "story": {\n    "id": "245b3856-b0a0-4d2f-a6bb-58c71f18d6a6",\n'
        b'    "url": "http://localhost:1313/posts/a-story-url/"\n  },\n  "site": {\n'
        b'    "id": "a4bede88-2d2c-4424-bc18-4322a9e285a6"\n  },\n'
        b'  "tenantID": "19ba5794-7eeb-4d46-a81b-c00c61672501",\n  "tenantDomain": "localhost"\n}'
    )
    assert json.dumps(json.loads(body), indent=2, ensure_ascii=False).encode() == body
    response = client.post(URL, content=body, headers=signed(body, NEW))
    assert response.status_code == 204


@pytest.mark.parametrize("secrets", [[""], ["   "], ["empsec_short"], [NEW + "0" * 64, ""]])
def test_coral_blank_or_short_signing_secret_is_refused_by_settings(secrets: list[str]) -> None:
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(coral_signing_secrets=secrets)


def test_coral_blank_secret_given_past_the_settings_signs_for_no_one() -> None:
    body = b'{"action": "NEW"}'
    forged = f"sha256={coral.sign(body, '')}"
    assert not coral.signature_ok(body, forged, ["", " "])
    assert coral.signature_ok(body, f"sha256={coral.sign(body, NEW)}", ["", NEW])


def test_coral_signature_with_characters_beyond_ascii_is_simply_wrong() -> None:
    body = b'{"comment": {}}'
    good = coral.sign(body, NEW)
    assert not coral.signature_ok(body, "sha256=\u00e9" + good[1:], [NEW])
    assert not coral.signature_ok(body, "sha256=\ud800", [NEW])
    assert coral.signature_ok(body, f"sha256=\u00e9, sha256={good}", [NEW])
