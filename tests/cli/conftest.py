from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from interdict.cli.main import cli

Invoke = Callable[..., Result]


@pytest.fixture()
def invoke(tmp_path: Path) -> Invoke:
    """Run the CLI with INTERDICT_HOME in a temporary directory."""
    runner = CliRunner()
    env = {"INTERDICT_HOME": str(tmp_path / "home"), "INTERDICT_DATABASE_URL": ""}

    def run(*args: str) -> Result:
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return run
