"""Hostile-input guards for XML messages, applied before lxml sees a byte.

Contract: :func:`check_prolog` reads the prolog (everything before the root element:
BOM, XML declaration, comments, processing instructions, white space) and raises
:class:`~interdict.errors.MessageError` for a ``DOCTYPE`` (so no internal or external
entity and no DTD is ever processed), for an encoding other than UTF-8, and for a
prolog longer than ``max_prolog`` bytes. :func:`safe_parser_options` are the options
every lxml parser of this package uses: no entity resolution, no DTD loading, no
network, no huge trees. XInclude is never processed (lxml only does it on request);
elements in the XInclude namespace are refused by the reader, and ``schemaLocation``
attributes are ignored, never fetched.
"""

from __future__ import annotations

import re
from typing import Any

from interdict.errors import MessageError

XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})  # ASCII is a subset of UTF-8


def safe_parser_options() -> dict[str, Any]:
    """Keyword arguments for ``lxml.etree.XMLParser`` and ``iterparse``."""
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "dtd_validation": False,
        "huge_tree": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def check_prolog(head: bytes, *, file: str | None = None, max_prolog: int = 65536) -> int:
    """Validate the prolog found at the start of ``head``; return the offset of the root
    element's ``<``. ``head`` must hold at least the whole prolog (or ``max_prolog``
    bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (
        b"\x00\x00\xfe\xff",
        b"\xff\xfe\x00\x00",
    ):
        raise MessageError("UTF-16/32 messages are not accepted: use UTF-8", file=file)
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    limit = min(len(head), max_prolog)
    while pos < limit:
        byte = head[pos : pos + 1]
        if byte in (b" ", b"\t", b"\r", b"\n"):
            pos += 1
            continue
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            if end < 0:
                break
            decl = head[pos : end + 2]
            if decl[2:5].lower() == b"xml":
                found = _ENCODING.search(decl)
                if found and found.group(1).decode("ascii").lower() not in _UTF8:
                    line, col = _line_col(head, pos)
                    raise MessageError(
                        f"encoding {found.group(1).decode('ascii')!r} is not accepted at line "
                        f"{line}, column {col}: messages must be UTF-8",
                        file=file,
                    )
            pos = end + 2
            continue
        if head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos + 4)
            if end < 0:
                break
            pos = end + 3
            continue
        if head.startswith(b"<!", pos):
            line, col = _line_col(head, pos)
            raise MessageError(
                f"DOCTYPE/DTD declarations are refused (line {line}, column {col})", file=file
            )
        if byte == b"<":
            return pos
        line, col = _line_col(head, pos)
        raise MessageError(f"not XML: unexpected content at line {line}, column {col}", file=file)
    if len(head) >= max_prolog:
        raise MessageError(f"XML prolog longer than {max_prolog} bytes", file=file)
    raise MessageError("no XML root element: the message is empty or truncated", file=file)
