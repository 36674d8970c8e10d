"""Scoring one listed entity against one query: features combined, explained.

:func:`prepare_query` analyses the query once; :func:`score_entity` compares it with
the entity at a position of a :class:`MatchIndex` and returns the score in [0, 1] and
the explanation dict of :mod:`interdict.screening.result`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from interdict.index.build import name_kind_for
from interdict.index.keys import normalize_identifier
from interdict.index.model import EntityRecord, ListedName, MatchIndex
from interdict.model import NameKind
from interdict.names import (
    ROLE_LEGAL,
    ROLE_PARTICLE,
    ROLE_TITLE,
    AnalyzedName,
    analyze_name,
    canonical,
    split_brackets,
)
from interdict.scoring.algorithms.base import Algorithm
from interdict.scoring.features import (
    Feature,
    birth_date_feature,
    country_feature,
    identifier_feature,
    schema_feature,
)
from interdict.scoring.names import NameComparison, compare_names
from interdict.text import skeletons


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A query analysed once for all candidates."""

    names: tuple[AnalyzedName, ...]
    schema: str | None
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    keys: frozenset[str] = frozenset()


def prepare_query(
    names: tuple[str, ...],
    schema: str | None,
    birth_dates: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    identifiers: tuple[str, ...] = (),
) -> PreparedQuery:
    """Analyse the query's names (as the schema's kind of name, ``any`` when the type
    is unknown; bracketed text dropped) and normalise its identifiers."""
    kind = name_kind_for(schema) if schema else "any"
    analysed = tuple(
        a for a in (analyze_name(split_brackets(n)[0], kind) for n in names) if a.tokens
    )
    prepared = PreparedQuery(
        names=analysed,
        schema=schema,
        birth_dates=birth_dates,
        countries=countries,
        identifiers=tuple(dict.fromkeys(normalize_identifier(i) for i in identifiers if i)),
    )
    return replace(prepared, keys=_query_keys(prepared))


def part_weights(index: MatchIndex, name: AnalyzedName, algorithm: Algorithm) -> list[float]:
    """The weight of each part: IDF in the index times its role factor."""
    factors = _role_factors(algorithm)
    out = []
    for token, role in zip(name.tokens, name.roles, strict=True):
        weight = index.idf("t:" + canonical(token)) * factors.get(role, 1.0)
        if len(token) == 1:
            weight *= algorithm.w("initial_factor")
        out.append(weight)
    return out


@dataclass(frozen=True, slots=True)
class NameEvidence:
    evidence: float
    comparison: NameComparison
    query: AnalyzedName
    listed: AnalyzedName
    kind: str
    rarity: float


#: Listed names fully compared per entity, at most (the rest by quick overlap only).
MAX_NAMES_COMPARED = 2


def _query_keys(query: PreparedQuery) -> frozenset[str]:
    keys: set[str] = set()
    for name in query.names:
        for token in name.tokens:
            keys.add(canonical(token))
            keys.update(skeletons(token, abjad=name.abjad))
        keys.update(a + b for a, b in zip(name.tokens, name.tokens[1:], strict=False))
    return frozenset(keys)


def _promising_names(names: tuple[ListedName, ...], query: PreparedQuery) -> list[ListedName]:
    """The listed names worth a full comparison: those sharing the most parts (by
    spelling or skeleton) with the query, at most :data:`MAX_NAMES_COMPARED`."""
    if len(names) <= MAX_NAMES_COMPARED:
        return list(names)
    keys = query.keys
    ranked = []
    for rank, listed in enumerate(names):
        name = listed.name
        shared = 0
        for token in name.tokens:
            if canonical(token) in keys or not keys.isdisjoint(skeletons(token, abjad=name.abjad)):
                shared += 1
        ranked.append((shared / (len(name.tokens) + 1), -rank, listed))
    ranked.sort(reverse=True)
    return [listed for _, _, listed in ranked[:MAX_NAMES_COMPARED]]


