"""Labelled examples shared by every dataset loader, and the abuse heads they train."""

from __future__ import annotations

from dataclasses import dataclass, field

HEADS: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "insult",
    "threat",
    "identity_attack",
    "profanity",
    "spam",
)
ABUSE_HEADS = HEADS[:-1]


@dataclass(frozen=True, slots=True)
class Example:
    """One text with the heads its dataset labels (soft labels in [0, 1]).

    A head missing from `labels` is unknown for this example and is not trained on it.
    `group` keeps related rows (same article, video or thread) on one side of a split.
    """

    text: str
    source: str
    group: str
    labels: dict[str, float] = field(default_factory=dict)


def clean_labels(**labels: float | None) -> dict[str, float]:
    """Drop unknown heads and refuse labels outside [0, 1] or unknown head names."""
    out: dict[str, float] = {}
    for head, value in labels.items():
        if head not in HEADS:
            raise ValueError(f"unknown head {head!r}")
        if value is None:
            continue
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{head} label {value} is outside [0, 1]")
        out[head] = float(value)
    return out


def not_abusive(**known: float | None) -> dict[str, float]:
    """Labels for a text judged not offensive: zero on every abuse head."""
    return clean_labels(**{**dict.fromkeys(ABUSE_HEADS, 0.0), **known})
