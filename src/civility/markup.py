"""A small markdown subset rendered to HTML that a maintained sanitiser has cleaned."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Explicit directional formatting: embeddings and overrides (U+202A-U+202E) and isolates
# (U+2066-U+2069). An override shows letters in another order than they are stored
# ("\u202ereggin" displays as a slur), and embeddings and isolates can swap whole runs; the
# word lists drop these invisible characters and read the stored order, so a page that kept
# them could show readers what the lists never saw. Removed from what is rendered, readers see
# the letters in the order they were checked. Arabic, Hebrew and other right-to-left text needs
# none of them: each letter's own direction orders it. Only the placement of punctuation and
# numbers in some mixed-direction sentences can differ; the directional marks (LRM, RLM, ALM),
# which cannot reorder letters, are kept for that.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# Links, emphasis, lists, quotes and code; no raw HTML, images, headings or tables.
_MARKDOWN = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "link", "list", "blockquote", "backticks", "fence", "newline"]
)


def render_comment(text: str) -> str:
    """Markdown subset -> safe HTML: raw HTML is shown as text, links get rel=nofollow.

    Directional formatting characters are left out (see _BIDI_CONTROLS), before rendering
    and after, should a rule ever decode one from an entity.
    """
    html = _MARKDOWN.render(strip_bidi_controls(text))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    )
    return strip_bidi_controls(cleaned)


def strip_bidi_controls(text: str) -> str:
    """The text without directional embeddings, overrides and isolates (U+202A-E, U+2066-9)."""
    return text.translate(_BIDI_CONTROLS)
