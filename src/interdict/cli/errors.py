"""Mapping interdict errors to exit statuses, in one place.

Exit statuses: 0 success; 1 a screening hit (with ``--fail-on-hit``) or a list that
failed to load; 2 bad input or usage; 3 an operational error (no lists loaded, store
unreachable, download failure).
"""

from __future__ import annotations

from interdict.errors import InputError, InterdictError

EXIT_OK = 0
EXIT_HIT = 1
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OPERATIONAL = 3


def exit_status(error: InterdictError) -> int:
    """The exit status for an error that ended a command."""
    return EXIT_USAGE if isinstance(error, InputError) else EXIT_OPERATIONAL
