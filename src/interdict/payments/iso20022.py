"""ISO 20022 payment messages (pacs.008, pacs.009 incl. COV, pacs.004, pacs.003, pain.001,
pain.008), one or several per file.

Contract:

* a file holds one or more messages: one ``Document``, XML documents one after another
  (each with its own XML declaration or none), or one root element wrapping several
  ``AppHdr`` + ``Document`` pairs (SWIFT Alliance ``Saa:DataPDU`` files, Fedwire/FedNow
  ``...Outgoing``/``...Incoming`` envelopes, a bulk ``<Messages>``, a business file
  header ``Xchg/Pyld``), or message roots without a ``Document`` in a bulk element
  (EBA STEP2 ``SCTIcfBlkCredTrf`` files: each ``FIToFICstmrCdtTrf`` ... outside any
  Document is a message, typed by its own or its declared default namespace, its paths
  written as if it were in a Document). Each ``Document`` is one message; the business
  application header (``AppHdr``) met after the previous ``Document`` and before it is
  its header (an ``AppHdr`` after the last ``Document`` with none before it belongs to
  that last one). Envelope elements without a ``Document`` (SAA delivery notifications,
  ACKs) are skipped; a file without any ``Document`` is refused;
* the ``AppHdr`` and ``Document`` are found by local element name inside any envelope
  (``Envelope``, SWIFTNet ``Request``, ``message``, FedNow/Fedwire wrappers, or none);
  namespaces may be default, prefixed or absent;
* the message type comes from the Document namespace (``...:pacs.008.001.12``), never
  from the header's ``MsgDefIdr`` (a mismatch is a warning); without a namespace it is
  inferred from the message root element (``FIToFICstmrCdtTrf`` -> ``pacs.008``);
* XSD validity is not required; :func:`parse_iso20022` and :func:`iter_iso20022`
  validate every Document against an XSD given by path when asked (``validate=``);
* :class:`Iso20022Reader` yields one :class:`Section` per transaction (``CdtTrfTxInf``,
  ``DrctDbtTxInf``, ``TxInf``); in pain.001 and pain.008 the payment block's own side
  (``PmtInf/Dbtr``, ``DbtrAcct``, ``DbtrAgt``, ``UltmtDbtr`` ...; ``PmtInf/Cdtr``,
  ``CdtrAcct``, ``CdtrAgt``, ``CdtrSchmeId`` ... in pain.008) is copied into each of its
  transactions. It has two modes with the same output: in memory (``streaming=False``:
  one C-level parse, limits checked with XPath) and streaming (lxml ``iterparse``: each
  transaction is yielded as soon as its end tag is read, then cleared, and so is every
  envelope element outside a Document, so a 50 MB file runs in bounded memory).
  Iterating the reader reads a one-message file (a second Document is refused);
  :meth:`Iso20022Reader.items` reads every message, yielding a :class:`DocumentEnd`
  after the sections of each;
* hostile input is refused with :class:`~interdict.errors.MessageError` naming the
  line and column: DOCTYPE (in the prolog, or anywhere later in the file), non-UTF-8,
  XInclude elements, nesting deeper than ``Limits.max_depth``, more than
  ``Limits.max_elements`` elements (per transaction when streaming), files larger than
  ``Limits.max_message_bytes`` when not streaming, more than ``Limits.max_mt_messages``
  Documents, malformed or truncated XML; these end the file (messages read before are
  kept). A Document of an unknown message type, or holding no message, is an error of
  that message only when reading every message. No other exception escapes.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from interdict.errors import MessageError
from interdict.payments.iso_extract import (
    SectionBuilder,
    account_name,
    account_of,
    attach_account,
    extract_section,
    line_of,
    local,
    walk_single,
)
from interdict.payments.model import Limits, PaymentMessage, Section, Syntax
from interdict.payments.xml_safety import XINCLUDE_NS, check_prolog, safe_parser_options
from interdict.payments.xsd import load_schema, schema_failure

#: Message root element (first child of Document) -> message family.
ROOT_TYPES = {
    "FIToFICstmrCdtTrf": "pacs.008",
    "FICdtTrf": "pacs.009",
    "PmtRtr": "pacs.004",
    "FIToFICstmrDrctDbt": "pacs.003",
    "CstmrCdtTrfInitn": "pain.001",
    "CstmrDrctDbtInitn": "pain.008",
}
#: Families whose payment blocks (``PmtInf``) hold the transactions.
INITIATION = frozenset({"pain.001", "pain.008"})
#: Roots of the first versions (pacs.008.001.01, pain.001.001.02 ...), named after the
#: message itself.
_VERSION_ROOT = re.compile(r"(pacs\.00[3489]|pain\.00[18])\.\d{3}\.\d{2}")
TRANSACTION_TAGS = frozenset({"CdtTrfTxInf", "TxInf", "DrctDbtTxInf"})
_MSG_ID = re.compile(r"(pacs|pain|camt|head)\.\d{3}\.\d{3}\.\d{2}")
_PROLOG_PEEK = 65536
#: The element wrapped around the whole file so that documents written one after
#: another parse as one stream; it is never reported (see :func:`_clean`).
_WRAP_NAME = "interdict-file"
_WRAP_OPEN = b"<" + _WRAP_NAME.encode() + b">"
_WRAP_CLOSE = b"</" + _WRAP_NAME.encode() + b">"
_DECL = b"<?xml"
#: Elements that hold a message (or its header) and are read whole.
_CONTAINERS = frozenset({"Document", "AppHdr", *ROOT_TYPES})
_CHUNK = 65536
#: Compiled depth checks kept per thread (one per ``Limits.max_depth`` met).
_MAX_DEPTH_CHECKS = 16


class _Tools:
    """The lxml objects the in-memory mode reuses from one message to the next: a
    parser with :func:`safe_parser_options` (making one costs as much as parsing a
    small message) and the compiled limit checks. An lxml parser must not be used by
    two threads at once, so each thread has its own (see :func:`_tools`)."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(**safe_parser_options())
        self.count = etree.XPath("count(//*)")
        self.xinclude = etree.XPath("//*[namespace-uri()=$a or namespace-uri()=$b]")
        self._deep: dict[int, etree.XPath] = {}

    def deep(self, max_depth: int) -> etree.XPath:
        """Selects the elements nested deeper than ``max_depth`` below the file wrapper."""
        found = self._deep.get(max_depth)
        if found is None:
            if len(self._deep) >= _MAX_DEPTH_CHECKS:
                self._deep.clear()
            found = self._deep[max_depth] = etree.XPath("/*" * (max_depth + 2))
        return found


