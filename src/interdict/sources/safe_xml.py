"""Reading untrusted list XML safely and fast, with errors that name the file.

Contract of every reader here: entities are never resolved, no DTD is loaded, the
network is never reached, and a DOCTYPE that declares entities is refused (the
entity-expansion attacks need them and no official list uses them). Empty input,
malformed or truncated XML and an unexpected root element raise
:class:`~interdict.errors.ListFormatError` naming the file. Elements are matched by
local name, so any namespace (or none) is accepted: OFAC changed its namespace once.

Two ways to read: :func:`parse_tree` for files that fit comfortably in memory, and the
streaming :func:`iter_elements` / :func:`iter_children`, which free processed records
so memory stays flat on a 100 MB file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection, Iterator
from typing import IO

from lxml import etree

from interdict.errors import ListFormatError

#: How much of a file's head is searched for a DOCTYPE (the internal subset precedes
#: the root element).
PROLOG_BYTES = 65536
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)


def local_name(tag: object) -> str:
    """A tag without its ``{namespace}``; ``""`` for comments and processing instructions."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def check_prolog(data: bytes, *, file: str) -> None:
    """Refuse empty input and a DOCTYPE that declares entities."""
    if not data.strip():
        raise ListFormatError("the file is empty", file=file)
    head = data[:PROLOG_BYTES]
    doctype = _DOCTYPE.search(head)
    if doctype is not None and _ENTITY.search(head, doctype.start()) is not None:
        raise ListFormatError("a DOCTYPE declaring entities is not accepted", file=file)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _check_root(element: etree._Element | None, roots: Collection[str], file: str) -> None:
    if element is None:
        raise ListFormatError("no root element", file=file)
    if local_name(element.tag) not in roots:
        raise ListFormatError(
            f"unexpected root element <{local_name(element.tag)}>, expected "
            + " or ".join(f"<{r}>" for r in sorted(roots)),
            file=file,
        )


def parse_tree(data: bytes, *, file: str, roots: Collection[str]) -> etree._Element:
    """The root element of ``data``; its local name must be one of ``roots``."""
    check_prolog(data, file=file)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"malformed or truncated XML: {exc}", file=file) from exc
    _check_root(root, roots, file)
    return root


def iter_elements(
    source: bytes | IO[bytes], *, file: str, root: str, tags: Collection[str]
) -> Iterator[etree._Element]:
    """Each element whose local name is in ``tags``, in document order, once complete.

    The caller frees each element after use with :func:`release`. ``source`` is the
    whole file or a binary stream; for a stream the caller checks the head with
    :func:`check_prolog` first.
    """
    if isinstance(source, bytes):
        check_prolog(source, file=file)
        source = io.BytesIO(source)
    events = etree.iterparse(
        source,
        events=("end",),
        tag=[f"{{*}}{name}" for name in sorted(tags)],
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        load_dtd=False,
        remove_comments=True,
    )
    checked = False
    try:
        for _, element in events:
            if not checked:
                _check_root(element.getroottree().getroot(), (root,), file)
                checked = True
            yield element
        if not checked:
            _check_root(events.root, (root,), file)
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(f"malformed or truncated XML: {exc}", file=file) from exc


def iter_children(
    data: bytes, *, file: str, root: str, child: str
) -> Iterator[tuple[etree._Element, etree._Element]]:
    """``(root element, child element)`` for each direct ``child`` of ``root``, streamed.

    Children are freed after the caller has processed them.
    """
    for element in iter_elements(data, file=file, root=root, tags=(child,)):
        parent = element.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # not a direct child of the root
        yield parent, element
        release(element)


def release(element: etree._Element) -> None:
    """Free a processed element and the already-processed siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def text(element: etree._Element | None) -> str:
    """The stripped text of ``element`` (``""`` for none)."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()


def children(element: etree._Element | None) -> Iterator[tuple[str, etree._Element]]:
    """``(local name, child)`` for each child element (comments and PIs skipped)."""
    if element is None:
        return
    for item in element:
        name = local_name(item.tag)
        if name:
            yield name, item


def fields(element: etree._Element | None) -> dict[str, etree._Element]:
    """The child elements of ``element`` by local name (the last of a name wins)."""
    return dict(children(element))


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child of ``element`` with local name ``name`` (any namespace)."""
    return None if element is None else element.find("{*}" + name)
