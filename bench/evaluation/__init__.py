"""The matching-quality benchmark: labelled queries built from the real lists.

Modules, one job each: :mod:`.textkeys` (benchmark-side name keys and script tests),
:mod:`.linkage` (records of the same party across lists, by evidence),
:mod:`.variants` (name transformation families), :mod:`.dataset` (the labelled query
set and the held-out indexes), :mod:`.negatives` (names not on any list),
:mod:`.ftm` (entities as FollowTheMoney proxies), :mod:`.runners` (interdict and
nomenklatura over the same queries) and :mod:`.report` (figures, tables, misses).
Entry point: ``bench/run_evaluation.py``.
"""
