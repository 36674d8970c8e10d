"""Candidate generation: which entities are worth scoring for a query (recall).

For every name part of every query name the keys of :mod:`interdict.index.keys` are
looked up: the part itself (canonical spelling), its joins with its neighbours,
its consonant skeletons and phonetic key and, for a part the index has never seen
(a typo), the indexed parts within a small edit distance that share its first or
last three letters. A key contributes its IDF times how close it is to the query
part (1 for the part, less for sound keys and typos); per part an entity keeps its
best key, and an entity's retrieval score is the sum over parts, best query name
wins. Identifiers match exactly (normalised) and weigh more than any name.

Keys filed under more than ``common_cap`` entities (``mohammad``, ``trading``) do not
bring new candidates when rarer keys did: they only add to entities already found,
checked by binary search. A query made only of common parts falls back to the
entities carrying all of them.

Whole-name keys (``n:``) are never capped: every entity listing the query name
exactly (any order, canonical spellings) is returned, ahead of the others, with at
least the score a full match of the name's parts would get. Whole-name skeleton
keys (``w:``) lift the entities carrying them above those sharing only some parts'
sounds (:data:`WHOLE_SKELETON_BONUS`).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz.distance import OSA

from interdict.index.keys import (
    KEYED_ROLES,
    MIN_IDENTIFIER_LENGTH,
    normalize_identifier,
    token_keys,
    whole_name_key,
    whole_skeleton_keys,
)
from interdict.index.model import MatchIndex
from interdict.names import AnalyzedName, canonical
from interdict.text import skeletons

#: Similarity credited to each key kind (``t`` exact part, ``k`` skeleton, ``p``
#: phonetic, ``j``/``jk`` join of two query parts, spelled / by skeleton).
KEY_SIMILARITY = {"t": 1.0, "k": 0.8, "p": 0.7, "j": 0.9, "jk": 0.8}
#: Weight of an identifier hit, above any name's total.
IDENTIFIER_WEIGHT = 100.0
#: Added to the retrieval score of an entity matching a whole-name skeleton key.
WHOLE_SKELETON_BONUS = 1.0
#: Whole-name skeleton keys filed under more entities than this are ignored.
WHOLE_SKELETON_CAP = 200
#: Least typo similarity (normalised OSA) for a vocabulary neighbour.
TYPO_CUTOFF = 0.75
#: A query part (four letters at least) carried by at most this many entities anchors
#: them: they are candidates whatever the ranking (see :func:`_anchors`).
ANCHOR_MAX_ENTITIES = 8
ANCHOR_MIN_LENGTH = 4
#: A query part this long that the index knows, carried by at most
#: :data:`NEAR_KNOWN_MAX_ENTITIES` entities, also brings its spelling neighbours: other
#: lists spell the same rare word a little differently (``OBORONLOGISTIKA`` /
#: ``OBORONLOGISTICS``), and the part being known says nothing about the party's other
#: listings.
NEAR_KNOWN_MIN_LENGTH = 8
NEAR_KNOWN_MAX_ENTITIES = 12


@dataclass(frozen=True, slots=True)
class CandidateOptions:
    """``limit``: candidates returned; ``common_cap``: postings longer than this only
    re-rank entities found by rarer keys, the best ``rerank`` of them; when rarer keys
    found fewer than ``limit`` entities (or none), every entity carrying the common
    parts is scored while their postings hold at most ``common_budget`` entries in all."""

    limit: int = 40
    common_cap: int = 400
    rerank: int = 100
    common_budget: int = 20000
    #: Candidates whose retrieval score is below this share of the best one are dropped,
    #: except anchored ones (:func:`_anchors`), which are always candidates: 0 keeps all.
    min_ratio: float = 0.0


def _part_keys(index: MatchIndex, name: AnalyzedName, i: int) -> list[tuple[str, float]]:
    token = name.tokens[i]
    keys = [(key, KEY_SIMILARITY[kind]) for kind, key in token_keys(token, abjad=name.abjad)]
    frequency = index.frequency(keys[0][0])
    if token.isalpha() and (
        frequency == 0
        or (len(token) >= NEAR_KNOWN_MIN_LENGTH and frequency <= NEAR_KNOWN_MAX_ENTITIES)
    ):
        keys.extend(("t:" + near, sim) for near, sim in typo_neighbours(index, token))
    if i + 1 < len(name.tokens):
        joined = token + name.tokens[i + 1]
        keys.append(("t:" + joined, KEY_SIMILARITY["j"]))
        keys.extend(("k:" + s, KEY_SIMILARITY["jk"]) for s in skeletons(joined, abjad=name.abjad))
    return keys


#: Typo neighbour lists memoised per index, at most.
TYPO_MEMO_SIZE = 4096


def typo_neighbours(index: MatchIndex, token: str) -> list[tuple[str, float]]:
    """Indexed parts within a small edit distance of ``token`` with their similarity
    (normalised OSA, at least :data:`TYPO_CUTOFF`), memoised per index."""
    memo = index.typo_memo
    found = memo.get(token)
    if found is None:
        found = []
        for near in index.vocabulary_near(token):
            sim = OSA.normalized_similarity(token, near, score_cutoff=TYPO_CUTOFF)
            if sim:
                found.append((near, float(sim)))
        if len(memo) >= TYPO_MEMO_SIZE:
            memo.clear()
        memo[token] = found
    return found


def _contains(posting: Sequence[int], position: int) -> bool:
    at = bisect_left(posting, position)
    return at < len(posting) and posting[at] == position


def _sum_of_best_keys(
    index: MatchIndex, parts: list[tuple[int, dict[str, float]]]
) -> dict[int, float]:
    """Per entity, the sum over ``parts`` of the weight of its best key of the part."""
    scores: dict[int, float] = {}
    for _, keys in parts:
        # Per part an entity keeps its best key: keys from the weakest up, so that a
        # stronger key's postings override (dict operations run in C).
        best: dict[int, float] = {}
        for key, weight in sorted(keys.items(), key=itemgetter(1)):
            best.update(dict.fromkeys(index.posting(key), weight))
        if not scores:
            scores = best
            continue
        get = scores.get
        for position, weight in best.items():
            scores[position] = get(position, 0.0) + weight
    return scores


def _name_scores(
    index: MatchIndex, name: AnalyzedName, options: CandidateOptions
) -> dict[int, float]:
    rare: list[tuple[int, dict[str, float]]] = []
    common: list[tuple[int, dict[str, float]]] = []
    for i, role in enumerate(name.roles):
        if role not in KEYED_ROLES:
            continue
        rare_keys: dict[str, float] = {}
        common_keys: dict[str, float] = {}
        for key, sim in _part_keys(index, name, i):
            df = index.frequency(key)
            if df == 0:
                continue
            weight = index.idf(key) * sim
            bucket = rare_keys if df <= options.common_cap else common_keys
            if weight > bucket.get(key, 0.0):
                bucket[key] = weight
        if rare_keys:
            rare.append((i, rare_keys))
        if common_keys:
            common.append((i, common_keys))
    scores = _sum_of_best_keys(index, rare)
    if not common:
        return scores
    if len(scores) < options.limit and (
        sum(index.frequency(key) for _, keys in common for key in keys) <= options.common_budget
    ):
        # Few entities carry the rare parts (or none: only common parts), and few
        # enough carry the common ones: score them all, so that the entity carrying
        # the common parts is found however many share one, and also when the rare
        # part is a spelling only few entities have (``syd`` of ``سيد``).
        get = scores.get
        for position, weight in _sum_of_best_keys(index, common).items():
            scores[position] = get(position, 0.0) + weight
        return scores
    if not scores:
        # Only common parts: seed with the entities carrying the rarest exact part.
        _, seed_keys = min(common, key=lambda item: min(index.frequency(k) for k in item[1]))
        seed = min(seed_keys, key=index.frequency)
        scores = dict.fromkeys(index.posting(seed), 0.0)
    if len(scores) > options.rerank:
        scores = dict(heapq.nlargest(options.rerank, scores.items(), key=lambda kv: kv[1]))
    for _, keys in common:
        postings = sorted(
            ((index.posting(key), weight) for key, weight in keys.items()),
            key=lambda pw: pw[1],
            reverse=True,
        )
        for position in scores:
            for posting, weight in postings:
                if _contains(posting, position):
                    scores[position] += weight
                    break
    return scores


def find_candidates(
    index: MatchIndex,
    names: Sequence[AnalyzedName],
    identifiers: Sequence[str] = (),
    *,
    options: CandidateOptions = CandidateOptions(),
    accept: Callable[[int], bool] | None = None,
) -> list[tuple[int, float]]:
    """The best ``options.limit`` entity positions with their retrieval scores, best
    first (ties to the entity with the shortest names), then the anchored entities
    (:func:`_anchors`) not among them. ``accept`` filters positions (list scope,
    exclusions) before ranking."""
    totals: dict[int, float] = {}
    exact: dict[int, float] = {}
    sounded: dict[int, float] = {}
    for name in names:
        for position, score in _name_scores(index, name, options).items():
            if score > totals.get(position, 0.0):
                totals[position] = score
        sounds: set[int] = set()
        for key in whole_skeleton_keys(name):
            posting = index.posting(key)
            if 0 < len(posting) <= WHOLE_SKELETON_CAP:
                sounds.update(posting)
        if sounds:
            full = _full_score(index, name) * KEY_SIMILARITY["k"]
            for position in sounds:
                sounded[position] = max(sounded.get(position, 0.0), full)
        whole = whole_name_key(name)
        if whole is not None:
            posting = index.posting(whole)
            if len(posting):
                full = _full_score(index, name)
                for position in posting:
                    exact[position] = max(exact.get(position, 0.0), full)
    for position, full in sounded.items():
        totals[position] = max(totals.get(position, 0.0), full) + WHOLE_SKELETON_BONUS
    for position, full in exact.items():
        totals[position] = max(totals.get(position, 0.0), full)
    for raw in identifiers:
        ident = normalize_identifier(raw)
        if len(ident) < MIN_IDENTIFIER_LENGTH:
            continue
        for position in index.posting("i:" + ident):
            totals[position] = totals.get(position, 0.0) + IDENTIFIER_WEIGHT
    anchored = _anchors(index, names)
    for position in anchored:
        totals.setdefault(position, 0.0)
    items = totals.items() if accept is None else ((p, s) for p, s in totals.items() if accept(p))
    packed = index.columns["names"]
    # Ties (one common query part) go to the entities with the least name text; the
    # ranking key is only built for the few best.
    if exact:
        listed = list(items)
        first = [item for item in listed if item[0] in exact]
        rest = [item for item in listed if item[0] not in exact]
        first.sort(key=lambda item: (-round(item[1], 6), len(packed[item[0]])))
        ranked = first + _best(rest, max(0, options.limit - len(first)), packed)
    else:
        listed = list(items)
        ranked = _best(listed, options.limit, packed)
    if options.min_ratio > 0.0 and ranked:
        floor = max(score for _, score in ranked) * options.min_ratio
        ranked = [item for item in ranked if item[1] >= floor]
    if anchored:
        kept = {position for position, _ in ranked}
        ranked += [item for item in listed if item[0] in anchored and item[0] not in kept]
    return ranked


def _anchors(index: MatchIndex, names: Sequence[AnalyzedName]) -> set[int]:
    """The entities carrying, spelt the same, a query name part that at most
    :data:`ANCHOR_MAX_ENTITIES` entities carry: so rare a part is evidence enough to be
    scored, however many entities share the query's common parts (``XINGHUA`` of
    ``XINGHUA INTERNATIONAL JSC`` among the hundreds of ``... INTERNATIONAL S.A.``)."""
    out: set[int] = set()
    for name in names:
        for token, role in zip(name.tokens, name.roles, strict=True):
            if role not in KEYED_ROLES or len(token) < ANCHOR_MIN_LENGTH:
                continue
            posting = index.posting("t:" + canonical(token))
            if 0 < len(posting) <= ANCHOR_MAX_ENTITIES:
                out.update(posting)
    return out


def _best(items: list[tuple[int, float]], limit: int, packed: list[str]) -> list[tuple[int, float]]:
    """The ``limit`` best items by score, ties to the entities with the least name
    text, also when the best score's tie runs across the cut (many entities sharing
    the query's common parts)."""
    if limit <= 0:
        return []
    best = heapq.nlargest(limit * 2, items, key=itemgetter(1))
    if (
        len(best) == limit * 2
        and len(items) > len(best)
        and round(best[0][1], 6) == round(best[-1][1], 6)
    ):
        # Every one kept ties with the best (a query of common parts): the tie may run
        # on beyond the cut, so all the tied entities are ranked by name length.
        cut = round(best[-1][1], 6)
        best = [item for item in items if round(item[1], 6) == cut]
    best.sort(key=lambda item: (-round(item[1], 6), len(packed[item[0]])))
    return best[:limit]


def _full_score(index: MatchIndex, name: AnalyzedName) -> float:
    """The retrieval score of an entity carrying every keyed part of ``name`` exactly."""
    return sum(
        (
            index.idf("t:" + canonical(token))
            for token, role in zip(name.tokens, name.roles, strict=True)
            if role in KEYED_ROLES
        ),
        0.0,
    )
