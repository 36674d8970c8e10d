"""Building a :class:`MatchIndex` from entities."""

from __future__ import annotations

import gc
import math
from array import array
from collections import defaultdict
from collections.abc import Iterable

from interdict.index.keys import MIN_IDENTIFIER_LENGTH, name_keys, normalize_identifier
from interdict.index.model import EntityRecord, ListedName, MatchIndex, pack_facts, pack_names
from interdict.model import Entity, NameKind
from interdict.names import NameKindHint, analyze_name, canonical, split_brackets
from interdict.names.translation import translate_org_words

#: How each schema's names are analysed (titles dropped for persons, legal forms
#: folded for organisations; "any" does both, softly).
SCHEMA_NAME_KINDS: dict[str, NameKindHint] = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "LegalEntity": "any",
    "Vessel": "any",
    "Airplane": "any",
}


def name_kind_for(schema: str | None) -> NameKindHint:
    return SCHEMA_NAME_KINDS.get(schema or "", "any")


def _record(
    entity: Entity, intern: dict[str, str]
) -> tuple[EntityRecord, list[ListedName], set[str]]:
    kind = name_kind_for(entity.schema)
    listed: list[ListedName] = []
    keys: set[str] = set()
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name in entity.names:
        outer, inner = split_brackets(name.full)
        texts = [(str(name.kind), outer)]
        if inner:
            # The whole text too: a bracketed part often tells apart branches of
            # one organisation ("AL-HARAMAIN (ALBANIA BRANCH)").
            texts.append((str(name.kind), name.full))
        texts.extend((str(NameKind.WEAK_ALIAS), text) for text in inner)
        if kind != "person":
            # The English reading of an organisation's vocabulary (``شرکت`` →
            # ``company``), next to its transliteration.
            texts.extend(
                (name_kind, translated)
                for name_kind, translated in ((k, translate_org_words(t)) for k, t in list(texts))
                if translated is not None
            )
        for name_kind, text in texts:
            analysed = analyze_name(text, kind)
            if not analysed.tokens:
                continue
            marker = (name_kind, analysed.tokens)
            if marker in seen:
                continue
            seen.add(marker)
            listed.append(ListedName(name_kind, analysed))
            keys.update(name_keys(analysed))
    dates = tuple(dict.fromkeys((d.value, d.end or "", d.circa) for d in entity.birth_dates))
    countries = tuple(dict.fromkeys(intern.setdefault(c.code, c.code) for c in entity.countries
                                    if c.code))  # fmt: skip
    identifiers = tuple(
        dict.fromkeys(
            n
            for n in (normalize_identifier(i.number) for i in entity.identifiers)
            if len(n) >= MIN_IDENTIFIER_LENGTH
        )
    )
    keys.update("i:" + n for n in identifiers)
    record = EntityRecord(
        id=entity.id,
        schema=intern.setdefault(entity.schema, entity.schema),
        list_name=intern.setdefault(entity.list_name, entity.list_name),
        caption=entity.caption,
        names="",
        birth_dates=dates,
        countries=countries,
        identifiers=identifiers,
    )
    return record, listed, keys


def _freeze_postings(postings: dict[str, array[int]]) -> dict[str, bytes]:
    """Postings as bytes, releasing each array as it is converted (peak memory)."""
    out: dict[str, bytes] = {}
    for key in sorted(postings):
        out[key] = postings.pop(key).tobytes()
    return out


def build_index(entities: Iterable[Entity], *, version: str) -> MatchIndex:
    """Analyse every name of every entity and build the candidate index.

    Entities without any usable name are still indexed by identifier.
    """
    enabled = gc.isenabled()
    gc.disable()  # millions of small, long-lived objects: collections would only slow us
    try:
        return _build(entities, version)
    finally:
        if enabled:
            gc.enable()


def _build(entities: Iterable[Entity], version: str) -> MatchIndex:
    intern: dict[str, str] = {}
    columns: dict[str, list[str]] = {
        k: [] for k in ("id", "schema", "list", "caption", "names", "facts")
    }
    postings: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
    lists: dict[str, None] = {}
    vocab: set[str] = set()
    all_names: list[list[ListedName]] = []
    for entity in entities:
        record, listed, keys = _record(entity, intern)
        all_names.append(listed)
        position = len(columns["id"])
        columns["id"].append(record.id)
        columns["schema"].append(record.schema)
        columns["list"].append(record.list_name)
        columns["caption"].append(record.caption)
        columns["facts"].append(
            pack_facts(record.birth_dates, record.countries, record.identifiers)
        )
        lists.setdefault(entity.list_name)
        for key in keys:
            postings[key].append(position)
            if key.startswith("t:"):
                vocab.add(key[2:])
    total = len(all_names)

    def idf(token: str) -> float:
        found = postings.get("t:" + canonical(token))
        return math.log((total + 1) / ((len(found) if found else 0) + 1)) + 1.0

    columns["names"] = [
        pack_names([n._replace(idf=tuple(idf(t) for t in n.name.tokens)) for n in listed])
        for listed in all_names
    ]
    del all_names
    prefix: defaultdict[str, list[str]] = defaultdict(list)
    suffix: defaultdict[str, list[str]] = defaultdict(list)
    for token in sorted(vocab):
        if len(token) >= 4 and token.isalpha():
            prefix[token[:3]].append(token)
            prefix[token[:2] + "|" + token[-2:]].append(token)
            suffix[token[-3:]].append(token)
    return MatchIndex(
        version=version,
        lists=tuple(lists),
        columns=columns,
        postings=_freeze_postings(postings),
        prefix_vocab={k: " ".join(v) for k, v in prefix.items()},
        suffix_vocab={k: " ".join(v) for k, v in suffix.items()},
    )


__all__ = ["build_index", "name_kind_for"]
