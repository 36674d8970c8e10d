"""Writing results: JSON to stdout, tables through rich, messages to stderr."""

from __future__ import annotations

import sys
from typing import Any

import orjson
from rich.console import Console


def stdout_console() -> Console:
    return Console(soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True)


def print_json(data: Any) -> None:
    """One JSON document on stdout (UTF-8, indented)."""
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    sys.stdout.write("\n")
    sys.stdout.flush()


def json_line(data: Any) -> bytes:
    """One compact JSON line (JSON Lines output)."""
    return orjson.dumps(data) + b"\n"
