"""Resolving OFAC's ``Linked To: NAME`` relations to the listed entity of that name.

OFAC's CSV and classic XML editions name the linked party only by its primary name
(``Linked To: QODS AVIATION INDUSTRIES``). :func:`resolve_links` sets
``Relation.target_id`` where the name is the primary name of exactly one entity of the same
edition (compared case-insensitively, white space collapsed); other relations keep
``target_id=None``.
"""

from __future__ import annotations

from dataclasses import replace

from interdict.model import Entity, NameKind


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def resolve_links(entities: list[Entity]) -> list[Entity]:
    """``entities`` with each unresolved relation pointed at the entity its text names."""
    owners: dict[str, str | None] = {}
    for entity in entities:
        for name in entity.names:
            if name.kind is NameKind.PRIMARY:
                key = _key(name.full)
                owners[key] = None if key in owners and owners[key] != entity.id else entity.id
    out: list[Entity] = []
    for entity in entities:
        if not any(r.target_id is None for r in entity.relations):
            out.append(entity)
            continue
        relations = tuple(
            replace(r, target_id=owners.get(_key(r.text))) if r.target_id is None else r
            for r in entity.relations
        )
        out.append(replace(entity, relations=relations))
    return out
