"""The site's policy: which score values hold or reject a comment, and how it is versioned."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from civility.domain import ReasonCategory


class PolicyError(ValueError):
    """A policy file that cannot be enforced as written."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Thresholds for one score: at or above `hold_at` a human decides; `reject_at` refuses."""

    score: str
    category: ReasonCategory
    label: str  # plain words for readers: "abusive or insulting language"
    hold_at: float | None = None
    reject_at: float | None = None

    def check(self) -> None:
        """Refuse thresholds outside [0, 1] and off-topic rejection."""
        for value in (self.hold_at, self.reject_at):
            if value is not None and not 0.0 <= value <= 1.0:
                raise PolicyError(f"{self.score}: threshold {value} is outside [0, 1]")
        if self.category is ReasonCategory.OFF_TOPIC and self.reject_at is not None:
            raise PolicyError(f"{self.score}: being off-topic alone never rejects a comment")


@dataclass(frozen=True, slots=True)
class Policy:
    """Every rule the site enforces. Its version is a hash of its content."""

    rules: tuple[Rule, ...]
    premoderate: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    # Derived once: decide() reads both for every score of every comment.
    version: str = field(init=False, compare=False)
    _by_score: dict[str, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        payload = json.dumps(self.to_dict(), sort_keys=True).encode()
        object.__setattr__(self, "version", "p-" + hashlib.sha256(payload).hexdigest()[:12])
        object.__setattr__(self, "_by_score", {rule.score: rule for rule in self.rules})

    def rule_for(self, score_name: str) -> Rule | None:
        """The rule that applies to a score name, if any."""
        return self._by_score.get(score_name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, the same shape a policy file uses."""
        return {
            "premoderate": self.premoderate,
            "rules": [asdict(rule) for rule in self.rules],
            "notes": dict(self.notes),
        }

    def with_rules(self, rules: list[Rule]) -> Policy:
        """A copy where these rules replace the ones for the same score names."""
        by_name = {rule.score: rule for rule in self.rules}
        by_name.update({rule.score: rule for rule in rules})
        return replace(self, rules=tuple(by_name.values()))


def _rule(score: str, category: ReasonCategory, label: str, **limits: float) -> Rule:
    """Shorthand for the default table below."""
    return Rule(score, category, label, **limits)


R = ReasonCategory
DEFAULT_RULES: tuple[Rule, ...] = (
    _rule("length", R.FORMAT, "too short or too long", hold_at=0.5),
    _rule("links", R.SPAM, "too many links, or a link that hides where it leads", hold_at=0.75),
    _rule("repetition", R.SPAM, "repeated text", hold_at=0.5),
    _rule("shouting", R.FORMAT, "written in capitals", hold_at=0.6),
    _rule("banned_words", R.BANNED_WORDS, "words this site does not allow", reject_at=0.5),
    _rule("suspect_words", R.REVIEW, "words a moderator checks first", hold_at=0.5),
)


def default_policy() -> Policy:
    """The policy for the non-ML scorers; model scorers add calibrated rules on top."""
    for rule in DEFAULT_RULES:
        rule.check()
    return Policy(rules=DEFAULT_RULES)


def load_policy_file(path: Path, base: Policy) -> Policy:
    """Apply a JSON policy file on top of `base`; a bad file fails with its reason."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("a policy file holds one JSON object")
        rules = [
            Rule(**{**item, "category": ReasonCategory(item["category"])})
            for item in data.get("rules", [])
        ]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise PolicyError(f"{path}: {exc}") from exc
    for rule in rules:
        try:
            rule.check()
        except TypeError as exc:  # a threshold written as "0.5": compared with 0.0, it fails
            raise PolicyError(f"{path}: {rule.score}: thresholds are numbers or null") from exc
    policy = base.with_rules(rules)
    return replace(policy, premoderate=_premoderate(path, data, base.premoderate))


def _premoderate(path: Path, data: dict[str, Any], default: bool) -> bool:
    """The file's `premoderate`: JSON true or false only, since bool("false") is True."""
    value = data.get("premoderate", default)
    if not isinstance(value, bool):
        raise PolicyError(f"{path}: premoderate must be true or false, not {value!r}")
    return value


def scorer_rules(scorers: Iterable[object]) -> list[Rule]:
    """Calibrated rules that model scorers ship with (an optional `rules` attribute)."""
    rules: list[Rule] = []
    for scorer in scorers:
        rules.extend(getattr(scorer, "rules", ()))
    return rules


def build_policy(scorers: Iterable[object], policy_file: Path | None = None) -> Policy:
    """Defaults, then the scorers' calibrated rules, then the site's own policy file."""
    policy = default_policy().with_rules(scorer_rules(scorers))
    for rule in policy.rules:
        rule.check()
    return load_policy_file(policy_file, policy) if policy_file else policy
