"""Comparing two analysed names: part alignment weighted by rarity.

Parts are aligned one-to-one, greedily by similarity (:func:`part_similarity`),
whatever their order (``DAMAVANDIAN, Ghassem`` = ``Ghassem Damavandian``); two
adjacent parts on one side may align with one part on the other (``amir hossein`` /
``amirhossein``, ``xi jin ping`` / ``xi jinping``). Each part weighs its rarity in the
index (IDF) times a role factor (legal forms, particles and titles weigh little).

The name score is a weighted Dice coverage::

    sum(similarity × (query weights + listed weights) over aligned pairs)
    / (all query weights + all listed weights)

where a listed part left unaligned weighs at least ``unmatched_floor``: leaving out a
listed name part costs even when it is common (``Maria Garcia`` against ``Maria Del
Carmen GARCIA LOPEZ``); an unaligned patronymic, on either side, weighs only
``patronymic_factor`` of its weight (queries often omit them). ``information`` is the rarity mass of the aligned query
parts, which tells a match on rare parts from one on common ones. For ordered names
(organisations, vessels) each crossing of aligned pairs costs ``order_penalty``, for
at most two crossings.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from interdict.names import ROLE_LEGAL, ROLE_NAME, ROLE_PATRONYMIC, AnalyzedName
from interdict.scoring.tokens import (
    GLUED_ARTICLE,
    MIN_FUZZY,
    PHONETIC,
    glued_article_similarity,
    joined_parts_similarity,
    part_similarity,
)
from interdict.text import skeleton

#: Crossings beyond this many cost nothing more (word order varies across lists).
MAX_CROSSINGS = 2
#: A join of two parts must align at least this well to be used.
MIN_JOIN = 0.8


@dataclass(frozen=True, slots=True)
class PartMatch:
    """One aligned pair (``query``/``listed`` may hold two joined parts), or a part
    left unaligned (the other side ``None``, ``how="missing"``)."""

    query: str | None
    listed: str | None
    score: float
    how: str

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "listed": self.listed, "score": round(self.score, 4),
                "how": self.how}  # fmt: skip


Pair = tuple[float, float, tuple[int, ...], tuple[int, ...], str]


@dataclass(frozen=True, slots=True)
class NameComparison:
    """``score``: coverage in [0, 1]; ``information``: rarity mass of aligned query
    parts; ``pairs``: ``(similarity, weight, query positions, listed positions, rule)``."""

    score: float
    information: float
    query: AnalyzedName
    listed: AnalyzedName
    pairs: tuple[Pair, ...] = ()

    @property
    def aligned(self) -> int:
        return len(self.pairs)

    @property
    def parts(self) -> tuple[PartMatch, ...]:
        """Aligned pairs in query order, then unaligned parts of either side."""
        query, listed = self.query, self.listed
        out: list[PartMatch] = []
        for sim, _, qi, li, how in sorted(self.pairs, key=lambda p: p[2][0]):
            out.append(
                PartMatch(
                    " ".join(query.tokens[i] for i in qi),
                    " ".join(listed.tokens[j] for j in li),
                    sim,
                    how,
                )
            )
        used_q = {i for p in self.pairs for i in p[2]}
        used_l = {j for p in self.pairs for j in p[3]}
        out.extend(
            PartMatch(t, None, 0.0, "missing")
            for i, t in enumerate(query.tokens)
            if i not in used_q
        )
        out.extend(
            PartMatch(None, t, 0.0, "missing")
            for j, t in enumerate(listed.tokens)
            if j not in used_l
        )
        return tuple(out)


_ARTICLE_STARTS = frozenset({"al", "el"})


@lru_cache(maxsize=262144)
def pair_similarity(
    a: str, b: str, a_abjad: bool, b_abjad: bool, glued_articles: bool
) -> tuple[float, str]:
    """:func:`part_similarity` of two single parts, and with ``glued_articles`` also
    :func:`glued_article_similarity` where a glued ``al``/``el`` may explain a
    difference (the better of the two)."""
    sim, how = part_similarity(a, b, a_abjad, b_abjad)
    if (
        glued_articles
        and sim < GLUED_ARTICLE * PHONETIC
        and (a[:2] in _ARTICLE_STARTS or b[:2] in _ARTICLE_STARTS)
    ):
        glued = glued_article_similarity(a, b, a_abjad, b_abjad)
        if glued[0] > sim:
            return glued
    return sim, how


def _align_singles(
    query: AnalyzedName,
    listed: AnalyzedName,
    query_weights: Sequence[float],
    listed_weights: Sequence[float],
    glued_articles: bool = False,
) -> list[Pair]:
    pairs: list[Pair] = []
    q_abjad, l_abjad = query.abjad, listed.abjad
    for i, qt in enumerate(query.tokens):
        wq = query_weights[i]
        for j, lt in enumerate(listed.tokens):
            sim, how = pair_similarity(qt, lt, q_abjad, l_abjad, glued_articles)
            if sim >= MIN_FUZZY:
                pairs.append((sim, wq + listed_weights[j], (i,), (j,), how))
    pairs.sort(key=lambda p: (p[0], p[1]), reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    chosen: list[Pair] = []
    for pair in pairs:
        i, j = pair[2][0], pair[3][0]
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        chosen.append(pair)
    return chosen


_FIRST_CLASS = str.maketrans("gqc", "kkk")


def _may_join(a: str, b: str, abjad: bool = False) -> bool:
    """Cheap filter before comparing a join: same first sound and similar length.
    For an abjad spelling, which lacks short vowels (and often a first ``ayin``),
    the first consonants must agree and length says little."""
    if abjad:
        return skeleton(a)[:1] == skeleton(b)[:1]
    if a[0].translate(_FIRST_CLASS) != b[0].translate(_FIRST_CLASS):
        return False
    return abs(len(a) - len(b)) <= max(2, len(a) // 3)


def _improve_with_joins(
    chosen: list[Pair],
    query: AnalyzedName,
    listed: AnalyzedName,
    query_weights: Sequence[float],
    listed_weights: Sequence[float],
) -> list[Pair]:
    """Try aligning two adjacent parts of one side with one part of the other where
    a part is unaligned or weakly aligned; keep a join when it raises the total."""
    qt, lt = query.tokens, listed.tokens
    strong_q = {i for p in chosen if p[0] >= MIN_JOIN for i in p[2]}
    strong_l = {j for p in chosen if p[0] >= MIN_JOIN for j in p[3]}
    weak_q = [i for i in range(len(qt)) if i not in strong_q]
    weak_l = [j for j in range(len(lt)) if j not in strong_l]
    if not weak_q or not weak_l:
        return chosen
    abjad = query.abjad or listed.abjad
    options: list[tuple[tuple[int, ...], tuple[int, ...], str, str]] = []
    for i in weak_q:
        if i + 1 < len(qt) and i + 1 not in strong_q:
            joined = qt[i] + qt[i + 1]
            options.extend(
                ((i, i + 1), (j,), joined, lt[j]) for j in weak_l if _may_join(joined, lt[j], abjad)
            )
    for j in weak_l:
        if j + 1 < len(lt) and j + 1 not in strong_l:
            joined = lt[j] + lt[j + 1]
            options.extend(
                ((i,), (j, j + 1), qt[i], joined) for i in weak_q if _may_join(qt[i], joined, abjad)
            )
    for qi, li, a, b in options:
        sim, how = part_similarity(a, b, query.abjad, listed.abjad)
        if sim < MIN_JOIN and query.abjad != listed.abjad:
            # An abjad word for two Latin parts: skeletons part by part.
            if len(qi) == 2 and listed.abjad:
                sim, how = max((sim, how), joined_parts_similarity(b, (qt[qi[0]], qt[qi[1]])))
            elif len(li) == 2 and query.abjad:
                sim, how = max((sim, how), joined_parts_similarity(a, (lt[li[0]], lt[li[1]])))
        if sim < MIN_JOIN:
            continue
        weight = sum((query_weights[i] for i in qi), 0.0) + sum(
            (listed_weights[j] for j in li), 0.0
        )
        replaced = [p for p in chosen if set(p[2]) & set(qi) or set(p[3]) & set(li)]
        if sim * weight > sum((p[0] * p[1] for p in replaced), 0.0):
            chosen = [p for p in chosen if p not in replaced]
            chosen.append((sim, weight, qi, li, "joined " + how))
    return chosen


def _as_legal_forms(
    chosen: list[Pair],
    query: AnalyzedName,
    listed: AnalyzedName,
    query_weights: Sequence[float],
    listed_weights: Sequence[float],
) -> tuple[Sequence[float], Sequence[float], list[Pair]]:
    """Weights where a name part aligned with the other side's legal form weighs as
    that legal form (see :func:`compare_names`)."""
    mixed = [
        p
        for p in chosen
        if len(p[2]) == 1
        and len(p[3]) == 1
        and (query.roles[p[2][0]] == ROLE_LEGAL) != (listed.roles[p[3][0]] == ROLE_LEGAL)
    ]
    if not mixed:
        return query_weights, listed_weights, chosen
    qw, lw = list(query_weights), list(listed_weights)
    for p in mixed:
        i, j = p[2][0], p[3][0]
        if query.roles[i] == ROLE_LEGAL:
            lw[j] = min(lw[j], qw[i])
        else:
            qw[i] = min(qw[i], lw[j])
    out = [
        (sim, sum((qw[i] for i in qi), 0.0) + sum((lw[j] for j in li), 0.0), qi, li, how)
        for sim, _, qi, li, how in chosen
    ]
    return qw, lw, out


def _every_part_met(
    name: AnalyzedName,
    weights: Sequence[float],
    used: set[int],
    aligned: Iterable[int],
    min_weight: float,
) -> bool:
    """Whether every weighted name part of ``name`` is aligned (``used``) and each
    aligned name part weighs at least ``min_weight`` (for ``omitted_factor``)."""
    return all(
        i in used for i, role in enumerate(name.roles) if role == ROLE_NAME and weights[i] > 0
    ) and all(weights[i] >= min_weight for i in aligned if name.roles[i] == ROLE_NAME)


def compare_names(
    query: AnalyzedName,
    listed: AnalyzedName,
    query_weights: Sequence[float],
    listed_weights: Sequence[float],
    *,
    query_unmatched_weights: Sequence[float] | None = None,
    unmatched_floor: float = 0.0,
    ordered: bool = False,
    order_penalty: float = 0.95,
    patronymic_factor: float = 1.0,
    omitted_factor: float | None = None,
    omitted_min_weight: float = 0.0,
    legal_alignment: bool = False,
    glued_articles: bool = False,
    generic_words: frozenset[str] | None = None,
    generic_unmatched_factor: float = 1.0,
    listed_omitted_factor: float | None = None,
    listed_omitted_min_parts: int = 0,
    order_by_moves: bool = False,
) -> NameComparison:
    """Align ``query`` with ``listed`` and score the coverage (see module docstring).

    ``omitted_factor`` (``None``: off): when every name part of the query aligns well
    (at least :data:`MIN_JOIN`), at least two do and each weighs at least
    ``omitted_min_weight`` (a common part such as ``Ali`` does not vouch for the
    identity), a listed name part left unaligned
    weighs only this share of its weight, no floor: a query giving a given name and a
    family name leaves out middle names, second surnames and halves of hyphenated
    names (``SAAB, Alex`` / ``Alex Nain SAAB MORAN``).

    ``query_unmatched_weights``: what each query part weighs when left unaligned
    (default: ``query_weights``; a misspelt generic word weighs as that word).

    ``generic_words``: words common to organisation names (``center``, ``group``,
    ``foundation``); one left unaligned on either side weighs ``generic_unmatched_factor``
    of its weight (``KATEHON`` / ``CENTER KATEHON``).

    ``listed_omitted_factor`` (``None``: off): for organisations, whose listed names
    add descriptive words a query leaves out (``Alabuga Special Economic Zone`` / ``JSC
    SPECIAL ECONOMIC ZONE OF INDUSTRIAL PRODUCTION ALABUGA``): when every name part of
    the query aligns well and at least ``listed_omitted_min_parts`` name parts do, a
    listed name part left unaligned weighs this share (a generic word keeps
    ``generic_unmatched_factor``); the query's own extra words still weigh fully.

    ``order_by_moves``: with ``ordered``, the order penalty counts the parts that moved
    (:func:`moved_parts`) instead of the pairs that cross, so a name moved as a block
    from the end to the front (``ALABUGA SPECIAL ECONOMIC ZONE`` / ``SPECIAL ECONOMIC
    ZONE ... ALABUGA``) costs one move, not one per word it jumps.

    ``legal_alignment``: a name part aligned with a legal form of the other side
    (``lta``/``ltda``, ``pvx``/``pvt``: a misspelt legal form) weighs as that legal
    form, so a typing error in a legal form costs little.

    ``glued_articles``: parts are also compared with a glued ``al``/``el`` set aside
    (:func:`interdict.scoring.tokens.glued_article_similarity`: ``ELKADDAFI`` /
    ``QADHAFI``)."""
    if not query.tokens or not listed.tokens:
        return NameComparison(0.0, 0.0, query, listed)
    chosen = _align_singles(query, listed, query_weights, listed_weights, glued_articles)
    if len(query.tokens) > 1 or len(listed.tokens) > 1:
        chosen = _improve_with_joins(chosen, query, listed, query_weights, listed_weights)
    if legal_alignment:
        query_weights, listed_weights, chosen = _as_legal_forms(
            chosen, query, listed, query_weights, listed_weights
        )
    used_q = {i for p in chosen for i in p[2]}
    used_l = {j for p in chosen for j in p[3]}
    numerator = sum((sim * weight for sim, weight, _, _, _ in chosen), 0.0)
    information = sum(
        (sim * sum((query_weights[i] for i in qi), 0.0) for sim, _, qi, _, _ in chosen), 0.0
    )
    well_met = omitted_factor is not None and len(chosen) >= 2
    well_met = well_met and all(p[0] >= MIN_JOIN for p in chosen)
    lenient = well_met and _every_part_met(
        query, query_weights, used_q, (i for p in chosen for i in p[2]), omitted_min_weight
    )
    # The same, the other way: every name part of the listed name aligns well and
    # the query gives more (``Natheer Ahmed Mohammed JAMALEDDINE`` / ``Mohammed
    # JAMALEDDINE``): the query's further parts weigh ``omitted_factor``.
    contained = well_met and _every_part_met(
        listed, listed_weights, used_l, (j for p in chosen for j in p[3]), omitted_min_weight
    )
    descriptive = (
        listed_omitted_factor is not None
        and len(chosen) >= 2
        and all(p[0] >= MIN_JOIN for p in chosen)
        and sum(1 for i in used_q if query.roles[i] == ROLE_NAME) >= listed_omitted_min_parts
        and _every_part_met(
            query, query_weights, used_q, (i for p in chosen for i in p[2]), omitted_min_weight
        )
    )
    denominator = 0.0
    unmatched_q = query_weights if query_unmatched_weights is None else query_unmatched_weights
    for i, weight in enumerate(query_weights):
        if i not in used_q:
            weight = min(weight, unmatched_q[i])
            if query.roles[i] == ROLE_PATRONYMIC:
                weight *= patronymic_factor
            elif contained and omitted_factor is not None and query.roles[i] == ROLE_NAME:
                weight *= omitted_factor
            elif generic_words is not None and query.tokens[i] in generic_words:
                weight *= generic_unmatched_factor
        denominator += weight
    for j, weight in enumerate(listed_weights):
        if j not in used_l:
            role = listed.roles[j]
            if role == ROLE_NAME:
                if lenient and omitted_factor is not None:
                    weight *= omitted_factor
                elif generic_words is not None and listed.tokens[j] in generic_words:
                    weight *= generic_unmatched_factor
                elif descriptive and listed_omitted_factor is not None:
                    weight *= listed_omitted_factor
                else:
                    weight = max(weight, unmatched_floor)
            elif role == ROLE_PATRONYMIC:
                weight *= patronymic_factor
        denominator += weight
    score = numerator / denominator if denominator > 0 else 0.0
    if ordered and len(chosen) > 1:
        by_query = sorted(chosen, key=lambda p: p[2][0])
        if order_by_moves:
            crossings = moved_parts([p[3][0] for p in by_query])
        else:
            crossings = sum(
                1
                for a in range(len(by_query))
                for b in range(a + 1, len(by_query))
                if by_query[a][3][0] > by_query[b][3][0]
            )
        score *= order_penalty ** min(crossings, MAX_CROSSINGS)
    return NameComparison(min(1.0, max(0.0, score)), information, query, listed, tuple(chosen))


def moved_parts(positions: Sequence[int]) -> int:
    """How many parts must move to put ``positions`` (the other name's positions, in the
    query's order) in order: their number less the longest run already in order."""
    tails: list[int] = []
    for position in positions:
        at = bisect_left(tails, position)
        if at == len(tails):
            tails.append(position)
        else:
            tails[at] = position
    return len(positions) - len(tails)
