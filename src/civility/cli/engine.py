"""The moderation engine for commands: built once, with configuration errors a person can act on."""

from __future__ import annotations

import click

from civility.commenting import Engine, build_engine
from civility.config import Settings


def load_engine(settings: Settings) -> Engine:
    """Build the configured scorers and policy; an unknown scorer or bad policy exits clearly."""
    try:
        return build_engine(settings)
    except (ValueError, TypeError, OSError) as exc:
        raise click.ClickException(f"cannot build the moderation engine: {exc}") from exc