def _kind_factor(kind: str, algorithm: Algorithm) -> float:
    if kind == NameKind.WEAK_ALIAS:
        return algorithm.w("weak_alias_factor")
    if kind == NameKind.PREVIOUS:
        return algorithm.w("previous_name_factor")
    return 1.0


@dataclass
class ScoringCache:
    """Per-query memo: part weights per analysed name and name comparisons (the same
    name is often listed by several lists)."""

    weights: dict[AnalyzedName, list[float]] = field(default_factory=dict)
    comparisons: dict[
        tuple[AnalyzedName, tuple[str, ...], tuple[int, ...], bool, bool], NameComparison
    ] = field(default_factory=dict)


def _weights(
    index: MatchIndex, name: AnalyzedName, algorithm: Algorithm, cache: ScoringCache
) -> list[float]:
    found = cache.weights.get(name)
    if found is None:
        found = cache.weights[name] = part_weights(index, name, algorithm)
    return found


def _listed_weights(
    index: MatchIndex, listed: ListedName, algorithm: Algorithm, cache: ScoringCache
) -> list[float]:
    """Part weights of a listed name from the IDF stored in the index."""
    name = listed.name
    if len(listed.idf) != len(name.tokens):
        return _weights(index, name, algorithm, cache)
    found = cache.weights.get(name)
    if found is None:
        factors = _role_factors(algorithm)
        initial = algorithm.w("initial_factor")
        found = cache.weights[name] = [
            idf * factors.get(role, 1.0) * (initial if len(token) == 1 else 1.0)
            for token, role, idf in zip(name.tokens, name.roles, listed.idf, strict=True)
        ]
    return found


def _role_factors(algorithm: Algorithm) -> dict[int, float]:
    return {
        ROLE_LEGAL: algorithm.w("legal_factor"),
        ROLE_PARTICLE: algorithm.w("particle_factor"),
        ROLE_TITLE: algorithm.w("title_factor"),
    }


def best_name(
    index: MatchIndex,
    position: int,
    query: PreparedQuery,
    algorithm: Algorithm,
    cache: ScoringCache,
) -> NameEvidence | None:
    """The best pairing of a query name with a listed name of the entity."""
    ordered = index.columns["schema"][position] != "Person"
    floor = algorithm.w("unmatched_floor") * index.max_idf()
    best: NameEvidence | None = None
    best_value = -1.0
    for entry in _promising_names(index.names(position), query):
        listed_kind, listed = entry.kind, entry.name
        for qname in query.names:
            # Keyed by content, not spelling: mirrors of a listing in other lists
            # ("DAMAVANDIAN, Ghassem" / "Ghassem DAMAVANDIAN") share one comparison.
            memo_key = (qname, listed.tokens, listed.roles, listed.abjad, ordered)
            comparison = cache.comparisons.get(memo_key)
            if comparison is None:
                comparison = cache.comparisons[memo_key] = compare_names(
                    qname,
                    listed,
                    _weights(index, qname, algorithm, cache),
                    _listed_weights(index, entry, algorithm, cache),
                    unmatched_floor=floor,
                    ordered=ordered,
                    order_penalty=algorithm.w("order_penalty"),
                    patronymic_factor=algorithm.w("patronymic_factor"),
                )
            full = algorithm.w("information_full") * index.max_idf()
            rarity = min(1.0, comparison.information / full) ** algorithm.w("rarity_gamma")
            evidence = (
                algorithm.w("name_max") * comparison.score ** algorithm.w("name_gamma") * rarity
            )
            value = evidence * _kind_factor(listed_kind, algorithm)
            if value > best_value:
                best_value = value
                best = NameEvidence(evidence, comparison, qname, listed, listed_kind, rarity)
    return best


