"""Entry points: bytes or a file in, one :class:`MessageResult` per message out.

Contract: :func:`screen_message` screens every message of one file held in memory (an
MT file may hold many, in ``$``-separated batches or back to back; an ISO 20022 file
holds one Document per message: one, several written one after another, or several in
one envelope such as SAA ``DataPDU`` files; it is streamed when larger than
``Limits.max_message_bytes`` or holding more than about ``Limits.max_elements``
elements); the results are in file order, ``index`` counting from 1;
:func:`screen_file` is what ``interdict payments screen FILE...`` calls per file and
streams large ISO files from disk. A message that cannot be parsed yields an ``error``
result naming the position; the other messages of the file are still screened.
Nothing here raises for message content.

Encodings: messages are UTF-8. A file held in memory that starts with a UTF-16 or
UTF-32 byte-order mark, or an XML message declaring a single-byte Western encoding
(ISO 8859-1/15, Windows-1252), is transcoded to UTF-8 first (the XML declaration is
rewritten to match) and its results carry a warning saying so; any other declared
encoding is refused by the parser.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from interdict.errors import MessageError
from interdict.payments.iso20022 import DocumentEnd, Iso20022Reader, salvage
from interdict.payments.model import Limits, Section, Syntax
from interdict.payments.mt import iter_mt
from interdict.payments.policy import PaymentPolicy
from interdict.payments.result import Decision, Hit, MessageResult, decision_of
from interdict.payments.screening import MessageScreener, Screener, screen_parsed
from interdict.screening.result import Match


def detect_syntax(head: bytes) -> Syntax | None:
    """ISO 20022 when the first non-blank byte is ``<``, MT when it is ``{`` (or a
    ``{1:`` block appears early), else ``None``."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00$")
    if text.startswith(b"<"):
        return Syntax.ISO20022
    if text.startswith(b"{") or b"{1:" in head[:4096]:
        return Syntax.MT
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Syntax.ISO20022  # refused later with a clear reason
    return None


_DECLARED = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])""")
#: Declared XML encodings transcoded to UTF-8 (single-byte Western code pages).
_TRANSCODED = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252"}
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def to_utf8(data: bytes) -> tuple[bytes, str | None]:
    """``data`` as UTF-8 and a warning when it had to be transcoded (see the module
    docstring); input that cannot be transcoded is returned unchanged for the parsers
    to refuse with their own reason."""
    original = data
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return data, None
            out = _declare_utf8(text.encode("utf-8"))
            return out, f"{codec.upper()} file transcoded to UTF-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    found = _DECLARED.match(data[:200])
    if found is None:
        return original, None
    declared = found.group(2).decode("ascii").lower()
    if declared not in _TRANSCODED:
        return original, None
    codec = "cp1252" if declared in ("windows-1252", "cp1252") else declared
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    out = _declare_utf8(text.encode("utf-8"))
    return out, f"XML declared {found.group(2).decode('ascii')}: transcoded to UTF-8"


def _declare_utf8(data: bytes) -> bytes:
    """Rewrite the XML declaration's encoding (if any) to UTF-8."""
    return _DECLARED.sub(lambda m: m.group(1) + b"UTF-8" + m.group(3), data, count=1)


def _error_result(
    error: MessageError | str,
    *,
    file: str | None,
    index: int = 1,
    message_id: str | None = None,
    type: str | None = None,
) -> MessageResult:
    return MessageResult(
        message_id=message_id,
        type=type,
        decision=Decision.ERROR,
        errors=(str(error),),
        file=file,
        index=index,
    )


def screen_message(
    data: bytes,
    screener: Screener,
    policy: PaymentPolicy | None = None,
    *,
    file: str | None = None,
    limits: Limits | None = None,
    validate: str | Path | None = None,
) -> list[MessageResult]:
    """Screen every message in ``data`` (an MT or ISO 20022 file may hold many). ISO input
    larger than ``Limits.max_message_bytes`` is streamed."""
    pol = policy or PaymentPolicy()
    lim = limits or Limits()
    data, transcoded = to_utf8(data)
    results = _screen_utf8(data, screener, pol, file=file, limits=lim, validate=validate)
    if transcoded is None:
        return results
    return [replace(r, warnings=(transcoded, *r.warnings)) for r in results]


def _screen_utf8(
    data: bytes,
    screener: Screener,
    pol: PaymentPolicy,
    *,
    file: str | None,
    limits: Limits,
    validate: str | Path | None,
) -> list[MessageResult]:
    syntax = detect_syntax(data[:4096])
    if syntax is None:
        snippet = data[:20].decode("utf-8", "replace")
        return [_error_result(f"unknown message format: starts with {snippet!r}", file=file)]
    if syntax is Syntax.MT:
        results = list(_screen_mt(data, screener, pol, file=file, limits=limits))
        if not results:
            return [_error_result("no payment message in the file (only ACK/NAK)", file=file)]
        return results
    if validate is None and (
        len(data) > limits.max_message_bytes or data.count(b"<") > 2 * limits.max_elements
    ):
        # Too big, or too many elements (a bulk pain.001 of a few MB), to be held whole.
        return _screen_iso_stream(data, screener, pol, file=file, limits=limits)
    return _screen_iso(data, screener, pol, file=file, limits=limits, validate=validate)


