"""SWIFT MT (FIN) files split into messages, and messages into blocks and fields.

Contract:

* a file holds one or more messages: back to back, separated by ``$`` (RJE batch
  files), by line ends, or both; CRLF, LF and lone CR are all accepted; a byte-order
  mark and the SOH/ETX (``\\x01``/``\\x03``) frames of DOS-PCC files are ignored;
* a message is a run of ``{n:...}`` blocks starting with block 1; blocks may come in
  any order (block 3 before block 2 is tolerated); ``ACK``/``NAK`` service messages
  (block 1 ``F21``) are recognised and skipped by the caller;
* block 4 is the text block (``:TAG:value`` lines ending with ``-}``), or, in service
  messages, a run of ``{tag:value}`` sub-blocks; blocks 3, 5 and S hold sub-blocks;
* anything between messages that is not a block (junk such as ``foo`` after ``-}``, a
  stray ``}``) is reported as a warning of the message before it;
* a malformed message (unterminated block, bad block 1/2 header, no block 4) raises
  :class:`~interdict.errors.MessageError` naming the line and block; the splitter
  resynchronises on the next ``{1:`` so later messages in the file are still read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from interdict.errors import MessageError

_BLOCK1 = re.compile(r"([FAL])(01|21)([A-Z0-9]{8,12})(\d*)$")
_BLOCK2_IN = re.compile(r"I(\d{3})([A-Z0-9]{8,12}?)([SNU]?)(\d?)(\d{0,3})$")
_BLOCK2_OUT = re.compile(r"O(\d{3})(\d{4})(\d{6})([A-Z0-9]{12})(\d{10})(\d{6})(\d{4})([SNU]?)$")
_TAG = re.compile(r":(\d{2}[A-Za-z]?):")
#: Characters skipped between messages: white space, NUL, SUB, form feed, the byte-order
#: mark and the SOH/ETX frame of DOS-PCC files.
_BETWEEN = frozenset(" \t\r\n\x00\x1a\x0c\ufeff\x01\x03")
_BIC8 = re.compile(r"[A-Z]{6}[A-Z0-9]{2}")
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class MtField:
    """One block-4 field: ``tag`` (``59F``), its ``lines`` (the value split on line
    ends, first line after ``:TAG:``) and ``line``, the file line of ``:TAG:``."""

    tag: str
    lines: tuple[str, ...]
    line: int


@dataclass(slots=True)
class RawMessage:
    """One message's blocks as found: ``blocks`` maps block id to content (sub-block
    dicts for 3, 5 and S; the text for 1, 2 and 4); ``index`` is its 1-based position
    in the file and ``line`` the file line where it starts."""

    index: int
    line: int
    blocks: dict[str, str] = field(default_factory=dict)
    sub_blocks: dict[str, dict[str, str]] = field(default_factory=dict)
    block4_line: int = 0
    warnings: list[str] = field(default_factory=list)
    error: MessageError | None = None
    text: str = ""

    @property
    def is_service(self) -> bool:
        """An ACK/NAK (block 1 ``F21``), skipped by the caller."""
        return self.blocks.get("1", "")[:3] == "F21"

    def fail(self, reason: str, file: str | None) -> None:
        """Record a block error; after a complete text block it is only a warning
        (a damaged trailer does not hide the payment)."""
        if "4" in self.blocks:
            self.warnings.append(f"ignored damaged trailer: {reason}")
        else:
            self.error = MessageError(reason, file=file, record=f"message {self.index}")


class _Scanner:
    def __init__(self, text: str, file: str | None) -> None:
        self.text = text
        self.pos = 0
        self.file = file
        self.line_starts: list[int] = [0]
        self.line_starts.extend(m.end() for m in _NEWLINE.finditer(text))

    def line_of(self, pos: int) -> int:
        return bisect_right(self.line_starts, pos)


def split_messages(
    text: str, *, file: str | None = None, max_messages: int = 1_000_000
) -> Iterator[RawMessage]:
    """Yield every message of an MT file in order; a malformed one carries ``error``."""
    sc = _Scanner(text, file)
    n = len(text)
    index = 0
    current: RawMessage | None = None
    pos = 0
    while pos < n:
        ch = text[pos]
        if ch == "$":
            if current is not None:
                yield current  # a batch separator closes the message before it
                current = None
            pos += 1
            continue
        if ch in _BETWEEN:
            pos += 1
            continue
        if text.startswith("{1:", pos):
            if current is not None and (current.is_service and "2" not in current.blocks):
                current = None  # an ACK/NAK header wraps the message that follows
            if current is not None:
                yield current
            index += 1
            if index > max_messages:
                raise MessageError(f"more than {max_messages} messages in one file", file=file)
            current = RawMessage(index=index, line=sc.line_of(pos))
            start = pos
            pos = _read_blocks(sc, pos, current)
            current.text = text[start:pos]
            continue
        if ch == "{" and current is not None and current.error is None:
            pos = _read_blocks(sc, pos, current)
            continue
        where = f"line {sc.line_of(pos)}"
        if current is None:
            # Something that is not a message: refuse it up to the next message.
            end = _resync(text, pos + 1)
            snippet = text[pos:end].strip()[:30]
            index += 1
            yield RawMessage(
                index=index,
                line=sc.line_of(pos),
                error=MessageError(
                    f"not an MT message: {snippet!r} at {where} (expected '{{1:')",
                    file=file,
                    record=f"message {index}",
                ),
                text=snippet,
            )
            pos = end
            continue
        # junk right after a message's blocks (e.g. "foo" after "-}"): tolerated
        end = pos
        while end < n and text[end] not in "{$\r\n":
            end += 1
        current.warnings.append(f"ignored {text[pos:end][:20]!r} outside any block at {where}")
        pos = max(end, pos + 1)
    if current is not None:
        yield current


def _read_blocks(sc: _Scanner, pos: int, msg: RawMessage) -> int:
    """Read consecutive blocks of ``msg`` from ``pos``; return the position after them.
    On a malformed block set ``msg.error`` and skip to the next ``{1:`` or ``$``."""
    text = sc.text
    n = len(text)
    while pos < n and text[pos] == "{":
        colon = text.find(":", pos + 1, pos + 5)
        block_id = text[pos + 1 : colon] if colon > 0 else ""
        if block_id not in ("1", "2", "3", "4", "5", "S") or (
            block_id == "1" and "1" in msg.blocks
        ):
            if block_id == "1":
                return pos  # the next message starts here
            msg.fail(f"unknown block {text[pos : pos + 4]!r} at line {sc.line_of(pos)}", sc.file)
            return _resync(text, pos + 1)
        if block_id in msg.blocks or block_id in msg.sub_blocks:
            msg.fail(f"block {block_id} repeated at line {sc.line_of(pos)}", sc.file)
            return _resync(text, pos + 1)
        body = colon + 1
        try:
            if block_id == "4" and not text.startswith("{", body):
                end = _text_block_end(text, body)
                if end < 0:
                    raise ValueError("block 4 has no '-}' terminator (truncated?)")
                msg.blocks["4"] = text[body:end]
                msg.block4_line = sc.line_of(body)
                pos = end + 2
            elif block_id in ("3", "4", "5", "S"):
                subs, pos = _sub_blocks(text, body)
                msg.sub_blocks[block_id] = subs
                if block_id == "4":
                    msg.blocks["4"] = ""
            else:
                end = text.find("}", body)
                nxt = text.find("{", body)
                if end < 0 or (0 <= nxt < end):
                    raise ValueError(f"block {block_id} is not terminated")
                msg.blocks[block_id] = text[body:end]
                pos = end + 1
        except ValueError as exc:
            msg.fail(f"{exc} at line {sc.line_of(pos)}", sc.file)
            return _resync(text, pos + 1)
    return pos


def _text_block_end(text: str, body: int) -> int:
    """Offset of the ``-}`` that ends a text block (at a line start), else -1. The end
    must come before the next message (``{1:``) or batch separator (``$``): neither can
    occur in block-4 text, so a block 4 truncated before them is reported, not merged
    with the next message."""
    limit = len(text)
    for marker in ("{1:", "$"):
        found = text.find(marker, body)
        if 0 <= found < limit:
            limit = found
    search = body
    while True:
        found = text.find("-}", search, limit)
        if found < 0:
            return -1
        if found == body or text[found - 1] in "\r\n":
            return found
        search = found + 2


def _sub_blocks(text: str, pos: int) -> tuple[dict[str, str], int]:
    """Parse ``{tag:value}...}`` from ``pos``; return the sub-blocks and the offset after
    the closing brace."""
    subs: dict[str, str] = {}
    n = len(text)
    while pos < n and text[pos] == "{":
        end = text.find("}", pos)
        if end < 0:
            raise ValueError("sub-block is not terminated")
        inner = text[pos + 1 : end]
        if "{" in inner:
            raise ValueError("nested braces in a sub-block")
        tag, sep, value = inner.partition(":")
        if not sep:
            raise ValueError(f"sub-block {inner[:10]!r} has no tag")
        subs.setdefault(tag, value)
        pos = end + 1
    if pos >= n or text[pos] != "}":
        raise ValueError("block is not terminated")
    return subs, pos + 1


def _resync(text: str, pos: int) -> int:
    found = text.find("{1:", pos)
    dollar = text.find("$", pos)
    candidates = [p for p in (found, dollar) if p >= 0]
    return min(candidates) if candidates else len(text)


def parse_block1(value: str) -> tuple[str, str]:
    """``(service id, logical terminal address)``; raises ``ValueError`` when malformed.
    The LT address may lack the terminal code (8-character BIC), as handbook samples do."""
    found = _BLOCK1.match(value)
    if found is None or not _BIC8.fullmatch(found.group(3)[:8]):
        raise ValueError(f"block 1 header {value[:25]!r} is malformed (expected F01 + BIC)")
    rest = value[3:]
    if len(rest) == 22 or (len(rest) != 18 and len(rest) >= 12 and rest[8].isalpha()):
        return found.group(2), rest[:12]
    return found.group(2), rest[:8]


def parse_block2(value: str) -> tuple[str, str, str | None]:
    """``(direction I/O, MT type digits, counterparty LT address or None)``."""
    if value.startswith("I"):
        found = _BLOCK2_IN.match(value)
        if found and _BIC8.fullmatch(found.group(2)[:8]):
            return "I", found.group(1), found.group(2)
    elif value.startswith("O"):
        found = _BLOCK2_OUT.match(value)
        if found:
            return "O", found.group(1), found.group(4)
        loose = re.match(r"O(\d{3})\d{10}([A-Z0-9]{12})", value)
        if loose:
            return "O", loose.group(1), loose.group(2)
    raise ValueError(f"block 2 header {value[:30]!r} is malformed")


def parse_fields(block4: str, first_line: int) -> tuple[list[MtField], list[str]]:
    """The fields of a text block, with continuation lines, and any text before the
    first tag (returned as the second item for the caller to report). A lower-case
    option letter (``:50k:``) is read as upper case."""
    fields: list[MtField] = []
    junk: list[str] = []
    lines = block4.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current_tag: str | None = None
    current_lines: list[str] = []
    current_line = 0
    for offset, raw in enumerate(lines):
        line_no = first_line + offset
        found = _TAG.match(raw)
        if found:
            if current_tag is not None:
                fields.append(MtField(current_tag, tuple(current_lines), current_line))
            current_tag = found.group(1).upper()
            current_lines = [raw[found.end() :]]
            current_line = line_no
        elif current_tag is not None:
            current_lines.append(raw)
        elif raw.strip():
            junk.append(f"line {line_no}: {raw[:20]!r}")
    if current_tag is not None:
        while current_lines and not current_lines[-1].strip() and len(current_lines) > 1:
            current_lines.pop()
        fields.append(MtField(current_tag, tuple(current_lines), current_line))
    return fields, junk
