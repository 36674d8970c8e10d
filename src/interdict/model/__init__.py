"""The normalised entity model shared by every layer of interdict."""

from interdict.model.countries import country_code
from interdict.model.dates import parse_date
from interdict.model.entity import SCHEMAS, Entity, EntityBuilder
from interdict.model.values import (
    Address,
    Country,
    CountryRole,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    PartialDate,
    Relation,
    Value,
)

__all__ = [
    "SCHEMAS",
    "Address",
    "Country",
    "CountryRole",
    "Entity",
    "EntityBuilder",
    "Identifier",
    "IdentifierKind",
    "Name",
    "NameKind",
    "PartialDate",
    "Relation",
    "Value",
    "country_code",
    "parse_date",
]
