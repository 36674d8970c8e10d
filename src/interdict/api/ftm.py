"""FollowTheMoney query examples (yente's ``EntityExample``) → interdict :class:`Query`.

The vocabulary (``data/ftm_schemas.json``) lists, for the schemas interdict screens
against (``Thing``, ``LegalEntity``, ``Person``, ``Organization``, ``Company``,
``Vessel``, ``Airplane``), every FollowTheMoney property with its type. It was
generated from followthemoney's model, the vocabulary yente validates against.

Conversion contract (:func:`example_to_query`):

* ``schema`` must be one of those schemas (``Thing`` means any type), else
  :class:`ExampleError` on ``schema``;
* a property the schema does not have is refused (:class:`ExampleError` naming it);
  a property it has but screening does not use (``email``, ``address``, ...) is
  accepted and echoed, like yente does;
* values are strings or numbers (a single value or a list); ``null`` is skipped;
  countries are echoed as territory codes and dates as ISO prefixes, like yente's
  cleaned query echo;
* names come from ``name``, ``alias``, ``previousName``, ``weakAlias`` and
  ``abbreviation``; without any, from ``firstName`` / ``secondName`` /
  ``middleName`` / ``fatherName`` / ``lastName`` joined in that order; at most
  :data:`MAX_NAMES` distinct names per query;
* birth dates from ``birthDate``; every date-typed property must parse;
* countries from every country-typed property (``nationality``, ``citizenship``,
  ``country``, ``jurisdiction``, ``birthCountry``, ``mainCountry``, ``flag``, ...),
  each of which must resolve to a territory;
* identifiers from every identifier-typed property except ``programId``
  and ``wikidataId`` (``idNumber``, ``passportNumber``, ``taxNumber``,
  ``registrationNumber``, ``imoNumber``, ``swiftBic``, ``leiCode``, ...).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from interdict.errors import InputError, QueryError
from interdict.model import country_code, parse_date
from interdict.screening.query import Query

#: The schema that means "any type" in a query.
BASE_SCHEMA = "Thing"
NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "abbreviation")
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
BIRTH_DATE_PROPS = ("birthDate",)
NON_SCREENING_IDENTIFIERS = frozenset({"programId", "wikidataId"})
#: Each schema with the schemas below it in FollowTheMoney's hierarchy (what a
#: search for that schema covers).
SCHEMA_DESCENDANTS = {
    "Thing": frozenset({"LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane"}),
    "LegalEntity": frozenset({"LegalEntity", "Person", "Organization", "Company"}),
    "Organization": frozenset({"Organization", "Company"}),
    "Company": frozenset({"Company"}),
    "Person": frozenset({"Person"}),
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}
#: Values longer than this are refused (a name is at most 1000 characters anyway).
MAX_VALUE_LENGTH = 4000
#: At most this many values per property.
MAX_VALUES = 100
#: At most this many distinct names per query: screening time grows with the number
#: of names (about 2 ms each on the real lists), so a batch must not hide thousands.
MAX_NAMES = 20


class ExampleError(InputError):
    """A query example is invalid; ``field`` is its JSON path (``queries.q1.properties.x``)."""


@cache
def vocabulary() -> Mapping[str, Mapping[str, str]]:
    """Schema → property → FollowTheMoney type name."""
    text = files("interdict.api").joinpath("data/ftm_schemas.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def schema_names() -> tuple[str, ...]:
    return tuple(sorted(vocabulary()))


@dataclass(frozen=True, slots=True)
class ParsedExample:
    """A validated example: the query to screen and the cleaned example to echo."""

    query: Query
    schema: str
    properties: dict[str, list[str]]


def _values(raw: Any, field: str) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_VALUES:
        raise ExampleError(f"more than {MAX_VALUES} values", field=field)
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise ExampleError("values must be strings or numbers", field=field)
        if isinstance(item, float) and not math.isfinite(item):
            raise ExampleError("numbers must be finite", field=field)
        text = " ".join(str(item).split())
        if len(text) > MAX_VALUE_LENGTH:
            raise ExampleError(f"value longer than {MAX_VALUE_LENGTH} characters", field=field)
        if text and text not in out:
            out.append(text)
    return out


def _clean(value: str, kind: str, field: str) -> str:
    """A value in FollowTheMoney's cleaned form: countries as territory codes, dates
    as ISO prefixes (as yente echoes them); other types unchanged."""
    if kind == "date":
        date = parse_date(value)
        if date is None:
            raise ExampleError(
                f"malformed date {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD", field=field
            )
        return date.value if date.end is None else value
    if kind == "country":
        code = country_code(value)
        if code is None:
            raise ExampleError(f"unknown country {value!r}", field=field)
        return code
    return value


def parse_schema(schema: str, *, field: str = "schema") -> str:
    """The schema name if interdict screens that type, else :class:`ExampleError`."""
    if schema not in vocabulary():
        allowed = ", ".join(schema_names())
        raise ExampleError(f"unknown or unsupported schema {schema!r}; use {allowed}", field=field)
    return schema


def example_to_query(schema: str, properties: Mapping[str, Any], *, path: str) -> ParsedExample:
    """Validate one example; ``path`` prefixes field names in errors (``queries.q1``)."""
    parse_schema(schema, field=f"{path}.schema")
    props = vocabulary()[schema]
    cleaned: dict[str, list[str]] = {}
    for prop, raw in properties.items():
        field = f"{path}.properties.{prop}"
        if prop not in props:
            raise ExampleError(f"schema {schema} has no property {prop!r}", field=field)
        values = [_clean(v, props[prop], field) for v in _values(raw, field)]
        if values:
            cleaned[prop] = list(dict.fromkeys(values))

    names = [v for p in NAME_PROPS for v in cleaned.get(p, ())]
    if not names:
        parts = [" ".join(cleaned[p]) for p in NAME_PART_PROPS if p in cleaned]
        if parts:
            names = [" ".join(parts)]
    if not names:
        raise ExampleError(
            "a query needs a name: give name, alias or firstName/lastName",
            field=f"{path}.properties.name",
        )
    names = list(dict.fromkeys(names))
    if len(names) > MAX_NAMES:
        raise ExampleError(
            f"{len(names)} names in one query; the limit is {MAX_NAMES}",
            field=f"{path}.properties.name",
        )
    countries = [v for p, vs in cleaned.items() if props[p] == "country" for v in vs]
    identifiers = [
        v
        for p, vs in cleaned.items()
        if props[p] == "identifier" and p not in NON_SCREENING_IDENTIFIERS
        for v in vs
    ]
    birth_dates = [v for p in BIRTH_DATE_PROPS for v in cleaned.get(p, ())]
    try:
        query = Query.build(
            names,
            type=None if schema == BASE_SCHEMA else schema,
            birth_dates=birth_dates,
            countries=countries,
            identifiers=identifiers,
            record=path,
        )
    except QueryError as exc:
        prop = {"name": "name", "birth_date": "birthDate", "country": "country"}.get(
            exc.field or "", exc.field or "name"
        )
        raise ExampleError(exc.message, field=f"{path}.properties.{prop}") from exc
    return ParsedExample(query=query, schema=schema, properties=cleaned)
