"""The founding example's plain-text format: article, "Published in" line, comments, one a line.

The format, as printed under a news article:

    <article paragraphs, one a line>
    Published in <OUTLET>, <Month> <day>[st|nd|rd|th], <year>.
    COMMENTS (<N>)
    Comments are moderated and generally will be posted if they are on-topic and not abusive.
    For more information, please see our Comments FAQ      (optional notice lines, as written)
    <one comment a line>
    @Name:                                (a line holding only a mention...)
    <comment>                             (...belongs to the next line: a reply to Name)

The file names no title and no comment authors. The title is the article's first sentence,
shortened at a word boundary (callers may pass their own), and the n-th comment's author is
"Reader n". Parsing is pure: nothing here touches a database.

Import keys: "text:<article fingerprint>:<digest>-<k>", the digest of the comment as written
(its text and the name a bare "@Name:" line gives it), k counting identical comments on the
page. Not its position: a page scraped again with a comment added or removed keeps every other
comment's key, so only the new ones are imported. Earlier versions keyed the n-th comment
"text:<fingerprint>:<n>"; `legacy_position` reads those, for the loader to recognise them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from civility.importers.records import ImportedArticle, ImportedComment, ImportFormatError

PUBLISHED_RE = re.compile(
    r"^Published in (?P<outlet>.+), (?P<date>[A-Za-z]+ \d{1,2}\w*, \d{4})\.?$"
)
COMMENTS_RE = re.compile(r"^COMMENTS \((?P<count>\d{1,9})\)$", re.IGNORECASE)
# The outlet's notices under the header, matched whole (case, spacing and a final period
# aside): a reader's comment may well start with the same words.
NOTICES = frozenset(
    {
        "comments are moderated and generally will be posted if they are on-topic and not abusive",
        "for more information, please see our comments faq",
    }
)
MAX_OUTLET = 200  # the articles.outlet column
MENTION = r"@(?P<name>\w[\w .'\-]{0,59}?)\s*:"
BARE_MENTION_RE = re.compile(rf"^{MENTION}$")
INLINE_MENTION_RE = re.compile(rf"^{MENTION}\s")
ORDINAL_RE = re.compile(r"(?<=\d)(st|nd|rd|th)\b")
SENTENCE_RE = re.compile(r"^(.+?[.!?])(?=\s|$)")
TITLE_MAX_CHARS = 120
# One article with its comments; a file far larger than any page is a mistake, not an article.
MAX_FILE_BYTES = 20_000_000
# Comments follow the article by a minute each, so their order survives any sort by time.
COMMENT_SPACING = timedelta(minutes=1)
KEY_PREFIX = "text:"
SOURCE_CHARS = 20
DIGEST_CHARS = 16
# A comment key: the "-k" keeps it apart from an earlier version's "text:<fingerprint>:<n>".
CONTENT_KEY_RE = re.compile(
    rf"{KEY_PREFIX}(?P<source>[0-9a-f]{{{SOURCE_CHARS}}}):[0-9a-f]{{{DIGEST_CHARS}}}-[1-9][0-9]*"
)

Line = tuple[int, str]


def parse_text(data: bytes, *, title: str | None = None) -> ImportedArticle:
    """Parse a whole file; any problem raises ImportFormatError naming the line."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFormatError(f"the file is {len(data):,} bytes (limit {MAX_FILE_BYTES:,})")
    lines = list(_numbered_lines(_decode(data)))
    published_at_index = _find_published(lines)
    paragraphs = [text for _, text in lines[:published_at_index]]
    if not paragraphs:
        raise ImportFormatError("no article paragraphs before this line", line=lines[0][0])
    number, published = lines[published_at_index]
    outlet, published_at = _parse_published(number, published)
    declared, comment_lines = _comments_section(lines[published_at_index + 1 :], after=number)
    body = "\n\n".join(paragraphs)
    source = _source_key(outlet, published_at, body)
    return ImportedArticle(
        title=title.strip() if title and title.strip() else derive_title(paragraphs[0]),
        body=body,
        outlet=outlet,
        published_at=published_at,
        declared_count=declared,
        comments=tuple(_comments(comment_lines, source=source, start=published_at)),
    )


def _decode(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); an invalid byte is reported with its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFormatError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line=line
        ) from exc
    return text.removeprefix("\ufeff")


