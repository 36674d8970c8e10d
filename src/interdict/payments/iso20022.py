"""ISO 20022 payment messages (pacs.008, pacs.009 incl. COV, pacs.004, pain.001).

Contract:

* the business application header (``AppHdr``) and the ``Document`` are found by local
  element name inside any envelope (``Envelope``, SWIFTNet ``Request``, ``message``,
  FedNow/Fedwire wrappers, or none); namespaces may be default, prefixed or absent;
* the message type comes from the Document namespace (``...:pacs.008.001.12``), never
  from the header's ``MsgDefIdr`` (a mismatch is a warning); without a namespace it is
  inferred from the message root element (``FIToFICstmrCdtTrf`` -> ``pacs.008``);
* XSD validity is not required; :func:`parse_iso20022` validates against an XSD given
  by path when asked (``validate=``), see :mod:`interdict.payments.xsd`;
* :class:`Iso20022Reader` yields one :class:`Section` per transaction (``CdtTrfTxInf``,
  ``TxInf``); in pain.001 the payment block's debtor side (``PmtInf/Dbtr``,
  ``DbtrAcct``, ``DbtrAgt``, ``UltmtDbtr`` ...) is copied into each of its
  transactions. It has two modes with the same output: in memory (``streaming=False``,
  what :func:`parse_iso20022` uses: one C-level parse, limits checked with XPath) and
  streaming (lxml ``iterparse``: each transaction is yielded as soon as its end tag is
  read, then cleared, so a 50 MB pain.001 runs in bounded memory);
* hostile input is refused with :class:`~interdict.errors.MessageError` naming the
  line and column: DOCTYPE, non-UTF-8, XInclude elements, nesting deeper than
  ``Limits.max_depth``, more than ``Limits.max_elements`` elements (per transaction
  when streaming), messages larger than ``Limits.max_message_bytes`` when not
  streaming, malformed or truncated XML, unknown message types. No other exception
  escapes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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

#: Message root element (first child of Document) -> message family.
ROOT_TYPES = {
    "FIToFICstmrCdtTrf": "pacs.008",
    "FICdtTrf": "pacs.009",
    "PmtRtr": "pacs.004",
    "CstmrCdtTrfInitn": "pain.001",
}
#: Roots of the first versions (pacs.008.001.01, pain.001.001.02 ...), named after the
#: message itself.
_VERSION_ROOT = re.compile(r"(pacs\.00[489]|pain\.001)\.\d{3}\.\d{2}")
TRANSACTION_TAGS = frozenset({"CdtTrfTxInf", "TxInf"})
_MSG_ID = re.compile(r"(pacs|pain|camt|head)\.\d{3}\.\d{3}\.\d{2}")
_PROLOG_PEEK = 65536


class _Prefixed(io.RawIOBase):
    """A binary stream that replays ``head`` before the rest of ``tail``."""

    def __init__(self, head: bytes, tail: BinaryIO) -> None:
        self._head = head
        self._tail = tail

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                out, self._head = self._head, b""
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._tail.read(size)


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


class Iso20022Reader:
    """Iterate the sections of one ISO 20022 message, header sections first as met.

    ``source`` is the message as bytes or a binary file object (read once, streamed);
    ``file`` names it in errors. After iteration, ``message_id``, ``type``,
    ``variant`` and ``warnings`` describe the message; ``header`` holds the AppHdr and
    group-header parties.
    """

    def __init__(
        self,
        source: bytes | BinaryIO,
        *,
        file: str | None = None,
        limits: Limits | None = None,
        streaming: bool = True,
    ) -> None:
        self.file = file
        self.limits = limits or Limits()
        self.streaming = streaming
        self._source = source
        self.message_id: str | None = None
        self.type: str | None = None
        self.variant: str | None = None
        self.header_type: str | None = None
        self.warnings: list[str] = []
        self.header = SectionBuilder("/")

    def _error(self, message: str, line: int | None = None, col: int | None = None) -> MessageError:
        where = ""
        if line is not None:
            where = f" at line {line}" + (f", column {col}" if col is not None else "")
        return MessageError(f"{message}{where}", file=self.file, record=self.message_id)

    def _open(self) -> BinaryIO | io.RawIOBase:
        if isinstance(self._source, bytes | bytearray | memoryview):
            data = bytes(self._source)
            if not self.streaming and len(data) > self.limits.max_message_bytes:
                raise self._error(
                    f"message is {len(data)} bytes; the limit is {self.limits.max_message_bytes}"
                    " (stream large files)"
                )
            check_prolog(data[:_PROLOG_PEEK], file=self.file, max_prolog=_PROLOG_PEEK)
            return io.BytesIO(self._late_declaration(data))
        head = self._source.read(_PROLOG_PEEK)
        if not isinstance(head, bytes):
            raise self._error("the message source must be a binary stream")
        check_prolog(head, file=self.file, max_prolog=_PROLOG_PEEK)
        return _Prefixed(self._late_declaration(head), self._source)

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
        self.warnings.append("white space before the XML declaration ignored")
        blank = bytes(b if b in b"\r\n" else 0x20 for b in data[decl : end + 2])
        return data[:decl] + blank + data[end + 2 :]

    def __iter__(self) -> Iterator[Section]:
        stream = self._open()
        try:
            if not self.streaming and isinstance(stream, io.BytesIO):
                yield from self._tree_sections(stream.getvalue())
            else:
                yield from self._sections(stream)
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position else (None, None)
            msg = str(exc.msg or exc).split(", line ")[0]
            raise self._error(f"malformed XML: {msg}", line, col) from None
        except (etree.LxmlError, ValueError, OverflowError, UnicodeError) as exc:
            raise self._error(f"unreadable XML: {exc}") from None

    def _sections(self, stream: BinaryIO | io.RawIOBase) -> Iterator[Section]:
        events = etree.iterparse(stream, events=("start", "end"), **safe_parser_options())
        depth = 0
        count = 0
        doc_depth: int | None = None
        hdr_depth: int | None = None
        seen_hdr = False
        root_name: str | None = None
        initiation = False  # pain.001: payment blocks hold the transactions
        pmtinf: SectionBuilder | None = None
        pmtinf_path = ""
        counters = _Counters()
        root_path = ""
        max_depth = self.limits.max_depth
        max_elements = self.limits.max_elements
        for event, el in events:
            tag = el.tag
            if event == "start":
                depth += 1
                count += 1
                if depth > max_depth or count > max_elements or "XInclude" in str(tag):
                    self._check_start(el, depth, count)
                if root_name is not None and doc_depth is not None:
                    continue  # inside the message: nothing to note on start
                name = local(tag)
                if doc_depth is None:
                    if name == "Document" and hdr_depth is None:
                        if root_name is not None:
                            raise self._error("more than one Document in the message", line_of(el))
                        doc_depth = depth
                        self._set_namespace(tag)
                    elif name == "AppHdr" and hdr_depth is None and not seen_hdr:
                        hdr_depth = depth
                        seen_hdr = True
                elif depth == doc_depth + 1 and root_name is None:
                    root_name = name
                    root_path = f"/Document/{name}"
                    initiation = self._set_root(name, line_of(el)) == "pain.001"
                continue
            # end event
            depth -= 1
            level = depth + 1 - doc_depth if doc_depth is not None else -1
            if level > 3 or (level == 3 and not initiation):
                continue  # inside a transaction: handled when the transaction ends
            name = local(tag)
            if hdr_depth is not None:
                if depth + 1 == hdr_depth:
                    self._read_app_header(el)
                    hdr_depth = None
                    _release(el)
                    count = self._reset(count)
                continue
            if level == 0:
                doc_depth = None
                if root_name is None:
                    raise self._error("the Document holds no message", line_of(el))
            elif level == 2:
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
        if root_name is None:
            raise self._error("no ISO 20022 Document with a message was found")

    def _tree_sections(self, data: bytes) -> Iterator[Section]:
        """In-memory mode: one C-level parse, the limits checked with XPath, then the
        same anchors as the streaming mode."""
        root = etree.fromstring(data, etree.XMLParser(**safe_parser_options()))
        if _xpath_number(root, "count(//*)") > self.limits.max_elements:
            raise self._error(f"more than {self.limits.max_elements} XML elements")
        deep = _xpath_first(root, "/*" * (self.limits.max_depth + 1))
        if deep is not None:
            raise self._error(f"XML nesting deeper than {self.limits.max_depth}", line_of(deep))
        xinclude = (
            _xpath_first(
                root,
                "//*[namespace-uri()=$a or namespace-uri()=$b]",
                XINCLUDE_NS[0],
                XINCLUDE_NS[1],
            )
            if b"XInclude" in data
            else None
        )
        if xinclude is not None:
            raise self._error("XInclude elements are refused", line_of(xinclude))
        documents = [root] if local(root.tag) == "Document" else list(root.iter("{*}Document"))
        if not documents:
            raise self._error("no ISO 20022 Document with a message was found")
        document = documents[0]
        if len(documents) > 1 and document not in documents[1].iterancestors():
            raise self._error("more than one Document in the message", line_of(documents[1]))
        self._set_namespace(document.tag)
        header = next(
            (h for h in root.iter("{*}AppHdr") if document not in h.iterancestors()), None
        )
        if header is not None:
            self._read_app_header(header)
        message_root = next((c for c in document if isinstance(c.tag, str)), None)
        if message_root is None:
            raise self._error("the Document holds no message", line_of(document))
        name = local(message_root.tag)
        initiation = self._set_root(name, line_of(message_root)) == "pain.001"
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
                self.type = found.group(0)

    def _set_root(self, name: str, line: int | None) -> str:
        """Check the message root against the namespace; return the message family."""
        family = ROOT_TYPES.get(name)
        if family is None and _VERSION_ROOT.fullmatch(name):
            family = name[:8]
        if family is None:
            raise self._error(f"unsupported or unknown ISO 20022 message root <{name}>", line)
        if self.type is None:
            self.type = family
        elif not self.type.startswith(family):
            raise self._error(
                f"Document namespace says {self.type} but its root <{name}> is a {family}", line
            )
        if self.header_type and self.header_type != self.type:
            self.warnings.append(
                f"AppHdr MsgDefIdr {self.header_type} differs from the Document ({self.type});"
                " the Document wins"
            )
        return family

    def _read_app_header(self, el: etree._Element) -> None:
        for node in el:
            name = local(node.tag)
            if name == "BizMsgIdr" and node.text and node.text.strip():
                self.message_id = node.text.strip()
            elif name == "MsgDefIdr" and node.text:
                self.header_type = node.text.strip()
            elif name == "BizSvc" and node.text and ".cov." in node.text:
                self.variant = "COV"
        for node in el:
            if local(node.tag) in ("Fr", "To"):
                self.header.extend(extract_section(node, f"/AppHdr/{local(node.tag)}"))

    def _read_group_header(self, el: etree._Element, path: str) -> None:
        for node in el:
            if local(node.tag) == "MsgId" and node.text and node.text.strip():
                if self.message_id is None:
                    self.message_id = node.text.strip()
                break
        self.header.extend(extract_section(el, path, as_child=False))

    def _transaction(
        self, el: etree._Element, path: str, inherited: SectionBuilder | None
    ) -> Section:
        section = extract_section(el, path, as_child=False)
        if any(p.role.startswith("UndrlygCstmrCdtTrf/") for p in section.parties):
            self.variant = "COV"
        if inherited is None:
            return section
        return Section(
            path,
            (*inherited.parties, *section.parties),
            (*inherited.texts, *section.texts),
            (*inherited.countries, *section.countries),
        )


def _attach(out: SectionBuilder, el: etree._Element, path: str, role: str) -> None:
    """A payment block's account (``PmtInf/DbtrAcct``) given to its party."""
    acct = account_of(el, path)
    holder = account_name(el, path)
    if acct is not None or holder is not None:
        attach_account(out, role, acct, holder, path)


def _xpath_number(root: etree._Element, expr: str) -> float:
    value = root.xpath(expr)
    return float(value) if isinstance(value, int | float) else 0.0


def _xpath_first(
    root: etree._Element, expr: str, a: str = "", b: str = ""
) -> etree._Element | None:
    found = root.xpath(expr, a=a, b=b)
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
    """Parse one in-memory ISO 20022 message (at most ``Limits.max_message_bytes``).

    With ``validate`` (the path of an XSD), the Document is also validated against that
    schema and a :class:`MessageError` names the first violation's line.
    """
    reader = Iso20022Reader(data, file=file, limits=limits, streaming=False)
    transactions = tuple(reader)
    if validate is not None:
        from interdict.payments.xsd import validate_document

        validate_document(data, validate, file=file)
    return _message(reader, transactions)


def _message(reader: Iso20022Reader, transactions: tuple[Section, ...]) -> PaymentMessage:
    return PaymentMessage(
        message_id=reader.message_id or "",
        type=reader.type or "",
        syntax=Syntax.ISO20022,
        header=reader.header.build(),
        transactions=transactions,
        variant=reader.variant,
        warnings=tuple(reader.warnings),
    )
