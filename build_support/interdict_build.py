"""PEP 517 build backend: setuptools', plus mypy (mypyc) and interdict's own runtime
dependencies in the build environment when ``INTERDICT_COMPILE=1`` asks for the
compiled engine (mypyc type-checks the compiled modules against those libraries).
Without the variable it is setuptools' backend unchanged."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401  (re-exported hooks)
    build_editable,
    build_sdist,
    build_wheel,
    get_requires_for_build_sdist,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

#: What mypyc needs beside the runtime dependencies: mypy itself and the type stubs the
#: development extras bring (the compiled modules' imports reach lxml through the list
#: registry; without its stubs mypy's strict check fails).
COMPILE_REQUIREMENTS = ("mypy>=1.10", "lxml-stubs>=0.5")


def _compile_requires() -> list[str]:
    if os.environ.get("INTERDICT_COMPILE", "") != "1":
        return []
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*COMPILE_REQUIREMENTS, *project["dependencies"]]


# setuptools' own hooks run setup.py to find its requirements, which would import
# mypyc before it is installed: when compiling, the requirements are stated here.


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    extra = _compile_requires()
    if extra:
        return ["wheel", *extra]
    return list(_setuptools.get_requires_for_build_wheel(config_settings))


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    extra = _compile_requires()
    if extra:
        return ["wheel", *extra]
    return list(_setuptools.get_requires_for_build_editable(config_settings))
