"""Plain text of comment HTML from other platforms: tags dropped, entities decoded, blocks kept."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "tr"}
)
_SKIPPED = frozenset({"script", "style"})


def html_to_text(body: str, *, keep_links: bool = False, keep_scripts: bool = True) -> str:
    """Text of `body`; with keep_links, <a href=U>T</a> becomes the markdown link [T](U).

    keep_scripts keeps the text inside <script> and <style>, as Coral's getHTMLPlainText does
    (Coral's interop reads like Coral); importers turn it off: code is no article or comment.
    """
    if "<" not in body and "&" not in body:
        return body.strip()
    parser = _TextParser(keep_links=keep_links, keep_scripts=keep_scripts)
    parser.feed(body)
    parser.close()
    return "".join(parser.parts).strip()


class _TextParser(HTMLParser):
    """Collects text, turning block boundaries into newlines (as Coral's getHTMLPlainText)."""

    def __init__(self, *, keep_links: bool, keep_scripts: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_links = keep_links
        self.keep_scripts = keep_scripts
        self.parts: list[str] = []
        self._hrefs: list[str | None] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED and not self.keep_scripts:
            self._skipping += 1
        if tag in _BLOCKS and self.parts:
            self.parts.append("\n")
        if tag == "a" and self.keep_links:
            href = dict(attrs).get("href")
            safe = href if href and href.startswith(("http://", "https://")) else None
            self._hrefs.append(safe)
            if safe:
                self.parts.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag == "a" and self._hrefs:
            href = self._hrefs.pop()
            if href:
                self.parts.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
