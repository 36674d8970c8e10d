from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from interdict.model import (
    Address,
    Country,
    CountryRole,
    Entity,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    PartialDate,
    Relation,
)


def test_round_trip_keeps_unresolved_country_and_every_value() -> None:
    builder = EntityBuilder("x:1", "Vessel", "test")
    builder.add_name(Name("SEA STAR", NameKind.PRIMARY, record="r1"))
    builder.add_name(Name("Морская звезда", NameKind.ALIAS, record="r2", lang="ru"))
    builder.add_country(Country(None, CountryRole.FLAG, "Unknown Flag Land", "r3"))
    builder.add_identifier(Identifier(IdentifierKind.IMO, "9562233", "r4"))
    builder.add_address(Address("Port Road 1, , Tartus", "r5", city="Tartus", country="sy"))
    builder.add_relation(Relation(None, "owner", "SOME SHIPPING CO", "r6"))
    builder.add_birth_date(PartialDate("1990", "r7", end="1992", circa=True))
    builder.add_property("callSign", "ABCD", "r8")
    entity = builder.build()
    assert Entity.from_dict(entity.to_dict()) == entity
    assert entity.identifiers[0].number == "IMO9562233"
    assert entity.addresses[0].full == "Port Road 1, Tartus"


@given(st.text(min_size=1, max_size=30), st.sampled_from(list(NameKind)))
def test_names_round_trip(text: str, kind: NameKind) -> None:
    builder = EntityBuilder("x:1", "Person", "test")
    builder.add_name(Name(text, kind, record="r"))
    entity = builder.build()
    assert Entity.from_dict(entity.to_dict()) == entity


def test_builder_deduplicates_and_orders_names() -> None:
    builder = EntityBuilder("x:1", "Person", "test")
    builder.add_name(Name("Weak One", NameKind.WEAK_ALIAS))
    builder.add_name(Name("  Main   Name ", NameKind.PRIMARY))
    builder.add_name(Name("main name", NameKind.PRIMARY))
    builder.add_name(Name("   ", NameKind.ALIAS))
    entity = builder.build()
    assert [(n.full, n.kind) for n in entity.names] == [
        ("Main Name", NameKind.PRIMARY),
        ("Weak One", NameKind.WEAK_ALIAS),
    ]
    assert entity.caption == "Main Name"


def test_located_address_adds_the_address_and_its_country() -> None:
    from interdict.model import CountryRole, EntityBuilder

    builder = EntityBuilder("t:1", "Organization", "test")
    full = builder.add_located_address(
        "f:row=1", street="1 Dock Road", city="Tehran", country="Iran"
    )
    assert full == "1 Dock Road, Tehran, Iran"
    assert builder.add_located_address("f:row=2") == ""
    entity = builder.build()
    (address,) = entity.addresses
    assert (address.city, address.country, address.country_text) == ("Tehran", "ir", "Iran")
    assert [(c.code, c.role) for c in entity.countries] == [("ir", CountryRole.COUNTRY)]
