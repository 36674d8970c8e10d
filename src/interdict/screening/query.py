"""What is screened: a :class:`Query` for one party.

A query holds one or more names of the party plus the optional facts that raise or
lower a match: schema, dates of birth, countries, identifiers. :meth:`Query.build`
validates raw user input (CLI options, CSV cells, API fields) and raises
:class:`interdict.errors.QueryError` naming the offending field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from interdict.errors import QueryError
from interdict.model import SCHEMAS, country_code, parse_date

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Longest name accepted, in characters; longer input is refused, not truncated.
MAX_NAME_LENGTH = 1000

#: User-facing party types and the FollowTheMoney schema each maps to.
TYPE_SCHEMAS = {
    "person": "Person",
    "individual": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "entity": "Organization",
    "company": "Company",
    "legalentity": "LegalEntity",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}


@dataclass(frozen=True, slots=True)
class Query:
    """One party to screen.

    ``names`` are non-empty, already trimmed; ``schema`` is a FollowTheMoney schema
    name or ``None`` for any; ``birth_dates`` are ISO prefixes (``"1968"``,
    ``"1968-05"``, ``"1968-05-02"``); ``countries`` are territory codes (``"ir"``) in
    any role (nationality, residence, incorporation); ``identifiers`` are raw numbers
    of any kind (passport, national id, registration, IMO, BIC, ...).
    """

    names: tuple[str, ...]
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    @classmethod
    def build(
        cls,
        names: Iterable[str | None],
        *,
        type: str | None = None,
        birth_dates: Iterable[str | None] = (),
        countries: Iterable[str | None] = (),
        identifiers: Iterable[str | None] = (),
        record: str | None = None,
    ) -> Query:
        """Validate raw input into a query; ``record`` names the input row in errors.

        ``type`` is a user-facing type (``person``, ``organization``, ``company``,
        ``vessel``, ``aircraft``) or a FollowTheMoney schema name; empty means any.
        """
        clean_names: list[str] = []
        for raw in names:
            if raw is None:
                continue
            if _CONTROL.search(raw):
                raise QueryError("name contains control characters", record=record, field="name")
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > MAX_NAME_LENGTH:
                raise QueryError(
                    f"name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}",
                    record=record,
                    field="name",
                )
            if name not in clean_names:
                clean_names.append(name)
        if not clean_names:
            raise QueryError("name is empty", record=record, field="name")
        return cls(
            names=tuple(clean_names),
            schema=parse_type(type, record=record),
            birth_dates=tuple(_dates(birth_dates, record)),
            countries=tuple(_countries(countries, record)),
            identifiers=tuple(
                dict.fromkeys(i.strip() for i in identifiers if i is not None and i.strip())
            ),
        )


def parse_type(value: str | None, *, record: str | None = None) -> str | None:
    """The schema for a user-facing type or schema name; ``None`` for empty."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text in SCHEMAS:
        return text
    schema = TYPE_SCHEMAS.get(text.lower().replace("_", "").replace(" ", ""))
    if schema is None:
        allowed = ", ".join(sorted({"person", "organization", "company", "vessel", "aircraft"}))
        raise QueryError(
            f"unknown type {value!r}; use one of {allowed}", record=record, field="type"
        )
    return schema


def _dates(values: Iterable[str | None], record: str | None) -> list[str]:
    out: list[str] = []
    for raw in values:
        if raw is None or not raw.strip():
            continue
        date = parse_date(raw)
        if date is None:
            raise QueryError(
                f"malformed date {raw!r}; use YYYY, YYYY-MM or YYYY-MM-DD",
                record=record,
                field="birth_date",
            )
        for value in (date.value, date.end):
            if value and value not in out:
                out.append(value)
    return out


def _countries(values: Iterable[str | None], record: str | None) -> list[str]:
    out: list[str] = []
    for raw in values:
        if raw is None or not raw.strip():
            continue
        code = country_code(raw)
        if code is None:
            raise QueryError(f"unknown country {raw!r}", record=record, field="country")
        if code not in out:
            out.append(code)
    return out
