"""Streaming, defused XML reading for exports of any size, with positions in every error.

Elements are dropped from their parent once handled, so memory stays flat however long the
file is. defusedxml refuses DTDs, entity declarations (billion laughs) and external
references before expat would expand them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import iterparse
from tqdm import tqdm

from civility.importers.records import ImportFormatError


def local_name(tag: str) -> str:
    """'{http://disqus.com}post' -> 'post'."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """'{http://wordpress.org/export/1.2/}comment' -> 'http://wordpress.org/export/1.2/'."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def child_text(element: Element, name: str) -> str:
    """The stripped text of the first child with this local name ('' when absent)."""
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def child(element: Element, name: str) -> Element | None:
    """The first child with this local name, if any."""
    return next((c for c in element if local_name(c.tag) == name), None)


def attribute(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (dsq:id, id)."""
    return next((v for k, v in element.attrib.items() if local_name(k) == name), None)


def events(
    source: BinaryIO, *, prune: frozenset[int], root: str, kind: str
) -> Iterator[tuple[str, Element, int]]:
    """(event, element, depth) for every start and end; the root has depth 0.

    A root element other than <`root`> is refused: another platform's export would otherwise
    import as nothing at all, looking like success. `kind` names the expected file for people.
    After the 'end' of an element at a depth in `prune` is yielded, the element is removed
    from its parent: the caller reads what it needs when that 'end' arrives.
    """
    stack: list[Element] = []
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if not stack:
                    _check_root(element, root=root, kind=kind)
                stack.append(element)
                yield event, element, len(stack) - 1
                continue
            stack.pop()
            yield event, element, len(stack)
            if len(stack) in prune:
                stack[-1].remove(element)
    except ImportFormatError:
        raise  # the root check's refusal, as it is
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        message = str(exc).split(":")[0]
        raise ImportFormatError(f"malformed XML at column {column}: {message}", line=line) from exc
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden) as exc:
        raise ImportFormatError(f"refused: the file declares a DTD or entities ({exc})") from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise ImportFormatError(f"refused: the file references external data ({exc})") from exc
    except LookupError as exc:  # expat asks Python for the codec the declaration names
        raise ImportFormatError(
            f"the XML declaration names an encoding that cannot be read ({exc}); "
            "save the file as UTF-8",
            line=1,
        ) from exc
    except ValueError as exc:
        # expat refuses multi-byte codecs (UTF-32...) with a plain ValueError.
        if "encoding" not in str(exc):
            raise
        raise ImportFormatError(
            f"cannot read this encoding ({exc}); save the file as UTF-8"
        ) from exc


def _check_root(element: Element, *, root: str, kind: str) -> None:
    """Refuse a document whose root element is not the one this importer reads."""
    found = local_name(element.tag)
    if found != root:
        raise ImportFormatError(
            f"not {kind}: the root element is <{found}>, where {kind} has <{root}>"
        )


class _CountingReader:
    """A binary file that advances a progress bar by the bytes read."""

    def __init__(self, raw: BinaryIO, bar: Any) -> None:
        self.raw = raw
        self.bar = bar

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.bar.update(len(data))
        return data


@contextmanager
def open_with_progress(path: Path, *, label: str) -> Iterator[BinaryIO]:
    """The file for reading; a progress bar in bytes on stderr when stderr is a terminal."""
    with (
        path.open("rb") as raw,
        tqdm(
            total=os.path.getsize(path),
            unit="B",
            unit_scale=True,
            desc=label,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        ) as bar,
    ):
        yield _CountingReader(raw, bar)  # type: ignore[misc]
