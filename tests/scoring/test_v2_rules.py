"""interdict-v2's rules, each on constructed entities, against interdict-v1."""

from __future__ import annotations

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import Entity, EntityBuilder, Name, NameKind
from interdict.scoring import prepare_query
from interdict.scoring.algorithms import DEFAULT, V1, V2, Algorithm
from interdict.scoring.scorer import evaluate_entity


def _entity(entity_id: str, schema: str, *names: tuple[str, NameKind]) -> Entity:
    builder = EntityBuilder(entity_id, schema, "custom")
    for text, kind in names:
        builder.add_name(Name(text, kind=kind))
    return builder.build()


P = NameKind.PRIMARY


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    entities = [
        _entity("x:saab", "Person", ("Alex Nain SAAB MORAN", P)),
        _entity("x:kim", "Person", ("Tong-Un KIM", P)),
        _entity("x:dave", "Person", ("PIO ABOGNE DE VERA", P), ("Dave", NameKind.ALIAS)),
        _entity("x:ali", "Person", ("Ali HOSSEINI TASH", P)),
        _entity("x:alb", "Organization", ("AL-HARAMAIN (ALBANIA BRANCH)", P)),
        _entity("x:afg", "Organization", ("AL-HARAMAIN (AFGHANISTAN BRANCH)", P)),
    ]
    # Filler so that IDF tells common parts (Ali) from rare ones.
    for i in range(40):
        entities.append(_entity(f"f:{i}", "Person", (f"Ali Filler{i:02d}q Other{i:02d}w", P)))
    return build_index(entities, version="v")


def _score(index: MatchIndex, entity_id: str, name: str, schema: str | None,
           algorithm: Algorithm) -> float:  # fmt: skip
    position = next(i for i, e in enumerate(index) if e.id == entity_id)
    query = prepare_query((name,), schema)
    return evaluate_entity(index, position, query, algorithm).score


def test_v2_is_the_default_and_v1_stays_selectable() -> None:
    assert DEFAULT is V2
    assert "omitted_factor" not in V1.weights


@pytest.mark.parametrize(
    ("entity_id", "query"),
    [("x:saab", "SAAB, Alex"), ("x:kim", "Tong KIM")],
)
def test_query_leaving_out_middle_names_scores_high(
    index: MatchIndex, entity_id: str, query: str
) -> None:
    before = _score(index, entity_id, query, "Person", V1)
    after = _score(index, entity_id, query, "Person", V2)
    assert after >= before + 0.1
    assert after >= 0.6


def test_common_part_does_not_vouch_for_omitted_parts(index: MatchIndex) -> None:
    assert _score(index, "x:ali", "Ali Hosseini", "Person", V2) < 0.7


def test_lone_given_name_does_not_alert(index: MatchIndex) -> None:
    assert _score(index, "x:dave", "Dave", None, V1) >= 0.7
    assert _score(index, "x:dave", "Dave", None, V2) < 0.7


def test_bracketed_part_tells_branches_apart(index: MatchIndex) -> None:
    query = "AL-HARAMAIN (ALBANIA BRANCH)"
    right = _score(index, "x:alb", query, "Organization", V2)
    wrong = _score(index, "x:afg", query, "Organization", V2)
    assert right > wrong
    assert _score(index, "x:alb", query, "Organization", V1) == pytest.approx(
        _score(index, "x:afg", query, "Organization", V1)
    )


def test_part_aligned_with_a_legal_form_weighs_as_one() -> None:
    from interdict.names import AnalyzedName
    from interdict.scoring.names import compare_names

    query = AnalyzedName("SAI ADVISORS ITC", ("sai", "advisors", "itc"), (0, 0, 0))
    listed = AnalyzedName("SAI ADVISORS INC", ("sai", "advisors", "inc"), (0, 0, 1))
    qw, lw = [8.0, 7.0, 9.0], [8.0, 7.0, 1.0]
    plain = compare_names(query, listed, qw, lw).score
    legal = compare_names(query, listed, qw, lw, legal_alignment=True).score
    assert legal > plain + 0.05
    assert legal > 0.9


def test_generic_words_do_not_carry_an_organisation_match() -> None:
    # A tiny index where "bank" is as rare as any word: IDF alone cannot tell.
    entities = [
        _entity("x:alfa", "Company", ("JOINT STOCK COMPANY ALFA-BANK", P)),
        _entity("x:other", "Company", ("ZETA LOGISTICS", P)),
    ]
    small = build_index(entities, version="v")
    query = "UNICREDIT BANK AO"
    assert (
        _score(small, "x:alfa", query, "Company", V2)
        < _score(small, "x:alfa", query, "Company", V1) * 0.6
    )
    # A distinctive part in common still counts fully.
    assert _score(small, "x:alfa", "ALFA BANK AO", "Company", V2) >= 0.7


@pytest.mark.parametrize(
    ("a", "b", "related"),
    [("elkaddafi", "qadhafi", True), ("alkhatib", "khatib", True), ("albert", "bert", False)],
)
def test_glued_article_set_aside(a: str, b: str, related: bool) -> None:
    from interdict.scoring.tokens import glued_article_similarity, part_similarity

    assert part_similarity(a, b)[0] < 0.8
    assert (glued_article_similarity(a, b)[0] >= 0.8) is related


def test_misspelt_generic_word_weighs_as_that_word() -> None:
    # "group" is common, "alrosa" rare: a misspelt "group" left unaligned must cost
    # what "group" costs, not what a part no one has costs.
    entities = [_entity("x:alrosa", "Company", ("ALROSA", P))]
    entities += [_entity(f"g:{i}", "Company", (f"Name{i:02d}x GROUP", P)) for i in range(30)]
    small = build_index(entities, version="v")
    typo = _score(small, "x:alrosa", "ALROSA YROUP", "Company", V2)
    spelt = _score(small, "x:alrosa", "ALROSA GROUP", "Company", V2)
    # (a spelt "group" left unaligned also counts as a generic word: a little less)
    assert spelt - 0.1 <= typo <= spelt
    assert typo > _score(small, "x:alrosa", "ALROSA YROUP", "Company", V1) + 0.1
    # An unknown part that is no typo of an indexed part keeps the largest weight.
    assert _score(small, "x:alrosa", "ALROSA QWXZV", "Company", V2) < typo - 0.1


def test_listed_name_contained_in_a_longer_query() -> None:
    entities = [_entity("x:jam", "Person", ("Mohammed JAMALEDDINE", P))]
    entities += [
        _entity(f"f:{i}", "Person", (f"Mohammed Filler{i:02d}q Other{i:02d}w", P))
        for i in range(30)
    ]
    small = build_index(entities, version="v")
    query = "JAMALEDDINE, Natheer Ahmed Mohammed"
    contained = _score(small, "x:jam", query, "Person", V2)
    assert contained >= _score(small, "x:jam", query, "Person", V1) + 0.1
    # Only when every listed name part is met: a different family name is no match.
    assert _score(small, "f:1", query, "Person", V2) < 0.5


def test_generic_word_left_out_costs_less() -> None:
    entities = [_entity("x:kat", "Organization", ("KATEHON", P))]
    entities += [_entity(f"c:{i}", "Organization", (f"Name{i:02d}x CENTER", P)) for i in range(30)]
    small = build_index(entities, version="v")
    generic = _score(small, "x:kat", "CENTER KATEHON", "Organization", V2)
    assert generic >= _score(small, "x:kat", "CENTER KATEHON", "Organization", V1) + 0.05
    # A distinctive word left out still costs in full.
    assert _score(small, "x:kat", "ZORBEX KATEHON", "Organization", V2) < generic - 0.1
