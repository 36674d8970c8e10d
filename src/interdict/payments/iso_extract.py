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

from dataclasses import dataclass, field

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
#: Leaves of a party element that :func:`_collect_party` reads (every other leaf is
#: skipped without reading its text).
_PARTY_LEAVES = frozenset(
    {"Nm", "CareOf", "BirthDt", "LEI", "Id", "MmbId", *BIC_TAGS, *COUNTRY_TAGS, *ADDRESS_TAGS}
)
#: Parents whose ``Nm`` leaf names the party (``""``: the party element itself).
_NAME_PARENTS = frozenset({"", "FinInstnId", "BrnchId", "Pty", "PstlAdr"})
_AGENT_MARK = frozenset({"FinInstnId"})
_ID_KINDS = frozenset({"OrgId", "PrvtId"})
#: Local names by lxml tag (``{namespace}name``): a bounded cache, emptied when full.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_MAX = 4096

#: An element's element children with their local names, in document order.
_Kids = list[tuple[str, etree._Element]]


def local(tag: object) -> str:
    """The local name of an lxml tag (``""`` for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    return _local(tag) if name is None else name


def _local(tag: str) -> str:
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) >= _LOCAL_NAMES_MAX:
            _LOCAL_NAMES.clear()
        _LOCAL_NAMES[tag] = name
    return name


def line_of(el: etree._Element) -> int | None:
    """The source line of an element, when lxml knows it."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def _children(el: etree._Element) -> _Kids:
    """``el``'s element children (no comments, processing instructions or entities)
    with their local names: one pass over the children, names from the cache."""
    get = _LOCAL_NAMES.get
    # an element's local name is never empty, so a cache miss is the only falsy get
    return [(get(tag) or _local(tag), child) for child in el if isinstance(tag := child.tag, str)]


def _has_child(el: etree._Element, wanted: frozenset[str]) -> bool:
    """Whether ``el`` has an element child whose local name is in ``wanted``."""
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and _local(tag) in wanted:
            return True
    return False


def _text(el: etree._Element) -> str:
    return " ".join((el.text or "").split())


def _repeats(kids: _Kids) -> dict[str, int] | None:
    """A zero counter for each name that occurs more than once among ``kids`` (those
    carry ``[n]`` in paths), or ``None`` when no name repeats."""
    if len(kids) < 2 or len({name for name, _ in kids}) == len(kids):
        return None
    seen: set[str] = set()
    out: dict[str, int] | None = None
    for name, _ in kids:
        if name in seen:
            if out is None:
                out = {}
            out[name] = 0
        else:
            seen.add(name)
    return out


def party_kind(el: etree._Element, kids: _Kids | None = None) -> PartyKind | None:
    """Whether ``el`` is an agent, a party, or neither (see the module docstring);
    ``kids`` are its element children when the caller has them already."""
    return _kind(local(el.tag), el if kids is None else kids)


def _kind(name: str, kids: _Kids | etree._Element) -> PartyKind | None:
    """:func:`party_kind` of an element named ``name`` with children ``kids`` (or the
    element itself, its children not read yet)."""
    if name in NOT_PARTIES or name.endswith("Acct"):
        return None
    if not isinstance(kids, list):
        kids = _children(kids)
    names = {n for n, _ in kids}
    if "FinInstnId" in names:
        return PartyKind.AGENT
    for wrapper in ("Agt", "Pty"):
        if wrapper in names:
            inner = next(c for n, c in kids if n == wrapper)
            if _has_child(inner, _AGENT_MARK):
                return PartyKind.AGENT
    if "Pty" in names or not PARTY_MARKERS.isdisjoint(names):
        return PartyKind.PARTY
    if "Id" in names:
        ident = next(c for n, c in kids if n == "Id")
        if _has_child(ident, _ID_KINDS):
            return PartyKind.PARTY
    return None


def _target(el: etree._Element, path: str, kids: _Kids) -> tuple[etree._Element, str, _Kids | None]:
    """The element a party's data is read from: its ``Pty`` child, else its ``Agt``
    child, else itself (with the children already known)."""
    for wrapper in ("Pty", "Agt"):
        for name, child in kids:
            if name == wrapper:
                return child, f"{path}/{wrapper}", None
    return el, path, kids


class _PartyParts:
    """What :func:`_collect_party` finds in one party element."""

    __slots__ = (
        "address",
        "bic",
        "birth_dates",
        "countries",
        "identifiers",
        "names",
        "related",
        "type",
    )

    def __init__(self) -> None:
        self.names: list[Located] = []
        self.type: str | None = None
        self.bic: Located | None = None
        self.identifiers: list[Located] = []
        self.countries: list[Located] = []
        self.address: list[Located] = []
        self.birth_dates: list[Located] = []
        #: Names of related persons screened as parties of their own: (suffix, name).
        self.related: list[tuple[str, Located]] = []


