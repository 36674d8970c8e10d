"""Records of the same party on different lists, linked by evidence, never by name.

Evidence used (each link is an undirected edge; components are their transitive
closure):

* ``unscId``: a UK entry carrying UN reference ``R`` ↔ ``un:R``;
* ``ofacId``: a US CSL entry carrying OFAC number ``N`` ↔ ``ofac:N``;
* ``document``: entries on different lists among OFAC, UN, UK and AU sharing a
  passport or national-id number (normalised by :func:`document_key`, at least
  :data:`MIN_DOCUMENT_LENGTH` characters with a digit) with compatible schemas
  (person with person, organisation-like with organisation-like) and, when both give
  birth years, at least one common birth year. A number carried by more than
  :data:`MAX_DOCUMENT_SHARE` entities is ignored as unreliable.

``authority`` groups lists by publisher: the OFAC lists and the US CSL (which
republishes them) are one authority, ``us``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from interdict.model import Entity, IdentifierKind

MIN_DOCUMENT_LENGTH = 5
MAX_DOCUMENT_SHARE = 4
DOCUMENT_LISTS = frozenset({"ofac_sdn", "ofac_cons", "un", "uk", "au"})
_DOCUMENT_KINDS = frozenset({IdentifierKind.PASSPORT, IdentifierKind.NATIONAL_ID})
_ORG_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity"})
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_AUTHORITY = {"ofac_sdn": "us", "ofac_cons": "us", "us_csl": "us"}


def authority(list_name: str) -> str:
    """The publishing authority of a list (OFAC lists and the US CSL are ``us``)."""
    return _AUTHORITY.get(list_name, list_name)


def document_key(number: str) -> str | None:
    """Upper-cased alphanumerics of a document number; ``None`` when too weak to link."""
    key = _NOT_ALNUM.sub("", number.upper())
    if len(key) < MIN_DOCUMENT_LENGTH or not any(ch.isdigit() for ch in key):
        return None
    return key


def schemas_compatible(a: str, b: str) -> bool:
    """Person with person, organisation-like with organisation-like, else same schema."""
    if a == b:
        return True
    return a in _ORG_SCHEMAS and b in _ORG_SCHEMAS


def _years(entity: Entity) -> set[int]:
    years: set[int] = set()
    for date in entity.birth_dates:
        start = date.year
        end = int(date.end[:4]) if date.end else start
        years.update(range(start, end + 1))
    return years


def births_compatible(a: Entity, b: Entity) -> bool:
    """True unless both give birth years and none is shared."""
    ya, yb = _years(a), _years(b)
    return not ya or not yb or bool(ya & yb)


@dataclass(frozen=True, slots=True)
class Link:
    """One piece of evidence that two entity ids are the same party."""

    a: str
    b: str
    evidence: str  # "unscId", "ofacId" or "document"


def find_links(entities: Sequence[Entity]) -> list[Link]:
    """Every evidence link among ``entities`` (see module docstring), deterministic order."""
    by_id = {e.id: e for e in entities}
    links: list[Link] = []
    for entity in entities:
        for value in entity.properties.get("unscId", ()):
            target = f"un:{value.value.strip()}"
            if target in by_id and target != entity.id:
                links.append(Link(entity.id, target, "unscId"))
        if entity.list_name == "us_csl":
            for value in entity.properties.get("ofacId", ()):
                target = f"ofac:{value.value.strip()}"
                if target in by_id:
                    links.append(Link(entity.id, target, "ofacId"))
    holders: defaultdict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        if entity.list_name not in DOCUMENT_LISTS:
            continue
        keys = {
            key
            for ident in entity.identifiers
            if ident.kind in _DOCUMENT_KINDS and (key := document_key(ident.number))
        }
        for key in sorted(keys):
            holders[key].append(entity)
    for key in sorted(holders):
        group = holders[key]
        if len(group) < 2 or len(group) > MAX_DOCUMENT_SHARE:
            continue
        for i, left in enumerate(group):
            for right in group[i + 1 :]:
                if (
                    left.list_name != right.list_name
                    and schemas_compatible(left.schema, right.schema)
                    and births_compatible(left, right)
                ):
                    links.append(Link(left.id, right.id, "document"))
    return links


def components(ids: Iterable[str], links: Iterable[Link]) -> dict[str, frozenset[str]]:
    """Each id's connected component (itself alone when unlinked), by union-find."""
    parent: dict[str, str] = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.a not in parent or link.b not in parent:
            continue
        ra, rb = root(link.a), root(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for i in parent:
        groups[root(i)].add(i)
    frozen = {r: frozenset(g) for r, g in groups.items()}
    return {i: frozen[root(i)] for i in parent}


def evidence_by_pair(links: Iterable[Link]) -> Mapping[frozenset[str], str]:
    """The evidence kind of each directly linked pair (first one wins)."""
    out: dict[frozenset[str], str] = {}
    for link in links:
        out.setdefault(frozenset((link.a, link.b)), link.evidence)
    return out
