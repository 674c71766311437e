"""SCORERS: every scorer Civility knows, by name. The single list to read."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from civility.config import Settings, StartupError, environment_name
from civility.model_layout import ModelLayout
from civility.pipeline.base import Pipeline, Scorer
from civility.pipeline.policy import build_policy

ScorerFactory = Callable[..., Scorer]


class ScorerSettingsError(StartupError, ValueError):
    """CIVILITY_SCORERS or CIVILITY_SCORER_CONFIG cannot be run; the message names the setting.

    A StartupError, so `civility serve` and `civility demo` report it as they report any setting
    they cannot start with; a ValueError, so the commands that build the engine themselves
    (cli/engine.py, the `moderate` workers) report it as a configuration error too.
    """


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
    """Everything a scorer's factory is called with: Settings, then CIVILITY_SCORER_CONFIG.

    The scorer settings are checked first (check_scorer_settings), so that a scorer built on its
    own (the `moderate` reading process's off_topic) refuses them as build_pipeline does.
    """
    check_scorer_settings(settings)
    return _kwargs(name, settings)


def _kwargs(name: str, settings: Settings) -> dict[str, Any]:
    """scorer_kwargs, for settings already checked."""
    return {**settings_config(name, settings), **settings.scorer_config.get(name, {})}


def build_pipeline(settings: Settings) -> Pipeline:
    """Build every configured scorer once; a setting the scorers cannot run fails at startup.

    Refused, naming the setting: an unknown scorer name, a CIVILITY_SCORER_CONFIG entry for no
    configured scorer or with an option its scorer does not take (either would be silently
    ignored, or a traceback), and no scorers at all unless the policy pre-moderates (otherwise
    every comment would be published unread).
    """
    factories = _factories()
    check_scorer_settings(settings, factories)
    scorers = []
    for name in settings.scorers:
        try:
            scorers.append(factories[name](**_kwargs(name, settings)))
        except (TypeError, ValueError) as exc:
            options = settings.scorer_config.get(name)
            if not options:
                raise
            # A value of the wrong kind or out of range (max_links: -1, "three").
            raise ScorerSettingsError(
                f"{environment_name('scorer_config')}: the scorer {name!r} cannot run with "
                f"{_shown(options)}: {exc}"
            ) from exc
    return Pipeline(scorers, timeout_s=settings.scorer_timeout_ms / 1000)


def check_scorer_settings(
    settings: Settings, factories: Mapping[str, ScorerFactory] | None = None
) -> None:
    """Raise ScorerSettingsError for scorer settings that would fail, or silently do nothing."""
    factories = _factories() if factories is None else factories
    known = sorted(factories)
    scorers_name = environment_name("scorers")
    config_name = environment_name("scorer_config")
    unknown = [name for name in settings.scorers if name not in factories]
    if unknown:
        named = ", ".join(f"{name!r:.60}{_did_you_mean(name, known)}" for name in unknown)
        raise ScorerSettingsError(
            f"{scorers_name} names unknown scorers: {named}; known scorers: {', '.join(known)}"
        )
    for name, options in settings.scorer_config.items():
        if name not in factories:
            raise ScorerSettingsError(
                f"{config_name}: {name!r:.60} names no scorer{_did_you_mean(name, known)}, so its "
                f"options would be ignored; known scorers: {', '.join(known)}"
            )
        if name not in settings.scorers:
            raise ScorerSettingsError(
                f"{config_name}: {name!r} is not in {scorers_name}, so its options would be "
                f"ignored; add {name!r} to {scorers_name} or remove its entry"
            )
        takes = scorer_options(factories[name])
        if takes is None:
            continue
        for option in options:
            if option not in takes:
                raise ScorerSettingsError(
                    f"{config_name}: the scorer {name!r} has no option {option!r:.60}"
                    f"{_did_you_mean(option, takes)}; its options: {', '.join(takes)}"
                )
    if not settings.scorers and not _premoderates(settings):
        raise ScorerSettingsError(
            f"{scorers_name} is empty: no comment would be scored, so every one would be "
            f"published unread; name the scorers to run (known: {', '.join(known)}), or set "
            f'"premoderate": true in {environment_name("policy_file")} so that every comment '
            "waits for a moderator"
        )


def scorer_options(factory: ScorerFactory) -> list[str] | None:
    """The keyword options a factory takes, in its order; None when it takes any (**kwargs)."""
    parameters = inspect.signature(factory).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    keyword = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p.name for p in parameters if p.kind in keyword]


def _premoderates(settings: Settings) -> bool:
    """Whether the site's policy holds every comment it does not reject."""
    return build_policy((), settings.policy_file).premoderate


def _did_you_mean(word: str, choices: list[str]) -> str:
    """` (did you mean 'links'?)` for a close misspelling, else nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _shown(options: Mapping[str, Any]) -> str:
    """The options as given, cut short: a value may be long."""
    text = repr(dict(options))
    return text if len(text) <= 120 else text[:120] + "…"
