"""Relevance examples built from labelled files, and the calibration fit, on small made-up files."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from civility.evaluation.metrics import evaluate_score
from civility.evaluation.relevance import _best_f1, eval_omp, markdown_table
from civility.ml import relevance_data as data
from civility.ml.artifacts import ModelFileError
from civility.ml.train_relevance import HOLD_AT, calibration_path, fit, hold_rates, train
from civility.pipeline.encoder import SHIPPED_DIR
from civility.pipeline.relevance import CALIBRATION_FILE, make_off_topic

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


def _omp(root: Path) -> None:
    """A tiny One Million Posts file: a top-level post and a reply under each of two articles."""
    folder = root / "omp_one_million_posts"
    folder.mkdir(parents=True)
    fields = ["ID_Post", "ID_Parent_Post", "ID_Article", "Headline", "Body", "Category", "Value"]
    with (folder / "posts_labeled_train.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fields)
        writer.writeheader()
        for article in (1, 2):
            top, reply = f"{article}0", f"{article}1"
            for post, parent, body, off in (
                (top, "", "Die Regierung hat das Budget beschlossen.", "0"),
                (reply, top, "Günstige Flüge nach Bali, jetzt buchen!", "1"),
            ):
                row = {"ID_Post": post, "ID_Parent_Post": parent, "ID_Article": article}
                row |= {"Headline": "", "Body": body, "Category": "OffTopic", "Value": off}
                writer.writerow(row)


@pytest.mark.slow
def test_relevance_eval_omp_scores_with_siblings_and_as_a_batch_line(tmp_path: Path) -> None:
    _omp(tmp_path)
    scorer = make_off_topic()
    with_siblings, batch_line = eval_omp(scorer, tmp_path)
    assert (
        (with_siblings.n, with_siblings.positives) == (4, 2) == (batch_line.n, batch_line.positives)
    )
    assert "sibling posts as the article" in with_siblings.note
    assert "parent only" in batch_line.note
    # Without an article, a top-level post has nothing to be off-topic from: the two rows differ.
    assert with_siblings.ece != batch_line.ece


@pytest.mark.slow
def test_relevance_calibration_fits_a_candidate_encoder_into_its_own_folder(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "datasets"
    _fox(data_dir)
    _wiki(data_dir)
    (data_dir / "context_toxicity_wikipedia" / "gn.csv").write_text("id,text,label,api,parent\n")
    encoder_dir = tmp_path / "models" / "encoder"
    shutil.copytree(SHIPPED_DIR, encoder_dir)
    meta = json.loads((encoder_dir / "meta.json").read_text(encoding="utf-8"))
    meta["name"] = "candidate-encoder+0000000000"
    (encoder_dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    result = train(data_dir, idf_out=tmp_path / "idf.json", encoder_dir=encoder_dir)
    assert result["model"] == "candidate-encoder+0000000000"
    assert result["trained_on"] == {"fox_news_comments": 12, "context_toxicity_wikipedia": 8}
    out = calibration_path(encoder_dir)
    assert out == (tmp_path / "models" / "relevance" / "calibration.json").resolve()
    assert calibration_path(None) == CALIBRATION_FILE
    out.parent.mkdir(parents=True)
    out.write_text(json.dumps(result), encoding="utf-8")
    scorer = make_off_topic(model_dir=str(encoder_dir), calibration_file=str(out))
    assert scorer.model_versions == ("candidate-encoder+0000000000",)
    # The shipped calibration belongs to the shipped encoder: the candidate refuses it.
    with pytest.raises(ModelFileError, match="calibrated on encoder"):
        make_off_topic(model_dir=str(encoder_dir))
