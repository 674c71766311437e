"""Relevance examples built from labelled files, and the calibration fit, on small made-up files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from civility.evaluation.metrics import evaluate_score
from civility.evaluation.relevance import _best_f1, markdown_table
from civility.ml import relevance_data as data
from civility.ml.train_relevance import HOLD_AT, fit, hold_rates

TITLES = ["Budget passes", "Storm hits coast", "<script>x</script>'; DROP TABLE x; --"]


def _fox(root: Path) -> None:
    """A tiny Fox News file: two comments under each of three articles."""
    folder = root / "fox_news_comments"
    folder.mkdir(parents=True)
    with (folder / "fox-news-comments.jsonl").open("w", encoding="utf-8") as out:
        for title in TITLES:
            for i in range(2):
                row = {"title": title, "meta": f"About {title}", "text": f"{title} comment {i}"}
                out.write(json.dumps(row) + "\n")


def _wiki(root: Path) -> None:
    """A tiny talk-page file with parents, one row without text."""
    folder = root / "context_toxicity_wikipedia"
    folder.mkdir(parents=True)
    with (folder / "gc.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ["id", "text", "parent", "label", "api"])
        writer.writeheader()
        for i in range(4):
            writer.writerow({"id": i, "text": f"reply {i}", "parent": f"parent {i}", "label": 0})
        writer.writerow({"id": 9, "text": "  ", "parent": "parent 9", "label": 0})


def test_relevance_data_fox_pairs_own_and_another_article(tmp_path: Path) -> None:
    _fox(tmp_path)
    examples = data.fox_swapped(tmp_path)
    assert len(examples) == 12
    for own, swapped in zip(examples[0::2], examples[1::2], strict=True):
        assert own.submission.article is not None and swapped.submission.article is not None
        assert (own.label, own.submission.article.title) == (0, own.group)
        assert swapped.label == 1 and swapped.submission.article.title != swapped.group
        assert swapped.submission.text == own.submission.text


def test_relevance_data_wikipedia_pairs_skip_empty_text(tmp_path: Path) -> None:
    _wiki(tmp_path)
    examples = data.wikipedia_swapped(tmp_path)
    assert len(examples) == 8
    for own, other in zip(examples[0::2], examples[1::2], strict=True):
        assert own.label == 0 and other.label == 1
        assert own.submission.parent_text != other.submission.parent_text
        assert own.submission.article is None


def test_relevance_data_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(data.MissingDataset, match=r"fox-news-comments\.jsonl"):
        data.fox_swapped(tmp_path)
    with pytest.raises(data.MissingDataset, match=r"c3_train\.csv"):
        data.c3_comments(tmp_path)


def test_relevance_data_permissive_texts_cover_both_sets(tmp_path: Path) -> None:
    _fox(tmp_path)
    _wiki(tmp_path)
    (tmp_path / "context_toxicity_wikipedia" / "gn.csv").write_text("id,text,label,api,parent\n")
    texts = list(data.permissive_texts(tmp_path))
    assert "Budget passes comment 0" in texts and "parent 3" in texts and TITLES[2] in texts


def test_relevance_data_fit_orders_similarity_and_reports_hold_rates() -> None:
    rng = np.random.default_rng(0)
    sim = np.r_[rng.normal(0.5, 0.1, 200), rng.normal(0.1, 0.1, 200)]
    length = np.log1p(rng.integers(3, 80, 400))
    x = np.c_[sim, length, sim * length]
    y = np.r_[np.zeros(200), np.ones(200)].astype(int)
    model = fit(x, y)
    p = model.predict_proba(x)[:, 1]
    assert p[y == 1].mean() > p[y == 0].mean() + 0.4
    rates = hold_rates(model, x, y)
    assert rates["own"] == pytest.approx(float((p[y == 0] >= HOLD_AT).mean()))
    assert rates["swapped"] > rates["own"]


def test_relevance_data_best_f1_and_table() -> None:
    y = np.array([0, 0, 1, 1])
    f1, at = _best_f1(y, np.array([0.1, 0.2, 0.8, 0.9]))
    assert f1 == pytest.approx(1.0) and 0.2 < at <= 0.8
    row = evaluate_score("d", "off_topic", y, [0.1, 0.2, 0.8, 0.9], note="n")
    assert "| d | off_topic | 4 | 2 | 1.000 | 1.000 |" in markdown_table([row])
