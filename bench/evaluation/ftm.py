"""Listed entities and queries as FollowTheMoney proxies, for nomenklatura's matchers.

Only the properties a matcher can use are carried: names (``name``, ``alias``,
``weakAlias``, ``previousName``, name parts), ``birthDate``, countries
(``nationality``, ``citizenship``, ``country``, ``jurisdiction``, ``birthCountry``,
``flag``), identifiers (``idNumber``, ``passportNumber``, ``taxNumber``,
``registrationNumber``, ``imoNumber``, ``mmsi``, ``swiftBic``, ``leiCode``, ...) and
``gender``. Values the schema does not accept are skipped quietly (FtM validates).
"""

from __future__ import annotations

from followthemoney import EntityProxy, model

from interdict.model import Entity

MATCH_PROPERTIES = frozenset(
    {
        "name",
        "alias",
        "weakAlias",
        "previousName",
        "firstName",
        "middleName",
        "lastName",
        "birthDate",
        "nationality",
        "citizenship",
        "country",
        "jurisdiction",
        "birthCountry",
        "flag",
        "idNumber",
        "passportNumber",
        "taxNumber",
        "registrationNumber",
        "imoNumber",
        "mmsi",
        "swiftBic",
        "leiCode",
        "cryptoWallet",
        "serialNumber",
        "gender",
    }
)
QUERY_SCHEMAS = {
    "person": "Person",
    "organization": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "LegalEntity",
}


def entity_proxy(entity: Entity) -> EntityProxy:
    """The listed entity as a proxy of its own schema with the matching properties."""
    proxy = model.make_entity(entity.schema)
    proxy.id = entity.id
    for prop, values in entity.ftm_properties().items():
        if prop in MATCH_PROPERTIES and prop in proxy.schema.properties:
            proxy.add(prop, values, quiet=True)
    return proxy


def query_proxy(row_id: str, name: str, type_: str, birth_date: str, country: str) -> EntityProxy:
    """A screening query as a proxy: ``Person``/``Organization``/... by type, else
    ``LegalEntity``; ``birthDate`` for persons; ``country`` for any."""
    proxy = model.make_entity(QUERY_SCHEMAS.get(type_, "LegalEntity"))
    proxy.id = f"query-{row_id}"
    proxy.add("name", name, quiet=True)
    if birth_date and "birthDate" in proxy.schema.properties:
        proxy.add("birthDate", birth_date, quiet=True)
    if country:
        proxy.add("country", country, quiet=True)
    return proxy
