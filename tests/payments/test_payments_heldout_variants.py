"""Real-world message variants the shared samples lack: each case was mis-parsed before
(a name, country, address or free text not extracted, or a spurious error) and is
checked here at the extraction level and, where it matters, end to end (the listed
name in the field we used to miss is a hit on that field's path).

Fixtures: ``tests/fixtures/payments/variants/`` (written for these tests, see the
comment in each XML file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.errors import MessageError
from interdict.payments import (
    Decision,
    Iso20022Reader,
    PaymentPolicy,
    iter_mt,
    parse_iso20022,
    parse_mt,
    screen_message,
)
from interdict.payments.model import Party, PartyKind, PaymentMessage
from interdict.payments.screening import Screener

VARIANTS = Path(__file__).parent.parent / "fixtures" / "payments" / "variants"
ISO_FILES = sorted(p.name for p in VARIANTS.glob("*.xml"))
MT_FILES = sorted(p.name for p in VARIANTS.glob("*.fin"))


def _iso(name: str) -> PaymentMessage:
    return parse_iso20022((VARIANTS / name).read_bytes(), file=name)


def _mt(name: str) -> list[PaymentMessage]:
    return parse_mt((VARIANTS / name).read_bytes(), file=name)


def _party(message: PaymentMessage, role: str, index: int = 0) -> Party:
    found = [p for p in message.parties() if p.role == role]
    assert found, f"no {role} in {[p.role for p in message.parties()]}"
    return found[index]


def _hits(data: bytes, screener: Screener, name: str) -> list[dict[str, Any]]:
    results = screen_message(data, screener, PaymentPolicy(), file=name)
    assert all(r.decision is not Decision.ERROR for r in results), [r.errors for r in results]
    return [h for r in results for h in r.to_dict()["hits"]]


# -- every variant parses, in both ISO modes alike ---------------------------------


def test_variant_fixtures_exist() -> None:
    assert len(ISO_FILES) >= 7 and len(MT_FILES) >= 6


@pytest.mark.parametrize("name", ISO_FILES)
def test_iso_variants_stream_like_in_memory(name: str) -> None:
    data = (VARIANTS / name).read_bytes()

    def read(streaming: bool) -> tuple[object, ...]:
        reader = Iso20022Reader(data, file=name, streaming=streaming)
        sections = tuple(reader)
        return sections, reader.header.build(), reader.type, reader.message_id, reader.warnings

    memory = read(False)
    assert memory[0], name
    assert memory == read(True)


# -- end to end: the listed name sits in a field that used to be missed -------------

#: (fixture, entity, field label, path of the hit)
NAME_HITS = [
    (
        "pacs008_v02_two_tx.xml",
        "test:melli",
        "ChrgsInf",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/ChrgsInf[2]/Pty/FinInstnId/Nm",
    ),
    (
        "pacs008_v02_two_tx.xml",
        "test:shahed",
        "Cdtr",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Nm",
    ),
    (
        "pacs008_v02_two_tx.xml",
        "test:qods",
        "Cdtr",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/Cdtr/Nm",
    ),
    (
        "pacs008_v08_remittance_location.xml",
        "test:shahed",
        "RmtLctnDtls",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RltdRmtInf/RmtLctnDtls/PstlAdr/Nm",
    ),
    (
        "pain001_v03_instr_contact.xml",
        "test:damavandian",
        "InitgPty/CtctDtls",
        "/Document/CstmrCdtTrfInitn/GrpHdr/InitgPty/CtctDtls/Nm",
    ),
    (
        "pain001_v03_instr_contact.xml",
        "test:qods",
        "Dbtr",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/DbtrAcct/Nm",
    ),
    (
        "pain001_v03_instr_contact.xml",
        "test:shahed",
        "InstrForDbtrAgt",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/InstrForDbtrAgt",
    ),
    (
        "pain001_v03_instr_contact.xml",
        "test:qods",
        "ChqInstr/MemoFld",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/ChqInstr/MemoFld",
    ),
    (
        "pain001_v03_instr_contact.xml",
        "test:melli",
        "ChrgsAcct",
        "/Document/CstmrCdtTrfInitn/PmtInf[2]/ChrgsAcct/Nm",
    ),
    (
        "pain001_v11_careof_source.xml",
        "test:damavandian",
        "Dbtr/CareOf",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/Dbtr/PstlAdr/CareOf",
    ),
    (
        "pain001_v11_careof_source.xml",
        "test:shahed",
        "InstrForDbtrAgt/InstrInf",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/InstrForDbtrAgt/InstrInf",
    ),
    (
        "pain001_v02_versioned_root.xml",
        "test:qods",
        "Cdtr",
        "/Document/pain.001.001.02/PmtInf[1]/CdtTrfTxInf[1]/Cdtr/Nm",
    ),
    (
        "pacs004_v02_blank_lines_before_declaration.xml",
        "test:qods",
        "OrgnlTxRef/Dbtr",
        "/Document/PmtRtr/TxInf[1]/OrgnlTxRef/Dbtr/Nm",
    ),
    (
        "pacs009_v02_cov_underlying.xml",
        "test:melli",
        "UndrlygCstmrCdtTrf/IntrmyAgt1",
        "/Document/FICdtTrf/CdtTrfTxInf[1]/UndrlygCstmrCdtTrf/IntrmyAgt1/FinInstnId/Nm",
    ),
    (
        "pacs009_v02_cov_underlying.xml",
        "test:qods",
        "UndrlygCstmrCdtTrf/UltmtCdtr",
        "/Document/FICdtTrf/CdtTrfTxInf[1]/UndrlygCstmrCdtTrf/UltmtCdtr/Nm",
    ),
    ("mt202_cov_without_119.fin", "test:qods", "50K", "4/B/50K/2"),
    ("mt103_lowercase_tag_blank_first_line.fin", "test:shahed", "50K", "4/50K/2"),
    ("mt103_numbered_50k_wrapped_names.fin", "test:damavandian", "50K", "4/50K/2"),
    ("mt103_latin1_text.fin", "test:shahed", "59", "4/59/2"),
    ("mt103_bom_dospcc_frames.fin", "test:qods", "59", "4/59/2"),
]


@pytest.mark.parametrize(("name", "entity", "field", "path"), NAME_HITS)
def test_listed_name_in_a_previously_missed_field_is_a_hit(
    fake_screener: Screener, name: str, entity: str, field: str, path: str
) -> None:
    hits = _hits((VARIANTS / name).read_bytes(), fake_screener, name)
    found = [(h["field"], h["path"]) for h in hits if h["entity_id"] == entity]
    assert (field, path) in found, (found, [(h["field"], h["path"]) for h in hits])


#: (fixture, field label, path, rule, code): embargo hits on newly read places/countries
PLACE_HITS = [
    (
        "mt103_50f_town_continuation_77b.fin",
        "50F",
        "4/50F/5",
        "embargo_region",
        "UA-43",
    ),  # "3/REPUBLIC OF CRIMEA" continuation line
    ("mt103_50f_town_continuation_77b.fin", "77B", "4/77B/2", "embargo_country", "IR"),
    (
        "pain001_v11_careof_source.xml",
        "Dbtr",
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/Dbtr/PstlAdr/BldgNm",
        "embargo_region",
        "UA-40",
    ),
    (
        "pacs008_v08_remittance_location.xml",
        "RmtLctnDtls",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RltdRmtInf/RmtLctnDtls/PstlAdr/Adr/TwnNm",
        "embargo_region",
        "UA-14",
    ),
]


@pytest.mark.parametrize(("name", "field", "path", "rule", "code"), PLACE_HITS)
def test_embargo_hit_on_a_previously_missed_place(
    fake_screener: Screener, name: str, field: str, path: str, rule: str, code: str
) -> None:
    hits = _hits((VARIANTS / name).read_bytes(), fake_screener, name)
    found = [
        (h["field"], h["path"], h["explanation"].get("country") or h["explanation"].get("region"))
        for h in hits
        if h["explanation"].get("rule") == rule
    ]
    assert (field, path, code) in found, found


# -- ISO 20022 extraction details ---------------------------------------------------


def test_pacs008_v02_two_transactions_and_charges_agents() -> None:
    message = _iso("pacs008_v02_two_tx.xml")
    assert (message.type, message.message_id) == ("pacs.008.001.02", "VAR-P8-V02")
    assert [s.path for s in message.transactions] == [
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]",
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]",
    ]
    charges = [p for p in message.parties() if p.role == "ChrgsInf"]
    assert [p.kind for p in charges] == [PartyKind.AGENT, PartyKind.AGENT]  # Pty/FinInstnId
    assert charges[0].bic is not None and charges[0].bic.value == "CHRGGB2L"
    intermediary = _party(message, "IntrmyAgt1")
    assert intermediary.name == "Harbour Correspondent Bank" and intermediary.bic is None
    assert [i.value for i in intermediary.identifiers] == ["021000021"]
    assert [a.value for a in intermediary.address] == ["1 Quay Street", "Damascus Syria"]
    creditor = _party(message, "Cdtr")
    assert [n.value for n in creditor.names] == [
        "Desert Logistics FZE",
        "Shahed Aviation Industries",
    ]
    assert creditor.account is not None and creditor.account.value == "AE070331234567890123456"
    debtor = _party(message, "Dbtr")  # the account name repeats the party name: not added
    assert [n.value for n in debtor.names] == ["Harbour Trading Ltd"]
    assert _party(message, "UltmtDbtr").name == "Harbour Holdings & Sons"


def test_pain001_text_leaves_contacts_and_named_accounts() -> None:
    message = _iso("pain001_v03_instr_contact.xml")
    first, second, third = message.transactions
    assert [t.value for t in first.texts] == [
        "Urgent, for Shahed Aviation Industries contract",
        "Call payee before release",
        "Order 77",
    ]
    assert "Qods Aviation Industries" in [t.value for t in second.texts]  # ChqInstr/MemoFld
    contact = _party(message, "InitgPty/CtctDtls")
    assert contact.kind is PartyKind.PARTY and contact.type is None
    assert contact.name == "Ghassem Damavandian"
    charges = [p for p in third.parties if p.role == "ChrgsAcct"]
    assert len(charges) == 1 and charges[0].account is not None
    assert (charges[0].name, charges[0].account.value) == ("Bank Melli Iran", "CHG-1")
    # the second payment block's debtor does not inherit the first block's account name
    assert [n.value for n in third.parties[0].names] == ["Harbour Trading Ltd"]


def test_pain001_v11_initiation_software_is_not_a_party() -> None:
    message = _iso("pain001_v11_careof_source.xml")
    assert "InitnSrc" not in {p.role for p in message.parties()}
    assert all(p.name != "Qods Aviation Industries" for p in message.parties())
    debtor = _party(message, "Dbtr")
    assert [a.value for a in debtor.address] == ["Sevastopol House", "London"]
    care_of = _party(message, "Dbtr/CareOf")
    assert care_of.path.endswith("/Dbtr/PstlAdr/CareOf")


def test_versioned_message_root_and_late_declaration() -> None:
    old = _iso("pain001_v02_versioned_root.xml")
    assert old.type == "pain.001.001.02" and len(old.transactions) == 1
    assert _party(old, "Dbtr").account is not None  # payment block inherited
    late = _iso("pacs004_v02_blank_lines_before_declaration.xml")
    assert late.type == "pacs.004.001.02"
    assert any("XML declaration" in w for w in late.warnings)
    # line numbers are kept: the debtor's name is on line 13 of the file
    assert _party(late, "OrgnlTxRef/Dbtr").names[0].line == 13


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("pacs.008.001.01", "pacs.008.001.01"),
        ("pacs.009.001.01", "pacs.009.001.01"),
        ("pacs.004.001.01", "pacs.004.001.01"),
    ],
)
def test_first_version_roots(root: str, expected: str) -> None:
    xml = (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{root}"><{root}>'
        "<GrpHdr><MsgId>OLD</MsgId></GrpHdr>"
        "<CdtTrfTxInf><Cdtr><Nm>Qods Aviation Industries</Nm></Cdtr></CdtTrfTxInf>"
        f"</{root}></Document>"
    ).encode()
    message = parse_iso20022(xml)
    assert message.type == expected
    assert _party(message, "Cdtr").name == "Qods Aviation Industries"


@pytest.mark.parametrize(
    "xml",
    [
        b'<pacs.010.001.01 xmlns="urn:x"/>',
        b"<Document><camt.056.001.01><GrpHdr/></camt.056.001.01></Document>",
    ],
)
def test_other_message_roots_are_still_refused(xml: bytes) -> None:
    with pytest.raises(MessageError):
        parse_iso20022(xml)


# -- SWIFT MT extraction details ----------------------------------------------------


def test_mt202_with_customer_fields_but_no_119_is_read_as_cov() -> None:
    (message,) = _mt("mt202_cov_without_119.fin")
    assert message.type == "MT202COV" and message.variant is None
    assert any("119:COV" in w for w in message.warnings)
    debtor = _party(message, "UndrlygCstmrCdtTrf/Dbtr")
    assert debtor.name == "QODS AVIATION INDUSTRIES" and debtor.path == "4/B/50K"
    assert _party(message, "UndrlygCstmrCdtTrf/Cdtr").name == "DESERT LOGISTICS FZE"
    assert _party(message, "Cdtr").bic.value == "TESTAEAD"  # type: ignore[union-attr]
    assert [t.path for t in message.texts()] == ["4/B/70"]


def test_lowercase_tag_and_value_on_the_next_line() -> None:
    (message,) = _mt("mt103_lowercase_tag_blank_first_line.fin")
    debtor = _party(message, "Dbtr")
    assert debtor.path == "4/50K" and debtor.name == "Shahed Aviation Industries"
    creditor = _party(message, "Cdtr")  # ":59:" alone on its line
    assert creditor.account is not None
    assert (creditor.account.value, creditor.account.path) == ("DE89370400440532013000", "4/59/2")
    assert (creditor.name, creditor.names[0].path) == ("Atelier Dupont", "4/59/3")
    assert creditor.names[0].line == 10
    assert [a.path for a in creditor.address] == ["4/59/4"]


def test_50f_town_continuation_and_77b_residence_countries() -> None:
    (message,) = _mt("mt103_50f_town_continuation_77b.fin")
    debtor = _party(message, "Dbtr")
    assert [a.value for a in debtor.address] == [
        "1 DOCK ROAD",
        "KRASNOPEREKOPSK DISTRICT OF THE",
        "REPUBLIC OF CRIMEA",
    ]
    assert [c.value for c in debtor.countries] == ["UA", "GB"]
    assert [i.value for i in debtor.identifiers] == ["0123456789", "789"]  # 6/ + 8/
    (section,) = message.transactions
    assert [(c.value, c.path, c.line) for c in section.countries] == [
        ("GB", "4/77B/1", 17),
        ("IR", "4/77B/2", 18),
    ]
    assert _party(message, "Cdtr").countries[0].value == "DE"  # "3/DE/BERLIN" unchanged


def test_dospcc_frames_and_byte_order_mark() -> None:
    messages = _mt("mt103_bom_dospcc_frames.fin")
    assert [m.message_id for m in messages] == ["VAR-DOSPCC-1", "VAR-DOSPCC-2"]
    assert all(not m.warnings for m in messages)


def test_latin1_file_is_read_with_a_warning_but_not_in_headers() -> None:
    (message,) = _mt("mt103_latin1_text.fin")
    assert _party(message, "Dbtr").name == "JOSÉ MÜLLER"
    assert any("Latin-1" in w for w in message.warnings)
    data = (VARIANTS / "mt103_latin1_text.fin").read_bytes()
    bad_header = data.replace(b"I103TESTDEFFXXXXN", b"I103TEST\xc4EFFXXXXN")
    items = list(iter_mt(bad_header + b"\n" + data, file="latin.fin"))
    assert isinstance(items[0], MessageError) and "not UTF-8" in str(items[0])
    assert "block 2" in str(items[0])
    assert isinstance(items[1], PaymentMessage)  # the next message is still read
    (with_bom,) = iter_mt(b"\xef\xbb\xbf" + data, file="bom.fin")
    assert isinstance(with_bom, PaymentMessage) and with_bom.message_id == "VAR-LATIN1"


def test_numbered_lines_under_k_and_names_cut_inside_a_word() -> None:
    (message,) = _mt("mt103_numbered_50k_wrapped_names.fin")
    debtor = _party(message, "Dbtr")  # 50K written with 1/ 2/ 3/ lines
    assert debtor.name == "DAMAVANDIAN GHASSEM"
    assert [c.value for c in debtor.countries] == ["GB"]
    assert [a.value for a in debtor.address] == ["1 DOCK ROAD", "LONDON"]
    creditor = _party(message, "Cdtr")  # 59F "1/...HOLD" (35 characters) + "1/ING GROUP"
    assert [n.value for n in creditor.names] == [
        "MOUNTAIN RIVER EXPORT IMPORT HOLD ING GROUP",
        "MOUNTAIN RIVER EXPORT IMPORT HOLDING GROUP",
    ]
    agent = _party(message, "DbtrAgt")  # 52D first line of 35 characters
    assert [n.value for n in agent.names][1:] == [
        "NORTHERN STAR EXPORT IMPORT TRADING COMPANY",
        "NORTHERN STAR EXPORT IMPORT TRADINGCOMPANY",
    ]
    first, second = (p for p in message.parties() if p.role.startswith("PrvsInstgAgt"))
    assert first.name == "TESTGB2L LONDON BRANCH"
    assert [i.value for i in first.identifiers] == ["TESTGB2L"]
    assert (second.name, second.identifiers, second.bic) == ("SOMEBANK LTD", (), None)


def test_wrapped_name_is_a_hit(fake_screener: Screener) -> None:
    listed = [
        ("test:mountain", "Organization", ["MOUNTAIN RIVER EXPORT IMPORT HOLDING GROUP"], None)
    ]
    screener = type(fake_screener)(listed)  # type: ignore[call-arg]
    name = "mt103_numbered_50k_wrapped_names.fin"
    hits = _hits((VARIANTS / name).read_bytes(), screener, name)
    assert [(h["field"], h["path"], h["entity_id"]) for h in hits] == [
        ("59F", "4/59F/2", "test:mountain")
    ]


def test_short_first_line_is_not_glued() -> None:
    data = (
        b"{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:X\n"
        b":59:/1\nSHORT NAME\nSECOND LINE\n-}"
    )
    (message,) = parse_mt(data)
    assert [n.value for n in _party(message, "Cdtr").names] == [
        "SHORT NAME",
        "SHORT NAME SECOND LINE",
    ]


# -- properties ---------------------------------------------------------------------

_BODY = [
    ":20:PROP",
    ":23B:CRED",
    ":32A:260105EUR1,",
    ":50F:/GB29NWBK60161331926819",
    "1/DAMAVANDIAN",
    "1/GHASSEM",
    "3/IR/TEHRAN",
    ":59:/DE89370400440532013000",
    "SHAHED AVIATION INDUSTRIES",
    "BERLIN",
    ":70:/INV/1",
    ":77B:/BENEFRES/DE//BERLIN",
]


def _summary(message: PaymentMessage) -> list[tuple[object, ...]]:
    return [
        (p.role, p.path, tuple(n.value for n in p.names), tuple(c.value for c in p.countries))
        for p in message.parties()
    ] + [(t.path, t.value) for t in message.texts()]


@settings(max_examples=40, deadline=None)
@given(ends=st.lists(st.sampled_from(["\r\n", "\n", "\r"]), min_size=13, max_size=13))
def test_any_mix_of_line_ends_gives_the_same_message(ends: list[str]) -> None:
    lines = ["{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:", *_BODY]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True)) + "-}"
    reference = "\n".join(lines) + "\n-}"
    (message,) = parse_mt(text.encode())
    (expected,) = parse_mt(reference.encode())
    assert _summary(message) == _summary(expected)
    assert _party(message, "Dbtr").name == "DAMAVANDIAN GHASSEM"


@settings(max_examples=30, deadline=None)
@given(
    blanks=st.integers(min_value=0, max_value=3),
    frame=st.sampled_from(["", "\ufeff", "\x01"]),
    sep=st.sampled_from(["", "$", "\n", "\x03\x01", "\r\n$\r\n"]),
)
def test_blank_lines_and_frames_keep_the_parties(blanks: int, frame: str, sep: str) -> None:
    body = [
        line if line != ":59:/DE89370400440532013000" else ":59:" + "\n" * blanks + line[4:]
        for line in _BODY
    ]
    one = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n" + "\n".join(body) + "\n-}"
    data = (frame + one + sep + one.replace(":20:PROP", ":20:PROP2")).encode()
    messages = parse_mt(data)
    assert [m.message_id for m in messages] == ["PROP", "PROP2"]
    for message in messages:
        creditor = _party(message, "Cdtr")
        assert creditor.name == "SHAHED AVIATION INDUSTRIES"
        assert creditor.names[0].path == f"4/59/{2 + blanks}"
        assert [c.value for c in message.transactions[0].countries] == ["DE"]


@pytest.mark.parametrize(
    ("lines", "name", "identifier"),
    [
        (b"/40702810900000001234\nINN7707083893\nSHAHED AVIATION INDUSTRIES\nMOSCOW", True, True),
        (b"/1\nINN 7707083893 KPP 770701001\nSHAHED AVIATION INDUSTRIES", True, True),
        (b"123456789\nSHAHED AVIATION INDUSTRIES\nBERLIN", True, True),
        (b"/1\nSHAHED AVIATION INDUSTRIES\nPO BOX 12345", True, False),
    ],
)
def test_registration_number_line_before_the_name(
    fake_screener: Screener, lines: bytes, name: bool, identifier: bool
) -> None:
    data = b"{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:INN\n:59:" + lines + b"\n-}"
    (message,) = parse_mt(data)
    creditor = _party(message, "Cdtr")
    assert (creditor.name == "SHAHED AVIATION INDUSTRIES") is name
    assert bool(creditor.identifiers) is identifier
    hits = _hits(data, fake_screener, "inn.fin")
    assert any(h["entity_id"] == "test:shahed" for h in hits) is name


@st.composite
def _damaged(draw: st.DrawFn, suffix: str) -> bytes:
    paths = sorted(VARIANTS.glob(f"*{suffix}"))
    data = bytearray(draw(st.sampled_from(paths)).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["truncate", "flip", "insert"]))
        if kind == "truncate":
            del data[pos:]
        elif kind == "flip":
            data[pos] = draw(st.integers(0, 255))
        else:
            junk = [b"\x01", b"\x03", b"\xef\xbb\xbf", b"\r", b":50k:", b"\n3/", b"1/", b"<?xml?>"]
            data[pos:pos] = draw(st.sampled_from(junk))
    return bytes(data)


@settings(max_examples=150, deadline=None)
@given(data=_damaged(".fin"))
def test_damaged_mt_variants_never_crash(data: bytes) -> None:
    for item in iter_mt(data, file="damaged.fin"):
        assert isinstance(item, MessageError | PaymentMessage)


@settings(max_examples=150, deadline=None)
@given(data=_damaged(".xml"))
def test_damaged_iso_variants_never_crash_and_both_modes_agree(data: bytes) -> None:
    def read(streaming: bool) -> tuple[object, ...] | str:
        reader = Iso20022Reader(data, file="damaged.xml", streaming=streaming)
        try:
            return tuple(reader), reader.header.build(), reader.type
        except MessageError:
            return "error"

    memory = read(False)
    streamed = read(True)
    if memory != "error" and streamed != "error":
        assert memory == streamed


def test_country_code_as_last_line_and_stray_name_number(fake_screener: Screener) -> None:
    data = (
        b"{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:LASTCC\n"
        b":57D:/8765432109876543\nNORTHERN CORRESPONDENT BANK\n1 HARBOUR ROAD\nIR\n"
        b":59:/1\n1/SHAHED AVIATION INDUSTRIES\nDUBAI\n-}"
    )
    (message,) = parse_mt(data)
    agent = _party(message, "CdtrAgt")
    assert [(c.value, c.path) for c in agent.countries] == [("IR", "4/57D/4")]
    assert _party(message, "Cdtr").name == "SHAHED AVIATION INDUSTRIES"
    hits = _hits(data, fake_screener, "lastcc.fin")
    assert ("57D", "4/57D/4", "IR") in [
        (h["field"], h["path"], h["explanation"].get("country")) for h in hits
    ]
    assert ("59", "4/59/2", "test:shahed") in [
        (h["field"], h["path"], h["entity_id"]) for h in hits
    ]


@pytest.mark.parametrize(
    ("declared", "codec", "warning"),
    [
        ("ISO-8859-1", "latin-1", "XML declared ISO-8859-1"),
        ("windows-1252", "cp1252", "XML declared windows-1252"),
        ("UTF-16", "utf-16", "UTF-16 file transcoded"),
        ("UTF-16", "utf-16-be", None),  # no byte-order mark: refused by the parser
    ],
)
def test_non_utf8_xml_files_are_transcoded(
    fake_screener: Screener, declared: str, codec: str, warning: str | None
) -> None:
    text = (VARIANTS / "pacs008_v08_remittance_location.xml").read_text("utf-8")
    text = text.replace('encoding="UTF-8"', f'encoding="{declared}"')
    text = text.replace("Atelier Dupont SARL", "Société Müller")
    data = text.encode(codec)
    (result,) = screen_message(data, fake_screener, PaymentPolicy(), file="enc.xml")
    if warning is None:
        assert result.decision is Decision.ERROR
        return
    assert result.decision is Decision.HIT, result.errors
    assert result.warnings[0].startswith(warning)
    assert any(h["entity_id"] == "test:shahed" for h in result.to_dict()["hits"])
    queried = {n for q in fake_screener.queries for n in q.names}  # type: ignore[attr-defined]
    assert "Société Müller" in queried


def test_utf16_mt_file_is_transcoded(fake_screener: Screener) -> None:
    data = (VARIANTS / "mt103_lowercase_tag_blank_first_line.fin").read_text("ascii")
    results = screen_message(data.encode("utf-16"), fake_screener, PaymentPolicy(), file="u16")
    (result,) = results
    assert result.warnings[0] == "UTF-16 file transcoded to UTF-8"
    assert any(h["entity_id"] == "test:shahed" for h in result.to_dict()["hits"])


def test_option_f_written_free_format(fake_screener: Screener) -> None:
    data = (
        b"{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:FREE-F\n"
        b":50F:/12345\nQODS AVIATION INDUSTRIES\nTEHRAN\n"
        b":59F:CCPT/IR/A123\nDAMAVANDIAN GHASSEM\n-}"
    )
    (message,) = parse_mt(data)
    debtor = _party(message, "Dbtr")
    assert (debtor.name, [a.value for a in debtor.address]) == (
        "QODS AVIATION INDUSTRIES",
        ["TEHRAN"],
    )
    creditor = _party(message, "Cdtr")
    assert (creditor.name, creditor.type, creditor.identifiers[0].value) == (
        "DAMAVANDIAN GHASSEM",
        "person",
        "A123",
    )
    found = {(h["path"], h["entity_id"]) for h in _hits(data, fake_screener, "free.fin")}
    assert {("4/50F/2", "test:qods"), ("4/59F/2", "test:damavandian")} <= found


def test_repeated_ustrd_pieces_are_one_remittance_text(fake_screener: Screener) -> None:
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>'
        b"<GrpHdr><MsgId>USTRD</MsgId></GrpHdr><PmtInf><Dbtr><Nm>Harbour Trading Ltd</Nm></Dbtr>"
        b"<CdtTrfTxInf><Cdtr><Nm>Atelier Dupont</Nm></Cdtr><RmtInf>"
        b"<Ustrd>Spare parts ordered by Shahed Aviation</Ustrd>"
        b"<Ustrd>Industries, invoice 7</Ustrd></RmtInf></CdtTrfTxInf>"
        b"<CdtTrfTxInf><Cdtr><Nm>Atelier Martin</Nm></Cdtr><RmtInf>"
        b"<Ustrd>Single piece</Ustrd></RmtInf></CdtTrfTxInf>"
        b"</PmtInf></CstmrCdtTrfInitn></Document>"
    )
    message = parse_iso20022(data)
    first, second = message.transactions
    assert [(t.path, t.value) for t in first.texts] == [
        (
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/RmtInf/Ustrd",
            "Spare parts ordered by Shahed Aviation Industries, invoice 7",
        )
    ]
    assert [t.path for t in second.texts] == [
        "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/RmtInf/Ustrd"
    ]
    hits = _hits(data, fake_screener, "ustrd.xml")
    assert [(h["field"], h["value"], h["entity_id"]) for h in hits] == [
        ("RmtInf/Ustrd", "Shahed Aviation Industries", "test:shahed")
    ]
