"""Versioned scoring algorithms. A released algorithm is never edited in place:
a change of weights or rules is a new module (``v2.py``) with a new version."""

from interdict.scoring.algorithms.base import Algorithm
from interdict.scoring.algorithms.v1 import ALGORITHM as V1
from interdict.scoring.algorithms.v2 import ALGORITHM as V2

#: The algorithm screening uses unless told otherwise.
DEFAULT = V2

#: Every released algorithm, oldest first (all stay selectable).
ALGORITHMS = (V1, V2)

__all__ = ["ALGORITHMS", "DEFAULT", "V1", "V2", "Algorithm"]
