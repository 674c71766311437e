"""Perspective-compatible endpoints: comments:analyze, comments:suggestscore, discovery.

Coral appends `/comments:analyze` to whatever base URL the admin typed, so any path prefix
is accepted. Routes are plain `def`: scoring is CPU work and runs in the thread pool.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import Engine
from civility.domain import Score
from civility.interop import perspective as wire
from civility.interop.discovery import discovery_document
from civility.interop.google_errors import (
    PerspectiveError,
    bad_api_key,
    missing_api_key,
    quota_exceeded,
    unavailable,
)
from civility.interop.languages import LanguageDetector
from civility.interop.scoring import SubPipelines
from civility.store import api_keys, feedback
from civility.store.models import ApiKey
from civility.web.deps import Ctx
from civility.web.ratelimit import RateLimiter, make_counter, parse_rate

SCOPE = "perspective"
MAX_BODY_BYTES = 256 * 1024


async def raw_body(request: Request) -> bytes:
    """The request body, read before the sync route runs in the thread pool."""
    return await request.body()


class EncodableJSONResponse(JSONResponse):
    """JSON that always encodes: a lone surrogate that slipped through is written escaped."""

    def render(self, content: Any) -> bytes:
        """UTF-8 JSON as JSONResponse writes it, or all-ASCII when UTF-8 cannot hold it."""
        try:
            return super().render(content)
        except UnicodeEncodeError:
            # A 500 would be worse than echoing back the `\ud800` escape the client sent.
            text = json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
            return text.encode("ascii")


class PerspectiveService:
    """What the endpoints share: the engine, a session factory, a language detector, a clock."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        limiter: RateLimiter | None = None,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.clock = clock
        self.limiter = limiter
        self.detector = LanguageDetector()
        self.subsets = SubPipelines(engine.pipeline)

    def check_key(self, session: Session, raw_key: str | None) -> ApiKey:
        """The active 'perspective' key sent, or Perspective's key error."""
        if not raw_key:
            raise missing_api_key()
        key = api_keys.find_active(session, raw_key=raw_key, scope=SCOPE)
        if key is None:
            raise bad_api_key()
        if self.limiter is not None and not self.limiter.allow(f"key:{key.id}"):
            raise quota_exceeded(key.id)
        return key

    def analyze(self, body: dict[str, Any]) -> dict[str, Any]:
        """Score one AnalyzeCommentRequest and answer in Perspective's shape."""
        text = body.get("comment", {}).get("text") if isinstance(body.get("comment"), dict) else ""
        detected = self.detector.detect(text) if isinstance(text, str) and text else ["und"]
        available = self.engine.pipeline.score_names
        request = wire.parse_analyze(body, available=available, detected=detected)
        if not request.attributes:
            return wire.analyze_response(request, [], detected=detected)
        pipeline = self.subsets.for_names(request.score_names)
        summary = pipeline.run(wire.submission_for(request))
        spans: list[tuple[tuple[int, int], list[Score]]] = []
        if request.span_annotations:
            ranges = wire.sentence_spans(request.text)
            batch = [wire.submission_for(request, request.text[a:b]) for a, b in ranges]
            spans = list(zip(ranges, pipeline.run_batch(batch), strict=True))
        _refuse_failed(request.score_names, [summary, *(scores for _, scores in spans)])
        return wire.analyze_response(request, summary, detected=detected, spans=spans)

    def suggest(self, key: ApiKey, body: dict[str, Any]) -> dict[str, Any]:
        """Store a client's suggested scores as moderator feedback, for calibration later."""
        request = wire.parse_suggest(body)
        with self.sessions() as session, session.begin():
            for attribute, value in request.scores:
                feedback.add(
                    session,
                    api_key_id=key.id,
                    text=request.text,
                    attribute=attribute,
                    value=value,
                    client_token=request.client_token,
                    now=self.clock(),
                )
        return wire.suggest_response(request, detected=self.detector.detect(request.text))


def _refuse_failed(names: frozenset[str], results: list[list[Score]]) -> None:
    """A failed or timed-out scorer gets an error, never a made-up score."""
    for scores in results:
        for score in scores:
            if score.failed and score.name in names:
                raise unavailable(score.reason)


_service_lock = threading.Lock()


def get_service(request: Request, ctx: Ctx) -> PerspectiveService:
    """The app's PerspectiveService, built on first use (it loads the language model)."""
    with _service_lock:
        service: PerspectiveService | None = getattr(request.app.state, "perspective", None)
        if service is None:
            settings = ctx.settings
            limiter = RateLimiter(
                "perspective",
                parse_rate(settings.perspective_rate_limit),
                make_counter(settings.redis_url, namespace=settings.site_name),
            )
            service = PerspectiveService(ctx.engine, ctx.sessions, clock=ctx.clock, limiter=limiter)
            request.app.state.perspective = service
    return service


Service = Annotated[PerspectiveService, Depends(get_service)]
RawBody = Annotated[bytes, Depends(raw_body)]
router = APIRouter(tags=["perspective"])


def analyze(request: Request, service: Service, body: RawBody) -> JSONResponse:
    """POST <any prefix>/comments:analyze?key=K: scores in Perspective's format."""
    return _answer(service, request, body, lambda key, data: service.analyze(data))


def suggestscore(request: Request, service: Service, body: RawBody) -> JSONResponse:
    """POST <any prefix>/comments:suggestscore?key=K: stored as feedback for calibration."""
    return _answer(service, request, body, service.suggest)


# Coral appends the operation to whatever endpoint the admin typed: any prefix, or none.
for _prefix in ("", "/{prefix:path}"):
    router.add_api_route(f"{_prefix}/comments:analyze", analyze, methods=["POST"])
    router.add_api_route(f"{_prefix}/comments:suggestscore", suggestscore, methods=["POST"])


@router.get("/$discovery/rest")
def discovery(request: Request) -> JSONResponse:
    """The discovery document Google's clients build a commentanalyzer client from."""
    return JSONResponse(discovery_document(str(request.base_url)))


def sent_key(request: Request) -> str | None:
    """The API key: `?key=`, as Perspective's clients send it, or the X-Goog-Api-Key header,
    which Google's APIs also read and which stays out of access logs."""
    return request.query_params.get("key") or request.headers.get("x-goog-api-key")


def _answer(
    service: PerspectiveService,
    request: Request,
    body: bytes,
    handle: Callable[[ApiKey, dict[str, Any]], dict[str, Any]],
) -> JSONResponse:
    """Check the key (a short transaction: scoring holds no connection), parse, handle."""
    try:
        if len(body) > MAX_BODY_BYTES:
            raise PerspectiveError(
                413, "INVALID_ARGUMENT", f"Request payload size exceeds the limit: {MAX_BODY_BYTES}"
            )
        with service.sessions() as session, session.begin():
            key = service.check_key(session, sent_key(request))
        return EncodableJSONResponse(handle(key, wire.load_body(body)))
    except PerspectiveError as exc:
        return EncodableJSONResponse(exc.envelope(), status_code=exc.code)
