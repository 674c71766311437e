"""The site's policy: which score values hold or reject a comment, and how it is versioned."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from civility.domain import ReasonCategory
from civility.ml.examples import HEADS
from civility.unicode_text import is_encodable

# Every score name a scorer of registry.py produces (the abuse heads, `off_topic` and `language`
# from relevance.py, the rest one per rule scorer). The registry is the only way a site
# configures scorers, so a policy file's rule for any other name is a typo that never fires.
KNOWN_SCORES = frozenset(
    {
        "length",
        "links",
        "repetition",
        "shouting",
        "banned_words",
        "suspect_words",
        "off_topic",
        "language",
        *HEADS,
    }
)
# Scores whose category is what they measure: filed under another, off_topic could reject.
FIXED_CATEGORIES = {"off_topic": ReasonCategory.OFF_TOPIC, "language": ReasonCategory.LANGUAGE}
_RULE_FIELDS = ("score", "category", "label", "hold_at", "reject_at")
# A policy file's top-level keys: what `Policy.to_dict` and so `civility learn-policy` write.
# `notes` (where a learnt policy came from) is kept in the file for readers, not applied.
_FILE_KEYS = ("premoderate", "rules", "notes")


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
        """Refuse malformed fields, thresholds that cannot apply, and off-topic rejection."""
        self._check_types()
        self._check_thresholds()
        self._check_category()

    def _check_types(self) -> None:
        """Names and labels are text; thresholds are numbers (JSON true is not 1) or null."""
        if not isinstance(self.score, str) or not self.score:
            raise PolicyError(f"score must be a score name, not {self.score!r:.40}")
        if not isinstance(self.label, str):
            raise PolicyError(f"{self.score}: label must be text, not {self.label!r:.40}")
        if not self.label.isprintable() or not is_encodable(self.label):
            # Readers see the label on every comment it holds: it must be plain, encodable text.
            raise PolicyError(f"{self.score}: label must be plain text, not {self.label!r:.40}")
        if not isinstance(self.category, ReasonCategory):
            raise PolicyError(f"{self.score}: {self.category!r:.40} is not a category")
        for value in (self.hold_at, self.reject_at):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise PolicyError(
                    f"{self.score}: thresholds are numbers or null, not {value!r:.40}"
                )

    def _check_thresholds(self) -> None:
        """Thresholds are probabilities, and a hold line above the reject line never applies."""
        for value in (self.hold_at, self.reject_at):
            if value is not None and not 0.0 <= value <= 1.0:
                raise PolicyError(f"{self.score}: threshold {value!r:.40} is outside [0, 1]")
        hold, reject = self.hold_at, self.reject_at
        if hold is not None and reject is not None and hold > reject:
            raise PolicyError(
                f"{self.score}: hold_at {hold} is above reject_at {reject},"
                " so the hold line would never apply"
            )

    def _check_category(self) -> None:
        """Off-topic never rejects, under whatever category; some scores have one category."""
        off_topic = self.score == "off_topic" or self.category is ReasonCategory.OFF_TOPIC
        if off_topic and self.reject_at is not None:
            raise PolicyError(f"{self.score}: being off-topic alone never rejects a comment")
        fixed = FIXED_CATEGORIES.get(self.score)
        if fixed is not None and self.category is not fixed:
            raise PolicyError(
                f"{self.score}: its category is {fixed.value}, not {self.category.value}"
            )


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
    """Apply a JSON policy file on top of `base`; a bad file fails naming itself and why."""
    try:
        data = _read_object(path)
        _check_keys(data)
        # A rule may also name a score that a scorer built in code ships a rule for.
        known = KNOWN_SCORES | {rule.score for rule in base.rules}
        rules = _unique([_file_rule(item, known) for item in _rule_items(data)])
        premoderate = _premoderate(data, base.premoderate)
    except RecursionError as exc:
        raise PolicyError(f"{path}: JSON nested too deeply") from exc
    except (OSError, ValueError) as exc:  # PolicyError is a ValueError
        raise PolicyError(f"{path}: {exc}") from exc
    return replace(base.with_rules(rules), premoderate=premoderate)


def _read_object(path: Path) -> dict[str, Any]:
    """The file's one JSON object."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PolicyError("a policy file holds one JSON object")
    return data


def _check_keys(data: dict[str, Any]) -> None:
    """Refuse a key the format does not have: a misspelt `premoderate` would silently publish."""
    unknown = sorted(key for key in data if key not in _FILE_KEYS)
    if unknown:
        raise PolicyError(
            f"unknown key{'s' if len(unknown) > 1 else ''}"
            f" {', '.join(repr(key) for key in unknown):.200};"
            f" a policy file has only {', '.join(_FILE_KEYS)}"
        )


def _unique(rules: list[Rule]) -> list[Rule]:
    """Refuse a second rule for one score: it would silently replace the first."""
    seen: set[str] = set()
    for rule in rules:
        if rule.score in seen:
            raise PolicyError(
                f"rules: a second rule for the score {rule.score!r:.60}; give each score one rule"
            )
        seen.add(rule.score)
    return rules


def _rule_items(data: dict[str, Any]) -> list[object]:
    """The file's `rules`: a list, absent meaning none."""
    items = data.get("rules", [])
    if not isinstance(items, list):
        raise PolicyError(f"rules must be a list of rule objects, not {items!r:.40}")
    return items


def _file_rule(item: object, known: frozenset[str]) -> Rule:
    """One entry of a file's `rules`, checked, for a score that some scorer produces."""
    if not isinstance(item, dict):
        raise PolicyError(f"each rule is a JSON object, not {item!r:.40}")
    fields = set(item)
    if not {"score", "category", "label"} <= fields or not fields <= set(_RULE_FIELDS):
        raise PolicyError(
            f"a rule has score, category and label, and may have hold_at and reject_at;"
            f" not {sorted(fields)!r:.200}"
        )
    _check_known(item["score"], known)
    rule = Rule(**{**item, "category": ReasonCategory(item["category"])})
    rule.check()
    return rule


def _check_known(score: object, known: frozenset[str]) -> None:
    """Refuse a score name no scorer produces: a misspelt rule would silently never apply."""
    if not isinstance(score, str) or not score:
        raise PolicyError(f"score must be a score name, not {score!r:.40}")
    if score not in known:
        raise PolicyError(
            f"no scorer produces the score {score!r:.60}, so its rule would never apply;"
            f" known scores: {', '.join(sorted(known))}"
        )


def _premoderate(data: dict[str, Any], default: bool) -> bool:
    """The file's `premoderate`: JSON true or false only, since bool("false") is True."""
    value = data.get("premoderate", default)
    if not isinstance(value, bool):
        raise PolicyError(f"premoderate must be true or false, not {value!r:.40}")
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
