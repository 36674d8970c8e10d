"""The ``algorithm`` parameter and the ``/algorithms`` document.

interdict screens with its own versioned algorithms
(:mod:`interdict.scoring.algorithms`); every released one can be chosen per request.
Accepted names (case-insensitive, surrounding spaces ignored):

* an algorithm's name (``interdict-v1``), label (``interdict-v1@1``) or short name
  (``v1``);
* ``best`` and ``default``: the current default algorithm;
* yente's algorithm names, so yente clients run unchanged (:data:`YENTE_NAMES`):
  ``logic-v2``, ``name-based`` and ``name-qualified`` → the default algorithm;
  ``logic-v1`` and ``regression-v1``, yente's older algorithms → ``interdict-v1``,
  interdict's first.

The algorithm that actually ran is reported in every match response
(``matcher.algorithm``). Other names → 400 naming the ``algorithm`` field.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from interdict.api.errors import ApiError
from interdict.scoring.algorithms import ALGORITHMS, DEFAULT, V1, Algorithm

DEFAULT_NAME = "best"
#: yente's algorithm names → the interdict algorithm each runs.
YENTE_NAMES: Mapping[str, Algorithm] = {
    "logic-v2": DEFAULT,
    "name-based": DEFAULT,
    "name-qualified": DEFAULT,
    "logic-v1": V1,
    "regression-v1": V1,
}


def available() -> tuple[Algorithm, ...]:
    """Every algorithm a request can choose, oldest first."""
    return tuple(ALGORITHMS)


def _short_name(algorithm: Algorithm) -> str:
    """``interdict-v1`` → ``v1``."""
    return algorithm.name.rsplit("-", 1)[-1]


@cache
def _names() -> Mapping[str, Algorithm]:
    names: dict[str, Algorithm] = {"best": DEFAULT, "default": DEFAULT, **YENTE_NAMES}
    for algorithm in available():
        for name in (algorithm.name, algorithm.label, _short_name(algorithm)):
            names.setdefault(name.lower(), algorithm)
    return names


def resolve_algorithm(name: str) -> Algorithm:
    """The algorithm for an ``algorithm`` parameter value; 400 if unknown."""
    algorithm = _names().get(name.strip().lower())
    if algorithm is None:
        raise ApiError(400, f"Invalid algorithm: {name}", field="algorithm")
    return algorithm


def _description(algorithm: Algorithm) -> str | None:
    """The docstring of the module that defines ``algorithm`` (its analyst-facing doc)."""
    package = "interdict.scoring.algorithms"
    module = importlib.import_module(f"{package}.{_short_name(algorithm)}")
    if getattr(module, "ALGORITHM", None) is not algorithm:
        return None
    return " ".join((module.__doc__ or "").split()) or None


@cache
def algorithms_document() -> dict[str, Any]:
    """The ``/algorithms`` response (yente's ``AlgorithmResponse``): every algorithm
    by label, oldest first; ``default`` is the parameter's default (``best``) and
    ``best`` the label of the default algorithm. Built once (algorithms are
    immutable); callers must not modify it."""
    out = []
    for algorithm in available():
        description = _description(algorithm)
        features = {
            key: {"description": None, "coefficient": float(value), "url": ""}
            for key, value in algorithm.weights.items()
        }
        out.append(
            {
                "name": algorithm.label,
                "description": description,
                "features": features,
                "docs": {
                    "name": algorithm.label,
                    "description": description,
                    "config": {},
                    "features": features,
                },
            }
        )
    return {"algorithms": out, "default": DEFAULT_NAME, "best": DEFAULT.label}
