"""SCORERS: every scorer Civility knows, by name. The single list to read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from civility.config import Settings
from civility.model_layout import ModelLayout
from civility.pipeline.base import Pipeline, Scorer

ScorerFactory = Callable[..., Scorer]


def _factories() -> dict[str, ScorerFactory]:
    """Name -> factory. Imported lazily so that model code loads only when configured."""
    from civility.pipeline import abuse, blocklist, length, links, relevance, repetition, shouting

    return {
        "length": length.make_length,
        "links": links.make_links,
        "repetition": repetition.make_repetition,
        "shouting": shouting.make_shouting,
        "blocklist": blocklist.make_blocklist,
        "off_topic": relevance.make_off_topic,
        "abuse": abuse.make_abuse,
    }


def settings_config(name: str, settings: Settings) -> dict[str, Any]:
    """Keyword arguments a scorer takes from Settings rather than from scorer_config."""
    if name == "blocklist":
        return {
            "banned_words_file": settings.banned_words_file,
            "suspect_words_file": settings.suspect_words_file,
        }
    if name not in ("abuse", "off_topic"):
        return {}
    config: dict[str, Any] = {"encoder_threads": settings.encoder_threads}
    models = settings.model_dir
    if models is None:
        return config
    # CIVILITY_MODEL_DIR holds the same layout as the shipped data/models/ folder.
    layout = ModelLayout.at(models)
    if name == "abuse":
        return {**config, "model_dir": layout.abuse, "encoder_dir": layout.encoder}
    return {
        **config,
        "model_dir": str(layout.encoder),
        "calibration_file": str(layout.relevance_calibration),
    }


def scorer_kwargs(name: str, settings: Settings) -> dict[str, Any]:
    """Everything a scorer's factory is called with: Settings, then CIVILITY_SCORER_CONFIG."""
    return {**settings_config(name, settings), **settings.scorer_config.get(name, {})}


def build_pipeline(settings: Settings) -> Pipeline:
    """Build every configured scorer once; an unknown name or keyword fails at startup."""
    factories = _factories()
    unknown = [name for name in settings.scorers if name not in factories]
    if unknown:
        raise ValueError(f"unknown scorers {unknown}; known: {sorted(factories)}")
    scorers = []
    for name in settings.scorers:
        scorers.append(factories[name](**scorer_kwargs(name, settings)))
    return Pipeline(scorers, timeout_s=settings.scorer_timeout_ms / 1000)
