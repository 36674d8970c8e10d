"""MT free-text fields: lines joined into one text, and 77B residence countries.

Contract: :func:`join_text` joins a field's lines with single spaces, dropping the
``//`` marker of continuation lines and blank lines; :func:`residences` returns the
country codes of a field 77B's ``/ORDERRES/CC//...`` and ``/BENEFRES/CC//...`` lines
(upper-cased), each located at ``<field path>/<line>``.
"""

from __future__ import annotations

import re

from interdict.payments.model import Located
from interdict.payments.mt_blocks import MtField

_RESIDENCE = re.compile(r"/(?:ORDERRES|BENEFRES)/([A-Za-z]{2})(?:/|$)")


def join_text(lines: tuple[str, ...]) -> str:
    """Free-text lines joined with spaces; ``//`` continuation markers dropped."""
    out = []
    for raw in lines:
        text = raw.strip()
        if text.startswith("//"):
            text = text[2:]
        if text:
            out.append(text)
    return " ".join(out)


def residences(fld: MtField, path: str) -> list[Located]:
    """The country codes of a 77B field's ``/ORDERRES/`` and ``/BENEFRES/`` lines."""
    out: list[Located] = []
    for i, raw in enumerate(fld.lines):
        found = _RESIDENCE.match(raw.strip())
        if found:
            out.append(Located(found.group(1).upper(), f"{path}/{i + 1}", fld.line + i))
    return out
