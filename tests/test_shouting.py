"""The shouting scorer: capitals across a comment, not acronyms inside normal text."""

from __future__ import annotations

import time

import pytest
from conftest import HOSTILE_CPU_BOUND_S

from civility.domain import Score, Submission
from civility.pipeline.policy import default_policy
from civility.pipeline.shouting import capital_share, make_shouting

HOLD_AT = 0.6


def _score(text: str, **config: int) -> Score:
    return make_shouting(**config)([Submission(text)])[0][0]


def test_shouting_policy_threshold_is_the_one_tested() -> None:
    rule = default_policy().rule_for("shouting")
    assert rule is not None and rule.hold_at == HOLD_AT


@pytest.mark.parametrize(
    "text",
    [
        "THIS GOVERNMENT IS LYING TO ALL OF US AND YOU KNOW IT",
        "WAKE UP PEOPLE!!! THEY ARE SELLING THE COUNTRY",
        "I agree. BUT NOBODY IN ISLAMABAD WILL EVER ADMIT IT, NEVER EVER.",
    ],
)
def test_shouting_holds_capitals(text: str) -> None:
    assert _score(text).value >= HOLD_AT


@pytest.mark.parametrize(
    "text",
    [
        "I think the US and NATO must DO MORE to stop the TTP and OBL's friends.",
        "Why only Haqqanis are important for US and not the TTPs in FATA or KPK?",
        "Taravadu Taranga Trust for Media Monitoring TTTMM India --Kulamarva Balakrishna",
        "The BBC, CNN and the UN said the IMF loan of USD 6bn is the BIG news.",
        "I want a REFERENDUM on this, not another committee.",
    ],
)
def test_shouting_ignores_acronyms_in_normal_text(text: str) -> None:
    assert _score(text).value < HOLD_AT


def test_shouting_needs_enough_letters() -> None:
    score = _score("STOP IT NOW")
    assert score.value == 0.0
    assert score.reason == "9 letters: too few to judge capitals"
    assert _score("STOP IT NOW", min_letters=5).value == 1.0


def test_shouting_counts_only_cased_letters() -> None:
    urdu = (
        "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646 \u0632\u0646\u062f\u06c1 \u0628\u0627\u062f "
        * 5
    )
    assert capital_share(urdu) == (0, 0)
    privet = "\u041f\u0420\u0418\u0412\u0415\u0422 " * 3  # Russian in capitals
    assert capital_share(privet) == (18, 18)


def test_shouting_reason_gives_the_share() -> None:
    assert (
        _score("ALL OF THIS IS WRONG AND EVERYONE KNOWS").reason == "100% of letters are capitals"
    )


def test_shouting_seed_comments_are_not_shouting(seed_comments: list[str]) -> None:
    for comment in seed_comments:
        assert _score(comment).value < HOLD_AT, comment


def test_shouting_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    score = _score(hostile_text)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert 0.0 <= score.value <= 1.0
