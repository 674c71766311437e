"""Distinctive shared words: the relevance scorer's cheap first look."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civility.pipeline.overlap import IDF_FILE, MIN_IDF, Idf, build_idf, load_idf, words


def test_overlap_words_are_lowercase_letters_of_three_or_more() -> None:
    assert words("The TAX cut, 2026: a win-win for Müller!") == frozenset(
        {"the", "tax", "cut", "win", "for", "müller"}
    )


def test_overlap_common_words_weigh_nothing_rare_ones_most() -> None:
    idf = Idf({"the": 900, "budget": 5}, documents=1000)
    assert idf.weight("the") == 0.0
    assert 0.0 < idf.weight("budget") < idf.weight("haqqani")
    assert idf.weight("budget") > MIN_IDF


def test_overlap_best_context_and_its_top_words() -> None:
    idf = Idf({"budget": 5, "tax": 8, "the": 900}, documents=1000)
    comment = words("the budget cuts tax for haqqani")
    best = idf.best(comment, [words("the weather"), words("budget and tax"), words("haqqani")])
    assert best is not None
    assert best.index == 1
    assert set(best.shared) == {"budget", "tax"}
    assert idf.best(comment, [words("the weather")]) is None
    assert idf.best(comment, []) is None


def test_overlap_build_keeps_words_seen_twice(tmp_path: Path) -> None:
    table = build_idf(["tax cut now", "tax rise", "hello", *["filler text"] * 97])
    assert table == {"documents": 100, "df": {"filler": 97, "tax": 2, "text": 97}}
    path = tmp_path / "idf.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    idf = load_idf(path)
    assert idf.weight("zebra") > idf.weight("tax") > idf.weight("filler") == 0.0


def test_overlap_shipped_table_loads() -> None:
    if not IDF_FILE.exists():
        pytest.fail(f"{IDF_FILE} missing: run python -m civility.ml.train_relevance")
    idf = load_idf()
    assert idf.weight("the") == 0.0
    assert idf.weight("haqqani") > idf.weight("government")
