"""Optional XSD validation of an ISO 20022 Document, offline.

Contract: :func:`load_schema` reads an XSD from a local path with the package's safe
parser options (no network, no DTD, no entities) and refuses schemas that import or
include anything by URL; schemas are cached per resolved path. :func:`validate_document`
validates the first ``Document`` element of a message (whatever envelope holds it)
and raises :class:`~interdict.errors.MessageError` naming the line of the first
violation. Validity is never required for screening: callers ask for it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from interdict.errors import MessageError
from interdict.payments.iso_extract import local
from interdict.payments.xml_safety import check_prolog, safe_parser_options

_XS = "{http://www.w3.org/2001/XMLSchema}"


@lru_cache(maxsize=32)
def load_schema(path: str) -> etree.XMLSchema:
    """The compiled schema at ``path`` (a local file); raises :class:`MessageError`."""
    resolved = Path(path).resolve()
    try:
        parser = etree.XMLParser(**safe_parser_options())
        tree = etree.parse(str(resolved), parser)
        for node in tree.iter(f"{_XS}import", f"{_XS}include", f"{_XS}redefine"):
            location = node.get("schemaLocation") or ""
            if "://" in location:
                raise MessageError(
                    f"schema refers to {location!r}: remote schema parts are refused",
                    file=str(resolved),
                )
        return etree.XMLSchema(tree)
    except OSError as exc:
        raise MessageError(f"cannot read schema: {exc}", file=str(resolved)) from None
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise MessageError(f"invalid schema: {exc}", file=str(resolved)) from None


def validate_document(data: bytes, schema_path: str | Path, *, file: str | None = None) -> None:
    """Validate the ``Document`` of ``data`` against the XSD at ``schema_path``."""
    schema = load_schema(str(schema_path))
    check_prolog(data[:65536], file=file)
    try:
        root = etree.fromstring(data, etree.XMLParser(**safe_parser_options()))
    except etree.XMLSyntaxError as exc:
        raise MessageError(f"malformed XML: {exc}", file=file) from None
    document = next((el for el in root.iter() if local(el.tag) == "Document"), None)
    if document is None:
        raise MessageError("no Document element to validate", file=file)
    failure = schema_failure(schema, document)
    if failure is not None:
        raise MessageError(failure, file=file)


def schema_failure(schema: etree.XMLSchema, document: etree._Element) -> str | None:
    """``None`` if ``document`` is valid against ``schema``, else the reason naming the
    line of the first violation (``XSD validation failed at line N: ...``)."""
    if schema.validate(etree.ElementTree(document)):
        return None
    log: Any = schema.error_log
    errors = list(log)
    error = errors[0] if errors else None
    where = f" at line {error.line}" if error is not None else ""
    message = str(error.message) if error is not None else "invalid"
    return f"XSD validation failed{where}: {message}"
