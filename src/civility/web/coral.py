"""Coral's external moderation phase: POST /api/v1/coral/moderation.

Configure it in Coral under Admin > Configure > Moderation Phases with this URL and put the
phase's signing secret in CIVILITY_CORAL_SIGNING_SECRETS. Coral skips a phase that answers
non-2xx, so a bad signature's 401 can never publish or reject anything.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException
from sqlalchemy.orm import Session
from starlette.responses import Response

from civility.commenting import article_context
from civility.domain import Submission
from civility.interop import coral
from civility.pipeline.decide import decide
from civility.store import articles
from civility.store.models import Article
from civility.web.deps import Ctx, DbSession
from civility.web.perspective import EncodableJSONResponse, RawBody

router = APIRouter(tags=["coral"])


@router.post("/api/v1/coral/moderation", response_model=None)
def coral_moderation(
    ctx: Ctx,
    session: DbSession,
    body: RawBody,
    x_coral_signature: Annotated[str | None, Header()] = None,
) -> Response:
    """Score a comment Coral is about to publish: 204 no opinion, or 200 with Coral's reply."""
    if not coral.signature_ok(body, x_coral_signature, ctx.settings.coral_signing_secrets):
        raise HTTPException(401, "missing or wrong X-Coral-Signature")
    try:
        request = coral.parse_request(body)
    except coral.CoralRequestError as exc:
        raise HTTPException(400, str(exc)) from exc
    if request.author_role in coral.STAFF_ROLES or not request.text:
        return Response(status_code=204)
    with session.begin():
        article = find_story(session, request.story_url)
        context = article_context(article) if article is not None else None
    submission = Submission(text=request.text, article=context)
    decision = decide(ctx.engine.pipeline.run(submission), ctx.engine.policy)
    answer = coral.reply(decision)
    return Response(status_code=204) if answer is None else EncodableJSONResponse(answer)


def find_story(session: Session, url: str | None) -> Article | None:
    """The article at Coral's story URL, ignoring a query, a fragment or a trailing slash."""
    return articles.find_by_url(session, url)