def _numbered_lines(text: str) -> Iterator[Line]:
    """Non-blank lines with their 1-based numbers; split on \\n only, as a reader counts."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r").strip()
        if "\x00" in line:
            raise ImportFormatError("contains a NUL character", line=number)
        if line:
            yield number, line


def _find_published(lines: list[Line]) -> int:
    """Index of the "Published in OUTLET, DATE." line, which ends the article."""
    if not lines:
        raise ImportFormatError("the file is empty")
    for index, (_, text) in enumerate(lines):
        if PUBLISHED_RE.match(text):
            return index
    near = next((number for number, text in lines if text.startswith("Published in")), None)
    if near is not None:
        _parse_published(near, dict(lines)[near])
    raise ImportFormatError(
        f"no 'Published in OUTLET, DATE.' line after the article (the file ends at line "
        f"{lines[-1][0]}); it looks truncated"
    )


def _parse_published(number: int, text: str) -> tuple[str, datetime]:
    """Outlet and date from "Published in The Express Tribune, October 25th, 2011."."""
    match = PUBLISHED_RE.match(text)
    if match is None:
        raise ImportFormatError(
            "expected 'Published in OUTLET, Month Day, Year.', e.g. "
            "'Published in The Express Tribune, October 25th, 2011.'",
            line=number,
        )
    date_text = ORDINAL_RE.sub("", match["date"])
    try:
        published_at = datetime.strptime(date_text, "%B %d, %Y").replace(tzinfo=UTC)
    except ValueError as exc:
        raise ImportFormatError(f"cannot read the date {match['date']!r}", line=number) from exc
    outlet = match["outlet"].strip()
    if len(outlet) > MAX_OUTLET:
        # No outlet's name is that long: the line has swallowed other text. Refused rather
        # than cut, as the outlet is part of every comment's import key.
        raise ImportFormatError(
            f"the outlet name is {len(outlet)} characters long (limit {MAX_OUTLET})", line=number
        )
    return outlet, published_at


def _comments_section(lines: list[Line], *, after: int) -> tuple[int, list[Line]]:
    """The declared count and the comment lines, past the header and the notice lines."""
    if not lines:
        raise ImportFormatError(
            f"the file ends after line {after}: no 'COMMENTS (N)' section; it looks truncated"
        )
    number, header = lines[0]
    match = COMMENTS_RE.match(header)
    if match is None:
        raise ImportFormatError("expected the 'COMMENTS (N)' header here", line=number)
    rest = lines[1:]
    while rest and _is_notice(rest[0][1]):
        rest = rest[1:]
    return int(match["count"]), rest


def _is_notice(text: str) -> bool:
    """Whether a line is one of the outlet's notices, not a reader's comment."""
    return " ".join(text.split()).rstrip(".").lower() in NOTICES


def _comments(lines: list[Line], *, source: str, start: datetime) -> Iterator[ImportedComment]:
    """One comment a line; a bare "@Name:" line makes the next line a reply to Name."""
    pending: Line | None = None
    position = 0
    seen: Counter[str] = Counter()
    for number, text in lines:
        if BARE_MENTION_RE.match(text):
            if pending is not None:
                raise _dangling(pending)
            pending = (number, text)
            continue
        position += 1
        reply_to = _mention_name(pending[1]) if pending else _inline_mention(text)
        digest = _comment_digest(text, reply_to if pending else None)
        seen[digest] += 1
        yield ImportedComment(
            external_key=f"{KEY_PREFIX}{source}:{digest}-{seen[digest]}",
            text=text,
            author_name=f"Reader {position}",
            created_at=start + position * COMMENT_SPACING,
            line=pending[0] if pending else number,
            reply_to_name=reply_to,
        )
        pending = None
    if pending is not None:
        raise _dangling(pending)


def _dangling(mention: Line) -> ImportFormatError:
    """A bare "@Name:" with no comment after it: the file was cut or mangled."""
    number, text = mention
    return ImportFormatError(f"{text!r} is not followed by the comment it introduces", line=number)


def _mention_name(text: str) -> str:
    """Name from a bare "@Name:" line."""
    match = BARE_MENTION_RE.match(text)
    assert match is not None
    return match["name"].strip()


def _inline_mention(text: str) -> str | None:
    """Name from a comment that opens with "@Name: ...", kept in the text as written."""
    match = INLINE_MENTION_RE.match(text)
    return match["name"].strip() if match else None


def derive_title(first_paragraph: str) -> str:
    """The first sentence, cut at a word boundary so that it fits a headline."""
    match = SENTENCE_RE.match(first_paragraph)
    sentence = match.group(1) if match else first_paragraph
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    cut = sentence[: TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _comment_digest(text: str, bare_mention: str | None) -> str:
    """A fingerprint of one comment as written: its line, and the "@Name:" line before it."""
    payload = f"{bare_mention or ''}\n{text}".encode()  # neither holds a line break
    return hashlib.sha256(payload).hexdigest()[:DIGEST_CHARS]


def key_stem(key: str) -> str | None:
    """The "text:<fingerprint>:" every comment key of one article starts with; None for a key
    this format did not write (or wrote before content keys)."""
    match = CONTENT_KEY_RE.fullmatch(key)
    return f"{KEY_PREFIX}{match['source']}:" if match else None


def legacy_position(key: str, stem: str) -> int | None:
    """n, for the positional key "<stem>n" earlier versions gave the n-th comment; else None."""
    rest = key.removeprefix(stem) if key.startswith(stem) else ""
    return int(rest) if rest.isascii() and rest.isdigit() else None


def _source_key(outlet: str, published_at: datetime, body: str) -> str:
    """A stable fingerprint of the article, the stem of every comment's import key."""
    payload = "\n".join((outlet, published_at.date().isoformat(), body)).encode()
    return hashlib.sha256(payload).hexdigest()[:SOURCE_CHARS]
