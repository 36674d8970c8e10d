"""Parties, free text and countries of one complete ISO 20022 element subtree.

The walk is structural, so it covers every message version without per-version
tables:

* an element with a ``FinInstnId`` child (or a ``Agt/FinInstnId`` choice, as in
  pacs.004 ``RtrChain``) is an **agent**;
* an element with a ``Pty`` child, or with ``Nm``, ``PstlAdr``, ``CtryOfRes`` or
  ``Id/OrgId|PrvtId`` children, is a **party** (``*Acct`` elements are accounts, not
  parties, and are attached to the party of the same prefix: ``DbtrAcct`` ->
  ``Dbtr``);
* every leaf under a free-text container (``RmtInf``, ``InstrForCdtrAgt``,
  ``InstrForNxtAgt``, ``Purp``, ``RgltryRptg``, ``RltdRmtInf``, ``RtrRsnInf``) that
  is not part of a party is free text;
* ``Ctry``, ``CtryOfRes`` and ``CtryOfBirth`` outside parties are loose countries.

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
        "Purp",
        "RgltryRptg",
        "RltdRmtInf",
        "RtrRsnInf",
    }
)
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
    }
)
PARTY_MARKERS = frozenset({"Nm", "PstlAdr", "CtryOfRes"})


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
    if "Agt" in names:
        agt = next(c for n, c in kids if n == "Agt")
        if any(n == "FinInstnId" for n, _ in _children(agt)):
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


def _collect_party(el: etree._Element, path: str, parts: _PartyParts, parent: str) -> None:
    kids = _children(el)
    for (name, child), cpath in zip(kids, _child_paths(path, kids), strict=True):
        if len(child):
            if name == "PrvtId":
                parts.type = "person"
            elif name == "OrgId" and parts.type is None:
                parts.type = "organization"
            if name != "CtctDtls":
                _collect_party(child, cpath, parts, name)
            continue
        value = _text(child)
        if not value:
            continue
        loc = Located(value, cpath, line_of(child))
        if name == "Nm" and parent in ("", "FinInstnId", "BrnchId", "Pty"):
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
        elif name == "BirthDt":
            parts.birth_dates.append(loc)
        elif name == "LEI" or (name == "Id" and parent == "Othr") or name == "MmbId":
            parts.identifiers.append(loc)


def extract_party(el: etree._Element, path: str, role: str, kind: PartyKind) -> Party:
    """The :class:`Party` for a party or agent element already classified by
    :func:`party_kind`."""
    parts = _PartyParts()
    _collect_party(el, path, parts, "")
    return Party(
        role=role,
        kind=kind,
        path=path,
        names=tuple(parts.names),
        type=parts.type,
        bic=parts.bic,
        identifiers=tuple(parts.identifiers),
        countries=tuple(parts.countries),
        address=tuple(parts.address),
        birth_dates=tuple(parts.birth_dates),
    )


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
    accounts: dict[str, Located] = {}
    for (name, child), cpath in zip(kids, _child_paths(path, kids), strict=True):
        if len(child) == 0:
            value = _text(child)
            if not value:
                continue
            if name in COUNTRY_TAGS:
                out.countries.append(Located(value, cpath, line_of(child)))
            elif in_text:
                out.texts.append(Located(value, cpath, line_of(child)))
            continue
        if name.endswith("Acct") and len(name) > 4:
            acct = _account(child, cpath)
            if acct is not None:
                accounts[name[:-4]] = acct
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
            out.parties.append(extract_party(target, tpath, prefix + role_name, kind))
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
    for role_name, acct in accounts.items():
        index = here.get(role_name)
        if index is not None:
            out.parties[index] = replace(out.parties[index], account=acct)


def attach_account(out: SectionBuilder, role: str, acct: Located) -> None:
    """Give ``acct`` to the last party of ``out`` whose role is ``role``."""
    for index in range(len(out.parties) - 1, -1, -1):
        if out.parties[index].role == role:
            out.parties[index] = replace(out.parties[index], account=acct)
            return


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
        return
    kind = party_kind(el)
    if kind is not None:
        target, tpath = el, path
        for wrapper in ("Pty", "Agt"):
            inner = [c for n, c in _children(el) if n == wrapper]
            if inner:
                target, tpath = inner[0], f"{path}/{wrapper}"
                break
        out.parties.append(extract_party(target, tpath, prefix + name, kind))
        return
    walk(
        el,
        path,
        out,
        prefix=f"{prefix}{name}/" if name in ROLE_CONTEXTS else prefix,
        in_text=name in TEXT_CONTAINERS,
        parent_name=name,
    )
