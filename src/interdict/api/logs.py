"""Structured JSON logs for the server: one JSON object per line on stderr.

Each line has ``ts`` (UTC ISO 8601), ``level``, ``logger``, ``message`` and the
fields passed as ``extra=`` (``request_id``, ``status``, ``duration_ms``, ...);
exceptions add ``exc_type`` and ``traceback``. :func:`configure_logging` is called by
``interdict serve`` (never at import): it replaces the handlers of the ``interdict``
and ``uvicorn`` loggers.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

import orjson

_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "color_message"}  # uvicorn's ANSI-coloured duplicate
)


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            data["exc_type"] = record.exc_info[0].__name__
            data["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(data, default=str).decode()


def configure_logging(level: int = logging.INFO, stream: IO[str] | None = None) -> None:
    """Send the ``interdict`` and ``uvicorn`` loggers to ``stream`` as JSON lines.

    ``uvicorn.access`` is silenced: :mod:`interdict.api.middleware` writes the
    access log, with the request id.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("interdict", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
    logging.getLogger("uvicorn.access").handlers = []
    logging.getLogger("uvicorn.access").propagate = False
