"""Google's JSON error envelope, which Perspective clients parse (`error.message`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR_TYPE = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo"


@dataclass
class PerspectiveError(Exception):
    """A request Perspective would refuse, with its HTTP code, status and exact message."""

    code: int
    status: str
    message: str
    details: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message

    def envelope(self) -> dict[str, Any]:
        """The body Google's clients expect: {"error": {code, message, status, details}}."""
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid(message: str, error_type: str = "INVALID_REQUEST", **extra: Any) -> PerspectiveError:
    """A 400 INVALID_ARGUMENT carrying Perspective's own error type in its details."""
    detail = {"@type": ERROR_TYPE, "errorType": error_type, **extra}
    return PerspectiveError(400, "INVALID_ARGUMENT", message, [detail])


def bad_api_key() -> PerspectiveError:
    """The live API's answer to an unknown or revoked key (clients match this text)."""
    detail = {
        "@type": ERROR_INFO_TYPE,
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "commentanalyzer.googleapis.com"},
    }
    return PerspectiveError(
        400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [detail]
    )


def missing_api_key() -> PerspectiveError:
    """Google's answer to a request with no `key` parameter at all."""
    return PerspectiveError(
        403,
        "PERMISSION_DENIED",
        "The request is missing a valid API key.",
        [{"@type": ERROR_INFO_TYPE, "reason": "API_KEY_MISSING", "domain": "googleapis.com"}],
    )


def unavailable(why: str) -> PerspectiveError:
    """A scorer failed or timed out: no score is better than a made-up one."""
    return PerspectiveError(503, "UNAVAILABLE", f"The service is currently unavailable: {why}")


def quota_exceeded(consumer: int) -> PerspectiveError:
    """The live API's answer when a key is over its request quota (clients retry on 429)."""
    metric = "Analysis requests (AnalyzeComment)"
    detail = {
        "@type": ERROR_INFO_TYPE,
        "reason": "RATE_LIMIT_EXCEEDED",
        "domain": "googleapis.com",
        "metadata": {"service": "commentanalyzer.googleapis.com", "quota_metric": metric},
    }
    message = (
        f"Quota exceeded for quota metric '{metric}' and limit '{metric} per minute' of service "
        f"'commentanalyzer.googleapis.com' for consumer 'project_number:{consumer}'."
    )
    return PerspectiveError(429, "RESOURCE_EXHAUSTED", message, [detail])
