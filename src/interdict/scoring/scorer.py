"""Scoring one listed entity against one query: features combined, explained.

:func:`prepare_query` analyses the query once; :func:`score_entity` compares it with
the entity at a position of a :class:`MatchIndex` and returns the score in [0, 1] and
the explanation dict of :mod:`interdict.screening.result`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from interdict.index.build import name_kind_for
from interdict.index.candidates import typo_neighbours
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
    generic_org_words,
    split_brackets,
)
from interdict.names.translation import translate_org_words
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
    #: The query names that are a shortened form of another query name (the text
    #: outside brackets when the query had bracketed parts).
    shortened: frozenset[AnalyzedName] = frozenset()


def prepare_query(
    names: tuple[str, ...],
    schema: str | None,
    birth_dates: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    identifiers: tuple[str, ...] = (),
) -> PreparedQuery:
    """Analyse the query's names (as the schema's kind of name, ``any`` when the type
    is unknown) and normalise its identifiers. A name with bracketed parts gives two
    query names: the whole text, and the text outside the brackets (``shortened``)."""
    kind = name_kind_for(schema) if schema else "any"
    found: list[AnalyzedName] = []
    shortened: set[AnalyzedName] = set()
    plain: set[AnalyzedName] = set()
    for raw in names:
        outer, inner = split_brackets(raw)
        short = analyze_name(outer, kind)
        if inner:
            whole = analyze_name(raw, kind)
            if whole.tokens and whole.tokens != short.tokens:
                found.append(whole)
                plain.add(whole)
                shortened.add(short)
        else:
            plain.add(short)
        if short.tokens:
            found.append(short)
        translated = translate_org_words(raw) if kind != "person" else None
        if translated is not None:
            # The English reading of an organisation's vocabulary, as lists print it.
            reading = analyze_name(translated, kind)
            if reading.tokens:
                found.append(reading)
                plain.add(reading)
    analysed = tuple(dict.fromkeys(found))
    prepared = PreparedQuery(
        shortened=frozenset(shortened - plain),
        names=analysed,
        schema=schema,
        birth_dates=birth_dates,
        countries=countries,
        identifiers=tuple(dict.fromkeys(normalize_identifier(i) for i in identifiers if i)),
    )
    return replace(prepared, keys=_query_keys(prepared))


def part_weights(
    index: MatchIndex, name: AnalyzedName, algorithm: Algorithm, *, unmatched: bool = False
) -> list[float]:
    """The weight of each part: IDF in the index times its role factor.

    ``unmatched``: the weights a part counts with when it is left unaligned. With the
    ``typo_weight`` rule a part no listed name has (IDF at its maximum) that is within a
    typo of indexed parts then weighs as the closest of them (:func:`_typo_idf`); an
    aligned part keeps the full weight of a part nobody else has."""
    factors = _role_factors(algorithm)
    typo_weight = unmatched and bool(_optional(algorithm, "typo_weight")) and not name.abjad
    out = []
    for token, role in zip(name.tokens, name.roles, strict=True):
        key = "t:" + canonical(token)
        idf = index.idf(key)
        if typo_weight and index.frequency(key) == 0:
            idf = _typo_idf(index, canonical(token), idf)
        weight = idf * factors.get(role, 1.0)
        if len(token) == 1:
            weight *= algorithm.w("initial_factor")
        out.append(weight)
    return out


def _typo_idf(index: MatchIndex, token: str, unknown: float) -> float:
    """The IDF of the indexed part closest to ``token`` by edit distance (the rarest
    of equally close ones), or ``unknown`` when none is within a typo: a misspelt
    ``GROUP`` (``YROUP``) carries the little information of ``group``, not the
    most a part can, so leaving it unmatched does not sink a listed name."""
    if len(token) < TYPO_MIN_LENGTH or not token.isalpha():
        return unknown
    near = typo_neighbours(index, token)
    if not near:
        return unknown
    closest = max(sim for _, sim in near)
    return max(index.idf("t:" + part) for part, sim in near if sim == closest)


@dataclass(frozen=True, slots=True)
class NameEvidence:
    evidence: float
    comparison: NameComparison
    query: AnalyzedName
    listed: AnalyzedName
    kind: str
    rarity: float


#: Shortest query part whose weight is taken from its typo neighbours.
TYPO_MIN_LENGTH = 4

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


def _promising_names(
    names: tuple[ListedName, ...], query: PreparedQuery, cache: ScoringCache
) -> list[ListedName]:
    """The listed names worth a full comparison: those sharing the most parts (by
    spelling or skeleton) with the query, at most :data:`MAX_NAMES_COMPARED`."""
    if len(names) <= MAX_NAMES_COMPARED:
        return list(names)
    keys = query.keys
    known = cache.shared_parts
    ranked = []
    for rank, listed in enumerate(names):
        name = listed.name
        shared = 0
        for token in name.tokens:
            found = known.get((token, name.abjad))
            if found is None:
                found = known[(token, name.abjad)] = canonical(
                    token
                ) in keys or not keys.isdisjoint(skeletons(token, abjad=name.abjad))
            shared += found
        ranked.append((shared / (len(name.tokens) + 1), -rank, listed))
    ranked.sort(reverse=True)
    return [listed for _, _, listed in ranked[:MAX_NAMES_COMPARED]]


@dataclass
class ScoringCache:
    """Per-query memo: part weights per analysed name and name comparisons (the same
    name is often listed by several lists)."""

    weights: dict[AnalyzedName, list[float]] = field(default_factory=dict)
    #: Query parts' weights when left unaligned (``part_weights(unmatched=True)``).
    unmatched_weights: dict[AnalyzedName, list[float]] = field(default_factory=dict)
    #: Listed names' weights apart from the query's: the same name on both sides may
    #: weigh differently (stored IDF is rounded), and results must not depend on which
    #: side computed it first.
    listed_weights: dict[AnalyzedName, list[float]] = field(default_factory=dict)
    comparisons: dict[
        tuple[AnalyzedName, tuple[str, ...], tuple[int, ...], bool, bool, bool, bool],
        NameComparison,
    ] = field(default_factory=dict)
    #: Whether a listed part (spelling, abjad flag) shares a key with the query.
    shared_parts: dict[tuple[str, bool], bool] = field(default_factory=dict)
    #: The algorithm's weights for this query (:class:`NameRules`), read once.
    rules: NameRules | None = None


def _weights(
    index: MatchIndex, name: AnalyzedName, algorithm: Algorithm, cache: ScoringCache
) -> list[float]:
    found = cache.weights.get(name)
    if found is None:
        found = cache.weights[name] = part_weights(index, name, algorithm)
    return found


def _unmatched_weights(
    index: MatchIndex, name: AnalyzedName, algorithm: Algorithm, cache: ScoringCache
) -> list[float]:
    found = cache.unmatched_weights.get(name)
    if found is None:
        found = cache.unmatched_weights[name] = part_weights(index, name, algorithm, unmatched=True)
    return found


def _listed_weights(
    index: MatchIndex, listed: ListedName, algorithm: Algorithm, cache: ScoringCache
) -> list[float]:
    """Part weights of a listed name from the IDF stored in the index."""
    name = listed.name
    if len(listed.idf) != len(name.tokens):
        return _weights(index, name, algorithm, cache)
    found = cache.listed_weights.get(name)
    if found is None:
        factors = _role_factors(algorithm)
        initial = algorithm.w("initial_factor")
        found = cache.listed_weights[name] = [
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


def _optional(algorithm: Algorithm, key: str) -> float | None:
    """A weight that older algorithms lack (their rule is then off)."""
    value = algorithm.weights.get(key)
    return None if value is None else float(value)


def _name_factor(
    qname: AnalyzedName,
    comparison: NameComparison,
    query: PreparedQuery,
    person: bool,
    rules: NameRules,
) -> float:
    """Rules of later algorithms on the evidence of one name pairing: a person
    matched on one name part alone (``single_part_factor``: a lone given name or
    nickname must not alert on its own), an organisation matched on generic words
    alone (``generic_only_factor``), a query name cut short of its bracketed part
    (``bracket_drop_factor``)."""
    factor = 1.0
    single = rules.single_part
    if single is not None and person and comparison.aligned == 1:
        keyed = sum(1 for r in qname.roles if r not in _LOW_ROLES)
        if keyed <= 1 and len(comparison.pairs[0][2]) == 1:
            factor *= single
    generic = rules.generic_only
    if generic is not None and not person and comparison.pairs and _generic_only(comparison):
        factor *= generic
    dropped = rules.bracket_drop
    if dropped is not None and qname in query.shortened:
        factor *= dropped
    return factor


_LOW_ROLES = frozenset({ROLE_LEGAL, ROLE_PARTICLE, ROLE_TITLE})


def _generic_only(comparison: NameComparison) -> bool:
    """Whether the aligned parts are all generic words or legal forms (``bank``,
    ``trading``, ``jsc``) while a distinctive name part of either side is left
    unaligned (``UNICREDIT BANK AO`` / ``ALFA-BANK JSC``)."""
    generic = generic_org_words()
    query, listed = comparison.query, comparison.listed
    used_q = {i for p in comparison.pairs for i in p[2]}
    used_l = {j for p in comparison.pairs for j in p[3]}
    for i in used_q:
        if query.roles[i] not in _LOW_ROLES and query.tokens[i] not in generic:
            return False
    return any(
        query.roles[i] not in _LOW_ROLES and query.tokens[i] not in generic
        for i in range(len(query.tokens))
        if i not in used_q
    ) or any(
        listed.roles[j] not in _LOW_ROLES and listed.tokens[j] not in generic
        for j in range(len(listed.tokens))
        if j not in used_l
    )


@dataclass(frozen=True, slots=True)
class NameRules:
    """The weights :func:`best_name` reads, looked up once per query (an algorithm's
    optional weights are ``None`` when it lacks the rule), scaled by the index's
    largest IDF where they are shares of it."""

    algorithm: Algorithm
    max_idf: float
    omitted: float | None
    omitted_min: float
    org_omitted: float | None
    org_omitted_min_parts: int
    legal_alignment: bool
    order_moves: bool
    glued_articles: bool
    generic_unmatched: float | None
    floor: float
    full: float
    order_penalty: float
    patronymic: float
    rarity_gamma: float
    name_max: float
    name_gamma: float
    single_part: float | None
    generic_only: float | None
    bracket_drop: float | None
    weak_alias: float
    previous_name: float

    @classmethod
    def of(cls, index: MatchIndex, algorithm: Algorithm) -> NameRules:
        top = index.max_idf()
        return cls(
            algorithm=algorithm,
            max_idf=top,
            omitted=_optional(algorithm, "omitted_factor"),
            org_omitted=_optional(algorithm, "org_omitted_factor"),
            org_omitted_min_parts=int(_optional(algorithm, "org_omitted_min_parts") or 0),
            omitted_min=(_optional(algorithm, "omitted_min_share") or 0.0) * top,
            legal_alignment=bool(_optional(algorithm, "legal_alignment")),
            order_moves=bool(_optional(algorithm, "order_moves")),
            glued_articles=bool(_optional(algorithm, "glued_articles")),
            generic_unmatched=_optional(algorithm, "generic_unmatched_factor"),
            floor=algorithm.w("unmatched_floor") * top,
            full=algorithm.w("information_full") * top,
            order_penalty=algorithm.w("order_penalty"),
            patronymic=algorithm.w("patronymic_factor"),
            rarity_gamma=algorithm.w("rarity_gamma"),
            name_max=algorithm.w("name_max"),
            name_gamma=algorithm.w("name_gamma"),
            single_part=_optional(algorithm, "single_part_factor"),
            generic_only=_optional(algorithm, "generic_only_factor"),
            bracket_drop=_optional(algorithm, "bracket_drop_factor"),
            weak_alias=algorithm.w("weak_alias_factor"),
            previous_name=algorithm.w("previous_name_factor"),
        )

    def kind_factor(self, kind: str) -> float:
        if kind == NameKind.WEAK_ALIAS:
            return self.weak_alias
        if kind == NameKind.PREVIOUS:
            return self.previous_name
        return 1.0


def _rules(index: MatchIndex, algorithm: Algorithm, cache: ScoringCache) -> NameRules:
    rules = cache.rules
    if rules is None or rules.algorithm is not algorithm or rules.max_idf != index.max_idf():
        rules = cache.rules = NameRules.of(index, algorithm)
    return rules


def best_name(
    index: MatchIndex,
    position: int,
    query: PreparedQuery,
    algorithm: Algorithm,
    cache: ScoringCache,
) -> NameEvidence | None:
    """The best pairing of a query name with a listed name of the entity."""
    rules = _rules(index, algorithm, cache)
    schema = index.columns["schema"][position]
    person = schema == "Person"
    # Only entities typed as organisations: untyped records (LegalEntity) may be persons.
    org_omitted = rules.org_omitted if schema == "Organization" else None
    ordered = not person
    generic_unmatched = None if person else rules.generic_unmatched
    generic_words = generic_org_words() if generic_unmatched is not None else None
    full = rules.full
    best: NameEvidence | None = None
    best_value = -1.0
    for entry in _promising_names(index.names(position), query, cache):
        listed_kind, listed = entry.kind, entry.name
        for qname in query.names:
            # Keyed by content, not spelling: mirrors of a listing in other lists
            # ("DAMAVANDIAN, Ghassem" / "Ghassem DAMAVANDIAN") share one comparison.
            memo_key = (
                qname,
                listed.tokens,
                listed.roles,
                listed.abjad,
                ordered,
                person,
                org_omitted is not None,
            )
            comparison = cache.comparisons.get(memo_key)
            if comparison is None:
                comparison = cache.comparisons[memo_key] = compare_names(
                    qname,
                    listed,
                    _weights(index, qname, algorithm, cache),
                    _listed_weights(index, entry, algorithm, cache),
                    query_unmatched_weights=_unmatched_weights(index, qname, algorithm, cache),
                    unmatched_floor=rules.floor,
                    ordered=ordered,
                    order_penalty=rules.order_penalty,
                    patronymic_factor=rules.patronymic,
                    omitted_factor=rules.omitted if person else None,
                    omitted_min_weight=rules.omitted_min,
                    legal_alignment=rules.legal_alignment,
                    order_by_moves=rules.order_moves,
                    glued_articles=rules.glued_articles,
                    generic_words=generic_words,
                    generic_unmatched_factor=generic_unmatched or 1.0,
                    listed_omitted_factor=org_omitted,
                    listed_omitted_min_parts=rules.org_omitted_min_parts,
                )
            rarity = min(1.0, comparison.information / full) ** rules.rarity_gamma
            evidence = (
                rules.name_max
                * comparison.score**rules.name_gamma
                * rarity
                * _name_factor(qname, comparison, query, person, rules)
            )
            value = evidence * rules.kind_factor(listed_kind)
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


def _fact_features(
    query: PreparedQuery, record: EntityRecord, algorithm: Algorithm
) -> list[Feature]:
    """The features other than names (identifiers, birth dates, countries, type)."""
    return [
        feature
        for feature in (
            identifier_feature(query.identifiers, record.identifiers, algorithm),
            birth_date_feature(query.birth_dates, record.birth_dates, algorithm),
            country_feature(query.countries, record.countries, algorithm),
            schema_feature(query.schema, record.schema, algorithm),
        )
        if feature is not None
    ]


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
    cache = cache or ScoringCache()
    name = best_name(index, position, query, algorithm, cache)
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
        factor = _rules(index, algorithm, cache).kind_factor(name.kind)
        if factor != 1.0:
            label = "weak alias" if name.kind == NameKind.WEAK_ALIAS else "former name"
            features.append(
                Feature(
                    "name_kind",
                    name.evidence * (factor - 1.0),
                    f"the matching name is a {label}, which weighs less",
                )
            )
    features.extend(_fact_features(query, record, algorithm))
    features = _apply_identifier_floor(features, algorithm)
    score = min(1.0, max(0.0, sum((f.effect for f in features), 0.0)))
    return ScoredEntity(position, score, record, name, tuple(features))


def _apply_identifier_floor(features: list[Feature], algorithm: Algorithm) -> list[Feature]:
    """An exact identifier match lifts the score to at least ``identifier_floor``,
    whatever the names: the same passport or registration number is an alert."""
    floor = algorithm.w("identifier_floor")
    total = sum((f.effect for f in features), 0.0)
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
