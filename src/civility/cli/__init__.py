"""The `civility` command: every subcommand is added here, one line each."""

from __future__ import annotations

import click

from civility import __version__
from civility.cli.db import db


@click.group()
@click.version_option(__version__, prog_name="civility")
def main() -> None:
    """Civility: news comments published only when on-topic and not abusive."""


main.add_command(db)
