"""Fuzzing both parsers with mutations of real messages: they may only fail with
MessageError, and screening never raises for message content."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdict.errors import MessageError
from interdict.payments import (
    Iso20022Reader,
    PaymentMessage,
    iter_mt,
    parse_iso20022,
    screen_message,
)
from interdict.payments.model import Limits
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult

OWN = Path(__file__).parent.parent / "fixtures" / "payments"
SETTINGS = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class NullScreener:
    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        return ScreeningResult(query, (), "null@1", policy or Policy(), "null")


def _own(suffixes: tuple[str, ...]) -> list[bytes]:
    return [p.read_bytes() for p in sorted(OWN.iterdir()) if p.suffix in suffixes]


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if kind == "truncate":
            del data[pos:]
        elif kind == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            junk = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=12),
                    st.sampled_from(
                        [
                            b"<",
                            b">",
                            b"{",
                            b"}",
                            b"$",
                            b"-}",
                            b"{1:",
                            b":59:",
                            b"<!DOCTYPE x>",
                            b"&a;",
                            b"<![CDATA[",
                            b"\r\n",
                            b"\xef\xbb\xbf",
                            b"{4:",
                            b"</Document>",
                            b"<Dbtr><Nm>",
                        ]
                    ),
                )
            )
            data[pos:pos] = junk
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        else:
            end = min(len(data), pos + draw(st.integers(1, 200)))
            data[pos:pos] = data[pos:end]
    return bytes(data)


def _iso_samples(dir_: Path | None) -> list[bytes]:
    out = _own((".xml",))
    if dir_ is not None:
        out += [
            p.read_bytes()
            for p in sorted((dir_ / "iso20022").glob("*.xml"))
            if p.stat().st_size < 10000
        ]
    return out


def _mt_samples(dir_: Path | None) -> list[bytes]:
    out = _own((".fin",))
    if dir_ is not None:
        out += [p.read_bytes() for p in sorted((dir_ / "mt").iterdir())]
    return out


def _check_iso(data: bytes) -> None:
    try:
        message = parse_iso20022(data, limits=Limits(max_elements=5000))
    except MessageError:
        return
    assert isinstance(message, PaymentMessage)


def _check_mt(data: bytes) -> None:
    for item in iter_mt(data):
        assert isinstance(item, MessageError | PaymentMessage)


@SETTINGS
@given(data=st.data())
def test_fuzz_iso_own_fixtures(data: st.DataObject) -> None:
    _check_iso(data.draw(mutated(_iso_samples(None))))


@SETTINGS
@given(data=st.data())
def test_fuzz_mt_own_fixtures(data: st.DataObject) -> None:
    _check_mt(data.draw(mutated(_mt_samples(None))))


@SETTINGS
@given(data=st.data())
def test_fuzz_iso_samples(payments_samples_dir: Path, data: st.DataObject) -> None:
    _check_iso(data.draw(mutated(_iso_samples(payments_samples_dir))))


@SETTINGS
@given(data=st.data())
def test_fuzz_mt_samples(payments_samples_dir: Path, data: st.DataObject) -> None:
    _check_mt(data.draw(mutated(_mt_samples(payments_samples_dir))))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_screening_never_raises(data: st.DataObject) -> None:
    payload = data.draw(mutated(_iso_samples(None) + _mt_samples(None)))
    results = screen_message(payload, NullScreener())
    assert results
    for result in results:
        assert result.decision.value in ("hit", "clear", "error")
        assert (result.decision.value == "error") == bool(result.errors)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    _check_iso(data)
    _check_mt(data)
    screen_message(data, NullScreener())


def _read(reader: Iso20022Reader) -> tuple[object, ...] | str:
    try:
        sections = list(reader)
    except MessageError:
        return "error"
    return (tuple(sections), reader.header.build(), reader.message_id, reader.type)


@SETTINGS
@given(data=st.data())
def test_fuzz_streaming_and_in_memory_agree(data: st.DataObject) -> None:
    payload = data.draw(mutated(_iso_samples(None)))
    memory = _read(Iso20022Reader(payload, streaming=False))
    stream = _read(Iso20022Reader(io.BytesIO(payload), streaming=True))
    assert memory == stream
