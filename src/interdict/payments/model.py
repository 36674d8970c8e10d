"""What the payment parsers produce: parties, free text and countries with their paths.

Both parsers (ISO 20022 and SWIFT MT) emit the same frozen, slotted structures, so the
screening layer never looks at message syntax:

* a :class:`Located` value is a string plus the exact place it was read from: an
  XPath-like path for ISO 20022 (``/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm``,
  relative to the ``Document`` or ``AppHdr`` element, whatever envelope holds them) or a
  block/tag/line path for MT (``4/59F/2``: block 4, field 59F, line 2 of the field;
  ``4/B/50F/1`` for sequence B of a COV message);
* a :class:`Party` is one customer or financial institution with its role in ISO
  element vocabulary (``Dbtr``, ``CdtrAgt``, ``UndrlygCstmrCdtTrf/Cdtr``; MT fields map
  to the same roles, e.g. MT103 50a -> ``Dbtr``, 57a -> ``CdtrAgt``);
* a :class:`Section` groups the parties, texts and loose countries of one transaction
  (or of a message header); a :class:`PaymentMessage` is a header section plus its
  transactions.

Values are copied as written (trimmed); deriving countries from BICs and IBANs and
typing persons versus organisations beyond what the message states is left to the
screening layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PartyKind(StrEnum):
    """A customer (``party``) or a financial institution (``agent``)."""

    PARTY = "party"
    AGENT = "agent"


class Syntax(StrEnum):
    ISO20022 = "iso20022"
    MT = "mt"


@dataclass(frozen=True, slots=True)
class Located:
    """A value and where it was read: ``path`` as described in the module docstring;
    ``line`` is the 1-based line of the source file where known."""

    value: str
    path: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """One party or agent of a payment.

    ``names``: the name as written (MT: also the first two name lines joined when the
    name may run over two lines); ``type``: ``"person"`` or ``"organization"`` where the
    message says so (ISO ``PrvtId``/``OrgId``, MT 50F birth lines or personal id codes),
    else ``None``; ``bic``: BIC or BICFI as written; ``account``: IBAN or other account
    id; ``identifiers``: LEI, clearing member ids, organisation/private ids;
    ``countries``: ISO 3166 alpha-2 codes as written (address, residence, birth, id
    issuer); ``address``: address lines and town/region names (scanned for embargoed
    places); ``birth_dates``: ISO dates as written.
    """

    role: str
    kind: PartyKind
    path: str
    names: tuple[Located, ...] = ()
    type: str | None = None
    bic: Located | None = None
    account: Located | None = None
    identifiers: tuple[Located, ...] = ()
    countries: tuple[Located, ...] = ()
    address: tuple[Located, ...] = ()
    birth_dates: tuple[Located, ...] = ()

    @property
    def name(self) -> str | None:
        """The first name, or ``None`` for a party known only by BIC or account."""
        return self.names[0].value if self.names else None


@dataclass(frozen=True, slots=True)
class Section:
    """The parties, free texts and loose country codes of one transaction or header.

    ``path`` locates the section (``/Document/.../CdtTrfTxInf[2]``, ``/AppHdr``, ``4``
    for an MT text block); ``texts`` are free-text values (remittance, instructions,
    purpose, regulatory reporting, MT 70/72/77B/77T); ``countries`` are country codes
    that belong to no party (e.g. ``RgltryRptg/Dtls/Ctry``).
    """

    path: str
    parties: tuple[Party, ...] = ()
    texts: tuple[Located, ...] = ()
    countries: tuple[Located, ...] = ()


@dataclass(frozen=True, slots=True)
class PaymentMessage:
    """One parsed message.

    ``type``: the ISO message identifier from the Document namespace
    (``pacs.008.001.12``; ``pacs.008`` when the namespace gives no version) or the MT
    type (``MT103``, ``MT202COV``); ``variant``: MT block 3 field 119 (``STP``,
    ``REMIT``, ``COV``) or ``COV`` for a pacs.009 with an underlying customer transfer;
    ``header``: parties of the envelope/business header (AppHdr Fr/To, MT sender and
    receiver) and group header; ``warnings``: tolerated irregularities (trailing junk,
    header/namespace version mismatch).
    """

    message_id: str
    type: str
    syntax: Syntax
    header: Section
    transactions: tuple[Section, ...]
    variant: str | None = None
    warnings: tuple[str, ...] = field(default=())

    def sections(self) -> tuple[Section, ...]:
        """Header first, then every transaction."""
        return (self.header, *self.transactions)

    def parties(self) -> tuple[Party, ...]:
        return tuple(p for s in self.sections() for p in s.parties)

    def texts(self) -> tuple[Located, ...]:
        return tuple(t for s in self.sections() for t in s.texts)


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied to hostile input.

    ``max_message_bytes``: largest message parsed in memory (bigger ISO files must be
    streamed); ``max_depth``: deepest XML nesting; ``max_elements``: most XML elements
    per message when not streaming, and per transaction when streaming;
    ``max_mt_messages``: most MT messages in one file.
    """

    max_message_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_elements: int = 200_000
    max_mt_messages: int = 1_000_000
