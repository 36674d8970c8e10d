"""Country codes for the wordier country cells of spreadsheet lists.

:func:`resolve_country` tries :func:`interdict.model.country_code` on the text as
written, then on a few rewritings lists need, in this order:

1. the country named after "now" / "currently" (``"Former USSR (now Belarus)"`` → by);
2. a parenthesised qualifier moved in front (``"Congo (Democratic Republic)"`` →
   "Democratic Republic of the Congo" → cd);
3. the text without its parenthesised remark (``"Iraq (previous address)"`` → iq);
4. the text without a leading "Occupied"/"Possibly"/"Former" (``"Occupied Palestinian
   Territories"`` → ps).

It returns ``None`` when none of them names a territory (the caller keeps the text).
"""

from __future__ import annotations

import re
from functools import lru_cache

from interdict.model import country_code

_NOW = re.compile(r"\b(?:now|currently)\s+(?:the\s+)?([^()]+)", re.IGNORECASE)
_QUALIFIED = re.compile(r"^\s*([^()]+?)\s*\(([^()]+)\)\s*\.?\s*$")
_PREFIX = re.compile(r"^\s*(?:occupied|possibly|former|formerly)\s+", re.IGNORECASE)


@lru_cache(maxsize=2048)
def resolve_country(text: str) -> str | None:
    """The territory code of a country cell, else ``None`` (see the module docstring)."""
    code = country_code(text)
    if code is not None:
        return code
    candidates: list[str] = []
    if now := _NOW.search(text):
        candidates.append(now.group(1).strip(" .,;"))
    if qualified := _QUALIFIED.match(text):
        place, qualifier = qualified.group(1), qualified.group(2)
        candidates += [f"{qualifier} of the {place}", f"{qualifier} of {place}", place]
    if _PREFIX.match(text):
        candidates.append(_PREFIX.sub("", text))
    for candidate in candidates:
        code = country_code(candidate)
        if code is not None:
            return code
    return None
