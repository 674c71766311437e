"""The batch contract of `civility moderate`: one JSON line in, one JSON line out.

Input line:  {"id": "c1", "text": "...", "article": {"title": "...", "body": "..."},
              "parent": {"text": "..."}}          (article and parent are optional)
Output line: {"id": "c1", "decision": "publish|hold|reject", "scores": {...}, "reasons": [...]}
             or {"id": "c1", "line": 3, "error": "..."} when the input line is malformed.
Pure functions: the command does the reading, the batching and the writing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from civility.domain import ArticleContext, CommentStatus, Decision, Submission
from civility.unicode_text import is_encodable

MAX_LINE_BYTES = 1_000_000
DECISION_WORDS = {
    CommentStatus.PUBLISHED: "publish",
    CommentStatus.HELD: "hold",
    CommentStatus.REJECTED: "reject",
}

ItemId = str | int | None


class _Article(BaseModel):
    """The article a comment was written under."""

    model_config = ConfigDict(strict=True, extra="ignore")
    title: str = ""
    body: str = ""


class _Parent(BaseModel):
    """The comment replied to."""

    model_config = ConfigDict(strict=True, extra="ignore")
    text: str


class _Line(BaseModel):
    """One input line; unknown keys (labels, metadata) are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore")
    id: str | int | None = None
    text: str
    article: _Article | None = None
    parent: _Parent | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A well-formed input line, ready to score."""

    line: int
    id: ItemId
    submission: Submission


@dataclass(frozen=True, slots=True)
class LineError:
    """A malformed input line: its number, its id when readable, and what is wrong."""

    line: int
    id: ItemId
    message: str


def parse_line(raw: bytes, line: int) -> Item | LineError:
    """Read one input line; anything wrong becomes a LineError, never an exception."""
    if len(raw) > MAX_LINE_BYTES:
        return LineError(line, None, f"line is {len(raw)} bytes (limit {MAX_LINE_BYTES})")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return LineError(line, None, f"not valid UTF-8 at byte {exc.start}")
    except (ValueError, RecursionError) as exc:
        return LineError(line, None, f"not valid JSON: {str(exc)[:200]}")
    if not isinstance(data, dict):
        return LineError(line, None, f"expected a JSON object, got {type(data).__name__}")
    return _validate(data, line)


def _validate(data: dict[str, Any], line: int) -> Item | LineError:
    """Check the fields of a JSON object and build the Submission."""
    raw_id = data.get("id")
    item_id = raw_id if type(raw_id) in (str, int) else None
    if isinstance(item_id, str) and not is_encodable(item_id):
        # Echoed back, such an id would make the output line unwritable: report it unread.
        return LineError(line, None, "id contains an unpaired surrogate (\\ud800-\\udfff)")
    try:
        parsed = _Line.model_validate(data)
    except ValidationError as exc:
        return LineError(line, item_id, _describe(exc))
    texts = [parsed.text, *(t for t in _context_texts(parsed))]
    if any(not is_encodable(text) for text in texts):
        return LineError(line, item_id, "text contains an unpaired surrogate (\\ud800-\\udfff)")
    return Item(line, parsed.id, _submission(parsed))


def _context_texts(parsed: _Line) -> list[str]:
    """The article and parent texts, checked like the comment's own."""
    article = [parsed.article.title, parsed.article.body] if parsed.article else []
    return article + ([parsed.parent.text] if parsed.parent else [])


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors as one line: `text: Field required; id: ...`."""
    parts = [f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()]
    return "; ".join(parts)


def _submission(parsed: _Line) -> Submission:
    """The pipeline's view of a line."""
    article = ArticleContext(parsed.article.title, parsed.article.body) if parsed.article else None
    return Submission(
        text=parsed.text,
        article=article,
        parent_text=parsed.parent.text if parsed.parent else None,
    )


def result_line(item_id: ItemId, decision: Decision, score_names: Sequence[str]) -> dict[str, Any]:
    """The output for one comment: every score name the pipeline produces, always.

    A scorer that failed reports null for its scores, and the decision is hold.
    """
    values: dict[str, float | None] = {name: None for name in score_names}
    for score in decision.scores:
        values[score.name] = None if score.failed else printed_score(score.value)
    return {
        "id": item_id,
        "decision": DECISION_WORDS[decision.status],
        "scores": values,
        "reasons": [reason.text for reason in decision.reasons],
    }


def printed_score(value: float) -> float:
    """A score cut (not rounded) to six decimals, so a printed score is never above the one the
    decision read: 0.4999996 published under a 0.5 line prints 0.499999, not 0.5."""
    # The nudge keeps 0.123456 (stored as 0.1234559999...) from printing as 0.123455.
    return min(value, math.floor(value * 1_000_000 + 1e-6) / 1_000_000)


def error_line(error: LineError) -> dict[str, Any]:
    """The output for a malformed input line."""
    return {"id": error.id, "line": error.line, "error": error.message}


def output_text(out: dict[str, Any]) -> str:
    """One output line as JSON; always encodable as UTF-8, whatever a string in it holds."""
    text = json.dumps(out, ensure_ascii=False)
    # Input is checked for lone surrogates, but an output line must never be what stops a run:
    # escaped, a surrogate that slipped through still writes, as JSON readers accept it.
    return text if is_encodable(text) else json.dumps(out)
