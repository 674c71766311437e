"""Insulting words under a negation, and the cue the abuse rules read from them."""

from __future__ import annotations

import time

import pytest

from civility.ml.analysis import CUES, analyze
from civility.ml.negation import negated_dismissals
from civility.ml.textnorm import basic_normalize

NEGATED = CUES.index("negated_insult")


def _cue(text: str) -> bool:
    return analyze(text, basic_normalize).cues[NEGATED] > 0


@pytest.mark.parametrize(
    "text",
    [
        "That is not rubbish, it is a fine idea.",
        "You are not an idiot, you just disagree with me.",
        "I don't think the minister is stupid.",
        "Nobody here is a moron.",
        "His plan is hardly idiotic.",
        "No one said you were dumb.",
        "It isn't pathetic to change your mind.",
        "You aren\u2019t stupid.",
        "I dont really think he is that stupid.",
        "I'm not saying you're stupid, but you are wrong.",
        "He will not be a fool about it.",
        "Trump may not be your style, but he is neither evil nor ignorant.",
        "Calling him a clown is unfair.",
        "Labelling every critic an idiot, as the minister did, is just wrong.",
        "Calling her stupid is not fair.",
    ],
)
def test_negated_insults_fire_the_cue(text: str) -> None:
    assert _cue(text)


@pytest.mark.parametrize(
    "text",
    [
        "You are an idiot.",
        "That is rubbish.",
        "Don't be an idiot.",
        "Never be so stupid again. Ever.",
        "Isn't he pathetic?",
        "You're not just an idiot, you're a liar.",
        "You are not the only fool here.",
        "You are not an idiot, you are a moron.",
        "He is not stupid but he is lazy.",
        "No, you are an idiot.",
        "Not a word from this clown.",
        "You can't fix stupid.",
        "I can't believe how stupid this endorsement is.",
        "It's amazing that he remembered her don't be a bitch",
        "Does not suffer fools.",
        "At least he's not a coward like you.",
        "Another dumbass Democrat. He's not lazy.",
        "I call him a clown, and that is not unfair.",
        "Calling him a clown is an insult to clowns.",
        "I won't vote for that idiot.",
        "I don't trust your stupid plan.",
        "Thanks for the article.",
    ],
)
def test_insults_that_stand_do_not_fire_the_cue(text: str) -> None:
    assert not _cue(text)


def test_counts_every_dismissive_word() -> None:
    text = "not stupid, not lazy, but a coward"
    analysis = analyze(text, basic_normalize)
    assert negated_dismissals(analysis.norm.text, analysis.tokens) == (3, 2)


def test_swearing_counts_where_it_stands_and_is_left_to_profanity_where_denied() -> None:
    standing = analyze("Another dumbass Democrat. He's not lazy.", basic_normalize)
    assert negated_dismissals(standing.norm.text, standing.tokens) == (2, 1)
    denied = analyze("No fucking way he said this!", basic_normalize)
    assert negated_dismissals(denied.norm.text, denied.tokens) == (0, 0)
    assert not denied.cues[NEGATED]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not",
        "idiot",
        "\u202enot an idiot\u202c",
        "n\u200bot an idiot",
        "not " * 50_000 + "idiot",
        "idiot " * 50_000,
        ("not " * 7 + "stupid?") * 10_000,
        "<script>not stupid</script>'; DROP TABLE x; --",
    ],
)
def test_hostile_input_is_read_in_linear_time(text: str) -> None:
    started = time.process_time()
    _cue(text)
    # Quadratic scans of 300,000 characters take minutes; a linear pass well under a second.
    assert time.process_time() - started < 10
