"""A small markdown subset rendered to HTML that a maintained sanitiser has cleaned."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

# Links, emphasis, lists, quotes and code; no raw HTML, images, headings or tables.
_MARKDOWN = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "link", "list", "blockquote", "backticks", "fence", "newline"]
)


def render_comment(text: str) -> str:
    """Markdown subset -> safe HTML: raw HTML is shown as text, links get rel=nofollow."""
    html = _MARKDOWN.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
    )
