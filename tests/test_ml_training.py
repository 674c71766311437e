"""Training code on tiny sets written by the test: loaders, split, fit, save and load."""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from civility.cli import main
from civility.ml.analysis import CUES
from civility.ml.artifacts import ModelFileError, load_model, save_model
from civility.ml.datasets import TRAIN_SETS, load_olid, load_sets, load_youtube_spam
from civility.ml.examples import HEADS, Example, clean_labels
from civility.ml.split import Part, part_of, split
from civility.ml.training import TrainConfig, policy_thresholds, train
from civility.pipeline.encoder import shared_encoder

RUDE = ("you idiot", "shut up moron", "you are a stupid clown", "what a pathetic loser")
CIVIL = (
    "thanks for the article",
    "i agree with the minister",
    "good point well made",
    "the vote is on monday",
)
SPAM = ("check out my channel http://spam.example", "subscribe to my video www.x.com")


def _write_olid(folder: Path, n: int = 240) -> None:
    folder.mkdir(parents=True)
    lines = ["id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c"]
    for i in range(n):
        rude = i % 2 == 0
        text = (RUDE if rude else CIVIL)[i % 4] + f" @USER number {i}"
        a, b, c = ("OFF", "TIN", "IND") if rude else ("NOT", "NULL", "NULL")
        lines.append(f"{i}\t{text}\t{a}\t{b}\t{c}")
    (folder / "olid-training-v1.0.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_youtube(folder: Path) -> None:
    folder.mkdir(parents=True)
    for video in ("Youtube01-Psy", "Youtube05-Shakira"):
        with (folder / f"{video}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "CLASS"])
            for i in range(120):
                spam = i % 2 == 0
                text = (SPAM[i % 2] if spam else CIVIL[i % 4]) + f" {i}"
                writer.writerow([f"id{i}", "a", "2014", text, int(spam)])


def _write_civil_spans(folder: Path, n: int = 120) -> None:
    """News comments rated by three raters each; rude ones have "rubbish" marked by two."""
    folder.mkdir(parents=True)
    comments, ratings, spans = [], [], []
    for i in range(n):
        rude = i % 2 == 0
        text = f"what rubbish, you clown number {i}" if rude else f"{CIVIL[i % 4]} number {i}"
        comments.append([str(i), text])
        for r in range(3):
            rating = f"{i}-{r}"
            marks = rude and r < 2
            ratings.append([rating, str(i), f"w{r}", "CA", "False", str(not marks)])
            if marks:
                start = text.index("rubbish")
                spans.append([rating, "Insult", start, start + len("rubbish")])
    for name, header, rows in (
        ("comments.csv", ["comment_id", "comment_text"], comments),
        (
            "annotations.csv",
            ["annotation", "comment_id", "worker", "country", "all toxic", "not toxic"],
            ratings,
        ),
        ("spans.csv", ["annotation", "type", "start", "end"], spans),
    ):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)


@pytest.fixture
def tiny_sets(tmp_path: Path) -> Path:
    _write_olid(tmp_path / "olid")
    _write_youtube(tmp_path / "youtube_spam")
    return tmp_path


@pytest.fixture
def span_sets(tiny_sets: Path) -> Path:
    _write_civil_spans(tiny_sets / "civil_comments_toxic_spans")
    return tiny_sets


def test_ml_training_loaders_map_labels_onto_heads(tiny_sets: Path) -> None:
    olid = load_olid(tiny_sets / "olid")
    assert olid[0].labels["toxicity"] == 1.0 and olid[0].labels["insult"] == 1.0
    assert olid[1].labels == dict.fromkeys((*HEADS[:-1], "spam"), 0.0)
    spam = load_youtube_spam(tiny_sets / "youtube_spam")
    assert {e.group for e in spam} == {"Youtube01-Psy", "Youtube05-Shakira"}
    assert set(spam[0].labels) == {"spam"}


def test_ml_training_absent_sets_are_skipped_with_a_message(
    tiny_sets: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        found = load_sets(tiny_sets, TRAIN_SETS)
    assert set(found) == {"olid", "youtube_spam"}
    assert "davidson_hate_offensive not found" in caplog.text


def test_ml_training_labels_outside_unit_interval_are_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        clean_labels(toxicity=1.5)
    with pytest.raises(ValueError, match="unknown head"):
        clean_labels(rudeness=1.0)


def test_ml_training_split_keeps_groups_together_and_is_stable() -> None:
    rows = [Example(f"t{i}", "fox_news_comments", f"article{i % 30}") for i in range(600)]
    parts = split(rows, seed=1)
    assert sum(len(p) for p in parts.values()) == 600
    by_group: dict[str, set[Part]] = {}
    for part, examples in parts.items():
        for e in examples:
            by_group.setdefault(e.group, set()).add(part)
    assert all(len(p) == 1 for p in by_group.values())
    assert [part_of(e, seed=1) for e in rows] == [part_of(e, seed=1) for e in rows]


def test_ml_training_youtube_holds_out_one_video() -> None:
    held = [Example(f"c{i}", "youtube_spam", "Youtube05-Shakira") for i in range(200)]
    other = [Example(f"c{i}", "youtube_spam", "Youtube01-Psy") for i in range(200)]
    assert {part_of(e, seed=3) for e in other} == {Part.TRAIN}
    assert {part_of(e, seed=3) for e in held} == {Part.CALIB, Part.TEST}


def test_ml_training_fits_saves_and_loads_the_same_model(tiny_sets: Path, tmp_path: Path) -> None:
    config = TrainConfig(seed=5, min_df=1, sets=("olid", "youtube_spam"))
    model, meta, parts = train(tiny_sets, config)
    thresholds = policy_thresholds(model, parts[Part.CALIB])
    out = tmp_path / "model"
    save_model(model, out, meta, thresholds)
    loaded, loaded_thresholds = load_model(out)
    texts = ["you stupid idiot", "thanks for the article", "check out my channel http://a.b"]
    # The shipped encoder has abuse heads, so the calibration stacks them by default.
    assert loaded.encoder == model.encoder == shared_encoder().name
    neural = shared_encoder().abuse_logits(texts, max_tokens=loaded.encoder_tokens)
    before, after = model.predict(texts, neural).probs, loaded.predict(texts, neural).probs
    assert np.allclose(before, after, atol=1e-5)
    tox, spam = HEADS.index("toxicity"), HEADS.index("spam")
    assert after[0, tox] > after[1, tox]
    assert after[2, spam] > after[1, spam]
    assert loaded_thresholds["model_version"] == loaded.version
    assert {r["score"] for r in loaded_thresholds["rules"]} == set(HEADS)
    # Spam's positives are YouTube comments and profanity's partly the lexicon's: neither
    # precision speaks for a news site, so neither score rejects on its own.
    no_reject = {r["score"] for r in loaded_thresholds["rules"] if r["reject_at"] is None}
    assert {"spam", "profanity"} <= no_reject


def test_ml_training_without_the_encoder_calibrates_the_linear_model_alone(
    tiny_sets: Path,
) -> None:
    config = TrainConfig(seed=5, min_df=1, sets=("olid", "youtube_spam"), stack_encoder=False)
    model, _, _ = train(tiny_sets, config)
    assert model.encoder is None
    assert model.version.startswith("abuse-linear-")
    probs = model.predict(["you stupid idiot", "thanks for the article"]).probs
    assert probs[0, HEADS.index("toxicity")] > probs[1, HEADS.index("toxicity")]


def test_ml_training_model_reads_links_as_words_and_keeps_saying_so(
    tiny_sets: Path, tmp_path: Path
) -> None:
    model, meta, parts = train(tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",)))
    assert model.links_read_as_words
    out = tmp_path / "model"
    save_model(model, out, meta, policy_thresholds(model, parts[Part.CALIB]))
    loaded, _ = load_model(out)
    assert loaded.links_read_as_words
    # Models saved before the flag read links as written.
    meta_file = out / "meta.json"
    saved = json.loads(meta_file.read_text(encoding="utf-8"))
    del saved["encoder"]["links"]
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    older, _ = load_model(out)
    assert not older.links_read_as_words
    unlinked, _, _ = train(
        tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",), links_read_as_words=False)
    )
    assert not unlinked.links_read_as_words
    assert unlinked.version != model.version


def test_ml_training_same_seed_same_weights(tiny_sets: Path) -> None:
    config = TrainConfig(seed=5, min_df=1, sets=("olid",))
    first, _, _ = train(tiny_sets, config)
    second, _, _ = train(tiny_sets, config)
    assert first.version == second.version
    assert np.array_equal(first.coef, second.coef)


def test_ml_training_corrupt_model_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError):
        load_model(tmp_path)


def test_ml_training_model_keeps_the_rules_it_was_calibrated_with(
    tiny_sets: Path, tmp_path: Path
) -> None:
    model, meta, parts = train(tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",)))
    out = tmp_path / "model"
    save_model(model, out, meta, policy_thresholds(model, parts[Part.CALIB]))
    meta_file = out / "meta.json"
    saved = json.loads(meta_file.read_text(encoding="utf-8"))
    saved["rules"]["floors"] = []
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    loaded, _ = load_model(out)
    assert loaded.rules.floors == ()
    assert loaded.rules.shifts == model.rules.shifts
    saved["rules"]["shifts"].append({"head": "toxicity", "cue": "no_such_cue", "shift": 1.0})
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    with pytest.raises(ModelFileError, match="unreadable rules"):
        load_model(out)


def test_ml_training_rules_shift_the_encoder_logits_the_calibration_stacks(
    tiny_sets: Path, tmp_path: Path
) -> None:
    model, meta, parts = train(tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",)))
    out = tmp_path / "model"
    save_model(model, out, meta, policy_thresholds(model, parts[Part.CALIB]))
    cues = np.zeros((2, len(CUES)))
    cues[0, CUES.index("negated_insult")] = 1.0
    neural = np.ones((2, len(HEADS)))
    insult = HEADS.index("insult")
    cues[1, CUES.index("aimless_profanity")] = 1.0
    loaded, _ = load_model(out)
    assert loaded.rules.encoder_cues == ("negated_insult", "negated_hate")
    # The negation shifts the encoder's insult logit; swearing at no one only the linear one.
    assert loaded.encoder_inputs(neural, cues)[:, insult].tolist() == [-2.0, 1.0]
    # A denied verdict on a group shifts the encoder's identity_attack logit; an insult's does not.
    attack = HEADS.index("identity_attack")
    denied = np.zeros((2, len(CUES)))
    denied[0, CUES.index("negated_hate")] = 1.0
    assert loaded.encoder_inputs(neural, denied)[:, attack].tolist() == [-2.0, 1.0]
    assert loaded.encoder_inputs(neural, cues)[:, attack].tolist() == [1.0, 1.0]
    # Models calibrated before the list shifted the linear logits only.
    meta_file = out / "meta.json"
    saved = json.loads(meta_file.read_text(encoding="utf-8"))
    del saved["rules"]["encoder_cues"]
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    older, _ = load_model(out)
    assert older.encoder_inputs(neural, cues)[:, insult].tolist() == [1.0, 1.0]
    saved["rules"]["encoder_cues"] = ["no_such_cue"]
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    with pytest.raises(ModelFileError, match="unreadable rules"):
        load_model(out)


def test_ml_training_unknown_normaliser_is_refused(tiny_sets: Path, tmp_path: Path) -> None:
    model, meta, _ = train(tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",)))
    out = tmp_path / "model"
    save_model(model, out, {**meta, "normalizer": "somewhere.else"}, {"rules": []})
    with pytest.raises(ModelFileError, match="unknown normaliser"):
        load_model(out)


def test_ml_training_model_without_a_heads_calibration_is_refused(
    tiny_sets: Path, tmp_path: Path
) -> None:
    model, meta, _ = train(tiny_sets, TrainConfig(seed=5, min_df=1, sets=("olid",)))
    out = tmp_path / "model"
    save_model(model, out, meta, {"rules": []})
    meta_file = out / "meta.json"
    saved = json.loads(meta_file.read_text(encoding="utf-8"))
    del saved["platt"]["insult"]
    meta_file.write_text(json.dumps(saved), encoding="utf-8")
    with pytest.raises(ModelFileError, match="no calibration for insult"):
        load_model(out)


def test_ml_training_cli_writes_a_model_and_says_what_it_used(
    tiny_sets: Path, tmp_path: Path
) -> None:
    out = tmp_path / "abuse"
    result = CliRunner().invoke(
        main, ["train", "--datasets-dir", str(tiny_sets), "--out", str(out), "--seed", "5"]
    )
    assert result.exit_code == 0, result.output
    assert "used olid: train=" in result.output
    assert "stacked with the abuse heads of encoder" in result.output
    model, _ = load_model(out)
    assert model.version in result.output


def test_ml_training_cli_with_encoder_rebuilds_only_the_shipped_layout(
    tiny_sets: Path, tmp_path: Path
) -> None:
    args = ["train", "--datasets-dir", str(tiny_sets), "--out", str(tmp_path), "--with-encoder"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "drop --out" in result.output


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is not None, reason="torch installed: the run takes hours"
)
def test_ml_training_cli_with_encoder_without_torch_says_what_to_install(tiny_sets: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--datasets-dir", str(tiny_sets), "--with-encoder"])
    assert result.exit_code == 1
    assert "needs the train extra" in result.output


def test_ml_training_span_lexicon_is_learnt_stacked_saved_and_required(
    span_sets: Path, tmp_path: Path
) -> None:
    sets = ("olid", "civil_comments_toxic_spans")
    config = TrainConfig(seed=5, min_df=1, sets=sets, stack_encoder=False)
    model, meta, parts = train(span_sets, config)
    assert model.span_lexicon is not None
    assert model.span_lexicon.rates["rubbish"] > 0.5 > model.span_lexicon.rates["number"]
    assert model.platt["toxicity"].d != 0.0
    assert model.platt["threat"].d == 0.0
    out = tmp_path / "model"
    save_model(model, out, meta, policy_thresholds(model, parts[Part.CALIB]))
    loaded, _ = load_model(out)
    assert loaded.span_lexicon == model.span_lexicon
    texts = ["what rubbish", "thanks for the article"]
    assert np.allclose(model.predict(texts).probs, loaded.predict(texts).probs, atol=1e-6)
    (out / "span_lexicon.json").write_text('{"rubbish": 7}', encoding="utf-8")
    with pytest.raises(ModelFileError, match="not in \\[0, 1\\]"):
        load_model(out)
    (out / "span_lexicon.json").unlink()
    with pytest.raises(ModelFileError, match=r"need span_lexicon\.json"):
        load_model(out)


def test_ml_training_without_span_heads_has_no_lexicon(span_sets: Path) -> None:
    sets = ("olid", "civil_comments_toxic_spans")
    config = TrainConfig(seed=5, min_df=1, sets=sets, span_heads=(), stack_encoder=False)
    model, _, _ = train(span_sets, config)
    assert model.span_lexicon is None
    assert all(p.d == 0.0 for p in model.platt.values())