_THREAD = threading.local()


def _tools() -> _Tools:
    """This thread's :class:`_Tools`, made on first use."""
    tools: _Tools | None = getattr(_THREAD, "tools", None)
    if tools is None:
        tools = _THREAD.tools = _Tools()
    return tools


class Readable(Protocol):
    """A binary stream: a file opened ``rb``, ``io.BytesIO``, a raw socket or pipe."""

    def read(self, size: int = -1, /) -> bytes | None: ...


def _blank_declarations(buf: bytes, *, final: bool) -> tuple[bytes, bytes]:
    """``buf`` with every XML declaration (``<?xml ...?>``) replaced by spaces (line ends
    kept), and the tail that must wait for more input (a declaration, or the start of
    one, cut by the end of ``buf``); with ``final`` nothing waits."""
    pos = buf.find(_DECL)
    out = bytearray()
    start = 0
    while pos >= 0:
        after = buf[pos + 5 : pos + 6]
        if not after and not final:
            return bytes(out + buf[start:pos]), buf[pos:]
        if after not in (b" ", b"\t", b"\r", b"\n"):
            pos = buf.find(_DECL, pos + 5)  # another PI such as <?xml-stylesheet?>
            continue
        end = buf.find(b"?>", pos)
        if end < 0:
            if not final and len(buf) - pos < 4096:
                return bytes(out + buf[start:pos]), buf[pos:]
            break  # left as is: the parser refuses it
        out += buf[start:pos]
        out += bytes(b if b in b"\r\n" else 0x20 for b in buf[pos : end + 2])
        start = end + 2
        pos = buf.find(_DECL, start)
    if not final:
        keep = buf.rfind(b"<", max(start, len(buf) - len(_DECL) + 1))
        if keep >= 0 and _DECL.startswith(buf[keep:]):
            return bytes(out + buf[start:keep]), buf[keep:]
    if not out:
        return buf, b""
    return bytes(out + buf[start:]), b""


