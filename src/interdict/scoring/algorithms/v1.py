"""interdict-v1: the first released scoring algorithm. Never edit in place.

Score = name evidence + the signed effects of the other features, clamped to [0, 1].

Name evidence = ``name_max × coverage ^ name_gamma × rarity``: ``coverage`` is the
weighted Dice alignment of :mod:`interdict.scoring.names` (parts weighted by IDF,
legal forms × ``legal_factor``, particles × ``particle_factor``, titles ×
``title_factor``, one-letter initials × ``initial_factor``; an unaligned listed part
weighs at least ``unmatched_floor`` × the index's largest IDF, an unaligned
patronymic only ``patronymic_factor`` of its weight); ``rarity`` =
``min(1, information / (information_full × largest IDF)) ^ rarity_gamma`` lowers
matches resting only on common parts. Both are shares of the largest IDF (that of
a part found once) so they scale with the size of the index. A
weak alias (OFAC "weak a.k.a.", UK "low quality") counts × ``weak_alias_factor``, a
former name × ``previous_name_factor``.

An exact full-name match of a rare name without other facts scores ``name_max``
(0.92); matching facts raise it, contradicting facts lower it. An exact identifier
match lifts the score to at least ``identifier_floor`` whatever the names.

The default alert threshold (``interdict.screening.policy.DEFAULT_THRESHOLD``, 0.70)
was chosen on the real lists (38k entities): for queries made from listed names
(reordered, one letter changed, one part dropped) against made-up persons built
from parts of different listed names, 0.70 gave 85 % of the listed parties found
with 1.1 % of the made-up names alerting (most of those are real listed names by
coincidence, such as "Ali Khan"); 0.65 gave 88 % / 2.2 %, 0.75 gave 81 % / 0.7 %.
Other weights moved the operating point along the same curve; they were set on
these perturbations, never on particular names.
"""

from types import MappingProxyType

from interdict.scoring.algorithms.base import Algorithm

WEIGHTS = MappingProxyType(
    {
        # names
        "name_max": 0.92,
        "name_gamma": 1.6,
        "information_full": 0.95,
        "rarity_gamma": 0.5,
        "unmatched_floor": 0.5,
        "legal_factor": 0.15,
        "particle_factor": 0.2,
        "title_factor": 0.1,
        "initial_factor": 0.4,
        "order_penalty": 0.95,
        "patronymic_factor": 0.3,
        "weak_alias_factor": 0.88,
        "previous_name_factor": 0.97,
        # identifiers
        "identifier_match": 0.25,
        "identifier_floor": 0.75,
        "identifier_near": 0.08,
        "identifier_mismatch": -0.04,
        # birth dates
        "dob_day_match": 0.06,
        "dob_month_match": 0.04,
        "dob_year_match": 0.03,
        "dob_range_match": 0.02,
        "dob_near_year": -0.08,
        "dob_same_year_other_day": -0.10,
        "dob_contradiction": -0.30,
        "dob_circa_years": 2.0,
        # countries
        "country_match": 0.02,
        "country_mismatch": -0.05,
        # entity types
        "schema_mismatch": -0.35,
    }
)

ALGORITHM = Algorithm(name="interdict-v1", version="1", weights=WEIGHTS)
