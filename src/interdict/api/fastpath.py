"""Routes with a fast path: plainly valid requests skip FastAPI's generic parsing.

FastAPI solves a route's parameters from its signature on every request (a few
hundred microseconds for ``/match`` with its dozen query parameters and its
dependencies). :func:`fast_path_route` makes an ``APIRoute`` class whose handler
first offers the request to a *fast handler*, a coroutine that parses the request
itself and returns a response, or ``None`` when the request is not plainly valid;
the request then goes through FastAPI's own handler, unchanged. The declared
signature stays the single contract: it generates the OpenAPI document and every
validation error body, and the fast handler must produce exactly what the FastAPI
handler would for the requests it accepts (the tests compare both on generated
requests).

A fast handler may raise the errors the route's dependencies raise (for instance
:class:`~interdict.api.errors.ApiError` 401), in the same order FastAPI would.
:func:`json_body` reads a JSON body the way FastAPI's handler does, or says to
defer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.routing import APIRoute

FastHandler = Callable[[Request], Awaitable[Response | None]]


def fast_path_route(fast: FastHandler) -> type[APIRoute]:
    """An ``APIRoute`` subclass that tries ``fast`` before FastAPI's handler."""

    class FastPathRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            slow = super().get_route_handler()

            async def handler(request: Request) -> Response:
                response = await fast(request)
                if response is None:
                    return await slow(request)
                return response

            return handler

    return FastPathRoute


async def json_body(request: Request) -> Any | None:
    """The request body decoded as JSON when FastAPI would decode it so, else ``None``
    (the caller defers to FastAPI): a non-empty body without a ``Content-Type`` or
    with ``application/json`` (parameters such as ``charset`` allowed), which orjson
    decodes. JSON that orjson refuses but Python's json module accepts (``NaN``,
    integers beyond 64 bits, a byte-order mark) is left to FastAPI."""
    content_type = request.headers.get("content-type")
    if content_type is not None:
        media = content_type.partition(";")[0].strip().lower()
        if media != "application/json":
            return None
    body = await request.body()  # cached on the request: FastAPI reads it again
    if not body:
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
