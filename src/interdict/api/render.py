"""Entities and matches in yente's response vocabulary (plain JSON-ready dicts).

* ``properties``: :meth:`Entity.ftm_properties` plus ``topics`` (``sanction``, or
  ``export.control`` for the US Consolidated Screening List) so yente clients that
  read topics see what kind of listing it is;
* ``datasets``: the interdict list name and, where one exists, its OpenSanctions
  name (``["ofac_sdn", "us_ofac_sdn"]``);
* ``referents``: ``[]`` (interdict does not merge entities across lists);
* ``target``: ``true`` (every listed entity is a screening target);
* ``first_seen`` / ``last_change``: ``null`` (not tracked per entity);
  ``last_seen``: when the list snapshot holding the entity was loaded;
* scored results add ``score``, ``match`` (``score >= threshold``), ``explanations``
  (yente's ``{feature: {"score", "detail", "query", "candidate"}}``, built from
  ``Match.explanation``), ``features`` (``{feature: score}``, as older yente
  versions returned) and ``summary`` (the analyst-readable sentence).
"""

from __future__ import annotations

from typing import Any

from interdict.api.datasets import entity_datasets
from interdict.model import Entity
from interdict.screening.result import Match

#: Lists whose entries are export-control listings rather than sanctions.
EXPORT_CONTROL_LISTS = frozenset({"us_csl"})


def list_topics(list_name: str) -> list[str]:
    """The FollowTheMoney topics of every entity of a list."""
    return ["export.control"] if list_name in EXPORT_CONTROL_LISTS else ["sanction"]


def _timestamp(iso: str | None) -> str | None:
    """``2026-11-25T08:31:41+00:00`` → ``2026-11-25T08:31:41`` (yente's form)."""
    if not iso:
        return None
    return iso.split("+", 1)[0].removesuffix("Z")


def entity_body(entity: Entity, *, last_seen: str | None) -> dict[str, Any]:
    """An ``EntityResponse``."""
    properties = entity.ftm_properties()
    topics = properties.setdefault("topics", [])
    for topic in list_topics(entity.list_name):
        if topic not in topics:
            topics.append(topic)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema,
        "properties": properties,
        "datasets": entity_datasets(entity.list_name),
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": _timestamp(last_seen),
        "last_change": None,
    }


def fallback_body(match: Match, *, last_seen: str | None) -> dict[str, Any]:
    """An ``EntityResponse`` from the match alone, for an entity the store no longer
    holds (its list was updated after the serving index was built)."""
    return {
        "id": match.entity_id,
        "caption": match.caption,
        "schema": match.schema,
        "properties": {"name": [match.caption], "topics": list_topics(match.list_name)},
        "datasets": entity_datasets(match.list_name),
        "referents": [],
        "target": True,
        "first_seen": None,
        "last_seen": _timestamp(last_seen),
        "last_change": None,
    }


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if number == number else 0.0  # NaN → 0


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def explanations(explanation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """yente ``FeatureResult``s from an interdict explanation (see ``Match``): one per
    feature, keyed by feature name, ``score`` its signed effect; the ``name`` feature
    carries the best name pairing as ``query`` / ``candidate``."""
    out: dict[str, dict[str, Any]] = {}
    names = explanation.get("names")
    pairing = names if isinstance(names, dict) and names else None
    for feature in explanation.get("features", ()) or ():
        if not isinstance(feature, dict):
            continue
        name = str(feature.get("feature", "feature"))
        key, n = name, 2
        while key in out:
            key, n = f"{name}_{n}", n + 1
        entry = {
            "score": round(_number(feature.get("effect")), 4),
            "detail": _text(feature.get("detail")),
            "query": _text(feature.get("query")),
            "candidate": _text(feature.get("listed", feature.get("candidate"))),
        }
        if key == "name" and pairing is not None:
            entry["query"] = _text(pairing.get("query"))
            entry["candidate"] = _text(pairing.get("listed"))
        out[key] = entry
    if "name" not in out and pairing is not None:
        out["name"] = {
            "score": round(_number(pairing.get("score")), 4),
            "detail": f"best {pairing.get('kind') or ''} name pairing".replace("  ", " "),
            "query": _text(pairing.get("query")),
            "candidate": _text(pairing.get("listed")),
        }
    return out


def scored_body(
    match: Match,
    entity: Entity | None,
    *,
    threshold: float,
    last_seen: str | None,
) -> dict[str, Any]:
    """A ``ScoredEntityResponse``."""
    body = (
        entity_body(entity, last_seen=last_seen)
        if entity is not None
        else fallback_body(match, last_seen=last_seen)
    )
    score = round(float(match.score), 4)
    explained = explanations(match.explanation)
    body["score"] = score
    body["match"] = score >= threshold
    body["explanations"] = explained
    body["features"] = {k: v["score"] for k, v in explained.items()}
    summary = match.explanation.get("summary")
    if summary:
        body["summary"] = str(summary)
    return body
