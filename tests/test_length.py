"""The length scorer: too short, too long, and what counts as a character."""

from __future__ import annotations

import time

import pytest
from conftest import HOSTILE_CPU_BOUND_S

from civility.domain import Submission
from civility.pipeline.base import PerComment
from civility.pipeline.length import make_length, visible_length
from civility.pipeline.policy import default_policy


def _score(scorer: PerComment, text: str) -> tuple[float, str]:
    score = scorer([Submission(text)])[0][0]
    assert score.name == "length"
    return score.value, score.reason


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", 1.0),
        ("a", 1.0),
        ("ok", 0.0),
        ("x" * 3000, 0.0),
        ("x" * 3001, 1.0),
        (" \n\t ", 1.0),
        ("\u200b\u200b\u200b\u202e\ufeff", 1.0),
        ("  ok  ", 0.0),
    ],
)
def test_length_defaults(text: str, value: float) -> None:
    assert _score(make_length(), text)[0] == value


def test_length_reasons_name_the_limit() -> None:
    assert _score(make_length(), "a")[1] == "1 visible characters (minimum 2)"
    assert _score(make_length(), "x" * 3412)[1] == "3,412 characters (limit 3,000)"
    assert _score(make_length(), "fine")[1] == "4 characters (limits 2-3,000)"


def test_length_limits_are_configurable() -> None:
    scorer = make_length(min_chars=10, max_chars=20)
    assert _score(scorer, "too short")[0] == 1.0
    assert _score(scorer, "just right here")[0] == 0.0
    assert _score(scorer, "far too long for this site")[0] == 1.0


@pytest.mark.parametrize(("low", "high"), [(-1, 10), (10, 5)])
def test_length_refuses_impossible_limits(low: int, high: int) -> None:
    with pytest.raises(ValueError, match="min_chars"):
        make_length(min_chars=low, max_chars=high)


def test_length_counts_only_visible_characters() -> None:
    assert visible_length("a\u200bb c\u00ad\n") == 3


def test_length_policy_holds_out_of_range() -> None:
    rule = default_policy().rule_for("length")
    assert rule is not None and rule.hold_at is not None
    assert _score(make_length(), "")[0] >= rule.hold_at > _score(make_length(), "fine")[0]


def test_length_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    value, _ = _score(make_length(), hostile_text)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert value in (0.0, 1.0)
