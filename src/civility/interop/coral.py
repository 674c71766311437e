"""Coral's external moderation phase: signature check, request parsing, Decision -> reply.

Coral POSTs its pretty-printed JSON signed as `X-Coral-Signature: sha256=<hex>[,sha256=...]`
(HMAC-SHA256 of the raw body with each active secret). The reply is 204 for "no opinion" or
JSON whose enums Coral validates strictly: one wrong value and it discards the whole reply.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from civility.domain import CommentStatus, Decision, ReasonCategory
from civility.interop.html_text import html_to_text

# Roles Coral never needs us for: its own approveStaff phase runs first, but say so anyway.
STAFF_ROLES = frozenset({"STAFF", "MODERATOR", "ADMIN"})
ACTIONS = frozenset({"NEW", "EDIT"})
_SURROGATE = re.compile("[\ud800-\udfff]")

_FLAGS = {
    ReasonCategory.ABUSE: "COMMENT_DETECTED_TOXIC",
    ReasonCategory.BANNED_WORDS: "COMMENT_DETECTED_TOXIC",
    ReasonCategory.SPAM: "COMMENT_DETECTED_SPAM",
}
_REJECTION_CODES = {
    ReasonCategory.ABUSE: "ABUSIVE",
    ReasonCategory.BANNED_WORDS: "BANNED_WORD",
    ReasonCategory.SPAM: "SPAM",
    ReasonCategory.OFF_TOPIC: "IRRELEVANT_CONTENT",
}


class CoralRequestError(ValueError):
    """A signed request whose body is not Coral's ExternalModerationRequest."""


@dataclass(frozen=True)
class CoralRequest:
    """What we use of Coral's request: the comment, who wrote it, and the story."""

    action: str
    text: str
    author_role: str
    story_url: str | None
    has_parent: bool


def signature_ok(raw_body: bytes, header: str | None, secrets: Sequence[str]) -> bool:
    """Whether any `sha256=` value in the header is the HMAC of the body under any secret."""
    if not header or not secrets:
        return False
    entries = (entry.strip().partition("=") for entry in header.split(","))
    sent = [value for prefix, _, value in entries if prefix == "sha256" and value]
    # A blank secret signs for anyone: settings refuse one, and it is never tried here either.
    for secret in (s for s in secrets if s.strip()):
        expected = sign(raw_body, secret)
        # compare_digest on every candidate: no early exit that leaks timing.
        # As bytes: compare_digest refuses str with non-ASCII characters (a header's Latin-1).
        if any(
            hmac.compare_digest(expected.encode(), candidate.encode("utf-8", "surrogatepass"))
            for candidate in sent
        ):
            return True
    return False


def sign(raw_body: bytes, secret: str) -> str:
    """Coral's signature of a body: lowercase hex HMAC-SHA256 keyed by the whole secret."""
    return hmac.new(secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()


def parse_request(raw_body: bytes) -> CoralRequest:
    """Read Coral's ExternalModerationRequest; the comment body may be HTML or plain text."""
    try:
        data = json.loads(raw_body)
    except (ValueError, RecursionError) as exc:
        raise CoralRequestError(f"body is not JSON: {str(exc)[:200]}") from exc
    comment, author, story = (_object(data, key) for key in ("comment", "author", "story"))
    body = comment.get("body")
    if not isinstance(body, str):
        raise CoralRequestError("comment.body must be a string")
    action = data.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise CoralRequestError(f"action must be NEW or EDIT, not {action!r}")
    role, url = author.get("role"), story.get("url")
    return CoralRequest(
        action=action,
        text=without_surrogates(html_to_text(body)),
        author_role=role if isinstance(role, str) else "",
        story_url=url if isinstance(url, str) and url else None,
        has_parent=bool(comment.get("parentID")),
    )


def without_surrogates(text: str) -> str:
    """`text` without lone UTF-16 surrogates, which no UTF-8 reply or database can hold.

    Dropped, not refused: Coral skips a phase that answers non-2xx, so a 400 would publish
    'nig\\ud800ger' unread. Not replaced by U+FFFD either: the normalizer keeps U+FFFD inside
    the word, hiding it from the blocklist, but skips a surrogate as invisible; dropping it
    has every scorer read the word the blocklist reads.
    """
    return _SURROGATE.sub("", text)


def reply(decision: Decision) -> dict[str, Any] | None:
    """Coral's reply to our decision; None means 204, "no opinion", for a publishable comment.

    Never `status: NONE` for "no opinion": Coral treats any status as final and would skip
    its own pre-moderation phases.
    """
    if decision.status is CommentStatus.PUBLISHED:
        return None
    categories = [reason.category for reason in decision.reasons]
    flags = sorted({_FLAGS[c] for c in categories if c in _FLAGS})
    out: dict[str, Any] = {}
    if flags:
        out["actions"] = [{"actionType": "FLAG", "reason": flag} for flag in flags]
    if decision.status is CommentStatus.HELD:
        out["status"] = "SYSTEM_WITHHELD"
        return out
    code = next((_REJECTION_CODES[c] for c in categories if c in _REJECTION_CODES), "OTHER")
    # Reasons may quote the comment: keep them encodable whatever the comment held.
    explanation = without_surrogates("; ".join(r.text for r in decision.reasons)[:500])
    out["status"] = "REJECTED"
    out["moderationAction"] = {
        "status": "REJECTED",
        "rejectionReason": {"code": code, "detailedExplanation": explanation},
    }
    return out


def _object(data: Any, key: str) -> dict[str, Any]:
    """A required JSON object member of the request."""
    if not isinstance(data, dict):
        raise CoralRequestError("body must be a JSON object")
    value = data.get(key)
    if not isinstance(value, dict):
        raise CoralRequestError(f"'{key}' must be an object")
    return value
