"""The request middleware (pure ASGI): request id, body limit, access log, metrics.

For every HTTP request, :class:`RequestMiddleware`:

* takes the caller's ``X-Request-ID`` when it is 1-128 characters of
  ``[A-Za-z0-9._:-]``, else makes one (uuid4 hex); it is set on
  ``request.state.request_id`` and returned in the ``X-Request-ID`` response header;
* refuses a body larger than ``max_body_bytes`` with 413, from ``Content-Length``
  before reading, or while reading a body sent without one;
* answers an exception that escaped the routes with a 500 JSON body holding only a
  generic message and the request id (the traceback goes to the log);
* adds ``X-Interdict-Insecure`` to every response when authentication is off;
* logs one JSON access line (logger ``interdict.api.access``) and records the
  latency histogram under the route template (``/match/{dataset}``), never the raw
  path, so metric cardinality stays bounded.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

import orjson
from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interdict.api.errors import internal_error_body
from interdict.api.metrics import ApiMetrics

access_log = logging.getLogger("interdict.api.access")
error_log = logging.getLogger("interdict.api.errors")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
INSECURE_HEADER = (b"x-interdict-insecure", b"authentication disabled (--insecure-no-auth)")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestMiddleware:
    """See the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: ApiMetrics,
        max_body_bytes: int,
        insecure: bool,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes
        self.insecure = insecure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        response_started = False
        extra_headers = [(b"x-request-id", request_id.encode())]
        if self.insecure:
            extra_headers.append(INSECURE_HEADER)

        async def send_wrapper(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                headers = [
                    (k, v) for k, v in message.get("headers", ()) if k.lower() != b"x-request-id"
                ]
                message = {**message, "headers": headers + extra_headers}
            await send(message)

        received = 0

        async def receive_wrapper() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise HTTPException(413, detail=self._too_large())
            return message

        try:
            length = _header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
                code = 413 if length.isdigit() else 400
                detail = self._too_large() if code == 413 else "Invalid Content-Length header."
                await self._send_json(
                    send_wrapper, code, {"detail": detail, "request_id": request_id}
                )
            else:
                await self.app(scope, receive_wrapper, send_wrapper)
        except Exception as exc:
            error_log.error(
                "unhandled error on %s %s",
                scope.get("method"),
                scope.get("path"),
                exc_info=exc,
                extra={"event": "error", "request_id": request_id},
            )
            if not response_started:
                await self._send_json(send_wrapper, 500, internal_error_body(request_id))
            status = 500
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("route")
            template = str(getattr(route, "path", "")) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.observe_request(method, template, status, seconds)
            access_log.info(
                "%s %s %s",
                method,
                scope.get("path", ""),
                status,
                extra={
                    "event": "access",
                    "request_id": request_id,
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": template,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": (scope.get("client") or ("", 0))[0],
                    "key": scope.get("state", {}).get("api_key"),
                },
            )

    def _too_large(self) -> str:
        return f"Request body too large (limit: {self.max_body_bytes} bytes)."

    @staticmethod
    async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
        payload = orjson.dumps(body)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
