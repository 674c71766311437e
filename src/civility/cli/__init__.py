"""The `civility` command: every subcommand is added here, one line each."""

from __future__ import annotations

import click

from civility import __version__
from civility.cli.create_moderator import create_moderator
from civility.cli.db import db
from civility.cli.demo import demo
from civility.cli.evaluate import evaluate
from civility.cli.export import export
from civility.cli.import_platform import import_group
from civility.cli.import_text import import_text
from civility.cli.keys import keys
from civility.cli.moderate import moderate
from civility.cli.serve import serve
from civility.cli.train import train


@click.group()
@click.version_option(__version__, prog_name="civility")
def main() -> None:
    """Civility: news comments published only when on-topic and not abusive."""


main.add_command(db)
main.add_command(import_text)
main.add_command(moderate)
main.add_command(serve)
main.add_command(demo)
main.add_command(create_moderator)
main.add_command(keys)
main.add_command(import_group)
main.add_command(export)
main.add_command(train)
main.add_command(evaluate)
