"""The 'links' scorer: link farms and self-promotion carry many links."""

from __future__ import annotations

import re

from civility.domain import Score, Span, Submission
from civility.pipeline.base import PerComment

# Top-level domains that spam uses and that are not also English words, so that
# "treatment.So" (a missing space) is not a link. A scheme or "www." makes any
# domain a link.
_TLDS = (
    "com|net|org|info|biz|io|ru|cn|de|fr|uk|pk|xyz|top|club|online|site|shop|store|live|"
    "tk|ml|ga|cf|gq|pw|cc|tv|ly|gl|gd|su|ua|pl|nl|br|au|ca|jp|kr|ae|sa|ir|tr|vn|"
    "click|link|loan|win|bid|biz|work|app|dev|news|blog|today|space|website|pro|tel|mobi"
)
LINK_RE = re.compile(
    # A URL ends before trailing punctuation: "see www.x.org, then".
    r"(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
    # A bare domain: up to ten labels, then a known top-level domain, then an
    # optional path. The look-behind keeps the scan linear on long dotted runs.
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.){{1,10}}(?:{_TLDS})\b"
    r"(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)


def find_links(text: str) -> list[re.Match[str]]:
    """Every URL or bare domain in the text, in order."""
    return list(LINK_RE.finditer(text))


def make_links(*, max_links: int = 2) -> PerComment:
    """Score the number of links against `max_links`; one more than the limit scores 1."""
    if max_links < 0:
        raise ValueError(f"max_links must be 0 or more, got {max_links}")

    def links(sub: Submission) -> Score:
        """Links counted against the limit, each one marked."""
        found = find_links(sub.text)
        n = len(found)
        spans = tuple(Span(m.start(), m.end()) for m in found[:100])
        value = min(n / (max_links + 1), 1.0)
        return Score("links", value, f"{n} link{'s' if n != 1 else ''} (limit {max_links})", spans)

    return PerComment("links", links)
