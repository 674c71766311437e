"""The registry builds the configured pipeline; the rule scorers publish every seed comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import civility
from civility.config import Settings
from civility.domain import CommentStatus, Submission
from civility.ml.artifacts import ModelFileError
from civility.pipeline.decide import decide
from civility.pipeline.policy import default_policy
from civility.pipeline.registry import build_pipeline

SHIPPED_MODELS = Path(civility.__file__).resolve().parent / "data" / "models"

RULE_SCORERS = ["length", "links", "repetition", "shouting", "blocklist"]


def test_registry_builds_the_rule_scorers_in_order() -> None:
    pipeline = build_pipeline(Settings(scorers=RULE_SCORERS))
    pipeline.close()
    assert pipeline.score_names == (
        "length",
        "links",
        "repetition",
        "shouting",
        "banned_words",
        "suspect_words",
    )


def test_registry_every_rule_score_has_a_default_rule() -> None:
    pipeline = build_pipeline(Settings(scorers=RULE_SCORERS))
    pipeline.close()
    policy = default_policy()
    assert [name for name in pipeline.score_names if policy.rule_for(name) is None] == []


def test_registry_seed_comments_are_all_published(seed_comments: list[str]) -> None:
    assert len(seed_comments) == 12
    pipeline = build_pipeline(Settings(scorers=RULE_SCORERS))
    policy = default_policy()
    try:
        for i, text in enumerate(seed_comments):
            sub = Submission(text, site_recent_texts=tuple(seed_comments[:i]))
            decision = decide(pipeline.run(sub), policy)
            reasons = [reason.text for reason in decision.reasons]
            assert decision.status is CommentStatus.PUBLISHED, (text, reasons)
    finally:
        pipeline.close()


def test_registry_scorer_config_overrides_defaults() -> None:
    settings = Settings(scorers=["links"], scorer_config={"links": {"max_links": 0}})
    pipeline = build_pipeline(settings)
    try:
        score = pipeline.run(Submission("see example.com"))[0]
    finally:
        pipeline.close()
    assert (score.value, score.reason) == (1.0, "1 link (limit 0)")


def test_registry_unknown_scorer_fails_at_startup() -> None:
    with pytest.raises(ValueError, match="unknown scorers"):
        build_pipeline(Settings(scorers=["length", "mind_reader"]))


def test_registry_unknown_keyword_fails_at_startup() -> None:
    with pytest.raises(TypeError, match="max_linkz"):
        build_pipeline(Settings(scorers=["links"], scorer_config={"links": {"max_linkz": 3}}))


@pytest.mark.slow
def test_registry_model_dir_serves_the_models_found_there(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED_MODELS, tmp_path / "models")
    settings = Settings(scorers=["off_topic", "abuse"], model_dir=tmp_path / "models")
    pipeline = build_pipeline(settings)
    try:
        scores = {s.name: s.value for s in pipeline.run(Submission("You are an idiot."))}
    finally:
        pipeline.close()
    assert scores["insult"] > 0.5


def test_registry_model_dir_without_models_fails_at_startup(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read the abuse model"):
        build_pipeline(Settings(scorers=["abuse"], model_dir=tmp_path))
