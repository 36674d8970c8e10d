"""Resolving the wordier country cells of spreadsheet lists."""

from __future__ import annotations

import pytest

from interdict.sources.country_text import resolve_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iran", "ir"),
        ("Congo (Democratic Republic)", "cd"),
        ("Congo (Democratic Republic).", "cd"),
        ("Congo", "cg"),
        ("Occupied Palestinian Territories", "ps"),
        ("Ukrainian SSR (now Ukraine)", "ua"),
        ("Former USSR Currently Belarus", "by"),
        ("Moldovan SSR (now Republic of Moldova)", "md"),
        ("Iraq (previous address)", "iq"),
        ("Possibly Ethiopian", "et"),
        ("Nowhere Land", None),
        ("", None),
    ],
)
def test_resolve_country(text: str, code: str | None) -> None:
    assert resolve_country(text) == code
