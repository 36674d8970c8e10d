"""The compiled build (``INTERDICT_COMPILE=1``, setup.py): the list of compiled modules
is sound, and in the compiled half of scripts/test those modules really are the C
extensions (``INTERDICT_EXPECT_COMPILED=1``), not silently the Python source."""

from __future__ import annotations

import importlib
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTING = ROOT / "build_support" / "compiled_modules.txt"


def _listed() -> list[str]:
    lines = LISTING.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def test_every_listed_module_exists_once() -> None:
    listed = _listed()
    assert listed, "no module listed"
    assert len(listed) == len(set(listed))
    for path in listed:
        assert (ROOT / "src" / path).is_file(), path


@pytest.mark.skipif(
    os.environ.get("INTERDICT_EXPECT_COMPILED") != "1",
    reason="pure-Python run (the compiled half of scripts/test sets INTERDICT_EXPECT_COMPILED=1)",
)
@pytest.mark.parametrize("path", _listed())
def test_listed_modules_are_compiled_extensions(path: str) -> None:
    module = importlib.import_module(_module_name(path))
    assert module.__file__ is not None
    assert module.__file__.endswith(tuple(EXTENSION_SUFFIXES)), module.__file__
