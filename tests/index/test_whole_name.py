"""Whole-name keys: exact listed names made of common parts are always retrieved."""

from __future__ import annotations

from interdict.index import CandidateOptions, build_index, find_candidates
from interdict.index.keys import name_keys, whole_name_key
from interdict.model import Entity, EntityBuilder, Name, NameKind
from interdict.names import analyze_name


def _person(entity_id: str, *names: str, kind: NameKind = NameKind.PRIMARY) -> Entity:
    builder = EntityBuilder(entity_id, "Person", "custom")
    for name in names:
        builder.add_name(Name(name, kind=kind) if kind != NameKind.PRIMARY else Name(name))
    return builder.build()


def test_whole_name_key_ignores_order_titles_and_spelling() -> None:
    a = whole_name_key(analyze_name("OMAR, Mohammed", "person"))
    b = whole_name_key(analyze_name("Dr. Muhammad Omar", "person"))
    assert a is not None and a == b
    assert whole_name_key(analyze_name("Omar Khan", "person")) != a
    assert a in name_keys(analyze_name("OMAR, Mohammed", "person"))


def test_exact_name_of_common_parts_is_retrieved_despite_the_cap() -> None:
    # 80 parties share "Abu" and "Akram"; only one is listed as exactly "Abu Akram".
    entities = [_person(f"x:{i}", f"Abu Akram Filler{i:02d}q") for i in range(80)]
    entities.append(_person("x:target", "HANI AL-SAYYID AL-SEBAI YUSIF", "Abu Akram"))
    index = build_index(entities, version="v")
    options = CandidateOptions(limit=5, common_cap=10, rerank=20)
    found = find_candidates(index, [analyze_name("Akram Abu", "person")], options=options)
    assert index.entity(found[0][0]).id == "x:target"


def test_every_exact_holder_is_returned_beyond_the_limit() -> None:
    entities = [_person(f"x:{i}", "Abdul Rahman", f"Other{i:02d}zz Name") for i in range(8)]
    entities += [_person(f"y:{i}", f"Abdul Rahman Extra{i:02d}k") for i in range(30)]
    index = build_index(entities, version="v")
    options = CandidateOptions(limit=4, common_cap=5, rerank=10)
    found = find_candidates(index, [analyze_name("Abdul Rahman", "person")], options=options)
    ids = {index.entity(p).id for p, _ in found}
    assert {f"x:{i}" for i in range(8)} <= ids


def test_bracketed_text_is_also_listed_whole() -> None:
    builder = EntityBuilder("x:1", "Organization", "custom")
    builder.add_name(Name("AL-HARAMAIN (ALBANIA BRANCH)"))
    index = build_index([builder.build()], version="v")
    texts = {n.name.tokens for n in index.names(0)}
    assert ("al", "haramain", "albania", "branch") in texts
    assert ("al", "haramain") in texts


def test_typo_inside_a_short_part_finds_its_neighbour() -> None:
    # "chkng" shares neither its first nor its last three letters with "cheng".
    builder = EntityBuilder("x:1", "Person", "custom")
    builder.add_name(Name("YUN, Cheng"))
    index = build_index([builder.build()], version="v")
    assert "cheng" in index.vocabulary_near("chkng")


def test_whole_name_by_sound_lifts_the_party_above_shared_parts() -> None:
    # Many parties carry both parts among others; one is named by exactly these.
    entities = [_person(f"x:{i}", f"Mohammad Ahmadi Zu{chr(97 + i)}ko") for i in range(26)]
    entities.append(_person("x:target", "Mohammad AHMADI", "Long Alias Name For Tie Breaks"))
    index = build_index(entities, version="v")
    options = CandidateOptions(limit=3, common_cap=10, rerank=20)
    found = find_candidates(index, [analyze_name("محمد احمدی")], options=options)
    assert index.entity(found[0][0]).id == "x:target"
