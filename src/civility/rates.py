"""Rates as settings write them ('10/minute'): parsed here, where settings and limiters meet."""

from __future__ import annotations

import re
from dataclasses import dataclass

PERIODS_S = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*$")


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `count` hits per `period_s` seconds."""

    count: int
    period_s: int


def parse_rate(text: str) -> Rate:
    """'10/minute' -> Rate(10, 60); anything else fails with the accepted forms."""
    match = _RATE_RE.match(text)
    if match is None:
        periods = ", ".join(PERIODS_S)
        raise ValueError(f"rate {text!r} must look like COUNT/PERIOD, PERIOD one of {periods}")
    return Rate(int(match.group(1)), PERIODS_S[match.group(2)])
