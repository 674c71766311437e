"""A small markdown subset rendered to HTML that a maintained sanitiser has cleaned."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from civility.interop.html_text import html_to_text

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
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# Links, emphasis, lists, quotes and code; no raw HTML, images, headings or tables.
_MARKDOWN = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "link", "list", "blockquote", "backticks", "fence", "newline"]
)

# Where the rules enabled above can make readers see other words than the text holds: emphasis
# (* _), links ([ ]; the address in parentheses is not shown) and code spans (`) anywhere; quotes
# (>), fences (``` ~~~) and list markers (- + * 1. 1)) opening a line, after blanks. Without any
# of these, rendering changes only blanks (line breaks, indentation) and turns NUL into U+FFFD:
# the words are the same. Enabling another rule (html, entity, escape, strikethrough, linkify)
# must extend these. Line starts are read as rendered: after \r too, without directional controls.
_INLINE_MARKUP = re.compile(r"[*_`\[\]]")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:>|~~~|(?:[-+]|\d{1,9}[.)])(?=[ \t\n]|\Z))", re.MULTILINE)
_NOT_AS_RENDERED = re.compile("[\r\u202a-\u202e\u2066-\u2069]")


def render_comment(text: str) -> str:
    """Markdown subset -> safe HTML: raw HTML is shown as text, links get rel=nofollow.

    Directional formatting characters are left out (see BIDI_CONTROLS), before rendering
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
    return text.translate(BIDI_CONTROLS)


def has_markup(text: str) -> bool:
    """Whether rendering may show readers other words than `text` holds: cheap (a few regexes)."""
    if _INLINE_MARKUP.search(text):
        return True
    if _NOT_AS_RENDERED.search(text):
        text = strip_bidi_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    return _LINE_MARKUP.search(text) is not None


def visible_text(text: str) -> str:
    """The comment as readers see it: render_comment's HTML reduced to its text.

    Markup is gone, entities are decoded, blocks and line breaks become newlines; link
    addresses are not part of it (a reader sees the link's text).
    """
    return html_to_text(render_comment(text))