@dataclass(frozen=True, slots=True)
class ScoredEntity:
    """The score of one entity and what produced it; :meth:`explanation` renders
    the analyst-facing dict (built only for reported matches)."""

    position: int
    score: float
    record: EntityRecord
    name: NameEvidence | None
    features: tuple[Feature, ...]

    def explanation(self) -> dict[str, Any]:
        names_part: dict[str, Any] = {}
        name = self.name
        if name is not None:
            names_part = {
                "query": name.query.text,
                "listed": name.listed.text,
                "kind": name.kind,
                "score": round(name.comparison.score, 4),
                "parts": [p.to_dict() for p in name.comparison.parts],
            }
        return {
            "names": names_part,
            "features": [f.to_dict() for f in self.features],
            "summary": _summary(self.record.caption, self.record.id, self.score, self.features),
        }


def evaluate_entity(
    index: MatchIndex,
    position: int,
    query: PreparedQuery,
    algorithm: Algorithm,
    cache: ScoringCache | None = None,
) -> ScoredEntity:
    """Score the entity at ``position`` for ``query``; pass one :class:`ScoringCache`
    for all candidates of a query."""
    record = index.entity(position)
    name = best_name(index, position, query, algorithm, cache or ScoringCache())
    features: list[Feature] = []
    if name is not None:
        comparison = name.comparison
        features.append(
            Feature(
                "name",
                name.evidence,
                f"'{name.query.text}' ~ '{name.listed.text}' ({name.kind}): "
                f"{comparison.aligned} part(s) aligned, coverage {comparison.score:.2f}, "
                f"rarity {name.rarity:.2f}",
            )
        )
        factor = _kind_factor(name.kind, algorithm)
        if factor != 1.0:
            label = "weak alias" if name.kind == NameKind.WEAK_ALIAS else "former name"
            features.append(
                Feature(
                    "name_kind",
                    name.evidence * (factor - 1.0),
                    f"the matching name is a {label}, which weighs less",
                )
            )
    for feature in (
        identifier_feature(query.identifiers, record.identifiers, algorithm),
        birth_date_feature(query.birth_dates, record.birth_dates, algorithm),
        country_feature(query.countries, record.countries, algorithm),
        schema_feature(query.schema, record.schema, algorithm),
    ):
        if feature is not None:
            features.append(feature)
    features = _apply_identifier_floor(features, algorithm)
    score = min(1.0, max(0.0, sum(f.effect for f in features)))
    return ScoredEntity(position, score, record, name, tuple(features))


def _apply_identifier_floor(features: list[Feature], algorithm: Algorithm) -> list[Feature]:
    """An exact identifier match lifts the score to at least ``identifier_floor``,
    whatever the names: the same passport or registration number is an alert."""
    floor = algorithm.w("identifier_floor")
    total = sum(f.effect for f in features)
    out = []
    exact = algorithm.w("identifier_match")
    for f in features:
        if f.feature == "identifier" and f.effect == exact and total < floor:
            detail = f.detail + " (an exact identifier match always alerts)"
            f = Feature(f.feature, f.effect + floor - total, detail)
        out.append(f)
    return out


def score_entity(
    index: MatchIndex,
    position: int,
    query: PreparedQuery,
    algorithm: Algorithm,
    cache: ScoringCache | None = None,
) -> tuple[float, dict[str, Any]]:
    """``(score, explanation)`` of the entity at ``position`` for ``query``."""
    scored = evaluate_entity(index, position, query, algorithm, cache)
    return scored.score, scored.explanation()


def _summary(caption: str, entity_id: str, score: float, features: tuple[Feature, ...]) -> str:
    ups = [f.feature.replace("_", " ") for f in features if f.effect > 0 and f.feature != "name"]
    downs = [f.feature.replace("_", " ") for f in features if f.effect < 0]
    name = next((f for f in features if f.feature == "name"), None)
    text = f"{caption} ({entity_id}) scores {score:.2f}"
    if name is not None:
        text += f"; name: {name.detail}"
    if ups:
        text += f"; supported by {', '.join(ups)}"
    if downs:
        text += f"; contradicted by {', '.join(downs)}"
    return text + "."