class _WrappedFile(io.RawIOBase):
    """A binary stream that replays ``head`` (the file's first bytes) and the rest of
    ``tail``, with the file wrapper inserted before the root element at offset ``root``
    and XML declarations after it blanked."""

    def __init__(self, head: bytes, tail: Readable | None, root: int) -> None:
        self._out = head[:root] + _WRAP_OPEN
        self._pending = head[root:]
        self._tail = tail
        self._eof = tail is None
        self._closed = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        if not self._eof and self._tail is not None:
            chunk = self._tail.read(_CHUNK)
            if chunk:
                self._pending += chunk
            else:
                self._eof = True
        ready, self._pending = _blank_declarations(self._pending, final=self._eof)
        self._out += ready
        if self._eof and not self._pending and not self._closed:
            self._out += _WRAP_CLOSE
            self._closed = True

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._out) < size) and not self._closed:
            self._fill()
        if size < 0 or size >= len(self._out):
            out, self._out = self._out, b""
            return out
        out, self._out = self._out[:size], self._out[size:]
        return out


@dataclass(slots=True)
class _Counters:
    """Sibling indexes of repeating anchors (``PmtInf[2]``, ``CdtTrfTxInf[3]``)."""

    by_parent: dict[tuple[int, str], int] = field(default_factory=dict)

    def next(self, parent_depth: int, name: str) -> int:
        key = (parent_depth, name)
        self.by_parent[key] = self.by_parent.get(key, 0) + 1
        return self.by_parent[key]

    def reset_below(self, depth: int) -> None:
        for key in [k for k in self.by_parent if k[0] >= depth]:
            del self.by_parent[key]


@dataclass(slots=True)
class _Doc:
    """What is known of one message while it is read."""

    index: int = 0
    message_id: str | None = None
    type: str | None = None
    variant: str | None = None
    header_type: str | None = None
    warnings: list[str] = field(default_factory=list)
    header: SectionBuilder = field(default_factory=lambda: SectionBuilder("/"))
    error: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentEnd:
    """Yielded by :meth:`Iso20022Reader.items` after the sections of each message:
    its 1-based ``index`` in the file, identity, header section (AppHdr ``Fr``/``To``
    and group-header parties), warnings, and ``error`` when this message could not be
    read (unknown message type, no message, XSD violation) while the file goes on."""

    index: int
    message_id: str | None
    type: str | None
    variant: str | None
    header: Section
    warnings: tuple[str, ...] = ()
    error: str | None = None


