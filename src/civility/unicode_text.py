"""Whether a str is text that UTF-8, and so every output file, page and database, can hold."""

from __future__ import annotations


def is_encodable(text: str) -> bool:
    """False when `text` holds a lone UTF-16 surrogate (JSON's `\\ud800` escape decodes to one)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
