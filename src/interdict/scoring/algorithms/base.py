"""The shape of a versioned scoring algorithm: a name, a version and a weight table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Algorithm:
    """``weights`` holds every constant the feature functions read (see v1.py for
    their meaning); ``label`` is recorded with every result."""

    name: str
    version: str
    weights: Mapping[str, float]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def w(self, key: str) -> float:
        return self.weights[key]
