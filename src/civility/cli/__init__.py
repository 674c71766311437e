"""The `civility` command: every subcommand is listed here, one line each, and imported on use."""

from __future__ import annotations

import importlib

import click

from civility import __version__

# name -> "module:attribute". Importing every command would make each call pay for all of them
# (the evaluation's scikit-learn alone is half a second), the batch workers included.
COMMANDS = {
    "db": "civility.cli.db:db",
    "import-text": "civility.cli.import_text:import_text",
    "moderate": "civility.cli.moderate:moderate",
    "serve": "civility.cli.serve:serve",
    "demo": "civility.cli.demo:demo",
    "create-moderator": "civility.cli.create_moderator:create_moderator",
    "moderators": "civility.cli.moderators:moderators_group",
    "authors": "civility.cli.authors:authors_group",
    "articles": "civility.cli.articles:articles_group",
    "keys": "civility.cli.keys:keys",
    "import": "civility.cli.import_platform:import_group",
    "export": "civility.cli.export:export",
    "train": "civility.cli.train:train",
    "evaluate": "civility.cli.evaluate:evaluate",
    "report": "civility.cli.report:report",
    "learn-policy": "civility.cli.learn_policy:learn_policy_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when one is run (or help lists them)."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every subcommand's name, sorted."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The named subcommand, imported now; None for an unknown name."""
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, attribute = self.lazy[cmd_name].split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
        return command


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(__version__, prog_name="civility")
def main() -> None:
    """Civility: news comments published only when on-topic and not abusive."""