def _screen_mt(
    data: bytes, screener: Screener, policy: PaymentPolicy, *, file: str | None, limits: Limits
) -> Iterator[MessageResult]:
    cache: dict[tuple[object, ...], tuple[Match, ...]] = {}
    for index, item in enumerate(iter_mt(data, file=file, limits=limits), start=1):
        if isinstance(item, MessageError):
            yield _error_result(item, file=file, index=index, message_id=item.record)
        else:
            yield screen_parsed(item, screener, policy, index=index, file=file, cache=cache)


def _screen_iso_stream(
    source: bytes | BinaryIO,
    screener: Screener,
    policy: PaymentPolicy,
    *,
    file: str | None,
    limits: Limits,
) -> list[MessageResult]:
    """Stream every message of an ISO 20022 file (see :func:`_screen_iso`)."""
    return _screen_iso(source, screener, policy, file=file, limits=limits, streaming=True)


def _screen_iso(
    source: bytes | BinaryIO,
    screener: Screener,
    policy: PaymentPolicy,
    *,
    file: str | None,
    limits: Limits,
    streaming: bool = False,
    validate: str | Path | None = None,
) -> list[MessageResult]:
    """Screen every message of an ISO 20022 file, section by section as the reader
    yields them (streaming: each transaction as soon as it is read); a message's result
    is complete at its :class:`DocumentEnd`. A message whose screening fails is an
    error result and the file goes on; an error that ends the file is reported on the
    message being read, with its hits so far. A file refused whole in memory mode is
    streamed again when it may hold several messages (``salvage``)."""
    reader = Iso20022Reader(
        source, file=file, limits=limits, streaming=streaming, validate=validate
    )
    cache: dict[tuple[object, ...], tuple[Match, ...]] = {}
    results: list[MessageResult] = []
    runner = MessageScreener(screener, policy, Syntax.ISO20022, cache)
    hits: list[Hit] = []
    failed: str | None = None
    try:
        for item in reader.items():
            if isinstance(item, Section):
                if failed is None:
                    try:
                        hits.extend(runner.section(item))
                    except MessageError as exc:
                        failed = str(exc)
                continue
            results.append(_document_result(item, runner, hits, failed, file=file))
            runner = MessageScreener(screener, policy, Syntax.ISO20022, cache)
            hits = []
            failed = None
    except MessageError as exc:
        if not (results or streaming) and isinstance(source, bytes) and salvage(source, validate):
            return _screen_iso_stream(source, screener, policy, file=file, limits=limits)
        results.append(
            MessageResult(
                message_id=reader.message_id,
                type=reader.type,
                decision=decision_of(hits, [str(exc)]),
                hits=tuple(hits),
                errors=(str(exc),),
                warnings=tuple(reader.warnings),
                file=file,
                index=len(results) + 1,
            )
        )
    return results


def _document_result(
    end: DocumentEnd,
    runner: MessageScreener,
    hits: list[Hit],
    failed: str | None,
    *,
    file: str | None,
) -> MessageResult:
    """The result of one message, its header screened last (its hits come first)."""
    errors: list[str] = []
    if end.error is not None:
        errors.append(str(MessageError(end.error, file=file, record=end.message_id)))
    elif failed is not None:
        errors.append(failed)
    else:
        try:
            hits[:0] = runner.section(end.header)
        except MessageError as exc:
            errors.append(str(exc))
    return MessageResult(
        message_id=end.message_id,
        type=end.type,
        decision=decision_of(hits, errors),
        hits=tuple(hits),
        errors=tuple(errors),
        warnings=end.warnings,
        file=file,
        index=end.index,
    )


def screen_file(
    path: str | Path,
    screener: Screener,
    policy: PaymentPolicy | None = None,
    *,
    limits: Limits | None = None,
    validate: str | Path | None = None,
) -> list[MessageResult]:
    """Screen one file (what ``interdict payments screen FILE...`` calls per file).

    ISO 20022 files larger than ``Limits.max_message_bytes`` are streamed from disk in
    bounded memory; unreadable files give one ``error`` result."""
    pol = policy or PaymentPolicy()
    lim = limits or Limits()
    name = str(path)
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(4096)
            if (
                detect_syntax(head) is Syntax.ISO20022
                and size > lim.max_message_bytes
                and validate is None
            ):
                handle.seek(0)
                return _screen_iso_stream(handle, screener, pol, file=name, limits=lim)
            data = head + handle.read()
    except OSError as exc:
        return [_error_result(f"cannot read file: {exc.strerror or exc}", file=name)]
    return screen_message(data, screener, pol, file=name, limits=lim, validate=validate)


#: A small, clean MT103 screened by :func:`warm_up`.
_WARM_UP_MESSAGE = (
    b"{1:F01WARMGB2LAXXX0000000000}{2:I103WARMDEFFXXXXN}{4:\r\n:20:WARMUP\r\n:23B:CRED\r\n"
    b":32A:260105EUR1,\r\n:50K:/DE89370400440532013000\r\nWARM UP SENDER\r\nBERLIN\r\n"
    b":59:/GB29NWBK60161331926819\r\nWARM UP RECEIVER\r\nLONDON\r\n:70:WARM UP\r\n:71A:SHA\r\n-}"
)


def warm_up(screener: Screener, policy: PaymentPolicy | None = None) -> None:
    """Screen one small built-in message so that lazily loaded tables (territories,
    embargo places, free-text vocabularies) are not paid for by the first real message.
    For long-running servers; about 1.5 s once per process."""
    screen_message(_WARM_UP_MESSAGE, screener, policy or PaymentPolicy(), file="warm-up")
