"""Perspective API (commentanalyzer v1alpha1) requests -> Submissions, and Scores -> responses.

Pure translation: no HTTP, no database. The web router parses with `parse_analyze`, scores
with the pipeline and answers with `analyze_response`. Offsets on the wire count UTF-16 code
units (Perspective's contract); Python strings count code points, so they are converted here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from civility.domain import ArticleContext, Score, Submission
from civility.interop.google_errors import PerspectiveError, invalid
from civility.interop.languages import primary_subtag
from civility.unicode_text import is_encodable

MAX_TEXT_BYTES = 20480
SUPPORTED_LANGUAGES = frozenset({"en"})
SCORE_TYPES = frozenset({"PROBABILITY", "SCORE_TYPE_UNSPECIFIED"})
TEXT_TYPES = frozenset({"PLAIN_TEXT", "TEXT_TYPE_UNSPECIFIED"})

# Perspective attribute -> our score name. The *_EXPERIMENTAL names were Perspective's newer
# versions of the same attributes; clients still send them.
ATTRIBUTES: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "INSULT": "insult",
    "THREAT": "threat",
    "IDENTITY_ATTACK": "identity_attack",
    "PROFANITY": "profanity",
    "SPAM": "spam",
    "OFF_TOPIC": "off_topic",
}
ATTRIBUTES |= {
    f"{name}_EXPERIMENTAL": score
    for name, score in ATTRIBUTES.items()
    if name not in {"SPAM", "OFF_TOPIC"}
}
NEEDS_ARTICLE = frozenset({"off_topic"})

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|[.!?]+", re.MULTILINE)


@dataclass(frozen=True)
class RequestedAttribute:
    """One attribute as the client named it, the score behind it, and its options."""

    name: str
    score_name: str
    threshold: float | None = None
    score_type: str = "PROBABILITY"


@dataclass(frozen=True)
class AnalyzeRequest:
    """An AnalyzeCommentRequest, checked: everything the router needs to score and answer."""

    text: str
    attributes: tuple[RequestedAttribute, ...]
    requested_languages: tuple[str, ...]
    article_text: str | None = None
    parent_text: str | None = None
    span_annotations: bool = False
    client_token: str | None = None

    @property
    def score_names(self) -> frozenset[str]:
        """The score names the pipeline must produce for this request."""
        return frozenset(a.score_name for a in self.attributes)


@dataclass(frozen=True)
class SuggestRequest:
    """A SuggestCommentScoreRequest: the scores a client says a text deserves."""

    text: str
    scores: tuple[tuple[str, float], ...]
    requested_languages: tuple[str, ...]
    client_token: str | None = None


def load_body(raw: bytes) -> dict[str, Any]:
    """Decode the JSON body; anything but a JSON object is Google's 'Invalid JSON payload'."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise invalid(f"Invalid JSON payload received. {str(exc)[:200]}") from exc
    if not isinstance(body, dict):
        raise invalid("Invalid JSON payload received. Expected an object.")
    return body


def parse_analyze(
    body: Mapping[str, Any], *, available: Collection[str], detected: Sequence[str] = ()
) -> AnalyzeRequest:
    """Check an AnalyzeCommentRequest; `available` are the score names the pipeline produces."""
    text = _comment_text(body)
    article_text, parent_text = _context(body.get("context"))
    languages = _languages(body.get("languages"))
    drop = body.get("dropUnsupportedAttributes") is True
    attributes = _requested(body.get("requestedAttributes"))
    kept = []
    for attribute in attributes:
        problem = _unsupported(attribute, available, has_article=article_text is not None)
        problem = problem or _language_problem(attribute, languages, detected)
        if problem is None:
            kept.append(attribute)
        elif not drop:
            raise problem
    return AnalyzeRequest(
        text=text,
        attributes=tuple(kept),
        requested_languages=languages,
        article_text=article_text,
        parent_text=parent_text,
        span_annotations=body.get("spanAnnotations") is True,
        client_token=_optional_str(body, "clientToken"),
    )


def parse_suggest(body: Mapping[str, Any]) -> SuggestRequest:
    """Check a SuggestCommentScoreRequest: a text and at least one suggested summary score."""
    text = _storable(_comment_text(body), "comment.text")
    _context(body.get("context"))
    raw_scores = body.get("attributeScores")
    if not isinstance(raw_scores, dict) or not raw_scores:
        raise invalid("Attribute scores must be non-empty.", "NO_REQUESTED_ATTRIBUTES")
    # Names are checked before values: a value's error message quotes its name.
    scores = tuple(
        (_storable(_no_surrogates(name, "attribute_scores"), "attribute_scores"),
         _suggested_value(name, value))
        for name, value in raw_scores.items()
    )  # fmt: skip
    token = _optional_str(body, "clientToken")
    return SuggestRequest(
        text=text,
        scores=scores,
        requested_languages=tuple(
            _storable(v, "languages") for v in _languages(body.get("languages"))
        ),
        client_token=None if token is None else _storable(token, "clientToken"),
    )


