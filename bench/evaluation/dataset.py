"""The labelled query set: cross-authority, held-out, original-script, variants, negatives.

Every selection is random with a fixed seed (no hand-picked example) and capped per
category. Expected ids of a positive query are the linked component of the entity the
query comes from (:mod:`bench.evaluation.linkage`), except ``cross_authority_strict``
whose expected ids are only the component's records published by *other*
authorities.

Queries run against one of three indexes, named in the ``index`` column:

* ``main``: every listed entity;
* ``heldout_alias``: for each sampled entity the chosen alias is removed from every
  record of its component (any name with the same :func:`name_key`), so it cannot be
  found verbatim;
* ``heldout_script``: for each sampled entity every non-Latin-script name is removed
  from every record of its component.

The CSV written by :func:`write_csv` has the columns of ``interdict evaluate``
(``id,name,type,birth_date,country,expected,category``) plus ``index``, ``source_id``,
``source_name`` and ``detail``; ``interdict evaluate`` ignores the extra columns but
screens everything against the full index, so its figures for the held-out
categories are optimistic.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.evaluation.linkage import authority, components, find_links
from bench.evaluation.negatives import Negative
from bench.evaluation.textkeys import is_latin, name_key, script_of, shares_token
from bench.evaluation.variants import FAMILIES, Family
from interdict.model import CountryRole, Entity, Name, NameKind

MAIN, HELDOUT_ALIAS, HELDOUT_SCRIPT = "main", "heldout_alias", "heldout_script"
CSV_COLUMNS = (
    "id",
    "name",
    "type",
    "birth_date",
    "country",
    "expected",
    "category",
    "index",
    "source_id",
    "source_name",
    "detail",
)
TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
QUERY_NAME_KINDS = frozenset({NameKind.PRIMARY, NameKind.ALIAS, NameKind.PREVIOUS})
_COUNTRY_ROLES = (
    CountryRole.NATIONALITY,
    CountryRole.CITIZENSHIP,
    CountryRole.JURISDICTION,
    CountryRole.COUNTRY,
)
FACT_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class EvalQuery:
    """One labelled query (a CSV row)."""

    id: str
    name: str
    type: str
    birth_date: str
    country: str
    expected: tuple[str, ...]
    category: str
    index: str = MAIN
    source_id: str = ""
    source_name: str = ""
    detail: str = ""

    def row(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "birth_date": self.birth_date,
            "country": self.country,
            "expected": "|".join(self.expected),
            "category": self.category,
            "index": self.index,
            "source_id": self.source_id,
            "source_name": self.source_name,
            "detail": self.detail,
        }


class Universe:
    """The listed entities with their evidence-linked components and name keys."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        self.by_id = {e.id: e for e in self.entities}
        self.component = components(self.by_id, find_links(self.entities))
        owners: defaultdict[str, set[str]] = defaultdict(set)
        for entity in self.entities:
            for name in entity.names:
                owners[name_key(name.full)].add(entity.id)
        self.key_owners: Mapping[str, set[str]] = owners

    def expected(self, entity_id: str) -> tuple[str, ...]:
        return tuple(sorted(self.component[entity_id]))

    def unique_components(self) -> list[frozenset[str]]:
        """Every component once, in a deterministic order."""
        seen: dict[frozenset[str], None] = {}
        for entity in self.entities:
            seen.setdefault(self.component[entity.id])
        return list(seen)

    def ambiguous(self, text: str, entity_id: str) -> bool:
        """Whether ``text`` is, verbatim, a name of a party outside the entity's component."""
        return bool(self.key_owners.get(name_key(text), set()) - self.component[entity_id])


def query_names(entity: Entity) -> list[Name]:
    """Names usable as a Latin-script query: primary, strong alias, previous name."""
    return [
        n
        for n in entity.names
        if n.kind in QUERY_NAME_KINDS and is_latin(n.full) and sum(c.isalnum() for c in n.full) > 2
    ]


def customer_facts(entity: Entity, rng: random.Random) -> tuple[str, str]:
    """A date of birth and a country as a customer record would hold them, each
    given in :data:`FACT_SHARE` of the cases when the list has one."""
    birth = ""
    dates = [d.value for d in entity.birth_dates if not d.end]
    if dates and rng.random() < FACT_SHARE:
        birth = rng.choice(dates)
    country = ""
    codes = [
        c.code
        for role in _COUNTRY_ROLES
        for c in entity.countries
        if c.role is role and c.code and len(c.code) == 2
    ]
    if codes and rng.random() < FACT_SHARE:
        country = codes[0]
    return birth, country


