"""The span lexicon: how often news raters mark a word as the toxic part of a comment."""

from __future__ import annotations

import pytest

from civility.ml.analysis import analyze
from civility.ml.span_lexicon import MIN_RATINGS, SpanLexicon, fit_span_lexicon
from civility.ml.textnorm import basic_normalize as normalize


def _rated(text: str, marked: str | None, raters: int, markers: int) -> tuple:
    """An analysed comment whose first `markers` of `raters` marked the word `marked`."""
    spans = []
    for r in range(raters):
        if marked is not None and r < markers:
            start = text.index(marked)
            spans.append([(start, start + len(marked))])
        else:
            spans.append([])
    return analyze(text, normalize), spans


def test_span_lexicon_share_counts_every_rating_of_a_comment_containing_the_word() -> None:
    rated = [_rated("what utter rubbish this is", "rubbish", 3, 1) for _ in range(4)]
    rated += [_rated("this is fine", None, 3, 0) for _ in range(2)]
    lexicon = fit_span_lexicon(rated)
    # 4 comments x 3 raters = 12 ratings, 4 of them marked "rubbish".
    assert lexicon.rates["rubbish"] == pytest.approx((4 + 0.1) / (12 + 2), abs=1e-4)
    assert lexicon.rates["this"] == pytest.approx(0.1 / (18 + 2), abs=1e-4)
    assert lexicon.score(["a", "rubbish", "this"]) == lexicon.rates["rubbish"]
    assert lexicon.score([]) == 0.0


def test_span_lexicon_rare_words_are_left_out() -> None:
    rated = [_rated("a zzyzx idea", "zzyzx", 1, 1) for _ in range(MIN_RATINGS - 1)]
    assert "zzyzx" not in fit_span_lexicon(rated).rates


def test_span_lexicon_reads_obfuscated_words_as_the_plain_word() -> None:
    rated = [_rated("you idiot", "idiot", 3, 3) for _ in range(3)]
    lexicon = fit_span_lexicon(rated)
    assert (
        lexicon.scores([analyze("you idi0t", normalize), analyze("you i d i o t", normalize)])
        == [lexicon.rates["idiot"]] * 2
    )


def test_span_lexicon_never_reads_identity_terms() -> None:
    # Raters mark the group word in hateful comments; a neutral mention must not inherit it.
    rated = [_rated("muslims are vermin", "muslims", 3, 3) for _ in range(3)]
    lexicon = fit_span_lexicon(rated)
    assert "muslims" not in lexicon.rates
    assert lexicon.scores([analyze("Many Muslims live here.", normalize)]) == [0.0]


def test_span_lexicon_round_trips_and_refuses_bad_files() -> None:
    lexicon = SpanLexicon({"rubbish": 0.355, "idiot": 0.64})
    assert SpanLexicon.from_json(lexicon.to_json()) == lexicon
    for bad in ([], {"idiot": 1.5}, {"idiot": "high"}, {"idiot": True}):
        with pytest.raises(ValueError):
            SpanLexicon.from_json(bad)