def submission_for(request: AnalyzeRequest, text: str | None = None) -> Submission:
    """The Submission the pipeline scores: the comment with its article and parent, if sent."""
    article = None
    if request.article_text is not None:
        article = ArticleContext(title="", body=request.article_text)
    return Submission(
        text=request.text if text is None else text,
        article=article,
        parent_text=request.parent_text,
    )


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Code-point ranges of the sentences of `text`, surrounding whitespace left out."""
    spans = []
    for match in _SENTENCE.finditer(text):
        piece = match.group()
        start = match.start() + (len(piece) - len(piece.lstrip()))
        end = match.end() - (len(piece) - len(piece.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans or [(0, len(text))]


def utf16_offset(text: str, index: int) -> int:
    """A code-point index into `text` as a UTF-16 code-unit index (astral chars count 2)."""
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def analyze_response(
    request: AnalyzeRequest,
    summary: Sequence[Score],
    *,
    detected: Sequence[str],
    spans: Sequence[tuple[tuple[int, int], Sequence[Score]]] = (),
) -> dict[str, Any]:
    """An AnalyzeCommentResponse; `spans` are (code-point range, scores) per sentence."""
    by_name = {score.name: score for score in summary}
    whole = [((0, len(request.text)), summary)]
    attribute_scores = {}
    for attribute in request.attributes:
        value = by_name[attribute.score_name].value
        if attribute.threshold is not None and value < attribute.threshold:
            continue
        attribute_scores[attribute.name] = {
            "summaryScore": {"value": value, "type": attribute.score_type},
            "spanScores": _span_scores(request.text, attribute, spans or whole),
        }
    response: dict[str, Any] = {}
    if attribute_scores:
        response["attributeScores"] = attribute_scores
    response["languages"] = effective_languages(request, detected)
    response["detectedLanguages"] = list(detected)
    if request.client_token is not None:
        response["clientToken"] = request.client_token
    return response


def suggest_response(request: SuggestRequest, *, detected: Sequence[str]) -> dict[str, Any]:
    """A SuggestCommentScoreResponse: the token echoed, with the languages seen."""
    response: dict[str, Any] = {
        "detectedLanguages": list(detected),
        "requestedLanguages": list(request.requested_languages),
    }
    if request.client_token is not None:
        response["clientToken"] = request.client_token
    return response


def effective_languages(request: AnalyzeRequest, detected: Sequence[str]) -> list[str]:
    """The caller's languages if given, else the detected one; English when undetermined."""
    if request.requested_languages:
        return list(request.requested_languages)
    first = detected[0] if detected else "und"
    return ["en"] if first == "und" else [first]


def _span_scores(
    text: str,
    attribute: RequestedAttribute,
    spans: Sequence[tuple[tuple[int, int], Sequence[Score]]],
) -> list[dict[str, Any]]:
    """Per-span scores of one attribute, with UTF-16 begin/end."""
    out = []
    for (start, end), scores in spans:
        value = next(s.value for s in scores if s.name == attribute.score_name)
        out.append(
            {
                "begin": utf16_offset(text, start),
                "end": utf16_offset(text, end),
                "score": {"value": value, "type": attribute.score_type},
            }
        )
    return out


def _comment_text(body: Mapping[str, Any]) -> str:
    """The comment's text, checked for presence, type, encoding and Perspective's byte limit."""
    comment = body.get("comment")
    if comment is None:
        raise invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    text = _text_entry(comment, "comment")
    if not text:
        raise invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise invalid(
            f"Comment text was too many bytes. Value ({size}) exceeded limit ({MAX_TEXT_BYTES}).",
            "COMMENT_TOO_LONG",
        )
    return text


def _text_entry(entry: Any, where: str) -> str:
    """The `text` of a TextEntry ({text, type}); only plain text is supported, like Perspective."""
    if not isinstance(entry, dict):
        raise invalid(f"Invalid JSON payload received. '{where}' must be an object.")
    text = entry.get("text", "")
    if not isinstance(text, str):
        raise invalid(f"Invalid value at '{where}.text': expected a string.")
    kind = entry.get("type", "PLAIN_TEXT")
    if not isinstance(kind, str):
        raise invalid(f"Invalid value at '{where}.type': expected a string.")
    if kind == "HTML":
        raise invalid("Currently, only 'PLAIN_TEXT' comments are supported")
    if kind not in TEXT_TYPES:
        raise invalid("Unknown text type")
    return _no_surrogates(text, f"{where}.text")


def _context(context: Any) -> tuple[str | None, str | None]:
    """(article text, parent text) from `context.entries` or `context.articleAndParentComment`."""
    if context is None:
        return None, None
    if not isinstance(context, dict):
        raise invalid("Invalid JSON payload received. 'context' must be an object.")
    entries, pair = context.get("entries"), context.get("articleAndParentComment")
    if entries and pair:
        raise invalid(
            "Context can have either entries or article_and_parent_comment, "
            "but both fields were populated."
        )
    if entries:
        if not isinstance(entries, list):
            raise invalid("Invalid value at 'context.entries': expected a list.")
        texts = [_text_entry(e, f"context.entries[{i}]") for i, e in enumerate(entries)]
        return "\n\n".join(t for t in texts if t) or None, None
    if pair:
        if not isinstance(pair, dict):
            raise invalid("Invalid value at 'context.articleAndParentComment'.")
        article = pair.get("article")
        parent = pair.get("parentComment")
        article_text = _text_entry(article, "context.article") if article is not None else None
        parent_text = _text_entry(parent, "context.parentComment") if parent is not None else None
        return article_text or None, parent_text or None
    return None, None


