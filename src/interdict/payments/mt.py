"""SWIFT MT103 (incl. STP, REMIT), MT202, MT202COV, MT205COV, MT101, MT199 and MT299
messages to :class:`PaymentMessage`.

Contract: :func:`iter_mt` yields, for every non-service message of a file, either a
:class:`PaymentMessage` or the :class:`~interdict.errors.MessageError` explaining why
that message was refused (malformed block 1/2, no text block, unsupported type, too
large) — one bad message never hides the others. Roles use ISO 20022 vocabulary so an
MT message and its ISO translation yield the same parties:

=========  =====================  ========================  ===========================
field      MT103                  MT202 / MT205             COV sequence B
=========  =====================  ========================  ===========================
50a        Dbtr                   -                         UndrlygCstmrCdtTrf/Dbtr
51A        SndgInstn              -                         -
52a        DbtrAgt                Dbtr                      UndrlygCstmrCdtTrf/DbtrAgt
53a        InstgRmbrsmntAgt       InstgRmbrsmntAgt          -
54a        InstdRmbrsmntAgt       InstdRmbrsmntAgt          -
55a        ThrdRmbrsmntAgt        -                         -
56a        IntrmyAgt1             IntrmyAgt1                UndrlygCstmrCdtTrf/IntrmyAgt1
57a        CdtrAgt                CdtrAgt                   UndrlygCstmrCdtTrf/CdtrAgt
58a        -                      Cdtr                      -
59a        Cdtr                   -                         UndrlygCstmrCdtTrf/Cdtr
=========  =====================  ========================  ===========================

The sender and receiver (block 1/2 logical terminals) become agents ``Fr`` and ``To``
with their BIC; field 72 ``/INS/`` lines (instructing institutions) become agents
``PrvsInstgAgt1``, ``PrvsInstgAgt2`` ... by BIC or name. Free text: 70, 72, 77B, 77T,
one value per field with its lines joined. The residence countries of field 77B
(``/ORDERRES/CC//...``, ``/BENEFRES/CC//...``) are also loose countries of the
transaction (path ``4/77B/<line>``).

MT101 (sequence A, then one sequence B per transaction) and MT199/MT299 (field 79 as
free text) are read by :mod:`interdict.payments.mt101`.

An MT202/MT205 whose text block holds a 50a or 59a field is a cover message even
without ``{119:COV}`` in block 3 (read as COV, with a warning). A file that is not
UTF-8 is read as ISO 8859-1 (with a warning on each message that holds a non-ASCII
character), unless a non-ASCII byte sits in a message's block 1 or 2 header: that
message is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from interdict.errors import MessageError
from interdict.payments.model import (
    Limits,
    Located,
    Party,
    PartyKind,
    PaymentMessage,
    Section,
    Syntax,
)
from interdict.payments.mt101 import free_format_section, mt101_sections
from interdict.payments.mt_blocks import (
    MtField,
    RawMessage,
    parse_block1,
    parse_block2,
    parse_fields,
    split_messages,
)
from interdict.payments.mt_fields import party_from_field
from interdict.payments.mt_text import join_text, residences

SUPPORTED = frozenset({"103", "202", "205", "101", "199", "299"})
TEXT_TAGS = frozenset({"70", "72", "77B", "77T"})
CUSTOMER_ROLES = {
    "50": "Dbtr",
    "51": "SndgInstn",
    "52": "DbtrAgt",
    "53": "InstgRmbrsmntAgt",
    "54": "InstdRmbrsmntAgt",
    "55": "ThrdRmbrsmntAgt",
    "56": "IntrmyAgt1",
    "57": "CdtrAgt",
    "59": "Cdtr",
}
FI_ROLES = {
    "52": "Dbtr",
    "53": "InstgRmbrsmntAgt",
    "54": "InstdRmbrsmntAgt",
    "56": "IntrmyAgt1",
    "57": "CdtrAgt",
    "58": "Cdtr",
}
COV_B_ROLES = {
    "50": "UndrlygCstmrCdtTrf/Dbtr",
    "52": "UndrlygCstmrCdtTrf/DbtrAgt",
    "56": "UndrlygCstmrCdtTrf/IntrmyAgt1",
    "57": "UndrlygCstmrCdtTrf/CdtrAgt",
    "59": "UndrlygCstmrCdtTrf/Cdtr",
}
CUSTOMER_TAGS = frozenset({"50", "59"})
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")


def bic_of_terminal(lt: str) -> str:
    """The BIC of a logical terminal address (``ABCDLKL0XXXX`` -> ``ABCDLKL0XXX``:
    8 characters, the terminal code dropped, then the branch)."""
    if len(lt) == 12:
        return lt[:8] + lt[9:]
    return lt[:8]


def iter_mt(
    data: bytes, *, file: str | None = None, limits: Limits | None = None
) -> Iterator[PaymentMessage | MessageError]:
    """Every message of an MT file, parsed, or the error that refused it."""
    lim = limits or Limits()
    legacy = False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        text = body.decode("latin-1")  # never fails; non-ASCII is checked per message
        legacy = True
    try:
        for raw in split_messages(text, file=file, max_messages=lim.max_mt_messages):
            if raw.error is not None:
                yield raw.error
                continue
            if raw.is_service:
                continue
            if legacy and not raw.text.isascii():
                refusal = _legacy_bytes(raw, file)
                if refusal is not None:
                    yield refusal
                    continue
            try:
                yield build_message(raw, file=file, limits=lim)
            except MessageError as exc:
                yield exc
    except MessageError as exc:
        yield exc


def _legacy_bytes(raw: RawMessage, file: str | None) -> MessageError | None:
    """For a file that is not UTF-8: refuse a message whose block 1/2 header holds a
    non-ASCII byte, else note that its text was read as ISO 8859-1."""
    for block in ("1", "2"):
        value = raw.blocks.get(block, "")
        if not value.isascii():
            byte = next(ch for ch in value if not ch.isascii())
            return MessageError(
                f"not UTF-8/ASCII: byte 0x{ord(byte):02x} in block {block} "
                f"(message starting at line {raw.line})",
                file=file,
                record=f"message {raw.index}",
            )
    raw.warnings.append("not UTF-8: non-ASCII bytes read as ISO 8859-1 (Latin-1)")
    return None


def build_message(raw: RawMessage, *, file: str | None, limits: Limits) -> PaymentMessage:
    """One raw message to a :class:`PaymentMessage`; raises :class:`MessageError`."""
    record = f"message {raw.index}"

    def fail(reason: str) -> MessageError:
        return MessageError(
            f"{reason} (message starting at line {raw.line})", file=file, record=record
        )

    if len(raw.text) > limits.max_message_bytes:
        raise fail(f"message longer than {limits.max_message_bytes} characters")
    try:
        _, lt1 = parse_block1(raw.blocks.get("1", ""))
        if "2" not in raw.blocks:
            raise ValueError("block 2 (application header) is missing")
        direction, mt, lt2 = parse_block2(raw.blocks["2"])
    except ValueError as exc:
        raise fail(str(exc)) from None
    if "4" not in raw.blocks:
        raise fail("block 4 (text) is missing")
    if mt not in SUPPORTED:
        raise fail(
            f"MT{mt} is not a supported payment message (MT101, MT103, MT199, MT202, MT205, MT299)"
        )
    b3 = raw.sub_blocks.get("3", {})
    variant = b3.get("119") or None
    fields, junk = parse_fields(raw.blocks["4"], raw.block4_line)
    if junk:
        raise fail(f"text before the first field in block 4 ({junk[0]})")
    if not fields:
        raise fail("block 4 holds no field")
    sender, receiver = (lt1, lt2) if direction == "I" else (lt2, lt1)
    header_parties = []
    for role, lt, path in (
        ("Fr", sender, "1" if direction == "I" else "2"),
        ("To", receiver, "2" if direction == "I" else "1"),
    ):
        if lt:
            header_parties.append(
                Party(role, PartyKind.AGENT, path, bic=Located(bic_of_terminal(lt), path, raw.line))
            )
    warnings = list(raw.warnings)
    header = Section("1", tuple(header_parties))
    if mt in ("101", "199", "299"):
        if mt == "101":
            seq_a, seq_b, message_id = mt101_sections(fields)
            sections = ([seq_a] if seq_a.parties or seq_a.texts or seq_a.countries else []) + seq_b
        else:
            section, message_id = free_format_section(fields)
            sections = [section]
        return PaymentMessage(
            message_id=message_id or b3.get("108") or record,
            type=f"MT{mt}",
            syntax=Syntax.MT,
            header=header,
            transactions=tuple(sections),
            variant=variant,
            warnings=tuple(warnings),
        )
    is_cov = mt in ("202", "205") and variant == "COV"
    if mt in ("202", "205") and not is_cov and any(f.tag[:2] in CUSTOMER_TAGS for f in fields):
        is_cov = True
        warnings.append(
            f"MT{mt} holds an underlying customer (50a/59a) without {{119:COV}}: read as COV"
        )
    parties, texts, message_id = _block4(fields, mt=mt, cov=is_cov)
    type_name = f"MT{mt}" + ("COV" if is_cov else "")
    return PaymentMessage(
        message_id=message_id or b3.get("108") or record,
        type=type_name,
        syntax=Syntax.MT,
        header=header,
        transactions=(Section("4", tuple(parties), tuple(texts), tuple(_residences(fields))),),
        variant=variant,
        warnings=tuple(warnings),
    )


def _residences(fields: list[MtField]) -> list[Located]:
    """The country codes of field 77B ``/ORDERRES/`` and ``/BENEFRES/`` lines."""
    return [loc for fld in fields if fld.tag == "77B" for loc in residences(fld, "4/77B")]


def _block4(
    fields: list[MtField], *, mt: str, cov: bool
) -> tuple[list[Party], list[Located], str | None]:
    parties: list[Party] = []
    texts: list[Located] = []
    message_id: str | None = None
    seq_b = False
    roles = CUSTOMER_ROLES if mt == "103" else FI_ROLES
    for fld in fields:
        base = fld.tag[:2]
        if fld.tag == "20" and message_id is None:
            message_id = fld.lines[0].strip() or None
            continue
        if cov and base in CUSTOMER_TAGS:
            seq_b = True
        prefix = "4/B" if seq_b else "4"
        path = f"{prefix}/{fld.tag}"
        if fld.tag in TEXT_TAGS:
            value = join_text(fld.lines)
            if value:
                texts.append(Located(value, path, fld.line))
            if fld.tag == "72":
                parties.extend(_instructing_institutions(fld, path))
            continue
        role = (COV_B_ROLES if seq_b else roles).get(base)
        if role is None:
            continue
        customer = base in CUSTOMER_TAGS
        kind = PartyKind.PARTY if customer else PartyKind.AGENT
        party = party_from_field(fld.tag, fld.lines, role=role, kind=kind, path=path, line=fld.line)
        if party is not None:
            parties.append(party)
    return parties, texts, message_id


def _instructing_institutions(fld: MtField, path: str) -> list[Party]:
    """Field 72 ``/INS/`` lines: the instructing institution(s) before the sender, by
    BIC or by name (``//`` continuation lines joined), as agents ``PrvsInstgAgt<n>``."""
    out: list[Party] = []
    i = 0
    lines = fld.lines
    while i < len(lines):
        line = lines[i].strip()
        if not line.startswith("/INS/"):
            i += 1
            continue
        value = line[5:].strip()
        first = i
        while i + 1 < len(lines) and lines[i + 1].strip().startswith("//"):
            i += 1
            value += " " + lines[i].strip()[2:].strip()
        i += 1
        if not value:
            continue
        loc = Located(value, f"{path}/{first + 1}", fld.line + first)
        role = f"PrvsInstgAgt{len(out) + 1}"
        head, _, rest = value.partition(" ")
        if _BIC.fullmatch(value):
            out.append(Party(role, PartyKind.AGENT, loc.path, bic=loc))
        elif _BIC.fullmatch(head) and rest.strip() and (len(head) == 11 or _has_digit(head)):
            # "/INS/BANKGB2L LONDON": the first word looks like a BIC (a digit or 11
            # characters, unlike a word such as DEUTSCHE) but may still be part of the
            # name, so the whole value stays the name and the word is an identifier.
            ident = Located(head, loc.path, loc.line)
            out.append(Party(role, PartyKind.AGENT, loc.path, names=(loc,), identifiers=(ident,)))
        else:
            out.append(Party(role, PartyKind.AGENT, loc.path, names=(loc,)))
    return out


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def parse_mt(
    data: bytes, *, file: str | None = None, limits: Limits | None = None
) -> list[PaymentMessage]:
    """All messages of an MT file; raises the first :class:`MessageError` met."""
    out = []
    for item in iter_mt(data, file=file, limits=limits):
        if isinstance(item, MessageError):
            raise item
        out.append(item)
    return out
