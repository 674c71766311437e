"""The server's access log without secrets: Perspective's clients send their API key as ?key=."""

from __future__ import annotations

import copy
import logging
from typing import Any

from civility.url_secrets import redacted_target

# uvicorn logs each request as (client, method, path and query, HTTP version, status).
_TARGET_ARG = 2


class HiddenQuerySecrets(logging.Filter):
    """Rewrites each access record's path so that keys, tokens and passwords read ***."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record; hide what its query carries."""
        args = record.args
        if isinstance(args, tuple) and len(args) > _TARGET_ARG:
            target = args[_TARGET_ARG]
            if isinstance(target, str):
                hidden = redacted_target(target)
                record.args = (*args[:_TARGET_ARG], hidden, *args[_TARGET_ARG + 1 :])
        return True


def logging_config() -> dict[str, Any]:
    """uvicorn's own logging setup with the filter on its access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["hidden_query_secrets"] = {"()": HiddenQuerySecrets}
    config["handlers"]["access"]["filters"] = ["hidden_query_secrets"]
    return config
