"""Our own discovery document for commentanalyzer v1alpha1, pointing Google's clients at us.

Written from the method list in Google's public API description (not copied from it): the
minimum that google-api-python-client and googleapis' `discoverAPI` need to build a client.
"""

from __future__ import annotations

from typing import Any

from civility import __version__

_QUERY_PARAMETERS = ("key", "alt", "prettyPrint", "fields", "quotaUser", "$.xgafv", "callback")


def discovery_document(root_url: str) -> dict[str, Any]:
    """The document with `rootUrl` set to this server's base URL (ending in '/')."""
    root = root_url if root_url.endswith("/") else root_url + "/"
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": "commentanalyzer:v1alpha1",
        "name": "commentanalyzer",
        "version": "v1alpha1",
        "revision": __version__,
        "title": "Civility (Perspective-compatible comment analyzer)",
        "description": "Scores comments for abuse and relevance, in Perspective API's format.",
        "protocol": "rest",
        "rootUrl": root,
        "servicePath": "",
        "baseUrl": root,
        "batchPath": "batch",
        "parameters": {name: _query_parameter(name) for name in _QUERY_PARAMETERS},
        "schemas": {
            name: {"id": name, "type": "object"}
            for name in (
                "AnalyzeCommentRequest",
                "AnalyzeCommentResponse",
                "SuggestCommentScoreRequest",
                "SuggestCommentScoreResponse",
            )
        },
        "resources": {
            "comments": {
                "methods": {
                    "analyze": _method("analyze", "AnalyzeComment"),
                    "suggestscore": _method("suggestscore", "SuggestCommentScore"),
                }
            }
        },
    }


def _query_parameter(name: str) -> dict[str, str]:
    """A global query parameter every method accepts."""
    kind = "boolean" if name == "prettyPrint" else "string"
    return {"type": kind, "location": "query", "description": f"Standard parameter {name}."}


def _method(verb: str, schema: str) -> dict[str, Any]:
    """One POST method at v1alpha1/comments:<verb>."""
    path = f"v1alpha1/comments:{verb}"
    return {
        "id": f"commentanalyzer.comments.{verb}",
        "path": path,
        "flatPath": path,
        "httpMethod": "POST",
        "parameters": {},
        "parameterOrder": [],
        "request": {"$ref": f"{schema}Request"},
        "response": {"$ref": f"{schema}Response"},
        "description": f"comments:{verb}, as in Perspective API v1alpha1.",
    }
