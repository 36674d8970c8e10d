"""Docs cannot drift: every command, option and setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from interdict.cli.main import cli
from interdict.settings import ENVIRONMENT

ROOT = Path(__file__).parent.parent
DOCS = "\n".join(p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(commands(command, prefix=f"{path} "))
    return found


@pytest.mark.parametrize(("path", "command"), commands(cli), ids=lambda x: str(x))
def test_every_command_and_option_is_documented(path: str, command: click.Command) -> None:
    assert f"interdict {path}" in DOCS or f"`{path.split()[-1]}" in DOCS, path
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in DOCS, f"{path} {longest} is not documented"


@pytest.mark.parametrize("variable", sorted(ENVIRONMENT))
def test_every_setting_is_documented(variable: str) -> None:
    assert variable in DOCS


def test_every_api_environment_variable_is_documented() -> None:
    source = (ROOT / "src" / "interdict" / "cli" / "api_commands.py").read_text()
    for variable in re.findall(r'envvar="(INTERDICT_[A-Z_]+)"', source):
        assert variable in DOCS, variable
