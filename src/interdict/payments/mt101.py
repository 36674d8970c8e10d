"""SWIFT MT101 (request for transfer) and MT n99 free-format text blocks to sections.

Contract for MT101: block 4 is sequence A (general information: the fields before the
first ``:21:``) followed by one sequence B per transaction, each starting with field 21.
Fields map to ISO 20022 (pain.001) roles:

=========================  ===============  ==========================================
field                      role             read as
=========================  ===============  ==========================================
50C, 50L                   InitgPty         instructing party: BIC (C) or party id (L)
50F, 50G, 50H              Dbtr             ordering customer (as MT103 50a)
51A                        SndgInstn        sending institution (sequence A)
52A, 52C                   DbtrAgt          account servicing institution
56A, 56C, 56D              IntrmyAgt1       intermediary
57A, 57C, 57D              CdtrAgt          account with institution
59, 59A, 59F               Cdtr             beneficiary
70, 77B                    (free text)      remittance, regulatory reporting
=========================  ===============  ==========================================

Sequence A parties (the ordering customer and instructing party for every transaction
that does not name its own) form one section, path ``4/A``, with field paths
``4/A/<tag>/<line>``; transaction n is the section ``4/B[n]`` with paths
``4/B[n]/<tag>/<line>``. The residence countries of 77B (``/ORDERRES/CC//``,
``/BENEFRES/CC//``) are loose countries of their section.

Contract for MT199/MT299 (free format): field 79 (narrative, up to 35 lines) is one
free text, lines joined, path ``4/79``; fields 20 and 21 are references.
"""

from __future__ import annotations

from interdict.payments.model import Located, Party, PartyKind, Section
from interdict.payments.mt_blocks import MtField
from interdict.payments.mt_fields import party_from_field
from interdict.payments.mt_text import join_text, residences

#: MT101 party fields (tag with option letter) -> role, for options not read by tag
#: base alone (50a is two fields: instructing party C/L, ordering customer F/G/H).
MT101_PARTY_ROLES = {
    "50C": "InitgPty",
    "50L": "InitgPty",
    "50F": "Dbtr",
    "50G": "Dbtr",
    "50H": "Dbtr",
    "50K": "Dbtr",  # not allowed in MT101, written by some banks: read as MT103 would
    "50A": "Dbtr",
}
#: Field base (two digits) -> role, for the other party fields.
MT101_BASE_ROLES = {
    "51": "SndgInstn",
    "52": "DbtrAgt",
    "56": "IntrmyAgt1",
    "57": "CdtrAgt",
    "59": "Cdtr",
}
MT101_TEXT_TAGS = frozenset({"70", "77B"})
FREE_FORMAT_TEXT_TAGS = frozenset({"79"})


def _mt101_party(fld: MtField, path: str) -> Party | None:
    """The party of one MT101 party field, or ``None`` (not a party field, or empty)."""
    tag = fld.tag
    role = MT101_PARTY_ROLES.get(tag) or MT101_BASE_ROLES.get(tag[:2])
    if role is None:
        return None
    if tag in ("50C", "50L"):
        # 50C: the instructing party's BIC; 50L: its party identifier.
        lines = [(i, x.strip()) for i, x in enumerate(fld.lines) if x.strip()]
        if not lines:
            return None
        i, value = lines[0]
        loc = Located(value, f"{path}/{i + 1}", fld.line + i)
        if tag == "50C":
            return Party(role, PartyKind.PARTY, path, bic=loc)
        return Party(role, PartyKind.PARTY, path, identifiers=(loc,))
    kind = PartyKind.PARTY if tag[:2] in ("50", "59") else PartyKind.AGENT
    return party_from_field(tag, fld.lines, role=role, kind=kind, path=path, line=fld.line)


def mt101_sections(fields: list[MtField]) -> tuple[Section, list[Section], str | None]:
    """``(sequence A section, one section per transaction, sender's reference)`` of an
    MT101 text block (see the module docstring)."""
    message_id: str | None = None
    seq_a: list[Party] = []
    a_texts: list[Located] = []
    a_countries: list[Located] = []
    transactions: list[Section] = []
    parties: list[Party] = seq_a
    texts: list[Located] = a_texts
    countries: list[Located] = a_countries
    prefix = "4/A"

    def close() -> None:
        if prefix != "4/A":
            transactions.append(Section(prefix, tuple(parties), tuple(texts), tuple(countries)))

    for fld in fields:
        if fld.tag == "20" and message_id is None and prefix == "4/A":
            message_id = fld.lines[0].strip() or None
            continue
        if fld.tag == "21":  # a new transaction (sequence B)
            close()
            prefix = f"4/B[{len(transactions) + 1}]"
            parties, texts, countries = [], [], []
            continue
        path = f"{prefix}/{fld.tag}"
        if fld.tag in MT101_TEXT_TAGS:
            value = join_text(fld.lines)
            if value:
                texts.append(Located(value, path, fld.line))
            if fld.tag == "77B":
                countries.extend(residences(fld, path))
            continue
        party = _mt101_party(fld, path)
        if party is not None:
            parties.append(party)
    close()
    return (
        Section("4/A", tuple(seq_a), tuple(a_texts), tuple(a_countries)),
        transactions,
        message_id,
    )


def free_format_section(fields: list[MtField]) -> tuple[Section, str | None]:
    """``(the text block's section, transaction reference)`` of an MT199/MT299: field
    79 as free text."""
    message_id: str | None = None
    texts: list[Located] = []
    for fld in fields:
        if fld.tag == "20" and message_id is None:
            message_id = fld.lines[0].strip() or None
        elif fld.tag in FREE_FORMAT_TEXT_TAGS:
            value = join_text(fld.lines)
            if value:
                texts.append(Located(value, f"4/{fld.tag}", fld.line))
    return Section("4", (), tuple(texts)), message_id