def _collect_party(
    el: etree._Element, path: str, parts: _PartyParts, parent: str, kids: _Kids | None = None
) -> None:
    if kids is None:
        kids = _children(el)
    repeats = _repeats(kids) if len(kids) > 1 else None
    for name, child in kids:
        index = 0
        if repeats is not None and name in repeats:
            index = repeats[name] = repeats[name] + 1
        if len(child):
            cpath = f"{path}/{name}[{index}]" if index else f"{path}/{name}"
            if name == "PrvtId":
                parts.type = "person"
            elif name == "OrgId" and parts.type is None:
                parts.type = "organization"
            if name == "CtctDtls":
                _collect_contact(child, cpath, parts)
            else:
                _collect_party(child, cpath, parts, name)
            continue
        if name not in _PARTY_LEAVES:
            continue
        value = _text(child)
        if not value:
            continue
        loc = Located(
            value, f"{path}/{name}[{index}]" if index else f"{path}/{name}", line_of(child)
        )
        if name == "Nm":
            if parent in _NAME_PARENTS:
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
        elif name != "Id" or parent == "Othr":  # LEI, MmbId, Othr/Id
            parts.identifiers.append(loc)


def _collect_contact(el: etree._Element, path: str, parts: _PartyParts) -> None:
    """A contact's name (``CtctDtls/Nm``); phone numbers and e-mails are not read."""
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and _local(tag) == "Nm" and len(child) == 0:
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
    return _extract_parties(el, path, role, kind, None)


def _extract_parties(
    el: etree._Element, path: str, role: str, kind: PartyKind, kids: _Kids | None
) -> list[Party]:
    """:func:`extract_parties`, with ``el``'s children when the caller has them."""
    parts = _PartyParts()
    _collect_party(el, path, parts, "", kids)
    main = Party(
        role,
        kind,
        path,
        tuple(parts.names),
        None if parts.type is None or role.rpartition("/")[2] in UNTYPED_ROLES else parts.type,
        parts.bic,
        None,
        tuple(parts.identifiers),
        tuple(parts.countries),
        tuple(parts.address),
        tuple(parts.birth_dates),
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
        tag = node.tag
        if not isinstance(tag, str):
            continue
        name = _local(tag)
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
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and _local(tag) == "Nm" and len(child) == 0:
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
    kids: _Kids | None = None,
) -> None:
    """Add the parties, texts and countries of ``el``'s children (recursively) to ``out``."""
    if kids is None:
        kids = _children(el)
    repeats = _repeats(kids) if len(kids) > 1 else None
    here: dict[str, int] = {}
    accounts: list[tuple[str, str, Located | None, Located | None]] = []
    chunks: list[Located] = []  # repeated Ustrd: one remittance text cut in pieces
    for name, child in kids:
        index = 0
        if repeats is not None and name in repeats:
            index = repeats[name] = repeats[name] + 1
        if len(child) == 0:
            if name in COUNTRY_TAGS:
                found = out.countries
            elif name == "Ustrd" and index:
                found = chunks
            elif in_text or name in TEXT_LEAVES:
                found = out.texts
            else:
                continue
            value = _text(child)
            if value:
                cpath = f"{path}/{name}[{index}]" if index else f"{path}/{name}"
                found.append(Located(value, cpath, line_of(child)))
            continue
        cpath = f"{path}/{name}[{index}]" if index else f"{path}/{name}"
        if name.endswith("Acct") and len(name) > 4:
            acct = _account(child, cpath)
            holder = account_name(child, cpath)
            if acct is not None or holder is not None:
                accounts.append((name, cpath, acct, holder))
            continue
        ckids = _children(child)
        kind = None if name == "Authrty" else _kind(name, ckids)
        if kind is not None:
            role_name = parent_name if name in ROLE_WRAPPERS and parent_name else name
            target, tpath, tkids = _target(child, cpath, ckids)
            here[role_name] = len(out.parties)
            out.parties.extend(_extract_parties(target, tpath, prefix + role_name, kind, tkids))
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
        at = here.get(acct_name[:-4])
        if at is not None:
            out.parties[at] = _with_account(out.parties[at], acct, holder)
        elif holder is not None:
            out.parties.append(_account_party(prefix + acct_name, apath, acct, holder))


def _with_account(party: Party, acct: Located | None, holder: Located | None) -> Party:
    """``party`` with its account id and, when it is a new name, the account's name."""
    names = party.names
    if holder is not None:
        key = holder.value.casefold()
        if all(n.value.casefold() != key for n in names):
            names = (*names, holder)
    return Party(
        party.role,
        party.kind,
        party.path,
        names,
        party.type,
        party.bic,
        acct or party.account,
        party.identifiers,
        party.countries,
        party.address,
        party.birth_dates,
    )


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
    kids = _children(el)
    kind = _kind(name, kids)
    if kind is not None:
        target, tpath, tkids = _target(el, path, kids)
        out.parties.extend(_extract_parties(target, tpath, prefix + name, kind, tkids))
        return
    walk(
        el,
        path,
        out,
        prefix=f"{prefix}{name}/" if name in ROLE_CONTEXTS else prefix,
        in_text=name in TEXT_CONTAINERS,
        parent_name=name,
        kids=kids,
    )
