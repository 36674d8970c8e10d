"""``POST /v1/payments/screen``: screen a raw ISO 20022 or SWIFT MT payload.

The body is the file as it would be given to ``interdict payments screen`` (one ISO 20022
message, or one or more MT messages, ``$``-separated batches included). The response is
``{"decision": <worst decision>, "messages": [<one object per message, as the CLI's
--json output>]}``; a malformed or hostile message is a message with decision ``error``
(HTTP 200), so the other messages of the payload are still reported.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from interdict.api.auth import require_screen
from interdict.api.errors import ApiError
from interdict.api.models import ERROR_RESPONSES
from interdict.api.services import get_services, serving_state

router = APIRouter()

_DECISION_RANK = {"clear": 0, "hit": 1, "error": 2}


@router.post(
    "/v1/payments/screen",
    tags=["Payments"],
    responses=ERROR_RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    },
)
async def screen_payments(
    request: Request,
    _key: Annotated[object, Depends(require_screen)],
    threshold: Annotated[
        float | None, Query(ge=0.0, le=1.0, description="Party and agent threshold.")
    ] = None,
) -> Response:
    """Screen every party, agent, country and free-text field of the messages in the body."""
    from interdict.payments import PaymentPolicy, screen_message

    state = serving_state(request)
    body = await request.body()
    if not body.strip():
        raise ApiError(400, "The request body is empty: send the message as the body.")
    policy = PaymentPolicy() if threshold is None else PaymentPolicy().with_threshold(threshold)
    results = await get_services(request).executor.run(
        screen_message, body, state.payments, policy, file="body"
    )
    messages: list[dict[str, Any]] = [r.to_dict() for r in results]
    decision = max(
        (m["decision"] for m in messages), key=lambda d: _DECISION_RANK.get(d, 2), default="error"
    )
    return Response(
        orjson.dumps({"decision": decision, "messages": messages}), media_type="application/json"
    )
