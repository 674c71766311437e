"""What every command shares: settings read once, with errors a person can act on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from civility.config import Settings


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment plus command-line overrides; a bad value exits clearly."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        lines = [f"  {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise click.ClickException("invalid settings:\n" + "\n".join(lines)) from exc


# Shared by `train` and `evaluate`: both read the labelled data.
DATASETS_DIR_OPTION = click.option(
    "--datasets-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Labelled data (default: CIVILITY_DATASETS_DIR or ../shared/datasets).",
)