def _languages(value: Any) -> tuple[str, ...]:
    """The caller's language codes, as sent."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid("Invalid value at 'languages': expected a list of strings.")
    return tuple(_no_surrogates(v, "languages") for v in value if v.strip())


def _requested(value: Any) -> list[RequestedAttribute]:
    """The requested attributes with their options; at least one is required."""
    if value is None or value == {}:
        raise invalid("No requested attributes specified.", "NO_REQUESTED_ATTRIBUTES")
    if not isinstance(value, dict):
        raise invalid("Invalid value at 'requested_attributes': expected an object.")
    return [
        _attribute(_no_surrogates(name, "requested_attributes"), options)
        for name, options in value.items()
    ]


def _attribute(name: str, options: Any) -> RequestedAttribute:
    """One requested attribute; its score name is '' when we do not know the attribute."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise invalid(f"Invalid value at 'requested_attributes[{name}]': expected an object.")
    score_type = options.get("scoreType") or "PROBABILITY"
    where = f"requested_attributes[{name}].score_type"
    if not isinstance(score_type, str):
        raise invalid(f"Invalid value at '{where}': expected a string.")
    if _no_surrogates(score_type, where) not in SCORE_TYPES:
        raise invalid(f"Requested score type {score_type} is not supported by attribute {name}")
    threshold = options.get("scoreThreshold")
    if threshold is not None and not _is_number(threshold):
        raise invalid(f"Invalid value at 'requested_attributes[{name}].score_threshold'.")
    return RequestedAttribute(
        name=name,
        score_name=ATTRIBUTES.get(name.strip().upper(), ""),
        threshold=None if threshold is None else float(threshold),
        score_type="PROBABILITY",
    )


def _unsupported(
    attribute: RequestedAttribute, available: Collection[str], *, has_article: bool
) -> PerspectiveError | None:
    """Why this attribute cannot be scored here, if it cannot."""
    if not attribute.score_name or attribute.score_name not in available:
        # Also for a known attribute whose scorer is not configured: an honest refusal
        # in Perspective's own words rather than an invented value.
        return invalid(f"Unknown requested attribute: {attribute.name}")
    if attribute.score_name in NEEDS_ARTICLE and not has_article:
        return invalid(
            f"Attribute {attribute.name} needs the article: send its text in context.entries."
        )
    return None


def _language_problem(
    attribute: RequestedAttribute, languages: Sequence[str], detected: Sequence[str]
) -> PerspectiveError | None:
    """Perspective's error when the request's languages are not ones our models read."""
    checked = languages or [lang for lang in detected[:1] if lang != "und"]
    unsupported = [lang for lang in checked if primary_subtag(lang) not in SUPPORTED_LANGUAGES]
    if not unsupported:
        return None
    key = "requestedLanguages" if languages else "detectedLanguages"
    return invalid(
        f"Attribute {attribute.name} does not support request languages: {', '.join(checked)}",
        "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        languageNotSupportedByAttributeError={key: list(checked), "attribute": attribute.name},
    )


def _suggested_value(name: Any, entry: Any) -> float:
    """The summary value a client suggests for one attribute, in [0, 1]."""
    summary = entry.get("summaryScore") if isinstance(entry, dict) else None
    value: Any = summary.get("value") if isinstance(summary, dict) else None
    if not _is_number(value) or not 0.0 <= float(value) <= 1.0:
        raise invalid(f"Invalid value at 'attribute_scores[{name}].summary_score.value'.")
    return float(value)


def _optional_str(body: Mapping[str, Any], key: str) -> str | None:
    """An optional string field, refused when it is another type."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"Invalid value at '{key}': expected a string.")
    return _no_surrogates(value, key)


def _no_surrogates(value: str, where: str) -> str:
    """`value`, refused when it holds a lone surrogate: no UTF-8 answer or database can."""
    # JSON's \ud800 escape decodes to one; echoed back or quoted in an error, it would
    # make the response itself impossible to encode.
    if not is_encodable(value):
        raise invalid(f"Invalid value at '{where}': a lone UTF-16 surrogate is not text.")
    return value


def _storable(value: str, where: str) -> str:
    """`value`, refused when it holds a NUL: suggestions are stored, and PostgreSQL's text
    cannot hold one."""
    if "\x00" in value:
        raise invalid(f"Invalid value at '{where}': a NUL character is not text.")
    return value


def _is_number(value: Any) -> bool:
    """A finite JSON number that fits a float (booleans are not numbers here)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits: no float holds it
        return False
