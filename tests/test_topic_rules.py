"""Comments on-topic by kind: remarks on the article, short replies and reactions."""

from __future__ import annotations

import pytest

from civility.domain import Submission
from civility.pipeline.topic_rules import on_topic_reason


@pytest.mark.parametrize(
    "text",
    [
        "The title does not fit the content of the article.",
        "Yes, picture is impressive",
        "Correct,the picture in this article is awesome",
        "Who wrote this piece? The author got the dates wrong.",
    ],
)
def test_topic_rules_remarks_about_the_article(text: str) -> None:
    assert (on_topic_reason(Submission(text=text)) or "").startswith("a remark about the article")


@pytest.mark.parametrize("text", ["@MarkH: Ohh Really ?", "@Amir Wayn: Yes, really."])
def test_topic_rules_short_replies(text: str) -> None:
    assert on_topic_reason(Submission(text=text)) == "a short reply in the conversation"


def test_topic_rules_short_text_with_a_parent_is_a_reply() -> None:
    sub = Submission(text="Wake up, old chap!", parent_text="Nothing has changed.")
    assert on_topic_reason(sub) == "a short reply in the conversation"


def test_topic_rules_short_text_unrelated_to_its_thread_is_no_reply() -> None:
    sub = Submission(text="Anyone watching the game tonight?", parent_text="Taxes will rise.")
    assert on_topic_reason(sub, unrelated=True) is None


def test_topic_rules_reactions_stay_on_topic_when_unrelated_in_words() -> None:
    sub = Submission(text="I agree.", parent_text="Taxes will rise.")
    assert on_topic_reason(sub, unrelated=True) == "a short agreement or disagreement"


@pytest.mark.parametrize("text", ["I agree.", "Nonsense, the deficit will grow.", "Exactly"])
def test_topic_rules_short_reactions(text: str) -> None:
    assert on_topic_reason(Submission(text=text)) == "a short agreement or disagreement"


@pytest.mark.parametrize(
    "text",
    [
        "Great article! Earn $500 a day from home, see www.cash-now.example.com",
        "Buy cheap watches at http://spam.example",
        "Wake up, old chap!",
        "No " + "word " * 30,
        "The football team played terribly last night and the coach should go.",
        "",
    ],
)
def test_topic_rules_everything_else_is_left_to_the_model(text: str) -> None:
    assert on_topic_reason(Submission(text=text)) is None