class Iso20022Reader:
    """Iterate the sections of the ISO 20022 messages of one file.

    ``source`` is the file as bytes or a binary file object (read once, streamed);
    ``file`` names it in errors; ``validate`` is the path of an XSD every Document is
    validated against (in-memory mode only). Iterating the reader yields the sections
    of a one-message file; after iteration ``message_id``, ``type``, ``variant``,
    ``warnings`` and ``header`` describe the message. :meth:`items` reads every message.
    """

    def __init__(
        self,
        source: bytes | Readable,
        *,
        file: str | None = None,
        limits: Limits | None = None,
        streaming: bool = True,
        validate: str | Path | None = None,
    ) -> None:
        self.file = file
        self.limits = limits or Limits()
        self.streaming = streaming
        self.validate = validate
        self._schema: etree.XMLSchema | None = None
        self._source = source
        self._file_warnings: list[str] = []
        self._doc = _Doc()
        self._next: _Doc | None = None  # an AppHdr read before its Document
        self._pending: _Doc | None = None  # a Document read, its end not yet yielded
        self._documents = 0
        self._root_line = 1

    # -- what is known of the current (or only) message ---------------------------
    @property
    def message_id(self) -> str | None:
        return self._doc.message_id

    @property
    def type(self) -> str | None:
        return self._doc.type

    @property
    def variant(self) -> str | None:
        return self._doc.variant

    @property
    def header_type(self) -> str | None:
        return self._doc.header_type

    @property
    def header(self) -> SectionBuilder:
        return self._doc.header

    @property
    def warnings(self) -> list[str]:
        return [*self._file_warnings, *self._doc.warnings]

    def _error(self, message: str, line: int | None = None, col: int | None = None) -> MessageError:
        where = ""
        if line is not None:
            where = f" at line {line}" + (f", column {col}" if col is not None else "")
        return MessageError(f"{message}{where}", file=self.file, record=self.message_id)

    def _open(self) -> bytes | io.RawIOBase:
        """The file with the wrapper element around it: as bytes when held in memory,
        else as a stream."""
        if isinstance(self._source, bytes | bytearray | memoryview):
            data = bytes(self._source)
            if not self.streaming and len(data) > self.limits.max_message_bytes:
                raise self._error(
                    f"message is {len(data)} bytes; the limit is {self.limits.max_message_bytes}"
                    " (stream large files)"
                )
            root = check_prolog(data[:_PROLOG_PEEK], file=self.file, max_prolog=_PROLOG_PEEK)
            self._root_line = data.count(b"\n", 0, root) + 1
            data = self._late_declaration(data)
            body, _ = _blank_declarations(data[root:], final=True)
            return b"".join((data[:root], _WRAP_OPEN, body, _WRAP_CLOSE))
        head = b""
        while len(head) < _PROLOG_PEEK:  # a pipe may answer a read with fewer bytes
            chunk = self._source.read(_PROLOG_PEEK - len(head))
            if not isinstance(chunk, bytes):
                raise self._error("the message source must be a binary stream")
            if not chunk:
                break
            head += chunk
        root = check_prolog(head, file=self.file, max_prolog=_PROLOG_PEEK)
        self._root_line = head.count(b"\n", 0, root) + 1
        return _WrappedFile(self._late_declaration(head), self._source, root)

    def _late_declaration(self, data: bytes) -> bytes:
        """Blank out an XML declaration preceded by white space (a message taken from a
        queue or a log with a leading line end), which XML parsers refuse; the prolog
        check has already accepted its encoding. Line numbers are kept."""
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        decl = data.find(b"<?xml", start, start + 4096)
        if (
            decl <= start
            or data[start:decl].strip(b" \t\r\n")
            or data[decl + 5 : decl + 6] not in (b" ", b"\t", b"\r", b"\n")
        ):
            return data  # no declaration, one in place, or a PI such as <?xml-stylesheet
        end = data.find(b"?>", decl)
        if end < 0:
            return data
        self._file_warnings.append("white space before the XML declaration ignored")
        blank = bytes(b if b in b"\r\n" else 0x20 for b in data[decl : end + 2])
        return data[:decl] + blank + data[end + 2 :]

    def __iter__(self) -> Iterator[Section]:
        for item in self._items(multi=False):
            if isinstance(item, Section):
                yield item

    def items(self) -> Iterator[Section | DocumentEnd]:
        """Every message of the file: its sections, then its :class:`DocumentEnd`."""
        return self._items(multi=True)

    def _items(self, *, multi: bool) -> Iterator[Section | DocumentEnd]:
        try:
            if self.validate is not None:
                self._schema = load_schema(str(self.validate))
            source = self._open()
            if isinstance(source, bytes):
                if self.streaming:
                    yield from self._stream_items(io.BytesIO(source), multi)
                else:
                    yield from self._tree_items(source, multi)
            else:
                yield from self._stream_items(source, multi)
            return
        except etree.XMLSyntaxError as exc:
            error = self._syntax_error(exc)
        except (etree.LxmlError, ValueError, OverflowError, UnicodeError) as exc:
            error = self._error(f"unreadable XML: {_clean(str(exc))}")
        except MessageError as exc:
            error = exc
        if multi and self._pending is not None:
            # an error after a complete message: that message is kept, the error is
            # the next one's
            ended = self._end(self._pending)
            self._pending = None
            self._doc = _Doc()
            yield ended
            error = MessageError(error.message, file=self.file)
        raise error

    def _syntax_error(self, exc: etree.XMLSyntaxError) -> MessageError:
        """The parser's error, named by line and column of the file."""
        line, col = exc.position if exc.position else (None, None)
        msg = str(exc.msg or exc)
        log: Any = exc.error_log
        last = log.last_error if log else None
        if last is not None and last.message and (not line or msg == "no element found"):
            # iterparse reports some errors (an undefined entity) as "no element found"
            # at line 0; the error log has the real one
            msg, line, col = last.message, last.line, last.column
        if line == self._root_line and col is not None and col > len(_WRAP_OPEN):
            col -= len(_WRAP_OPEN)
        msg = _clean(msg.strip().split(", line ")[0])
        return self._error(f"malformed XML: {msg}", line, col)

    # -- pairing headers and documents (both modes) --------------------------------
    def _app_header(self, el: etree._Element) -> None:
        """An ``AppHdr`` outside any Document: the header of the next Document (the
        first one met wins)."""
        if self._next is None:
            self._next = _Doc()
            self._read_app_header(el, self._next)

    def _previous_end(self, line: int | None, multi: bool) -> DocumentEnd | None:
        """A new Document starts: the end of the previous one, to be yielded first."""
        if self._pending is None:
            return None
        if not multi:
            raise self._error("more than one Document in the message", line)
        ended = self._end(self._pending)
        self._pending = None
        return ended

    def _document_start(self, el: etree._Element) -> None:
        """A new Document, or a message root outside any Document, starts (after
        :meth:`_previous_end` was yielded)."""
        self._documents += 1
        if self._documents > self.limits.max_mt_messages:
            raise self._error(f"more than {self.limits.max_mt_messages} messages in one file")
        self._doc = self._next or _Doc()
        self._next = None
        self._doc.index = self._documents
        self._set_namespace(el.tag)
        if self._doc.type is None and local(el.tag) != "Document":
            # a message root in a bulk file's namespace: its own default namespace
            for uri in el.nsmap.values():
                self._set_namespace(f"{{{uri}}}")
                if self._doc.type is not None:
                    break

    def _document_end(self, line: int | None, has_root: bool, multi: bool) -> None:
        if not has_root:
            error = self._error("the Document holds no message", line)
            if not multi:
                raise error
            self._doc.error = error.message
        self._pending = self._doc

    def _root_failed(self, exc: MessageError, multi: bool) -> None:
        if not multi:
            raise exc
        self._doc.error = exc.message

    def _finish(self, multi: bool) -> Iterator[DocumentEnd]:
        pending = self._pending
        if pending is None:
            raise self._error("no ISO 20022 Document with a message was found")
        late = self._next
        if late is not None:  # an AppHdr after the last Document: its header
            pending.message_id = late.message_id or pending.message_id
            pending.header_type = pending.header_type or late.header_type
            pending.variant = pending.variant or late.variant
            pending.header.extend(late.header.build())
            self._next = None
        self._pending = None
        self._doc = pending
        if multi:
            yield self._end(pending)

    def _end(self, doc: _Doc) -> DocumentEnd:
        return DocumentEnd(
            doc.index,
            doc.message_id,
            doc.type,
            doc.variant,
            doc.header.build(),
            (*self._file_warnings, *doc.warnings),
            doc.error,
        )

    # -- streaming mode ------------------------------------------------------------
    def _stream_items(self, stream: Readable, multi: bool) -> Iterator[Section | DocumentEnd]:
        events = etree.iterparse(stream, events=("start", "end"), **safe_parser_options())
        depth = 0
        count = 0
        doc_depth: int | None = None
        hdr_depth: int | None = None
        root_name: str | None = None
        skipping = False  # a Document whose message type is unknown (multi mode)
        implicit = False  # a message root outside any Document (STEP2 bulk files)
        initiation = False  # pain.001/pain.008: payment blocks hold the transactions
        pmtinf: SectionBuilder | None = None
        pmtinf_path = ""
        counters = _Counters()
        root_path = ""
        max_depth = self.limits.max_depth + 1  # the file wrapper is one more level
        max_elements = self.limits.max_elements + 1
        for event, el in events:
            tag = el.tag
            if event == "start":
                depth += 1
                count += 1
                if depth > max_depth or count > max_elements or "XInclude" in str(tag):
                    self._check_start(el, depth - 1, count - 1)
                if doc_depth is not None and (root_name is not None or skipping):
                    continue  # inside the message: nothing to note on start
                name = local(tag)
                if doc_depth is None:
                    if hdr_depth is not None:
                        continue
                    if name == "AppHdr":
                        hdr_depth = depth
                        continue
                    if name != "Document" and name not in ROOT_TYPES:
                        continue
                    ended = self._previous_end(line_of(el), multi)
                    if ended is not None:
                        yield ended
                    self._document_start(el)
                    implicit = name != "Document"  # a bulk holding message roots
                    doc_depth = depth - 1 if implicit else depth
                    root_name = None
                    skipping = False
                    pmtinf = None
                    counters = _Counters()
                if depth == doc_depth + 1:
                    try:
                        family = self._set_root(name, line_of(el))
                    except MessageError as exc:
                        self._root_failed(exc, multi)
                        skipping = True
                        continue
                    root_name = name
                    root_path = f"/Document/{name}"
                    initiation = family in INITIATION
                continue
            # end event
            depth -= 1
            if doc_depth is None:
                if hdr_depth is not None:
                    if depth + 1 == hdr_depth:
                        self._app_header(el)
                        hdr_depth = None
                        _release(el)
                        count = self._reset(count)
                    continue
                if depth > 0:  # an envelope element outside any Document
                    _release(el)
                    count = self._reset(count)
                continue
            level = depth + 1 - doc_depth
            if level == 0 or (implicit and level == 1):
                doc_depth = None
                self._document_end(line_of(el), root_name is not None or skipping, multi)
                _release(el)
                count = self._reset(count)
                continue
            if skipping or level > 3 or (level == 3 and not initiation):
                continue  # inside a transaction: handled when the transaction ends
            name = local(tag)
            if level == 2:
                anchor = name == "PmtInf" or name in TRANSACTION_TAGS
                path = f"{root_path}/{name}"
                if anchor:
                    path += f"[{counters.next(2, name)}]"
                if name == "GrpHdr":
                    self._read_group_header(el, path)
                elif name in TRANSACTION_TAGS:
                    yield self._transaction(el, path, None)
                elif name == "PmtInf":
                    pmtinf = None
                    counters.reset_below(3)
                else:
                    section = extract_section(el, path)
                    if section.parties or section.texts or section.countries:
                        yield section
                _release(el)
                count = self._reset(count)
            elif level == 3 and initiation:
                parent = el.getparent()
                if parent is None or local(parent.tag) != "PmtInf":
                    continue
                if pmtinf is None:
                    pmtinf_index = counters.by_parent.get((2, "PmtInf"), 0) + 1
                    pmtinf_path = f"{root_path}/PmtInf[{pmtinf_index}]"
                    pmtinf = SectionBuilder(pmtinf_path)
                if name in TRANSACTION_TAGS:
                    index = counters.next(3, name)
                    yield self._transaction(el, f"{pmtinf_path}/{name}[{index}]", pmtinf)
                elif name.endswith("Acct") and len(name) > 4:
                    _attach(pmtinf, el, f"{pmtinf_path}/{name}", name[:-4])
                else:
                    walk_single(el, f"{pmtinf_path}/{name}", pmtinf)
                _release(el)
                count = self._reset(count)
        yield from self._finish(multi)

    # -- in-memory mode ------------------------------------------------------------
    def _tree_items(self, data: bytes, multi: bool) -> Iterator[Section | DocumentEnd]:
        """In-memory mode: one C-level parse, the limits checked with XPath, then the
        same anchors as the streaming mode."""
        tools = _tools()
        root = etree.fromstring(data, tools.parser)
        if _number(tools.count(root)) > self.limits.max_elements + 1:
            raise self._error(f"more than {self.limits.max_elements} XML elements")
        deep = _first(tools.deep(self.limits.max_depth)(root))
        if deep is not None:
            raise self._error(f"XML nesting deeper than {self.limits.max_depth}", line_of(deep))
        xinclude = (
            _first(tools.xinclude(root, a=XINCLUDE_NS[0], b=XINCLUDE_NS[1]))
            if b"XInclude" in data
            else None
        )
        if xinclude is not None:
            raise self._error("XInclude elements are refused", line_of(xinclude))
        for el, name in _containers(root):
            if name == "AppHdr":
                self._app_header(el)
                continue
            ended = self._previous_end(line_of(el), multi)
            if ended is not None:
                yield ended
            self._document_start(el)
            if name != "Document":
                yield from self._tree_message(el, el, multi)
                continue
            message_root = next((c for c in el if isinstance(c.tag, str)), None)
            if message_root is None:
                self._document_end(line_of(el), False, multi)
            else:
                yield from self._tree_message(el, message_root, multi)
        yield from self._finish(multi)

    def _tree_message(
        self, document: etree._Element, message_root: etree._Element, multi: bool
    ) -> Iterator[Section]:
        """The sections of one message root; ``document`` is its Document, or the root
        itself in a bulk file without Documents."""
        name = local(message_root.tag)
        try:
            family = self._set_root(name, line_of(message_root))
        except MessageError as exc:
            self._root_failed(exc, multi)
            self._document_end(line_of(document), True, multi)
            return
        initiation = family in INITIATION
        root_path = f"/Document/{name}"
        counters = _Counters()
        for child in message_root:
            cname = local(child.tag)
            if not cname:
                continue
            anchor = cname == "PmtInf" or cname in TRANSACTION_TAGS
            path = f"{root_path}/{cname}"
            if anchor:
                path += f"[{counters.next(2, cname)}]"
            if cname == "GrpHdr":
                self._read_group_header(child, path)
            elif cname in TRANSACTION_TAGS:
                yield self._transaction(child, path, None)
            elif cname == "PmtInf" and initiation:
                yield from self._payment_block(child, path)
            else:
                section = extract_section(child, path)
                if section.parties or section.texts or section.countries:
                    yield section
        if self._schema is not None and document is not message_root:
            self._check_schema(document, multi)
        self._document_end(line_of(document), True, multi)

    def _check_schema(self, document: etree._Element, multi: bool) -> None:
        schema = self._schema
        if schema is None:
            return
        failure = schema_failure(schema, document)
        if failure is None:
            return
        error = MessageError(failure, file=self.file, record=self.message_id)
        if not multi:
            raise error
        self._doc.error = error.message

    def _payment_block(self, block: etree._Element, path: str) -> Iterator[Section]:
        inherited = SectionBuilder(path)
        index = 0
        for child in block:
            name = local(child.tag)
            if not name:
                continue
            if name in TRANSACTION_TAGS:
                index += 1
                yield self._transaction(child, f"{path}/{name}[{index}]", inherited)
            elif name.endswith("Acct") and len(name) > 4:
                _attach(inherited, child, f"{path}/{name}", name[:-4])
            else:
                walk_single(child, f"{path}/{name}", inherited)

    def _reset(self, count: int) -> int:
        """Element counting restarts per transaction only when streaming."""
        return 0 if self.streaming else count

    def _check_start(self, el: etree._Element, depth: int, count: int) -> None:
        if depth > self.limits.max_depth:
            raise self._error(f"XML nesting deeper than {self.limits.max_depth}", line_of(el))
        if count > self.limits.max_elements:
            raise self._error(
                f"more than {self.limits.max_elements} XML elements"
                + (" in one transaction" if self.streaming else ""),
                line_of(el),
            )
        tag = el.tag
        if isinstance(tag, str) and tag.startswith("{") and tag[1:].startswith(XINCLUDE_NS):
            raise self._error("XInclude elements are refused", line_of(el))

    def _set_namespace(self, tag: object) -> None:
        if isinstance(tag, str) and tag.startswith("{"):
            found = _MSG_ID.search(tag[1:].partition("}")[0])
            if found:
                self._doc.type = found.group(0)

    def _set_root(self, name: str, line: int | None) -> str:
        """Check the message root against the namespace; return the message family."""
        doc = self._doc
        family = ROOT_TYPES.get(name)
        if family is None and _VERSION_ROOT.fullmatch(name):
            family = name[:8]
        if family is None:
            raise self._error(f"unsupported or unknown ISO 20022 message root <{name}>", line)
        if doc.type is None:
            doc.type = family
        elif not doc.type.startswith(family):
            raise self._error(
                f"Document namespace says {doc.type} but its root <{name}> is a {family}", line
            )
        if doc.header_type and doc.header_type != doc.type:
            doc.warnings.append(
                f"AppHdr MsgDefIdr {doc.header_type} differs from the Document ({doc.type});"
                " the Document wins"
            )
        return family

    def _read_app_header(self, el: etree._Element, doc: _Doc) -> None:
        for node in el:
            name = local(node.tag)
            if name == "BizMsgIdr" and node.text and node.text.strip():
                doc.message_id = node.text.strip()
            elif name == "MsgDefIdr" and node.text:
                doc.header_type = node.text.strip()
            elif name == "BizSvc" and node.text and ".cov." in node.text:
                doc.variant = "COV"
            elif name in ("Fr", "To"):
                doc.header.extend(extract_section(node, f"/AppHdr/{name}"))

    def _read_group_header(self, el: etree._Element, path: str) -> None:
        for node in el:
            if local(node.tag) == "MsgId" and node.text and node.text.strip():
                if self._doc.message_id is None:
                    self._doc.message_id = node.text.strip()
                break
        self._doc.header.extend(extract_section(el, path, as_child=False))

    def _transaction(
        self, el: etree._Element, path: str, inherited: SectionBuilder | None
    ) -> Section:
        section = extract_section(el, path, as_child=False)
        for party in section.parties:
            if party.role.startswith("UndrlygCstmrCdtTrf/"):
                self._doc.variant = "COV"
                break
        if inherited is None:
            return section
        return Section(
            path,
            (*inherited.parties, *section.parties),
            (*inherited.texts, *section.texts),
            (*inherited.countries, *section.countries),
        )