def _positive(
    universe: Universe,
    entity: Entity,
    name: str,
    category: str,
    rng: random.Random,
    *,
    index: str = MAIN,
    expected: Iterable[str] | None = None,
    source_name: str = "",
    detail: str = "",
) -> EvalQuery:
    birth, country = customer_facts(entity, rng)
    return EvalQuery(
        id="",
        name=name,
        type=TYPES.get(entity.schema, ""),
        birth_date=birth,
        country=country,
        expected=tuple(sorted(expected)) if expected is not None else universe.expected(entity.id),
        category=category,
        index=index,
        source_id=entity.id,
        source_name=source_name or name,
        detail=detail,
    )


def round_robin(groups: Mapping[str, Sequence[EvalQuery]], cap: int) -> list[EvalQuery]:
    """Take one item per group in turn (groups in sorted order) until ``cap``."""
    out: list[EvalQuery] = []
    iters = {k: iter(groups[k]) for k in sorted(groups)}
    while iters and len(out) < cap:
        for key in list(iters):
            item = next(iters[key], None)
            if item is None:
                del iters[key]
                continue
            out.append(item)
            if len(out) >= cap:
                break
    return out


def cross_authority(universe: Universe, rng: random.Random, cap: int) -> list[EvalQuery]:
    """Names as one authority writes them, of parties another authority also lists.

    One query per entity (a random usable name), balanced across (authority,
    other authorities) groups; each gives a ``cross_authority`` row (expected: the
    whole component) and a ``cross_authority_strict`` row (expected: only other
    authorities' records). ``detail`` says whether the other authority spells the
    name identically (``same-spelling``) or not.
    """
    groups: defaultdict[str, list[tuple[EvalQuery, EvalQuery]]] = defaultdict(list)
    for entity in universe.entities:
        comp = universe.component[entity.id]
        own = authority(entity.list_name)
        others = sorted(i for i in comp if authority(universe.by_id[i].list_name) != own)
        names = query_names(entity)
        if not others or not names:
            continue
        name = rng.choice(names).full
        other_keys = {name_key(n.full) for i in others for n in universe.by_id[i].names}
        spelling = "same-spelling" if name_key(name) in other_keys else "different-spelling"
        other_auth = "+".join(sorted({authority(universe.by_id[i].list_name) for i in others}))
        group = f"{entity.list_name}>{other_auth}"
        detail = f"{spelling};{group}"
        full = _positive(universe, entity, name, "cross_authority", rng, detail=detail)
        strict = replace(full, category="cross_authority_strict", expected=tuple(others))
        groups[group].append((full, strict))
    for items in groups.values():
        rng.shuffle(items)
    pairs = round_robin({k: [a for a, _ in v] for k, v in groups.items()}, cap)
    strict_by = {id(a): b for v in groups.values() for a, b in v}
    return [q for a in pairs for q in (a, strict_by[id(a)])]


def heldout_aliases(
    universe: Universe, rng: random.Random, cap: int
) -> tuple[list[EvalQuery], dict[str, set[str]]]:
    """Aliases removed from the index and queried; and, per entity id, the name keys
    to remove (the alias's key on every record of the component). ``detail`` says
    whether the alias shares a word with the names left (``shares-a-word``) or is a
    different name altogether (``no-shared-word``: nickname, acronym, new name)."""
    comps = universe.unique_components()
    rng.shuffle(comps)
    queries: list[EvalQuery] = []
    removed: defaultdict[str, set[str]] = defaultdict(set)
    for comp in comps:
        if len(queries) >= cap:
            break
        entity = universe.by_id[rng.choice(sorted(comp))]
        names = query_names(entity)
        aliases = [n for n in names if n.kind is not NameKind.PRIMARY]
        if len(names) < 2 or not aliases:
            continue
        alias = rng.choice(aliases)
        key = name_key(alias.full)
        rest = [n for n in names if name_key(n.full) != key]
        if not rest or universe.ambiguous(alias.full, entity.id):
            continue
        for member in comp:
            removed[member].add(key)
        remaining = [
            n.full
            for member in comp
            for n in universe.by_id[member].names
            if name_key(n.full) != key
        ]
        related = "shares-a-word" if shares_token(alias.full, remaining) else "no-shared-word"
        queries.append(
            _positive(
                universe,
                entity,
                alias.full,
                "heldout_alias",
                rng,
                index=HELDOUT_ALIAS,
                detail=f"{related};{alias.kind}",
            )
        )
    return queries, removed


