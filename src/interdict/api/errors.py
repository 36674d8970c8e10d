"""Errors → HTTP responses, in this one place.

Every error body is JSON ``{"detail": <message>}`` (yente's ``ErrorResponse``), plus
``"field"`` (a JSON path such as ``queries.q1.properties.birthDate``) when the error
is about one input field, and ``"request_id"``. Request validation errors keep
FastAPI's (and yente's) 422 shape ``{"detail": [{"loc", "msg", "type"}]}`` without
the echoed input or documentation links.

Mapping:

* :class:`ApiError` → its status;
* :class:`~interdict.errors.InputError` (bad query, unknown property, bad date) → 400;
* :class:`~interdict.errors.UnknownEntityError` → 404;
* :class:`~interdict.errors.NoListsLoadedError` → 503;
* any other :class:`~interdict.errors.InterdictError` → 503 with a generic message
  (store errors can name database URLs or paths, which stay in the server log);
* anything else → 500 ``{"detail": "Internal server error"}`` (sent by
  :mod:`interdict.api.middleware`, with :func:`internal_error_body`); the traceback
  goes to the log only, never to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from interdict.errors import InputError, InterdictError, NoListsLoadedError, UnknownEntityError

log = logging.getLogger("interdict.api.errors")


class ApiError(Exception):
    """An error with an HTTP status, raised by routes and dependencies."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field
        self.headers = dict(headers or {})


def error_response(
    request: Request,
    status: int,
    detail: Any,
    *,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"detail": detail}
    if field is not None:
        body["field"] = field
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(ApiError, exc)  # registered for ApiError only
    return error_response(request, exc.status, exc.detail, field=exc.field, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(StarletteHTTPException, exc)  # registered for HTTPException only
    detail = exc.detail if isinstance(exc.detail, str) else "HTTP error"
    return error_response(request, exc.status_code, detail, headers=exc.headers)


def _clean_validation_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for error in errors:
        out.append(
            {
                "loc": [str(p) if not isinstance(p, int) else p for p in error.get("loc", ())],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return out


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    exc = cast(RequestValidationError, exc)  # registered for it only
    return error_response(request, 422, _clean_validation_errors(exc.errors()))


async def _interdict_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InputError):
        return error_response(request, 400, exc.message, field=exc.field)
    if isinstance(exc, UnknownEntityError):
        return error_response(request, 404, "No such entity!")
    if isinstance(exc, NoListsLoadedError):
        return error_response(request, 503, "Index not ready.")
    log.error("service unavailable: %s", exc, extra={"event": "error"})
    return error_response(request, 503, "Service unavailable: the list store cannot be read.")


INTERNAL_ERROR = "Internal server error"


def internal_error_body(request_id: str | None) -> dict[str, Any]:
    """The body of a 500 response (used by the request middleware, which catches
    what escapes the routes so the response still carries the request id)."""
    body: dict[str, Any] = {"detail": INTERNAL_ERROR}
    if request_id:
        body["request_id"] = request_id
    return body


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping above on ``app``."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InterdictError, _interdict_error)
