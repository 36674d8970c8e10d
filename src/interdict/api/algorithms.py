"""The ``algorithm`` parameter and the ``/algorithms`` document.

interdict screens with its own versioned algorithms
(:mod:`interdict.scoring.algorithms`). Accepted names: ``best`` and ``default``
(the current default), the algorithm's name (``interdict-v1``) or label
(``interdict-v1@1``), and, so yente clients run unchanged, yente's algorithm names
(``logic-v2``, ``logic-v1``, ``name-based``, ``name-qualified``, ``regression-v1``),
which all run interdict's default algorithm. The algorithm that actually ran is
reported in every match response (``matcher.algorithm``). Other names → 400.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from interdict.api.errors import ApiError
from interdict.scoring.algorithms import DEFAULT, Algorithm

DEFAULT_NAME = "best"
YENTE_NAMES = frozenset({"logic-v2", "logic-v1", "name-based", "name-qualified", "regression-v1"})


def available() -> tuple[Algorithm, ...]:
    return (DEFAULT,)


def resolve_algorithm(name: str) -> Algorithm:
    """The algorithm for an ``algorithm`` parameter value; 400 if unknown."""
    clean = name.strip().lower()
    if clean in {"best", "default"} or clean in YENTE_NAMES:
        return DEFAULT
    for algorithm in available():
        if clean in {algorithm.name.lower(), algorithm.label.lower()}:
            return algorithm
    raise ApiError(400, f"Invalid algorithm: {name}", field="algorithm")


def _description(algorithm: Algorithm) -> str | None:
    """The docstring of the module that defines ``algorithm`` (its analyst-facing doc)."""
    package = importlib.import_module("interdict.scoring.algorithms")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if getattr(module, "ALGORITHM", None) is algorithm:
            return " ".join((module.__doc__ or "").split()) or None
    return None


def algorithms_document() -> dict[str, Any]:
    """The ``/algorithms`` response (yente's ``AlgorithmResponse``)."""
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
