"""Parties, free text and countries of one complete ISO 20022 element subtree.

The walk is structural, so it covers every message version without per-version
tables:

* an element with a ``FinInstnId`` child (or a ``Agt/FinInstnId`` choice, as in
  pacs.004 ``RtrChain``) is an **agent**;
* an element with a ``Pty`` child, or with ``Nm``, ``PstlAdr``, ``CtryOfRes`` or
  ``Id/OrgId|PrvtId`` children, is a **party** (a ``Pty`` holding a ``FinInstnId``,
  as in pacs.008.001.02 ``ChrgsInf/Pty``, is an agent; the payment-initiation
  software ``InitnSrc`` is not a party; a remittance location's
  ``RmtLctnDtls/PstlAdr/Nm`` names its party). ``*Acct`` elements are accounts, not
  parties, and are attached to the party of the same prefix (``DbtrAcct`` ->
  ``Dbtr``); an account's own name (``CdtrAcct/Nm``) is one more name of that party,
  or a party of its own (role ``ChrgsAcct``) when the message has no such party;
* a contact person's name (``CtctDtls/Nm``) and a postal address's ``CareOf`` are
  screened as parties of their own, role ``<party role>/CtctDtls`` and
  ``<party role>/CareOf``;
* every leaf under a free-text container (``RmtInf``, ``InstrForCdtrAgt``,
  ``InstrForNxtAgt``, ``InstrForDbtrAgt``, ``Purp``, ``RgltryRptg``, ``RltdRmtInf``,
  ``RtrRsnInf``) that is not part of a party is free text, and so are the text leaves
  ``InstrForDbtrAgt`` (pain.001 up to .09) and ``ChqInstr/MemoFld``; repeated
  ``RmtInf/Ustrd`` elements (one remittance text cut into 140-character pieces) are
  joined into one text with path ``.../RmtInf/Ustrd``;
* ``Ctry``, ``CtryOfRes`` and ``CtryOfBirth`` outside parties are loose countries;
* a direct debit's creditor scheme identifier (``CdtrSchmeId``, ``OrgnlCdtrSchmeId``)
  is a party (its ``Othr/Id`` an identifier) that is never typed person or
  organisation, although SEPA writes it under ``PrvtId``.

Roles are the party element's local name, prefixed by the context element for
underlying customer transfers, return chains and original transaction references
(``UndrlygCstmrCdtTrf/Dbtr``, ``RtrChain/Cdtr``); business application header
``Fr``/``To`` keep their own names. Paths carry ``[n]`` only where a name repeats
among siblings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from lxml import etree

from interdict.payments.model import Located, Party, PartyKind, Section

TEXT_CONTAINERS = frozenset(
    {
        "RmtInf",
        "InstrForCdtrAgt",
        "InstrForNxtAgt",
        "InstrForDbtrAgt",
        "Purp",
        "RgltryRptg",
        "RltdRmtInf",
        "RtrRsnInf",
    }
)
#: Leaves that are free text wherever they occur.
TEXT_LEAVES = frozenset({"InstrForDbtrAgt", "MemoFld"})
#: Context elements whose name prefixes the roles of the parties inside them.
ROLE_CONTEXTS = frozenset({"UndrlygCstmrCdtTrf", "RtrChain", "OrgnlTxRef"})
#: Wrappers whose parent names the role (AppHdr ``Fr/FIId``).
ROLE_WRAPPERS = frozenset({"FIId", "OrgId"})
COUNTRY_TAGS = frozenset({"Ctry", "CtryOfRes", "CtryOfBirth"})
ADDRESS_TAGS = frozenset(
    {
        "AdrLine",
        "StrtNm",
        "TwnNm",
        "TwnLctnNm",
        "DstrctNm",
        "CtrySubDvsn",
        "BldgNm",
        "CityOfBirth",
        "PrvcOfBirth",
    }
)
BIC_TAGS = frozenset({"BICFI", "BIC", "AnyBIC", "BICOrBEI"})
#: Elements never taken for a party even though they hold a ``Nm``.
NOT_PARTIES = frozenset(
    {
        "PstlAdr",
        "FinInstnId",
        "BrnchId",
        "CtctDtls",
        "Tp",
        "SchmeNm",
        "Prxy",
        "Othr",
        "Authrty",
        "ClrSys",
        "Purp",
        "CdtrRefInf",
        "RfrdDocInf",
        "GrnshmtRmt",
        "TaxRmt",
        "Tax",
        "LclInstrm",
        "SvcLvl",
        "CtgyPurp",
        "InitnSrc",
    }
)
PARTY_MARKERS = frozenset({"Nm", "PstlAdr", "CtryOfRes"})
#: Direct-debit creditor scheme identifiers (``CdtrSchmeId``): written under ``PrvtId``
#: by SEPA rule, but they identify a creditor of any kind, so they are not typed.
UNTYPED_ROLES = frozenset({"CdtrSchmeId", "OrgnlCdtrSchmeId"})


def local(tag: object) -> str:
    """The local name of an lxml tag (``""`` for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return _local(tag)


@lru_cache(maxsize=4096)
def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def line_of(el: etree._Element) -> int | None:
    """The source line of an element, when lxml knows it."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def _children(el: etree._Element) -> list[tuple[str, etree._Element]]:
    return [(_local(c.tag), c) for c in el.iterchildren(etree.Element)]


def _text(el: etree._Element) -> str:
    return " ".join((el.text or "").split())


def _child_paths(path: str, kids: list[tuple[str, etree._Element]]) -> list[str]:
    counts: dict[str, int] = {}
    for name, _ in kids:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for name, _ in kids:
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            out.append(f"{path}/{name}[{seen[name]}]")
        else:
            out.append(f"{path}/{name}")
    return out


def party_kind(
    el: etree._Element, kids: list[tuple[str, etree._Element]] | None = None
) -> PartyKind | None:
    """Whether ``el`` is an agent, a party, or neither (see the module docstring);
    ``kids`` are its element children when the caller has them already."""
    name = local(el.tag)
    if name in NOT_PARTIES or name.endswith("Acct"):
        return None
    if kids is None:
        kids = _children(el)
    names = {n for n, _ in kids}
    if "FinInstnId" in names:
        return PartyKind.AGENT
    for wrapper in ("Agt", "Pty"):
        if wrapper in names:
            inner = next(c for n, c in kids if n == wrapper)
            if any(n == "FinInstnId" for n, _ in _children(inner)):
                return PartyKind.AGENT
    if "Pty" in names or names & PARTY_MARKERS:
        return PartyKind.PARTY
    if "Id" in names:
        ident = next(c for n, c in kids if n == "Id")
        if any(n in ("OrgId", "PrvtId") for n, _ in _children(ident)):
            return PartyKind.PARTY
    return None


@dataclass(slots=True)
class _PartyParts:
    names: list[Located] = field(default_factory=list)
    type: str | None = None
    bic: Located | None = None
    identifiers: list[Located] = field(default_factory=list)
    countries: list[Located] = field(default_factory=list)
    address: list[Located] = field(default_factory=list)
    birth_dates: list[Located] = field(default_factory=list)
    #: Names of related persons screened as parties of their own: (suffix, name).
    related: list[tuple[str, Located]] = field(default_factory=list)


def _collect_party(el: etree._Element, path: str, parts: _PartyParts, parent: str) -> None:
    kids = _children(el)
    for (name, child), cpath in zip(kids, _child_paths(path, kids), strict=True):
        if len(child):
            if name == "PrvtId":
                parts.type = "person"
            elif name == "OrgId" and parts.type is None:
                parts.type = "organization"
            if name == "CtctDtls":
                _collect_contact(child, cpath, parts)
            else:
                _collect_party(child, cpath, parts, name)
            continue
        value = _text(child)
        if not value:
            continue
        loc = Located(value, cpath, line_of(child))
        if name == "Nm" and parent in ("", "FinInstnId", "BrnchId", "Pty", "PstlAdr"):
            parts.names.append(loc)
        elif name in BIC_TAGS:
            if parts.bic is None:
                parts.bic = loc
            else:
                parts.identifiers.append(loc)
        elif name in COUNTRY_TAGS:
            parts.countries.append(loc)
        elif name in ADDRESS_TAGS:
            parts.address.append(loc)
        elif name == "CareOf":
            parts.related.append(("CareOf", loc))
        elif name == "BirthDt":
            parts.birth_dates.append(loc)
        elif name == "LEI" or (name == "Id" and parent == "Othr") or name == "MmbId":
            parts.identifiers.append(loc)


def _collect_contact(el: etree._Element, path: str, parts: _PartyParts) -> None:
    """A contact's name (``CtctDtls/Nm``); phone numbers and e-mails are not read."""
    for child in el.iterchildren(etree.Element):
        if _local(child.tag) == "Nm" and len(child) == 0:
            value = _text(child)
            if value:
                parts.related.append(("CtctDtls", Located(value, f"{path}/Nm", line_of(child))))
            return


def extract_party(el: etree._Element, path: str, role: str, kind: PartyKind) -> Party:
    """The :class:`Party` for a party or agent element already classified by
    :func:`party_kind` (related persons, see :func:`extract_parties`, are dropped)."""
    return extract_parties(el, path, role, kind)[0]


def extract_parties(el: etree._Element, path: str, role: str, kind: PartyKind) -> list[Party]:
    """The :class:`Party` for a party or agent element, followed by one party per
    related person it names (``CtctDtls/Nm`` and ``PstlAdr/CareOf``, role
    ``<role>/CtctDtls`` and ``<role>/CareOf``)."""
    parts = _PartyParts()
    _collect_party(el, path, parts, "")
    main = Party(
        role=role,
        kind=kind,
        path=path,
        names=tuple(parts.names),
        type=None if role.rpartition("/")[2] in UNTYPED_ROLES else parts.type,
        bic=parts.bic,
        identifiers=tuple(parts.identifiers),
        countries=tuple(parts.countries),
        address=tuple(parts.address),
        birth_dates=tuple(parts.birth_dates),
    )
    if not parts.related:
        return [main]
    return [main] + [
        Party(f"{role}/{suffix}", PartyKind.PARTY, loc.path, names=(loc,))
        for suffix, loc in parts.related
    ]


def _account(el: etree._Element, path: str) -> Located | None:
    """The IBAN, else the first ``Othr/Id``, of an account element."""
    best: Located | None = None
    for node in el.iter():
        name = local(node.tag)
        if name == "IBAN":
            value = _text(node)
            if value:
                return Located(value, _node_path(el, node, path), line_of(node))
        elif name == "Id" and best is None and _parent_name(node) == "Othr":
            value = _text(node)
            if value:
                best = Located(value, _node_path(el, node, path), line_of(node))
    return best


def account_name(el: etree._Element, path: str) -> Located | None:
    """The account's own name (``CdtrAcct/Nm``: often the holder's name), if any."""
    for child in el.iterchildren(etree.Element):
        if _local(child.tag) == "Nm" and len(child) == 0:
            value = _text(child)
            if value:
                return Located(value, f"{path}/Nm", line_of(child))
    return None


def _parent_name(node: etree._Element) -> str:
    parent = node.getparent()
    return local(parent.tag) if parent is not None else ""


def _node_path(top: etree._Element, node: etree._Element, path: str) -> str:
    names: list[str] = []
    cur: etree._Element | None = node
    while cur is not None and cur is not top:
        names.append(local(cur.tag))
        cur = cur.getparent()
    return "/".join([path, *reversed(names)])


@dataclass(slots=True)
class SectionBuilder:
    """Accumulates what :func:`walk` finds; :meth:`build` freezes it."""

    path: str
    parties: list[Party] = field(default_factory=list)
    texts: list[Located] = field(default_factory=list)
    countries: list[Located] = field(default_factory=list)

    def build(self) -> Section:
        return Section(self.path, tuple(self.parties), tuple(self.texts), tuple(self.countries))

    def extend(self, other: Section) -> None:
        self.parties.extend(other.parties)
        self.texts.extend(other.texts)
        self.countries.extend(other.countries)


def walk(
    el: etree._Element,
    path: str,
    out: SectionBuilder,
    *,
    prefix: str = "",
    in_text: bool = False,
    parent_name: str = "",
    kids: list[tuple[str, etree._Element]] | None = None,
) -> None:
    """Add the parties, texts and countries of ``el``'s children (recursively) to ``out``."""
    if kids is None:
        kids = _children(el)
    here: dict[str, int] = {}
    accounts: list[tuple[str, str, Located | None, Located | None]] = []
    chunks: list[Located] = []  # repeated Ustrd: one remittance text cut in pieces
    for (name, child), cpath in zip(kids, _child_paths(path, kids), strict=True):
        if len(child) == 0:
            value = _text(child)
            if not value:
                continue
            if name in COUNTRY_TAGS:
                out.countries.append(Located(value, cpath, line_of(child)))
            elif name == "Ustrd" and cpath.endswith("]"):
                chunks.append(Located(value, cpath, line_of(child)))
            elif in_text or name in TEXT_LEAVES:
                out.texts.append(Located(value, cpath, line_of(child)))
            continue
        if name.endswith("Acct") and len(name) > 4:
            acct = _account(child, cpath)
            holder = account_name(child, cpath)
            if acct is not None or holder is not None:
                accounts.append((name, cpath, acct, holder))
            continue
        ckids = _children(child)
        kind = None if name == "Authrty" else party_kind(child, ckids)
        if kind is not None:
            role_name = parent_name if name in ROLE_WRAPPERS and parent_name else name
            target = child
            tpath = cpath
            for wrapper in ("Pty", "Agt"):
                inner = [c for n, c in ckids if n == wrapper]
                if inner:
                    target, tpath = inner[0], f"{cpath}/{wrapper}"
                    break
            here[role_name] = len(out.parties)
            out.parties.extend(extract_parties(target, tpath, prefix + role_name, kind))
            continue
        walk(
            child,
            cpath,
            out,
            prefix=f"{prefix}{name}/" if name in ROLE_CONTEXTS else prefix,
            in_text=in_text or name in TEXT_CONTAINERS,
            parent_name=name,
            kids=ckids,
        )
    if chunks:
        joined = " ".join(c.value for c in chunks)
        out.texts.append(Located(joined, f"{path}/Ustrd", chunks[0].line))
    for acct_name, apath, acct, holder in accounts:
        index = here.get(acct_name[:-4])
        if index is not None:
            out.parties[index] = _with_account(out.parties[index], acct, holder)
        elif holder is not None:
            out.parties.append(_account_party(prefix + acct_name, apath, acct, holder))


def _with_account(party: Party, acct: Located | None, holder: Located | None) -> Party:
    """``party`` with its account id and, when it is a new name, the account's name."""
    names = party.names
    if holder is not None:
        key = holder.value.casefold()
        if all(n.value.casefold() != key for n in names):
            names = (*names, holder)
    return replace(party, account=acct or party.account, names=names)


def _account_party(role: str, path: str, acct: Located | None, holder: Located) -> Party:
    """A party known only by its account's name (``role`` is the account element's
    name, e.g. ``ChrgsAcct``: the message has no party the account belongs to)."""
    kind = PartyKind.AGENT if role.endswith("AgtAcct") else PartyKind.PARTY
    return Party(role, kind, path, names=(holder,), account=acct)


def attach_account(
    out: SectionBuilder,
    role: str,
    acct: Located | None,
    holder: Located | None = None,
    path: str = "",
) -> None:
    """Give ``acct`` (and the account's name ``holder``) to the last party of ``out``
    whose role is ``role``; without one, a named account becomes a party of its own
    (role ``<role>Acct``)."""
    for index in range(len(out.parties) - 1, -1, -1):
        if out.parties[index].role == role:
            out.parties[index] = _with_account(out.parties[index], acct, holder)
            return
    if holder is not None:
        out.parties.append(_account_party(f"{role}Acct", path, acct, holder))


def account_of(el: etree._Element, path: str) -> Located | None:
    """The account id of an ``*Acct`` element (IBAN first), else ``None``."""
    return _account(el, path)


def extract_section(
    el: etree._Element, path: str, *, prefix: str = "", as_child: bool = True
) -> Section:
    """The section of a complete element: with ``as_child`` the element itself is
    walked as the child of a virtual parent (so a party element such as ``PmtInf/Dbtr``
    is recognised as one); otherwise only its children are."""
    out = SectionBuilder(path)
    if as_child:
        walk_single(el, path, out, prefix)
    else:
        walk(el, path, out, prefix=prefix, parent_name=local(el.tag))
    return out.build()


def walk_single(el: etree._Element, path: str, out: SectionBuilder, prefix: str = "") -> None:
    """Add ``el`` itself (a party, a container or a loose country) to ``out``."""
    name = local(el.tag)
    if len(el) == 0:
        value = _text(el)
        if value and name in COUNTRY_TAGS:
            out.countries.append(Located(value, path, line_of(el)))
        elif value and name in TEXT_LEAVES:
            out.texts.append(Located(value, path, line_of(el)))
        return
    kind = party_kind(el)
    if kind is not None:
        target, tpath = el, path
        for wrapper in ("Pty", "Agt"):
            inner = [c for n, c in _children(el) if n == wrapper]
            if inner:
                target, tpath = inner[0], f"{path}/{wrapper}"
                break
        out.parties.extend(extract_parties(target, tpath, prefix + name, kind))
        return
    walk(
        el,
        path,
        out,
        prefix=f"{prefix}{name}/" if name in ROLE_CONTEXTS else prefix,
        in_text=name in TEXT_CONTAINERS,
        parent_name=name,
    )
