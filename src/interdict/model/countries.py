"""Resolving the country wording of lists to FollowTheMoney territory codes.

Backed by rigour's territory database (names, ISO codes, former names and regions
such as Crimea, in many languages). Results are cached: lists repeat the same few
hundred spellings tens of thousands of times.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import lookup_territory


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The territory code (``"ir"``, ``"ua-cri"``) for a country name or code, else ``None``."""
    if text is None:
        return None
    cleaned = text.strip().strip(".;,")
    if not cleaned or cleaned in {"00", "-", "UNKNOWN", "Unknown", "unknown"}:
        return None
    territory = lookup_territory(cleaned)
    if territory is None:
        return None
    return str(territory.code)
