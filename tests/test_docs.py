"""README.md documents every setting, scorer and command, and opens with the two commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from civility.cli import main
from civility.config import Settings
from civility.pipeline.registry import _factories

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "civility") -> Iterator[str]:
    """Every command path, e.g. 'civility keys create' (lazily loaded ones included)."""
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_docs_every_setting_is_documented(name: str) -> None:
    assert f"`CIVILITY_{name.upper()}`" in README


def test_docs_every_scorer_is_documented() -> None:
    rows = set(re.findall(r"^\| `([a-z0-9_]+)` \|", README, re.MULTILINE))
    assert sorted(set(_factories()) - rows) == []


@pytest.mark.parametrize("path", list(_commands(main)))
def test_docs_every_command_is_documented(path: str) -> None:
    assert f"`{path}" in README


def test_docs_readme_opens_with_the_two_commands() -> None:
    title, blank, fence, demo, tests, end = README.splitlines()[:6]
    assert (title, blank, fence, end) == ("# Civility", "", "```sh", "```")
    assert demo.endswith(".venv/bin/civility demo")
    assert tests.endswith(".venv/bin/python -m pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
