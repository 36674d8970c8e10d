"""Evidence linkage of records across lists, for the benchmark's expected ids."""

from __future__ import annotations

import pytest
from bench.evaluation import linkage
from bench.evaluation.textkeys import is_latin, script_of, shares_token

from interdict.model import (
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Name,
    PartialDate,
)


def _entity(
    entity_id: str,
    list_name: str,
    schema: str = "Person",
    *,
    passport: str | None = None,
    born: str | None = None,
    props: dict[str, str] | None = None,
):
    b = EntityBuilder(entity_id, schema, list_name)
    b.add_name(Name(f"Name of {entity_id}"))
    if passport:
        b.add_identifier(Identifier(IdentifierKind.PASSPORT, passport))
    if born:
        b.add_birth_date(PartialDate(born))
    for k, val in (props or {}).items():
        b.add_property(k, val)
    return b.build()


def test_uk_un_reference_links() -> None:
    uk = _entity("uk:AQD0001", "uk", props={"unscId": "QDi.001"})
    un = _entity("un:QDi.001", "un")
    other = _entity("un:QDi.002", "un")
    links = linkage.find_links([uk, un, other])
    assert [(x.a, x.b, x.evidence) for x in links] == [("uk:AQD0001", "un:QDi.001", "unscId")]


def test_unknown_un_reference_does_not_link() -> None:
    uk = _entity("uk:AQD0001", "uk", props={"unscId": "QDi.999"})
    assert linkage.find_links([uk, _entity("un:QDi.001", "un")]) == []


def test_csl_links_to_ofac_by_ofac_id() -> None:
    csl = _entity("us_csl:abc", "us_csl", props={"ofacId": "16418"})
    ofac = _entity("ofac:16418", "ofac_sdn")
    assert [x.evidence for x in linkage.find_links([csl, ofac])] == ["ofacId"]


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        (("A 123-456", "Person", None), ("a123456", "Person", None), True),
        (("A123456", "Person", "1970"), ("A123456", "Person", "1970-05-01"), True),
        (("A123456", "Person", "1970"), ("A123456", "Person", "1971"), False),
        (("A123456", "Person", None), ("A123456", "Organization", None), False),
        (("A123456", "Organization", None), ("A123456", "LegalEntity", None), True),
        (("1234", "Person", None), ("1234", "Person", None), False),  # too short
        (("ABCDEFG", "Person", None), ("ABCDEFG", "Person", None), False),  # no digit
    ],
)
def test_document_links(a: tuple, b: tuple, linked: bool) -> None:
    left = _entity("uk:X1", "uk", a[1], passport=a[0], born=a[2])
    right = _entity("au:1", "au", b[1], passport=b[0], born=b[2])
    evidence = [x.evidence for x in linkage.find_links([left, right])]
    assert evidence == (["document"] if linked else [])


def test_documents_do_not_link_within_one_list() -> None:
    left = _entity("uk:X1", "uk", passport="A123456")
    right = _entity("uk:X2", "uk", passport="A123456")
    assert linkage.find_links([left, right]) == []


def test_over_shared_document_numbers_are_ignored() -> None:
    lists = ["uk", "au", "un", "ofac_sdn", "ofac_cons"]
    holders = [_entity(f"{n}:{i}", n, passport="P1234567") for i, n in enumerate(lists)]
    assert len(holders) > linkage.MAX_DOCUMENT_SHARE
    assert linkage.find_links(holders) == []


def test_csl_documents_are_not_used() -> None:
    left = _entity("us_csl:1", "us_csl", passport="A123456")
    right = _entity("uk:X1", "uk", passport="A123456")
    assert linkage.find_links([left, right]) == []


def test_components_are_transitive_and_include_singletons() -> None:
    links = [linkage.Link("a", "b", "x"), linkage.Link("b", "c", "x"), linkage.Link("q", "z", "x")]
    comps = linkage.components(["a", "b", "c", "d"], links)
    assert comps["a"] == comps["c"] == frozenset({"a", "b", "c"})
    assert comps["d"] == frozenset({"d"})
    assert "q" not in comps


@pytest.mark.parametrize(
    ("list_name", "expected"),
    [("ofac_sdn", "us"), ("ofac_cons", "us"), ("us_csl", "us"), ("uk", "uk"), ("un", "un")],
)
def test_authority(list_name: str, expected: str) -> None:
    assert linkage.authority(list_name) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Ghassem Damavandian", "LATIN"),
        ("Müller-Lüdenscheidt", "LATIN"),
        ("Дмитрий Медведев", "CYRILLIC"),
        ("محمد احمدی", "ARABIC"),
        ("习近平", "CJK"),
        ("김정은", "HANGUL"),
        ("Mohammad Ahmadi (محمد احمدی)", "ARABIC"),
        ("1234", "LATIN"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert linkage is not None
    assert script_of(text) == script
    assert is_latin(text) == (script == "LATIN")


@pytest.mark.parametrize(
    ("name", "others", "shared"),
    [
        ("BANDARABADI, Mohammad Reza Jafari", ["JAFARIBANDARABADI, Mohammadreza"], False),
        ("Abu Ali", ["Ali Hassan"], True),
        ("NATA", ["NATIONAL AEROSPACE TECHNOLOGY ADMINISTRATION"], False),
        ("Дмитрий Медведев", ["Dmitri Medwedew"], False),
        ("Дмитрий Медведев", ["Dmitrij Medvedev"], True),
        ("Al Bo", ["Al Bo"], False),  # words shorter than three letters do not count
    ],
)
def test_shares_token(name: str, others: list[str], shared: bool) -> None:
    assert shares_token(name, others) is shared
