"""The `civility` group: every listed command loads on demand, and scoring loads no trainer."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from civility.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_every_listed_command_loads_under_its_name(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_cli_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listed


def test_cli_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command 'no-such-command'" in result.output


def test_cli_scoring_imports_no_training_library() -> None:
    # Every batch worker imports what scoring needs; scikit-learn costs each one half a second.
    script = (
        "import sys\n"
        "import civility.batch_pool, civility.cli.moderate\n"
        "from civility.cli import main\n"
        "from civility.commenting import build_engine\n"
        "from civility.config import Settings\n"
        "from civility.domain import Submission\n"
        "build_engine(Settings()).pipeline.run_batch([Submission(text='You idiot.')])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'torch'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stderr
