"""The repetition scorer: copies of recent comments, and comments that repeat themselves."""

from __future__ import annotations

import time

import pytest
from conftest import HOSTILE_CPU_BOUND_S

from civility.domain import Score, Submission
from civility.pipeline.policy import default_policy
from civility.pipeline.repetition import (
    compressed_ratio,
    longest_repeat,
    make_repetition,
    similarity,
)

COMMENT = "The negotiations with the Afghan Taliban will only work if Pakistan is honest about it."
HOLD_AT = 0.5


def _score(text: str, *, mine: tuple[str, ...] = (), site: tuple[str, ...] = ()) -> Score:
    sub = Submission(text, author_recent_texts=mine, site_recent_texts=site)
    return make_repetition()([sub])[0][0]


def test_repetition_policy_threshold_is_the_one_tested() -> None:
    rule = default_policy().rule_for("repetition")
    assert rule is not None and rule.hold_at == HOLD_AT


def test_repetition_author_repeating_a_comment() -> None:
    score = _score(COMMENT, mine=("Something else entirely, about cricket.", COMMENT))
    assert score.value == 1.0
    assert score.reason == "a copy of one of the author's recent comments"


def test_repetition_copy_of_a_site_comment_despite_disguises() -> None:
    disguised = COMMENT.upper().replace("O", "0").replace("a", "\u0430")
    score = _score(disguised, site=(COMMENT,))
    assert score.value == 1.0
    assert score.reason == "a copy of a recent comment on the site"


def test_repetition_near_copy_holds() -> None:
    edited = COMMENT.replace("only work", "only ever work")
    score = _score(edited, site=(COMMENT,))
    assert HOLD_AT <= score.value < 1.0
    assert "alike" in score.reason


def test_repetition_different_comments_on_the_same_topic_pass() -> None:
    other = "Pakistan should talk to the Afghan Taliban, but honesty is not their strong suit."
    assert _score(other, mine=(COMMENT,), site=(COMMENT,)).value < HOLD_AT


def test_repetition_short_replies_may_be_said_twice() -> None:
    assert _score("@MarkH: Yes, really.", mine=("@MarkH: Yes, really.",)).value == 0.0


def test_repetition_quoting_and_answering_passes() -> None:
    reply = f'"{COMMENT}" No: honesty has nothing to do with it, the army decides this alone.'
    assert _score(reply, site=(COMMENT,)).value < HOLD_AT


@pytest.mark.parametrize(
    "text",
    [
        "buy buy buy buy",
        "BUY NOW buy now Buy Now buy now buy now",
        "click here click here click here click here click here for the deal",
        "!" * 60,
        "Cheap watches at the best price, order today! " * 12,
    ],
)
def test_repetition_comments_that_repeat_themselves(text: str) -> None:
    assert _score(text).value >= HOLD_AT


@pytest.mark.parametrize(
    "text",
    [
        "No, no, no. That is not what the minister said.",
        "Ha, ha, ha, ha... wipes tears... ha, ha, ha!!!!!",
        "Very very very good point.",
        "Quote:\n" + "-" * 80 + "\nand my answer follows below.\n" + "=" * 40,
        "Immigrants come here now for money. Money, money, money, money, money, using the "
        "infrastructure that previous generations built and paid for with their taxes. "
        "It was never meant to be a free ride, and everyone in this country knows it.",
        "Whaaaaaaaaaaaaaaaat? Noooooooo!",
    ],
)
def test_repetition_ordinary_emphasis_passes(text: str) -> None:
    assert _score(text).value < HOLD_AT


def test_repetition_span_marks_the_repeated_run() -> None:
    text = "Great deal: buy buy buy buy buy today"
    score = _score(text)
    assert [text[s.start : s.end] for s in score.spans] == ["buy buy buy buy buy"]
    assert score.reason == "'buy' repeated 5 times in a row"


def test_repetition_helpers() -> None:
    assert similarity("same text", "same text") == 1.0
    assert similarity("short", "a much much longer text than that") == 0.0
    assert longest_repeat(["a", "b", "c", "b", "c", "b", "c", "d"]) == (3, 1, 2)
    assert longest_repeat([]) == (1, 0, 1)
    assert compressed_ratio("abc" * 1000) < 0.05 < compressed_ratio(COMMENT)


def test_repetition_seed_comments_against_each_other(seed_comments: list[str]) -> None:
    for i, comment in enumerate(seed_comments):
        score = _score(comment, site=tuple(seed_comments[:i]))
        assert score.value < HOLD_AT, (comment, score.reason)


def test_repetition_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    score = _score(hostile_text, mine=(hostile_text,), site=(hostile_text[:5000],))
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert 0.0 <= score.value <= 1.0
    assert all(0 <= s.start <= s.end <= len(hostile_text) for s in score.spans)