def _containers(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """The ``Document``, ``AppHdr`` and bare message-root elements under ``root`` in
    document order, with their local names, not looking inside them (envelopes are
    walked, messages are not)."""
    out: list[tuple[etree._Element, str]] = []
    stack: list[tuple[etree._Element, str]] = [(root, "")]  # name "": walk into it
    while stack:
        el, name = stack.pop()
        if name:
            out.append((el, name))
            continue
        found: list[tuple[etree._Element, str]] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            cname = local(child.tag)
            if cname in _CONTAINERS:
                found.append((child, cname))
            elif len(child):
                found.append((child, ""))
        stack.extend(reversed(found))
    return out


def _clean(message: str) -> str:
    """A parser message without the name of the file wrapper."""
    return message.replace(_WRAP_NAME, "the end of the file")


def _attach(out: SectionBuilder, el: etree._Element, path: str, role: str) -> None:
    """A payment block's account (``PmtInf/DbtrAcct``) given to its party."""
    acct = account_of(el, path)
    holder = account_name(el, path)
    if acct is not None or holder is not None:
        attach_account(out, role, acct, holder, path)


def _number(value: object) -> float:
    """An XPath number result as a float."""
    return float(value) if isinstance(value, int | float) else 0.0


def _first(found: object) -> etree._Element | None:
    """The first element of an XPath node-set result."""
    if isinstance(found, list):
        for item in found:
            if isinstance(item, etree._Element):
                return item
    return None


def _release(el: etree._Element) -> None:
    """Free a processed element and the siblings before it (bounded memory)."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def parse_iso20022(
    data: bytes,
    *,
    file: str | None = None,
    limits: Limits | None = None,
    validate: str | Path | None = None,
) -> PaymentMessage:
    """Parse one in-memory ISO 20022 message (at most ``Limits.max_message_bytes``); a
    file holding several Documents is refused (read it with :func:`iter_iso20022`).

    With ``validate`` (the path of an XSD), the Document is also validated against that
    schema and a :class:`MessageError` names the first violation's line.
    """
    reader = Iso20022Reader(data, file=file, limits=limits, streaming=False, validate=validate)
    transactions = tuple(reader)
    return PaymentMessage(
        message_id=reader.message_id or "",
        type=reader.type or "",
        syntax=Syntax.ISO20022,
        header=reader.header.build(),
        transactions=transactions,
        variant=reader.variant,
        warnings=tuple(reader.warnings),
    )


def iter_iso20022(
    data: bytes,
    *,
    file: str | None = None,
    limits: Limits | None = None,
    validate: str | Path | None = None,
    streaming: bool = False,
) -> Iterator[PaymentMessage | MessageError]:
    """Every message of an in-memory ISO 20022 file (at most
    ``Limits.max_message_bytes``), parsed, or the error that refused it. A message that
    cannot be read (unknown type, XSD violation) does not hide the others; an error that
    ends the file (malformed XML, a limit) is the last item. ``MessageError.record`` is
    the message id where known. A file refused whole in memory is read again streaming
    when it may hold several messages (see :func:`salvage`)."""
    reader = Iso20022Reader(data, file=file, limits=limits, streaming=streaming, validate=validate)
    sections: list[Section] = []
    done = 0
    try:
        for item in reader.items():
            if isinstance(item, Section):
                sections.append(item)
                continue
            if item.error is not None:
                yield MessageError(item.error, file=file, record=item.message_id)
            else:
                yield PaymentMessage(
                    message_id=item.message_id or "",
                    type=item.type or "",
                    syntax=Syntax.ISO20022,
                    header=item.header,
                    transactions=tuple(sections),
                    variant=item.variant,
                    warnings=item.warnings,
                )
            sections = []
            done += 1
    except MessageError as exc:
        if done == 0 and not streaming and salvage(data, validate):
            yield from iter_iso20022(data, file=file, limits=limits, streaming=True)
            return
        yield exc


def salvage(data: bytes, validate: str | Path | None) -> bool:
    """Whether a file refused whole in memory mode (malformed XML or a limit met
    anywhere in it) should be read again streaming, to screen the messages before the
    fault, and to name the message the fault is in: always, unless XSD validation was
    asked for (it needs the whole tree). Costs a second parse of broken files only."""
    return validate is None and len(data) > 0
