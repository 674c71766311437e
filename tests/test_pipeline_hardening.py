"""Hardening of the pipeline: policy files that cannot mislead, scorers that stall alone,
and comments of control characters only."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from civility.cli import main
from civility.domain import CommentStatus, ReasonCategory, Score, Submission
from civility.pipeline import base
from civility.pipeline.abuse import AbuseScorer
from civility.pipeline.base import Pipeline
from civility.pipeline.blocklist import make_blocklist
from civility.pipeline.decide import decide
from civility.pipeline.length import make_length
from civility.pipeline.links import make_links
from civility.pipeline.policy import (
    KNOWN_SCORES,
    PolicyError,
    Rule,
    default_policy,
    load_policy_file,
)
from civility.pipeline.relevance import OffTopic
from civility.pipeline.repetition import make_repetition
from civility.pipeline.shouting import make_shouting
from civility.web.schemas import CommentIn

R = ReasonCategory


def _policy_file(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "site-policy.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _one_rule(**fields: object) -> dict[str, object]:
    return {"rules": [{"score": "links", "category": "spam", "label": "x", **fields}]}


# --- 1. Off-topic alone never rejects, whatever category a policy file files it under.


@pytest.mark.parametrize("category", ["abuse", "language", "spam", "off_topic"])
def test_pipeline_hardening_off_topic_never_rejects_under_any_category(
    tmp_path: Path, category: str
) -> None:
    rule = {"score": "off_topic", "category": category, "label": "x", "reject_at": 0.5}
    with pytest.raises(PolicyError, match="never rejects"):
        load_policy_file(_policy_file(tmp_path, {"rules": [rule]}), default_policy())
    with pytest.raises(PolicyError, match="never rejects"):
        Rule("off_topic", R(category), "x", reject_at=0.5).check()


@pytest.mark.parametrize(
    ("score", "category"),
    [("off_topic", "abuse"), ("off_topic", "language"), ("language", "abuse")],
)
def test_pipeline_hardening_off_topic_and_language_keep_their_category(
    tmp_path: Path, score: str, category: str
) -> None:
    rule = {"score": score, "category": category, "label": "x", "hold_at": 0.5}
    path = _policy_file(tmp_path, {"rules": [rule]})
    with pytest.raises(PolicyError, match=f"{re.escape(str(path))}: {score}: its category is"):
        load_policy_file(path, default_policy())


def test_pipeline_hardening_off_topic_file_holds_at_most(tmp_path: Path) -> None:
    rule = {"score": "off_topic", "category": "off_topic", "label": "x", "hold_at": 0.5}
    policy = load_policy_file(_policy_file(tmp_path, {"rules": [rule]}), default_policy())
    decision = decide([Score("off_topic", 0.99, "about cricket")], policy)
    assert decision.status is CommentStatus.HELD


# --- 2. A policy file that could not mean what it says fails, naming itself.


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_one_rule(hold_at=0.9, reject_at=0.2), "hold line would never apply"),
        (_one_rule(hold_at=True), "thresholds are numbers or null"),
        (_one_rule(reject_at=False), "thresholds are numbers or null"),
        (
            '{"rules": [{"score": "links", "category": "spam", "label": "x", "hold_at": NaN}]}',
            "nan",
        ),
        (_one_rule(hold_at=10**40), "outside"),
        (_one_rule(label={"a": 1}), "label must be text"),
        (_one_rule(label="held\ud800"), "label must be plain text"),
        (_one_rule(label="held\u202e for a human"), "label must be plain text"),
        ({"rules": [{"score": "toxcity", "category": "abuse", "label": "x"}]}, "no scorer"),
        ({"rules": [{"score": "\ud800", "category": "spam", "label": "x"}]}, "no scorer"),
        ({"rules": [{"score": 5, "category": "abuse", "label": "x"}]}, "score must be"),
        ({"rules": [{"score": ["a"], "category": "abuse", "label": "x"}]}, "score must be"),
        ({"rules": [{"score": "", "category": "abuse", "label": "x"}]}, "score must be"),
        ({"rules": None}, "rules must be a list"),
        ({"rules": [None]}, "each rule is a JSON object"),
        ({"rules": [{"score": "links"}]}, "a rule has score, category and label"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_pipeline_hardening_nonsense_policy_file_fails_naming_the_file(
    tmp_path: Path, data: object, message: str
) -> None:
    path = _policy_file(tmp_path, data)
    with pytest.raises(PolicyError, match=re.escape(str(path))) as caught:
        load_policy_file(path, default_policy())
    assert message in str(caught.value)


def test_pipeline_hardening_policy_file_may_hold_and_reject_on_one_line(tmp_path: Path) -> None:
    path = _policy_file(tmp_path, _one_rule(hold_at=0.6, reject_at=0.6))
    links = load_policy_file(path, default_policy()).rule_for("links")
    assert links is not None and links.hold_at == links.reject_at == 0.6


def test_pipeline_hardening_policy_file_may_name_a_rule_its_base_has(tmp_path: Path) -> None:
    # A scorer built in code may ship a rule for its own score; the site may tune it.
    base = default_policy().with_rules([Rule("local_score", R.REVIEW, "local", hold_at=0.5)])
    rule = {"score": "local_score", "category": "review", "label": "x", "hold_at": 0.7}
    policy = load_policy_file(_policy_file(tmp_path, {"rules": [rule]}), base)
    local = policy.rule_for("local_score")
    assert local is not None and local.hold_at == 0.7


def test_pipeline_hardening_known_scores_are_what_the_registry_scorers_produce() -> None:
    produced = {
        *make_length().names,
        *make_links().names,
        *make_repetition().names,
        *make_shouting().names,
        *make_blocklist().names,
        *OffTopic.names,
        *AbuseScorer.names,
    }
    assert produced == KNOWN_SCORES


def test_pipeline_hardening_moderate_names_a_deeply_nested_policy_file(tmp_path: Path) -> None:
    path = _policy_file(tmp_path, "[" * 100_000 + "]" * 100_000)
    env = {"CIVILITY_SCORERS": '["length", "links"]', "CIVILITY_POLICY_FILE": str(path)}
    result = CliRunner().invoke(main, ["moderate", "-"], env=env, input=b'{"id": 1, "text": "hi"}')
    assert result.exit_code == 1, result.output
    assert "cannot build the moderation engine" in result.stderr
    assert str(path) in result.stderr and "nested too deeply" in result.stderr
    assert "Traceback" not in result.output


# --- 3. A stalled scorer fails alone: it neither starves the others nor later comments.


class Stalling:
    """A scorer that does not answer a 'hostile' comment before it is released."""

    names: tuple[str, ...] = ("off_topic",)

    def __init__(self, delay_s: float = 0.0) -> None:
        self.release = threading.Event()
        self.delay_s = delay_s

    def __call__(self, batch: Sequence[Submission]) -> list[list[Score]]:
        if any("hostile" in sub.text for sub in batch):
            self.release.wait(timeout=30)
        time.sleep(self.delay_s)
        return [[Score("off_topic", 0.0, "on topic")] for _ in batch]


@pytest.fixture
def stalling() -> Iterator[Stalling]:
    scorer = Stalling()
    yield scorer
    scorer.release.set()


def test_pipeline_hardening_stalled_calls_do_not_starve_later_comments(
    stalling: Stalling,
) -> None:
    pipeline = Pipeline([stalling, make_length(), make_blocklist()], timeout_s=0.1)
    try:
        for n in range(6):
            scores = pipeline.run(Submission(f"hostile comment {n}"))
            assert [s.name for s in scores if s.failed] == ["off_topic"]
        banned = pipeline.run(Submission("a fine comment with nigger in it"))
        fine = pipeline.run(Submission("a fine comment"))
    finally:
        stalling.release.set()
        pipeline.close()
    assert not any(s.failed for s in banned + fine)
    assert decide(banned, default_policy()).status is CommentStatus.REJECTED
    assert decide(fine, default_policy()).status is CommentStatus.PUBLISHED


def test_pipeline_hardening_concurrent_comments_do_not_queue_into_timeouts() -> None:
    # Each call takes well under the budget; many request threads at once must not turn the
    # time spent waiting for a worker into a timeout.
    pipeline = Pipeline([Stalling(delay_s=0.1), make_length()], timeout_s=0.6)
    results: list[list[Score]] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        scores = pipeline.run(Submission(f"comment number {n}"))
        with lock:
            results.append(scores)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(24)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pipeline.close()
    assert len(results) == 24
    assert [s.name for scores in results for s in scores if s.failed] == []


def test_pipeline_hardening_full_pool_fails_a_call_after_its_budget(stalling: Stalling) -> None:
    # Every worker is held by a call stuck past its budget: a new call cannot start, and fails
    # within its budget instead of waiting for them.
    pipeline = Pipeline([stalling], timeout_s=0.2)
    stuck = [
        threading.Thread(target=pipeline.run, args=(Submission(f"hostile {n}"),))
        for n in range(base.MAX_WORKERS)
    ]
    try:
        for thread in stuck:
            thread.start()
        for thread in stuck:
            thread.join(timeout=30)
        began = time.monotonic()
        [score] = pipeline.run(Submission("a fine comment"))
        waited = time.monotonic() - began
    finally:
        stalling.release.set()
        pipeline.close()
    assert score.failed and score.reason.endswith("waiting for a free worker")
    assert waited < 5


# --- 4. Control characters are as invisible as blanks: no comment is made of them alone.

CONTROL_ONLY = ["\x01" * 10, "\x7f" * 5, "\x85\x80\x81\x82", "\x00" * 30, "\x01\x02\x03\x7f\x1b"]


@pytest.mark.parametrize("text", CONTROL_ONLY)
def test_pipeline_hardening_control_characters_only_are_held(text: str) -> None:
    scores = make_length()([Submission(text)])[0]
    assert scores[0].value == 1.0
    assert scores[0].reason == "0 visible characters (minimum 2)"
    assert decide(scores, default_policy()).status is CommentStatus.HELD


@pytest.mark.parametrize("text", [t for t in CONTROL_ONLY if "\x00" not in t])
def test_pipeline_hardening_control_characters_only_are_an_empty_comment(text: str) -> None:
    with pytest.raises(ValidationError, match="comment is empty"):
        CommentIn(author_name="x", text=text)
    with pytest.raises(ValidationError, match="name is empty"):
        CommentIn(author_name=text, text="a real comment")


def test_pipeline_hardening_moderate_holds_a_comment_of_nul_characters() -> None:
    line = json.dumps({"id": 1, "text": "\x00" * 30})
    env = {"CIVILITY_SCORERS": '["length", "links"]'}
    result = CliRunner().invoke(main, ["moderate", "-"], env=env, input=line + "\n")
    assert result.exit_code == 0, result.output
    [answer] = [json.loads(out) for out in result.stdout.splitlines()]
    assert answer["decision"] == "hold"
