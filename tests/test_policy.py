"""The policy: checked rules, a version that follows the content, files that fail clearly."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from civility.domain import ReasonCategory
from civility.pipeline.policy import (
    DEFAULT_RULES,
    Policy,
    PolicyError,
    Rule,
    build_policy,
    default_policy,
    load_policy_file,
)

R = ReasonCategory


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_policy_off_topic_can_never_reject() -> None:
    with pytest.raises(PolicyError, match="off-topic alone never rejects"):
        Rule("off_topic", R.OFF_TOPIC, "off topic", reject_at=0.99).check()
    Rule("off_topic", R.OFF_TOPIC, "off topic", hold_at=0.7).check()


@pytest.mark.parametrize("limits", [{"hold_at": -0.1}, {"hold_at": 1.5}, {"reject_at": 2.0}])
def test_policy_thresholds_must_be_probabilities(limits: dict[str, float]) -> None:
    with pytest.raises(PolicyError, match="outside"):
        Rule("toxicity", R.ABUSE, "abuse", **limits).check()


def test_policy_default_rules_cover_the_rule_scorers() -> None:
    policy = default_policy()
    names = {"length", "links", "repetition", "shouting", "banned_words", "suspect_words"}
    assert {rule.score for rule in policy.rules} >= names
    banned = policy.rule_for("banned_words")
    suspect = policy.rule_for("suspect_words")
    assert banned is not None and banned.reject_at == 0.5
    assert suspect is not None and suspect.hold_at == 0.5 and suspect.reject_at is None
    assert policy.rule_for("no_such_score") is None


def test_policy_version_follows_content() -> None:
    first, same = Policy(rules=DEFAULT_RULES), Policy(rules=tuple(DEFAULT_RULES))
    assert first.version == same.version
    assert re.fullmatch(r"p-[0-9a-f]{12}", first.version)
    stricter = first.with_rules([replace(DEFAULT_RULES[0], hold_at=0.4)])
    assert stricter.version != first.version
    assert replace(first, premoderate=True).version != first.version


def test_policy_with_rules_replaces_by_score_name() -> None:
    policy = default_policy().with_rules([Rule("links", R.SPAM, "links", hold_at=0.9)])
    assert len(policy.rules) == len(DEFAULT_RULES)
    links = policy.rule_for("links")
    assert links is not None and links.hold_at == 0.9


def test_policy_file_overrides_rules_and_premoderation(tmp_path: Path) -> None:
    rule = {"score": "links", "category": "spam", "label": "links", "hold_at": 0.95}
    path = _write(tmp_path, {"premoderate": True, "rules": [rule]})
    policy = load_policy_file(path, default_policy())
    assert policy.premoderate
    links = policy.rule_for("links")
    assert links is not None and links.hold_at == 0.95
    assert policy.version != default_policy().version


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"rules": [{"score": "links", "category": "no_such_category", "label": "x"}]}),
        json.dumps({"rules": [{"score": "links", "label": "missing category"}]}),
        json.dumps({"rules": [{"score": "links", "category": "spam", "label": "x", "oops": 1}]}),
        json.dumps({"rules": "not a list"}),
        json.dumps(["not", "an", "object"]),
    ],
)
def test_policy_malformed_file_names_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "site-policy.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError, match=re.escape(str(path))):
        load_policy_file(path, default_policy())


def test_policy_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(PolicyError, match=re.escape(str(path))):
        load_policy_file(path, default_policy())


def test_policy_file_cannot_make_off_topic_reject(tmp_path: Path) -> None:
    rule = {"score": "off_topic", "category": "off_topic", "label": "x", "reject_at": 0.9}
    with pytest.raises(PolicyError, match="never rejects"):
        load_policy_file(_write(tmp_path, {"rules": [rule]}), default_policy())


def test_policy_build_adds_scorer_rules_then_the_file(tmp_path: Path) -> None:
    class Calibrated:
        rules = (Rule("toxicity", R.ABUSE, "abuse", hold_at=0.4, reject_at=0.95),)

    policy = build_policy([Calibrated(), object()])
    toxicity = policy.rule_for("toxicity")
    assert toxicity is not None and toxicity.hold_at == 0.4
    rule = {"score": "toxicity", "category": "abuse", "label": "abuse", "hold_at": 0.3}
    overridden = build_policy([Calibrated()], _write(tmp_path, {"rules": [rule]}))
    toxicity = overridden.rule_for("toxicity")
    assert toxicity is not None and toxicity.hold_at == 0.3 and toxicity.reject_at is None


# --- A policy file has only the keys of its format, and one rule a score.


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"premoderation": True}, "'premoderation'"),  # a typo would silently publish
        ({"premoderate": True, "Rules": []}, "'Rules'"),
        ({"rules": [], "rule": [], "notez": {}}, "'notez'"),
    ],
)
def test_policy_file_refuses_a_key_the_format_lacks(
    tmp_path: Path, data: dict[str, object], key: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(PolicyError, match="unknown key") as raised:
        load_policy_file(path, default_policy())
    assert str(path) in str(raised.value) and key in str(raised.value)


def test_policy_file_keeps_every_key_it_is_written_with(tmp_path: Path) -> None:
    # What `Policy.to_dict` writes, and `civility learn-policy` with its notes, loads back.
    learnt = replace(default_policy(), premoderate=True, notes={"learnt_from": "400 decisions"})
    data = learnt.to_dict()
    assert set(data) == {"premoderate", "rules", "notes"}
    assert load_policy_file(_write(tmp_path, data), default_policy()).premoderate


def test_policy_file_refuses_a_second_rule_for_one_score(tmp_path: Path) -> None:
    first = {"score": "banned_words", "category": "banned_words", "label": "x", "reject_at": 0.5}
    second = {"score": "banned_words", "category": "banned_words", "label": "x", "hold_at": 0.5}
    path = _write(tmp_path, {"rules": [first, second]})
    with pytest.raises(PolicyError, match="second rule") as raised:
        load_policy_file(path, default_policy())
    assert str(path) in str(raised.value) and "'banned_words'" in str(raised.value)
    # One rule each for two scores is what the format is for.
    links = {"score": "links", "category": "spam", "label": "x", "hold_at": 0.9}
    policy = load_policy_file(_write(tmp_path, {"rules": [first, links]}), default_policy())
    banned = policy.rule_for("banned_words")
    assert banned is not None and banned.reject_at == 0.5
