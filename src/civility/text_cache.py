"""Remember a pure function of a text for recent short texts; long ones are computed each time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def remember_short_texts(
    max_chars: int, maxsize: int
) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """An LRU cache for texts of up to `max_chars`: bounds memory whatever one text's size."""

    def wrap(function: Callable[[str], T]) -> Callable[[str], T]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(text: str) -> T:
            return cached(text) if len(text) <= max_chars else function(text)

        return call

    return wrap
