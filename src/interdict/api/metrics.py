"""Prometheus metrics of the HTTP API, rendered in the text exposition format 0.0.4.

A small, dependency-free registry: counters, one latency histogram and gauges, all
thread-safe (one lock; updates are a few dictionary operations). One
:class:`ApiMetrics` belongs to one app; with several worker processes each worker
reports its own series (scrape each, or run one worker per container).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

#: Upper bounds (seconds) of the request latency histogram buckets.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Labels = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: Labels, extra: Iterable[tuple[str, str]] = ()) -> str:
    pairs = [*labels, *extra]
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class ApiMetrics:
    """The metrics of one API app."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[Labels, int] = {}
        self._latency: dict[Labels, list[float]] = {}  # bucket counts + [sum, count]
        self._queries: dict[Labels, int] = {}
        self._results = 0
        self._matches = 0
        self._swaps = 0
        self._index_version = ""
        self._index_entities = 0
        self._index_loaded_at = 0.0
        self._ready = False

    # -- recording ---------------------------------------------------------------

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """One finished HTTP request; ``route`` is the path template (bounded set)."""
        labels = (("method", method), ("route", route), ("status", str(status)))
        key = (("method", method), ("route", route))
        with self._lock:
            self._requests[labels] = self._requests.get(labels, 0) + 1
            series = self._latency.get(key)
            if series is None:
                series = self._latency[key] = [0.0] * (len(LATENCY_BUCKETS) + 2)
            for i, bound in enumerate(LATENCY_BUCKETS):
                if seconds <= bound:
                    series[i] += 1
            series[-2] += seconds
            series[-1] += 1

    def observe_screening(self, endpoint: str, queries: int, results: int, matches: int) -> None:
        """Queries screened, results returned and results at or above the threshold."""
        key = (("endpoint", endpoint),)
        with self._lock:
            self._queries[key] = self._queries.get(key, 0) + queries
            self._results += results
            self._matches += matches

    def set_index(self, version: str, entities: int, loaded_at: float, *, swapped: bool) -> None:
        with self._lock:
            self._index_version = version
            self._index_entities = entities
            self._index_loaded_at = loaded_at
            self._ready = True
            if swapped:
                self._swaps += 1

    # -- exposition --------------------------------------------------------------

    def render(self) -> str:
        """All series in the Prometheus text format."""
        out: list[str] = []
        with self._lock:
            out += [
                "# HELP interdict_http_requests_total HTTP requests by method, route and status.",
                "# TYPE interdict_http_requests_total counter",
            ]
            for labels, count in sorted(self._requests.items()):
                out.append(f"interdict_http_requests_total{_labels(labels)} {count}")
            out += [
                "# HELP interdict_http_request_duration_seconds HTTP request latency.",
                "# TYPE interdict_http_request_duration_seconds histogram",
            ]
            for labels, series in sorted(self._latency.items()):
                for i, bound in enumerate(LATENCY_BUCKETS):
                    le = _labels(labels, [("le", _number(bound))])
                    out.append(
                        f"interdict_http_request_duration_seconds_bucket{le} {int(series[i])}"
                    )
                inf = _labels(labels, [("le", "+Inf")])
                out.append(f"interdict_http_request_duration_seconds_bucket{inf} {int(series[-1])}")
                out.append(
                    f"interdict_http_request_duration_seconds_sum{_labels(labels)} {series[-2]!r}"
                )
                out.append(
                    f"interdict_http_request_duration_seconds_count{_labels(labels)} "
                    f"{int(series[-1])}"
                )
            out += [
                "# HELP interdict_screening_queries_total Queries screened, by endpoint.",
                "# TYPE interdict_screening_queries_total counter",
            ]
            for labels, count in sorted(self._queries.items()):
                out.append(f"interdict_screening_queries_total{_labels(labels)} {count}")
            out += [
                "# HELP interdict_screening_results_total Results returned by screening.",
                "# TYPE interdict_screening_results_total counter",
                f"interdict_screening_results_total {self._results}",
                "# HELP interdict_screening_matches_total Results at or above the match threshold.",
                "# TYPE interdict_screening_matches_total counter",
                f"interdict_screening_matches_total {self._matches}",
                "# HELP interdict_index_info The match index in use (its list versions).",
                "# TYPE interdict_index_info gauge",
                f"interdict_index_info{_labels((('version', self._index_version),))} "
                f"{1 if self._ready else 0}",
                "# HELP interdict_index_entities Entities in the match index in use.",
                "# TYPE interdict_index_entities gauge",
                f"interdict_index_entities {self._index_entities}",
                "# HELP interdict_index_loaded_timestamp_seconds When the index in use was loaded.",
                "# TYPE interdict_index_loaded_timestamp_seconds gauge",
                f"interdict_index_loaded_timestamp_seconds {self._index_loaded_at!r}",
                "# HELP interdict_index_swaps_total Index replacements after list updates.",
                "# TYPE interdict_index_swaps_total counter",
                f"interdict_index_swaps_total {self._swaps}",
                "# HELP interdict_ready Whether lists are loaded and screening is served.",
                "# TYPE interdict_ready gauge",
                f"interdict_ready {1 if self._ready else 0}",
            ]
        return "\n".join(out) + "\n"
