from __future__ import annotations

import time

from interdict.index import build_index
from interdict.model import EntityBuilder, Name
from interdict.payments import PaymentPolicy, screen_message
from interdict.payments.files import _WARM_UP_MESSAGE, warm_up
from interdict.screening.screener import Screener


def test_warm_up_message_is_clean_and_makes_the_next_message_fast() -> None:
    builder = EntityBuilder("t:1", "Organization", "test")
    builder.add_name(Name("QODS AVIATION INDUSTRIES"))
    screener = Screener(build_index([builder.build()], version="t@1"))
    [result] = screen_message(_WARM_UP_MESSAGE, screener, PaymentPolicy())
    assert result.decision.value == "clear" and not result.errors
    warm_up(screener)
    started = time.perf_counter()
    screen_message(_WARM_UP_MESSAGE.replace(b"WARMUP", b"SECOND"), screener, PaymentPolicy())
    assert time.perf_counter() - started < 0.5
