"""Decisions in plain words for readers: the category and the rule's label, never scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from civility.domain import Reason, ReasonCategory
from civility.pipeline.policy import Policy

CATEGORY_WORDS: dict[ReasonCategory, str] = {
    ReasonCategory.ABUSE: "abusive or insulting language",
    ReasonCategory.OFF_TOPIC: "it may not be about this article or the conversation",
    ReasonCategory.SPAM: "it looks like advertising or repeated text",
    ReasonCategory.FORMAT: "its length or formatting",
    ReasonCategory.BANNED_WORDS: "words this site does not allow",
    ReasonCategory.AUTHOR: "the standing of the name it was posted under",
    ReasonCategory.REVIEW: "a moderator checks it before it appears",
    ReasonCategory.LANGUAGE: "the language it is written in",
}


@dataclass(frozen=True, slots=True)
class ReaderReason:
    """One reason as an author reads it: a category and a plain-words explanation."""

    category: str
    words: str


def explain(reason: Reason, policy: Policy) -> ReaderReason:
    """The rule's label when the reason came from that rule, else the category's words."""
    rule = policy.rule_for(reason.score_name) if reason.score_name else None
    # A failed scorer gives a REVIEW reason under a score name whose rule means something else.
    if rule is not None and rule.category is reason.category:
        return ReaderReason(reason.category.value, rule.label)
    return ReaderReason(reason.category.value, CATEGORY_WORDS[reason.category])


def reader_reasons(reasons: Iterable[Reason], policy: Policy) -> list[ReaderReason]:
    """Every distinct reason, in the order the policy gave them."""
    seen: dict[ReaderReason, None] = {}
    for reason in reasons:
        seen.setdefault(explain(reason, policy), None)
    return list(seen)


def reasons_from_record(stored: Iterable[Mapping[str, Any]]) -> list[Reason]:
    """Reasons as a moderation record stores them, back as domain objects."""
    return [
        Reason(ReasonCategory(item["category"]), str(item.get("text", "")), item.get("score"))
        for item in stored
    ]