def original_script(
    universe: Universe, rng: random.Random, cap: int
) -> tuple[list[EvalQuery], set[str]]:
    """Non-Latin names queried against an index without any non-Latin name of their
    component; balanced across scripts. Returns the queries and the entity ids whose
    non-Latin names must be removed."""
    groups: defaultdict[str, list[tuple[EvalQuery, frozenset[str]]]] = defaultdict(list)
    comps = universe.unique_components()
    rng.shuffle(comps)
    for comp in comps:
        members = [universe.by_id[i] for i in sorted(comp)]
        latin_left = any(query_names(m) for m in members)
        candidates = [
            (m, n) for m in members for n in m.names if not is_latin(n.full) and n.full.strip()
        ]
        if not candidates or not latin_left:
            continue
        entity, name = rng.choice(candidates)
        script = script_of(name.full)
        query = _positive(
            universe,
            entity,
            name.full,
            "original_script",
            rng,
            index=HELDOUT_SCRIPT,
            detail=f"{script};{name.lang or ''}",
        )
        groups[script].append((query, comp))
    chosen = round_robin({k: [q for q, _ in v] for k, v in groups.items()}, cap)
    comp_of = {id(q): c for v in groups.values() for q, c in v}
    ids = {i for q in chosen for i in comp_of[id(q)]}
    return chosen, ids


def _family_queries(
    universe: Universe,
    rng: random.Random,
    family: Family,
    category: str,
    cap: int,
    used: set[frozenset[str]],
) -> list[EvalQuery]:
    out: list[EvalQuery] = []
    comps = universe.unique_components()
    rng.shuffle(comps)
    for comp in comps:
        if len(out) >= cap:
            break
        if comp in used:
            continue
        eligible = [
            universe.by_id[i]
            for i in sorted(comp)
            if universe.by_id[i].schema in family.schemas and query_names(universe.by_id[i])
        ]
        if not eligible:
            continue
        entity = rng.choice(eligible)
        source = rng.choice(query_names(entity)).full
        variant = family.apply(source, rng)
        if variant is None or variant.text == source:
            continue
        if universe.ambiguous(variant.text, entity.id):
            continue
        used.add(comp)
        out.append(
            _positive(
                universe,
                entity,
                variant.text,
                category,
                rng,
                source_name=source,
                detail=variant.detail,
            )
        )
    return out


def variants(
    universe: Universe, rng: random.Random, cap: int, families: Sequence[Family] = FAMILIES
) -> list[EvalQuery]:
    """For each family, up to ``cap`` transformed listed names (one per component).

    A family with ``parts`` takes an equal share per part first (a rarely applicable
    part yields fewer) and tops up with the whole family."""
    out: list[EvalQuery] = []
    for family in families:
        category = f"variant_{family.name}"
        used: set[frozenset[str]] = set()
        found: list[EvalQuery] = []
        if family.parts:
            share = -(-cap // len(family.parts))
            for part in family.parts:
                found += _family_queries(universe, rng, part, category, share, used)
            found = found[:cap]
        found += _family_queries(universe, rng, family, category, cap - len(found), used)
        out += found
    return out


def negative_queries(negatives: Sequence[Negative]) -> list[EvalQuery]:
    return [
        EvalQuery(
            id="",
            name=n.name,
            type=n.type,
            birth_date=n.birth_date,
            country=n.country,
            expected=(),
            category="negative",
            detail=f"{n.locale}{';romanised' if n.romanised else ''}",
        )
        for n in negatives
    ]


def number(queries: Sequence[EvalQuery]) -> list[EvalQuery]:
    """Give each query a stable row id ``q00001``, ... in order."""
    return [replace(q, id=f"q{i:05d}") for i, q in enumerate(queries, 1)]


def without_names(entities: Iterable[Entity], drop: Callable[[Entity, Name], bool]) -> list[Entity]:
    """The entities with the names for which ``drop(entity, name)`` is true removed."""
    out: list[Entity] = []
    for entity in entities:
        kept = tuple(n for n in entity.names if not drop(entity, n))
        out.append(entity if len(kept) == len(entity.names) else replace(entity, names=kept))
    return out


def heldout_alias_entities(
    entities: Iterable[Entity], removed: Mapping[str, set[str]]
) -> list[Entity]:
    return without_names(
        entities, lambda e, n: e.id in removed and name_key(n.full) in removed[e.id]
    )


def heldout_script_entities(entities: Iterable[Entity], ids: set[str]) -> list[Entity]:
    return without_names(entities, lambda e, n: e.id in ids and not is_latin(n.full))


def write_csv(path: Path, queries: Sequence[EvalQuery]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for query in queries:
            writer.writerow(query.row())
