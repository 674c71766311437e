"""The registry builds the configured pipeline; the rule scorers publish every seed comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import civility
from civility.config import Settings, StartupError
from civility.domain import CommentStatus, Submission
from civility.ml.artifacts import ModelFileError
from civility.pipeline.decide import decide
from civility.pipeline.policy import default_policy
from civility.pipeline.registry import ScorerSettingsError, build_pipeline

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
    with pytest.raises(StartupError, match="max_linkz"):
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


# --- Scorer settings that would fail with a traceback or do nothing are refused, by name.

KNOWN = "known scorers: abuse, blocklist, length, links, off_topic, repetition, shouting"


def _refusal(settings: Settings) -> str:
    """The message build_pipeline refuses these settings with; a StartupError and a ValueError,
    so that every command reports it as it reports other settings."""
    with pytest.raises(ScorerSettingsError) as caught:
        build_pipeline(settings)
    assert isinstance(caught.value, StartupError) and isinstance(caught.value, ValueError)
    return str(caught.value)


def test_registry_unknown_scorer_names_the_setting_and_the_known_scorers() -> None:
    message = _refusal(Settings(scorers=["lenght"]))
    assert message.startswith("CIVILITY_SCORERS names unknown scorers: 'lenght'")
    assert "(did you mean 'length'?)" in message and message.endswith(KNOWN)


def test_registry_unknown_option_names_the_scorer_and_its_options() -> None:
    message = _refusal(Settings(scorers=["links"], scorer_config={"links": {"max_link": 3}}))
    assert message == (
        "CIVILITY_SCORER_CONFIG: the scorer 'links' has no option 'max_link' "
        "(did you mean 'max_links'?); its options: max_links"
    )
    message = _refusal(Settings(scorers=["length"], scorer_config={"length": {"min": 3}}))
    assert message.endswith("its options: min_chars, max_chars")


@pytest.mark.parametrize(
    ("scorers", "config", "expected"),
    [
        (["links"], {"linkz": {"max_links": 3}}, "'linkz' names no scorer (did you mean 'links'?)"),
        (["length"], {"links": {"max_links": 3}}, "'links' is not in CIVILITY_SCORERS"),
    ],
    ids=["no_such_scorer", "scorer_not_run"],
)
def test_registry_config_for_no_configured_scorer_is_refused(
    scorers: list[str], config: dict[str, dict[str, int]], expected: str
) -> None:
    # Silently ignored before: the site believed it ran with max_links 3.
    message = _refusal(Settings(scorers=scorers, scorer_config=config))
    assert message.startswith(f"CIVILITY_SCORER_CONFIG: {expected}")
    assert "would be ignored" in message


@pytest.mark.parametrize(
    ("value", "reason"),
    [(-1, "max_links must be 0 or more, got -1"), ("3", "'<' not supported")],
)
def test_registry_option_value_the_scorer_refuses_names_the_setting(
    value: object, reason: str
) -> None:
    message = _refusal(Settings(scorers=["links"], scorer_config={"links": {"max_links": value}}))
    assert message.startswith(
        f"CIVILITY_SCORER_CONFIG: the scorer 'links' cannot run with {{'max_links': {value!r}}}: "
    )
    assert reason in message


def test_registry_no_scorers_is_refused_unless_the_policy_premoderates(tmp_path: Path) -> None:
    message = _refusal(Settings(scorers=[]))
    assert message.startswith("CIVILITY_SCORERS is empty: no comment would be scored")
    assert '"premoderate": true in CIVILITY_POLICY_FILE' in message
    policy = tmp_path / "policy.json"
    policy.write_text('{"premoderate": false}')
    _refusal(Settings(scorers=[], policy_file=policy))
    policy.write_text('{"premoderate": true}')
    pipeline = build_pipeline(Settings(scorers=[], policy_file=policy))
    assert pipeline.score_names == ()
