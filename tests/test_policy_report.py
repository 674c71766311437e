"""The policy report: the system's decisions, moderators' answers, per rule; page and command."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.cli import main
from civility.commenting import NewComment, review, submit
from civility.domain import CommentStatus
from civility.passwords import hash_password
from civility.store import articles, comments, moderators
from civility.store.models import ModerationRecord
from civility.store.policy_report import MIN_DECIDED_FOR_ADVICE, RuleOutcome, policy_report

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
PUBLISHED, HELD, REJECTED = CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.REJECTED


def _moderator(session: Session, role: str = "admin") -> int:
    """A moderator `mo` with this role; returns its id."""
    found = moderators.create(
        session, username="mo", password_hash=hash_password(PASSWORD), now=NOW, role=role
    )
    return found.id


def _post(session: Session, engine: Any, article_id: int, text: str, at: datetime) -> int:
    """Submit one comment through the engine at `at`; returns its id."""
    return submit(session, engine, NewComment(article_id, "Reader", text), now=at)[0].id


def _review(
    session: Session, comment_id: int, status: CommentStatus, mod: int, at: datetime
) -> None:
    comment = comments.get(session, comment_id)
    assert comment is not None
    review(session, comment, status=status, moderator_id=mod, now=at)


def _month_of_moderation(factory: sessionmaker[Session], engine: Any) -> None:
    """Three published, three held for `idiot`, one held as spam, one from long ago; reviews."""
    with factory.begin() as session:
        mod = _moderator(session)
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        fine = [_post(session, engine, article.id, f"A fine point {i}.", NOW) for i in range(3)]
        rude = [_post(session, engine, article.id, f"You idiot {i}.", NOW) for i in range(3)]
        spam = _post(session, engine, article.id, "Buy now, cheap.", NOW)
        _post(session, engine, article.id, "An old idiot.", NOW - timedelta(days=90))
        _review(session, rude[0], PUBLISHED, mod, NOW + timedelta(hours=1))
        _review(session, rude[1], REJECTED, mod, NOW + timedelta(hours=3))
        _review(session, spam, REJECTED, mod, NOW + timedelta(hours=5))
        _review(session, fine[0], REJECTED, mod, NOW + timedelta(hours=6))
        # A report dismissed: published twice over, not an override.
        _review(session, fine[1], PUBLISHED, mod, NOW + timedelta(hours=7))


def test_report_counts_first_decisions_reviews_and_rules(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    _month_of_moderation(session_factory, holding_engine)
    with session_factory() as session:
        report = policy_report(session, since=NOW - timedelta(days=30), now=NOW)
        ever = policy_report(session, since=None, now=NOW)
    assert report.total == 7 and ever.total == 8
    assert report.decided == {PUBLISHED: 3, HELD: 4}
    assert report.answered(HELD, PUBLISHED) == 1
    assert report.answered(HELD, REJECTED) == 2
    assert report.answered(HELD, None) == 1
    assert report.answered(PUBLISHED, REJECTED) == 1
    assert report.answered(PUBLISHED, PUBLISHED) == 1
    rules = {rule.score: rule for rule in report.rules}
    assert set(rules) == {"toxicity", "insult", "spam"}
    for name in ("toxicity", "insult"):
        rule = rules[name]
        assert (rule.held, rule.held_approved, rule.held_rejected, rule.held_waiting) == (
            3,
            1,
            1,
            1,
        )
        assert rule.approval_share == 0.5 and not rule.holds_too_much
    assert (rules["spam"].held, rules["spam"].held_rejected, rules["spam"].category) == (
        1,
        1,
        "spam",
    )
    assert report.median_wait_s == 3 * 3600  # holds answered after 1, 3 and 5 hours
    assert sum(report.policy_versions.values()) == 7
    assert report.model_versions == {holding_engine.model_versions or "unknown": 7}
    data = report.to_json()
    assert data["system"] == {"published": 3, "held": 4, "rejected": 0}
    assert data["held"] == {
        "approved": 1,
        "rejected": 2,
        "waiting": 1,
        "swept": 0,
        "median_wait_s": 10800.0,
    }
    assert json.loads(json.dumps(data)) == data


def test_rejections_overruled_by_a_moderator_count_as_reinstated(
    session_factory: sessionmaker[Session], lexicon_engine: Any
) -> None:
    with session_factory.begin() as session:
        mod = _moderator(session)
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        refused = _post(session, lexicon_engine, article.id, "You idiot.", NOW)
        _post(session, lexicon_engine, article.id, "Another idiot.", NOW)
        _review(session, refused, PUBLISHED, mod, NOW + timedelta(minutes=5))
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW)
    assert report.decided == {REJECTED: 2}
    assert report.answered(REJECTED, PUBLISHED) == 1
    toxicity = next(rule for rule in report.rules if rule.score == "toxicity")
    assert (toxicity.rejected, toxicity.reinstated, toxicity.held) == (2, 1, 0)
    assert report.median_wait_s is None  # no hold was answered


def test_an_empty_database_reports_zeros(session_factory: sessionmaker[Session]) -> None:
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW)
    assert report.total == 0 and report.rules == [] and report.share(PUBLISHED) == 0.0
    assert report.to_json()["held"]["median_wait_s"] is None


@pytest.mark.parametrize("reasons", [None, "not a list", [1, "x", None], [{"text": "no score"}]])
def test_malformed_stored_reasons_are_counted_not_fatal(
    session_factory: sessionmaker[Session], holding_engine: Any, reasons: object
) -> None:
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        comment_id = _post(session, holding_engine, article.id, "You idiot.", NOW)
        record = session.query(ModerationRecord).filter_by(comment_id=comment_id).one()
        record.reasons = reasons  # type: ignore[assignment]
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW)
    assert [(rule.score, rule.held) for rule in report.rules] in (
        [("unrecorded", 1)],
        [("other", 1)],
    )


def test_a_rule_whose_holds_moderators_publish_is_flagged_only_with_enough_decisions() -> None:
    enough = MIN_DECIDED_FOR_ADVICE
    assert RuleOutcome("off_topic", "off_topic", held=enough, held_approved=enough).holds_too_much
    few = RuleOutcome("off_topic", "off_topic", held=enough, held_approved=enough - 1)
    assert not few.holds_too_much and few.held_waiting == 1
    split = RuleOutcome("insult", "abuse", held=enough, held_approved=10, held_rejected=10)
    assert not split.holds_too_much and split.approval_share == 0.5


# --- The page: admins only, every period, bad input answered plainly, stored text escaped.


def _login(client: Any) -> None:
    dashboard_login(client, "mo", PASSWORD)


def _admin_client(make_web_client: Any, engine: Any, factory: sessionmaker[Session]) -> Any:
    """A web client logged in as a new admin `mo`."""
    client = make_web_client(engine)
    with factory.begin() as session:
        _moderator(session)
    _login(client)
    return client


def test_report_page_shows_the_numbers_to_admins(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    _month_of_moderation(session_factory, holding_engine)
    assert client.get("/moderate/report", follow_redirects=False).status_code == 303
    _login(client)
    page = client.get("/moderate/report?period=all")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    assert "Comments the system decided since the first one" in text
    assert "published 3 37.5%" in text and "held 5 62.5%" in text
    assert "Held, then published by a moderator 1 33.3% of decided holds" in text
    assert "Published, then rejected by a moderator (missed) 1 33.3% of published" in text
    assert (
        "Moderators rejected 1 of the comments the policy published: civility learn-policy" in text
    )
    assert "toxicity abuse 4 1 (50%) 1 2 0 0" in text
    assert f"Models: {holding_engine.model_versions or 'unknown'} (8)" in text
    assert 'href="/moderate/report"' in client.get("/moderate").text
    for period in ("day", "week", "month", "year"):
        assert client.get(f"/moderate/report?period={period}").status_code == 200


@pytest.mark.parametrize(
    "query", ["period=decade", "period=", "period=%27%3B%20DROP%20TABLE", "period=" + "x" * 10_000]
)
def test_report_page_refuses_an_unknown_period_plainly(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session], query: str
) -> None:
    client = make_web_client(holding_engine)
    _month_of_moderation(session_factory, holding_engine)
    _login(client)
    page = client.get(f"/moderate/report?{query}")
    assert page.status_code == 422 and "period" in page.text
    assert "DROP TABLE" not in page.text or "&#39;; DROP TABLE" in page.text


@pytest.mark.parametrize("api", [False, True])
def test_report_is_for_admins_only(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session], api: bool
) -> None:
    client = make_web_client(holding_engine)
    with session_factory.begin() as session:
        _moderator(session, role="moderator")
    if api:
        client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
        refused = client.get("/api/v1/moderation/report")
        assert refused.json() == {"detail": "only admins read the policy report"}
    else:
        _login(client)
        refused = client.get("/moderate/report")
        assert 'href="/moderate/report"' not in client.get("/moderate").text
    assert refused.status_code == 403


def test_report_page_escapes_stored_reasons(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _admin_client(make_web_client, holding_engine, session_factory)
    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        comment_id = _post(session, holding_engine, article.id, "You idiot.", NOW)
        record = session.query(ModerationRecord).filter_by(comment_id=comment_id).one()
        record.reasons = [{"score": "<script>alert(1)</script>", "category": "<b>x</b>"}]
        record.model_versions = "<img src=x onerror=alert(2)> m\u202e1"
    page = client.get("/moderate/report?period=all").text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page


# --- The command.


def test_report_command_prints_the_table_and_json(
    session_factory: sessionmaker[Session], holding_engine: Any, cli_env: dict[str, str]
) -> None:
    _month_of_moderation(session_factory, holding_engine)
    runner = CliRunner()
    table = runner.invoke(main, ["report", "--all"], env=cli_env)
    assert table.exit_code == 0, table.output
    assert re.search(r"held\s+5\s+62\.5%", table.output)
    assert re.search(r"toxicity\s+abuse\s+4\s+1\s+1\s+2\s+0\s+0", table.output)
    as_json = runner.invoke(main, ["report", "--all", "--json"], env=cli_env)
    assert json.loads(as_json.output)["system"] == {"published": 3, "held": 5, "rejected": 0}


@pytest.mark.parametrize(
    "args",
    [
        ["--days", "0"],
        ["--days", "-3"],
        ["--days", "x"],
        ["--days", "99999999"],
        ["--days", "7", "--all"],
    ],
)
def test_report_command_refuses_bad_periods(cli_env: dict[str, str], args: list[str]) -> None:
    result = CliRunner().invoke(main, ["report", *args], env=cli_env)
    assert result.exit_code == 2 and ("--days" in result.output or "--all" in result.output)


def test_a_comment_decided_again_by_the_system_counts_once_by_its_first_decision(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    from civility.domain import Decision
    from civility.store import moderation

    with session_factory.begin() as session:
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        comment_id = _post(session, holding_engine, article.id, "You idiot.", NOW)
        again = Decision(status=PUBLISHED, scores=(), reasons=(), policy_version="later")
        moderation.record(session, comment_id=comment_id, decision=again, now=NOW)
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW)
    assert report.decided == {HELD: 1} and "later" not in report.policy_versions


def test_a_hold_waits_until_a_moderator_first_answers_it_not_until_a_later_takedown(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    with session_factory.begin() as session:
        mod = _moderator(session)
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        first, second = (
            _post(session, holding_engine, article.id, "You idiot.", NOW) for _ in "ab"
        )
        _review(session, first, PUBLISHED, mod, NOW + timedelta(minutes=1))
        _review(session, first, REJECTED, mod, NOW + timedelta(days=20))  # reported, taken down
        _review(session, second, HELD, mod, NOW + timedelta(minutes=1))  # back in the queue
        _review(session, second, REJECTED, mod, NOW + timedelta(minutes=3))
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW + timedelta(days=21))
    assert report.median_wait_s == 120.0  # of 60 s and 180 s


def test_a_bans_sweep_is_no_verdict_on_the_rule_or_a_missed_comment(
    session_factory: sessionmaker[Session], holding_engine: Any
) -> None:
    from civility.store.policy_report import BAN_NOTE

    with session_factory.begin() as session:
        mod = _moderator(session)
        article = articles.add(session, title="Talks", body="Both sides met.", now=NOW)
        held = _post(session, holding_engine, article.id, "You idiot.", NOW)
        published = _post(session, holding_engine, article.id, "A fine point.", NOW)
        for comment_id in (held, published):
            comment = comments.get(session, comment_id)
            assert comment is not None
            at = NOW + timedelta(hours=1)
            review(session, comment, status=REJECTED, moderator_id=mod, now=at, note=BAN_NOTE)
    with session_factory() as session:
        report = policy_report(session, since=None, now=NOW + timedelta(days=1)).to_json()
    assert report["published_then_rejected"] == 0 and report["published_then_swept"] == 1
    assert report["held"]["rejected"] == report["held"]["waiting"] == 0
    assert report["held"]["swept"] == 1
    assert all(rule["held_rejected"] == rule["held_waiting"] == 0 for rule in report["rules"])
    assert {rule["score"]: rule["held_swept"] for rule in report["rules"]} == {
        "insult": 1,
        "toxicity": 1,
    }
    # The sweep did take the held comment out of the queue: its wait ended then.
    assert report["held"]["median_wait_s"] == 3600.0


# --- The API: the same report as JSON, for an admin's session.


def test_api_report_answers_admins_with_the_documented_json(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    _month_of_moderation(session_factory, holding_engine)
    assert client.get("/api/v1/moderation/report").status_code == 401
    login = client.post("/api/v1/login", json={"username": "mo", "password": PASSWORD})
    assert login.status_code == 200
    data = client.get("/api/v1/moderation/report?period=all").json()
    assert data["comments"] == 8 and data["system"] == {"published": 3, "held": 5, "rejected": 0}
    assert data["held"] == {
        "approved": 1,
        "rejected": 2,
        "waiting": 2,
        "swept": 0,
        "median_wait_s": 10800.0,
    }
    toxicity = next(rule for rule in data["rules"] if rule["score"] == "toxicity")
    assert (toxicity["held"], toxicity["approval_share"], toxicity["holds_too_much"]) == (
        4,
        0.5,
        False,
    )
    month = client.get("/api/v1/moderation/report").json()
    assert month["comments"] == 7 and month["since"] is not None
    bad = client.get("/api/v1/moderation/report?period=<script>")
    assert bad.status_code == 422 and "period" in bad.text
    assert "/api/v1/moderation/report" in client.get("/openapi.json").json()["paths"]


def test_report_page_with_no_comments_says_so(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _admin_client(make_web_client, holding_engine, session_factory)
    page = client.get("/moderate/report").text
    assert "No comment was held or rejected in this period." in page
    assert "of decided holds" not in page and "of rejected" not in page
    assert 'class="advice"' not in page  # no advice to learn lines without decisions


def test_report_page_shows_the_policy_in_force_with_its_lines(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = _admin_client(make_web_client, holding_engine, session_factory)
    page = client.get("/moderate/report")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    policy = holding_engine.policy
    assert f"The policy in force: {policy.version} , the default (no CIVILITY_POLICY_FILE )" in text
    for rule in policy.rules:
        hold = "\u2013" if rule.hold_at is None else f"{rule.hold_at:.2f}"
        reject = "\u2013" if rule.reject_at is None else f"{rule.reject_at:.2f}"
        row = f"{rule.score} {rule.category.value} {hold} {reject} {html.escape(rule.label)}"
        assert row in text, row
    assert "pre-moderation" not in text


def test_report_page_names_the_policy_file_and_pre_moderation(
    make_web_client: Any,
    holding_engine: Any,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    policy = dataclasses.replace(holding_engine.policy, premoderate=True)
    policy_file = tmp_path / "policy <b>.json"
    policy_file.write_text(json.dumps(policy.to_dict()), encoding="utf-8")
    engine = dataclasses.replace(holding_engine, policy=policy)
    client = make_web_client(engine, policy_file=str(policy_file))
    with session_factory.begin() as session:
        _moderator(session)
    _login(client)
    page = client.get("/moderate/report")
    assert f"from <code>{html.escape(str(policy_file))}</code>" in page.text
    assert "pre-moderation: every comment not rejected is held" in page.text
    assert policy.version in page.text
