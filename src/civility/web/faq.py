"""The Comments FAQ, read off the active policy so that readers are told what is enforced."""

from __future__ import annotations

from dataclasses import dataclass

from civility.pipeline.policy import Policy, Rule


@dataclass(frozen=True, slots=True)
class FaqRule:
    """One rule in plain words: what it looks for and from what score it acts."""

    label: str
    category: str
    threshold_percent: int


@dataclass(frozen=True, slots=True)
class Faq:
    """What is refused, what waits for a moderator, and the site-wide settings."""

    rejected: list[FaqRule]
    held: list[FaqRule]
    is_premoderated: bool
    max_chars: int
    notes: dict[str, str]


def _faq_rule(rule: Rule, threshold: float) -> FaqRule:
    """A rule with its category's name and its threshold as a percentage."""
    return FaqRule(rule.label, rule.category.value.replace("_", " "), round(threshold * 100))


def faq_sections(policy: Policy, *, max_chars: int) -> Faq:
    """Every rule of the policy, grouped by what it does to a comment."""
    rejected = [_faq_rule(r, r.reject_at) for r in policy.rules if r.reject_at is not None]
    held = [_faq_rule(r, r.hold_at) for r in policy.rules if r.hold_at is not None]
    return Faq(rejected, held, policy.premoderate, max_chars, dict(policy.notes))
