"""Versioned scoring algorithms. A released algorithm is never edited in place:
a change of weights or rules is a new module (``v2.py``) with a new version."""

from interdict.scoring.algorithms.base import Algorithm
from interdict.scoring.algorithms.v1 import ALGORITHM as V1

#: The algorithm screening uses unless told otherwise.
DEFAULT = V1

__all__ = ["DEFAULT", "V1", "Algorithm"]
