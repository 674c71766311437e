"""The 'links' scorer: link farms and self-promotion carry many links."""

from __future__ import annotations

import bisect
import re

from civility.domain import Score, Span, Submission
from civility.pipeline.base import PerComment
from civility.text_cache import remember_short_texts

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


# Links whose address hides where they lead (shorteners) or that open a private chat: in a news
# comment they are how advertising gets past a reader ("Join t.me/cryptokings_vip",
# "learn how: bit.ly/3xWorkN"). Only with a path: "bit.ly" alone is a word about the service.
HIDDEN_RE = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:www\.)?"
    r"(?:bit\.ly|tinyurl\.com|t\.me|wa\.me|goo\.gl|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rb\.gy"
    r"|shorturl\.at|tiny\.cc|rebrand\.ly|chat\.whatsapp\.com)/[\w\-+]+",
    re.IGNORECASE,
)


# What every link contains, searched first: most comments have none, and the full patterns try a
# match at every character (each test below is implied by a branch of the pattern it guards).
_BARE_DOMAIN_END = re.compile(rf"\.(?:{_TLDS})\b", re.IGNORECASE)
_WWW = re.compile(r"www\.", re.IGNORECASE)
_SHORTENER_PATH = re.compile(r"\.(?:ly|com|me|gl|gd|gy|at|cc)/", re.IGNORECASE)


# What a link reads as to the shared encoder (`links_as_words`); no link is shorter.
LINK_WORD = "link"


def find_links(text: str) -> list[re.Match[str]]:
    """Every URL or bare domain in the text, in order."""
    if "://" not in text and not _WWW.search(text) and not _BARE_DOMAIN_END.search(text):
        return []
    return list(LINK_RE.finditer(text))


def find_hidden(text: str) -> list[re.Match[str]]:
    """Every shortened link or private-chat invitation in the text, in order."""
    if not _SHORTENER_PATH.search(text):
        return []
    return list(HIDDEN_RE.finditer(text))


def link_spans(text: str, hidden: list[re.Match[str]] | None = None) -> list[tuple[int, int]]:
    """Where each link is, in order, whichever pattern found it (each link once).

    `hidden`: the text's `find_hidden` matches, where the caller has them already.
    """
    found = [(m.start(), m.end()) for m in find_links(text)]
    hidden = find_hidden(text) if hidden is None else hidden
    # "t.me/x" is no link to LINK_RE, "bit.ly/x" is one already: count and mark each once.
    found += [(m.start(), m.end()) for m in hidden if not _overlaps(found, m)]
    return sorted(found)


# The abuse scorer asks for a comment's reading up to three times (its early pass, the scores,
# the highlighted words): the link search runs once.
@remember_short_texts(max_chars=4096, maxsize=512)
def links_as_words(text: str) -> str:
    """The text with each link written as the word "link", padded with spaces to its length.

    What the shared encoder reads: it learnt address fragments as abuse from tweets that carry
    links ("https://www.youtube.com/watch" alone: `threat` 0.57, `severe_toxicity` 0.54), while
    an address says nothing about a comment's tone or topic that its words do not. The length is
    kept, so every character after a link keeps its offset for the highlighted spans.
    """
    spans = link_spans(text)
    if not spans:
        return text
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(LINK_WORD.ljust(end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _overlaps(spans: list[tuple[int, int]], match: re.Match[str]) -> bool:
    """Whether the match overlaps one of `spans` (sorted, not overlapping each other)."""
    i = bisect.bisect_left(spans, (match.end(), -1))
    return i > 0 and spans[i - 1][1] > match.start()


# What a comment with exactly `max_links` links scores: below the default policy's hold line for
# `links` (0.75), whatever the limit; fewer links score in proportion, and more than the limit 1.
AT_LIMIT = 2 / 3


def _links_value(n: int, max_links: int) -> float:
    """`n` links against the limit: up to `AT_LIMIT` within it, 1 beyond it."""
    if n > max_links:
        return 1.0
    return AT_LIMIT * n / max_links if max_links else 0.0


def make_links(*, max_links: int = 2) -> PerComment:
    """Score the number of links against `max_links`; one more than the limit scores 1."""
    if max_links < 0:
        raise ValueError(f"max_links must be 0 or more, got {max_links}")

    def links(sub: Submission) -> Score:
        """Links counted against the limit, each one marked; a hidden destination scores 1."""
        hidden = find_hidden(sub.text)
        found = link_spans(sub.text, hidden)
        n = len(found)
        spans = tuple(Span(start, end) for start, end in found[:100])
        reason = f"{n} link{'s' if n != 1 else ''} (limit {max_links})"
        if hidden:
            return Score("links", 1.0, f"{reason}; {hidden[0].group()} hides where it leads", spans)
        return Score("links", _links_value(n, max_links), reason, spans)

    return PerComment("links", links)
