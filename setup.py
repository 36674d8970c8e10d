"""Build script. Pure Python by default; with ``INTERDICT_COMPILE=1`` the matching
engine's hot modules (``build_support/compiled_modules.txt``) are also compiled to C
extensions by mypyc: the same source, about a quarter faster (docs/benchmarks.md).
Metadata lives in pyproject.toml."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from setuptools import setup

HERE = Path(__file__).resolve().parent


def compiled_modules() -> list[str]:
    """Paths (under ``src/``) of the modules to compile, from the list file."""
    listing = HERE / "build_support" / "compiled_modules.txt"
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ext_modules() -> list[Any]:
    if os.environ.get("INTERDICT_COMPILE", "") != "1":
        return []
    from mypyc.build import mypycify

    return list(mypycify([f"src/{path}" for path in compiled_modules()], opt_level="3"))


setup(ext_modules=ext_modules())
