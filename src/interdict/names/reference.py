"""Reference data for name analysis, read lazily from ``data/*.txt`` (cached).

Files: ``titles.txt`` (phrases dropped from the front of person names),
``particles.txt`` (low-weight name particles), ``legal_forms.txt`` (legal-form
tokens after rigour's org-type rewriting), ``generic_org_words.txt`` (words common
to organisation names of every kind), ``equivalents.txt`` (groups of
equivalent name-part spellings, first entry canonical). Lines starting with ``#``
and blank lines are ignored; entries are normalised tokens.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

#: Longest title phrase, in tokens.
MAX_TITLE_TOKENS = 3


def _lines(filename: str) -> list[str]:
    text = resources.files("interdict.names").joinpath(f"data/{filename}").read_text("utf-8")
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def titles() -> frozenset[tuple[str, ...]]:
    """Title phrases as token tuples."""
    return frozenset(tuple(line.split()) for line in _lines("titles.txt"))


@cache
def particles() -> frozenset[str]:
    return frozenset(_lines("particles.txt"))


@cache
def legal_forms() -> frozenset[str]:
    return frozenset(_lines("legal_forms.txt"))


@cache
def generic_org_words() -> frozenset[str]:
    return frozenset(_lines("generic_org_words.txt"))


@cache
def equivalents() -> dict[str, str]:
    """Token → canonical token of its equivalence group."""
    table: dict[str, str] = {}
    for line in _lines("equivalents.txt"):
        group = line.split()
        for token in group:
            table.setdefault(token, group[0])
    return table


def canonical(token: str) -> str:
    """The canonical spelling of ``token`` (itself when it has no group)."""
    return equivalents().get(token, token)
