"""ISO 20022 parser: every sample, per-field extraction with paths, envelopes, limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from interdict.errors import MessageError
from interdict.payments import Iso20022Reader, Limits, PartyKind, parse_iso20022
from interdict.payments.model import Party, PaymentMessage

XSD_DIR_NAME = "xsd"


def _party(message: PaymentMessage, role: str, index: int = 0) -> Party:
    found = [p for p in message.parties() if p.role == role]
    assert found, f"no party {role} in {[p.role for p in message.parties()]}"
    return found[index]


def _sample(dir_: Path, name: str) -> PaymentMessage:
    return parse_iso20022((dir_ / "iso20022" / name).read_bytes(), file=name)


def test_every_iso_sample_parses(payments_samples_dir: Path) -> None:
    files = sorted((payments_samples_dir / "iso20022").glob("*.xml"))
    assert len(files) >= 40
    for path in files:
        message = parse_iso20022(path.read_bytes(), file=path.name)
        assert message.type.split(".")[0] in ("pacs", "pain"), path.name
        assert message.transactions, path.name
        assert message.message_id, path.name
        assert any(p.names or p.bic for p in message.parties()), path.name


@pytest.mark.parametrize(
    ("name", "type_", "variant", "transactions"),
    [
        ("cbprplus_p.2.1.1_pacs.008_AtoB.xml", "pacs.008.001.12", None, 1),
        ("cbprplus_c.56.4.1_pacs.009_BtoC.xml", "pacs.009.001.11", None, 1),
        ("cbprplus_p.2.3.1.a_pacs.009cov_AtoB.xml", "pacs.009.001.11", "COV", 1),
        ("cbprplus_p.2.1.2_pacs.004_CtoB.xml", "pacs.004.001.09", None, 1),
        ("aws_pacs.008.001.08_unbound_ns.xml", "pacs.008", None, 1),
        ("prowide_pacs.008.001.07_message_wrapper.xml", "pacs.008.001.07", None, 1),
        ("cbprur_PACS008-MinMax-0023_swiftnet_request.xml", "pacs.008.001.08", None, 1),
        ("fedwire_pacs.008.001.08_mbanq.xml", "pacs.008.001.08", None, 1),
        ("moov_pain.001.001.03.ch.02_six_7tx.xml", "pain.001.001.03", None, 8),  # NbOfTxs says 7
        ("iso20022js_sepa_pain.001.001.03_multi_pmtinf.xml", "pain.001.001.03", None, 2),
        ("moov_pain.001.001.03_lt_rub_bom.xml", "pain.001.001.03", None, 1),
    ],
)
def test_message_type_comes_from_the_document(
    payments_samples_dir: Path, name: str, type_: str, variant: str | None, transactions: int
) -> None:
    message = _sample(payments_samples_dir, name)
    assert message.type == type_
    assert message.variant == variant
    assert len(message.transactions) == transactions


def test_header_version_mismatch_is_a_warning(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "cbprplus_p.2.1.1_pacs.008_AtoB.xml")
    assert any("pacs.008.001.08" in w and "pacs.008.001.12" in w for w in message.warnings)


def test_pacs008_parties_and_paths(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "cbprplus_p.2.1.1_pacs.008_AtoB.xml")
    assert message.message_id == "pacs8bizmsgidr01"
    debtor = _party(message, "Dbtr")
    assert debtor.kind is PartyKind.PARTY
    assert debtor.names[0].value == "C Consumer"
    assert debtor.names[0].path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Dbtr/Nm"
    assert [c.value for c in debtor.countries] == ["GB"]
    assert debtor.countries[0].path.endswith("/Dbtr/PstlAdr/Ctry")
    assert debtor.account is not None and debtor.account.value == "12547896"
    creditor = _party(message, "Cdtr")
    assert creditor.name == "Evli"
    assert [a.value for a in creditor.address] == ["Aleksanterinkatu 19", "Helsinki"]
    assert _party(message, "IntrmyAgt1").bic.value == "NDEAFIHHXXX"  # type: ignore[union-attr]
    sender = _party(message, "Fr")
    assert sender.path == "/AppHdr/Fr/FIId" and sender.bic is not None
    assert sender.bic.value == "RBOSGB2LXXX"


def test_synthetic_max_pacs008_covers_every_party_and_text(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "cbprur_SYNTH_pacs.008_max.xml")
    roles = {p.role for p in message.parties()}
    assert {
        "Dbtr",
        "Cdtr",
        "UltmtDbtr",
        "UltmtCdtr",
        "InitgPty",
        "DbtrAgt",
        "CdtrAgt",
        "IntrmyAgt1",
        "IntrmyAgt2",
        "IntrmyAgt3",
        "PrvsInstgAgt1",
        "PrvsInstgAgt3",
        "InstgRmbrsmntAgt",
        "Fr",
        "To",
    } <= roles
    debtor = _party(message, "Dbtr")
    assert debtor.type == "person"  # PrvtId
    assert [b.value for b in debtor.birth_dates] == ["2026-01-01"]
    text_paths = {t.path.split("CdtTrfTxInf[1]/")[-1] for t in message.texts()}
    assert {"InstrForCdtrAgt/InstrInf", "InstrForNxtAgt/InstrInf", "Purp/Cd"} <= text_paths
    assert any(p.startswith("RgltryRptg/") for p in text_paths)
    loose = {c.path.split("CdtTrfTxInf[1]/")[-1] for s in message.sections() for c in s.countries}
    assert "RgltryRptg/Dtls/Ctry" in loose


def test_organisation_id_types_the_party(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "cbprur_SYNTH_pain.001_max.xml")
    typed = {p.role: p.type for p in message.parties() if p.kind is PartyKind.PARTY}
    assert "organization" in typed.values() or "person" in typed.values()


def test_pacs009_cov_underlying_customer_transfer(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "pair_c.29.2.2_AtoB_pacs.009cov.xml")
    assert message.variant == "COV"
    debtor = _party(message, "UndrlygCstmrCdtTrf/Dbtr")
    assert debtor.name == "Debtor Co"
    assert "/UndrlygCstmrCdtTrf/Dbtr/Nm" in debtor.names[0].path
    assert _party(message, "UndrlygCstmrCdtTrf/Cdtr").name == "Ardent Finance"
    fi_debtor = _party(message, "Dbtr")
    assert fi_debtor.kind is PartyKind.AGENT and fi_debtor.bic is not None
    assert fi_debtor.bic.value == "MYMBGB2LXXX"


def test_pacs004_return_chain(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "cbprplus_p.2.1.2_pacs.004_CtoB.xml")
    creditor = _party(message, "RtrChain/Cdtr")
    assert creditor.name == "GB Engineering"
    assert creditor.path.endswith("/TxInf[1]/RtrChain/Cdtr/Pty")
    assert _party(message, "RtrChain/Dbtr").kind is PartyKind.AGENT
    assert [t.value for t in message.texts()] == ["AC04"]


def test_pain001_payment_block_debtor_applies_to_each_transaction(
    payments_samples_dir: Path,
) -> None:
    message = _sample(payments_samples_dir, "moov_pain.001.001.03_iso_mdr_example_3tx.xml")
    assert len(message.transactions) == 3
    for tx in message.transactions:
        debtors = [p for p in tx.parties if p.role == "Dbtr"]
        assert [d.name for d in debtors] == ["ABC Corporation"]
        assert debtors[0].path == "/Document/CstmrCdtTrfInitn/PmtInf[1]/Dbtr"
        assert debtors[0].account is not None
    creditors = [p.name for tx in message.transactions for p in tx.parties if p.role == "Cdtr"]
    assert creditors == ["DEF Electronics", "GHI Semiconductors", "ABC Corporation"]
    assert message.transactions[1].path.endswith("PmtInf[1]/CdtTrfTxInf[2]")


def test_pain001_multiple_payment_blocks(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "iso20022js_sepa_pain.001.001.03_multi_pmtinf.xml")
    paths = [tx.path for tx in message.transactions]
    assert paths[0].endswith("PmtInf[1]/CdtTrfTxInf[1]")
    assert paths[1].endswith("PmtInf[2]/CdtTrfTxInf[1]")
    names = {p.name for p in message.parties()}
    assert any(n and "Muñiz" in n for n in names)


def test_own_fixture_fields(payment_fixtures: Path) -> None:
    message = parse_iso20022((payment_fixtures / "pacs008_damavandian_tehran.xml").read_bytes())
    creditor = _party(message, "Cdtr")
    assert creditor.name == "Ghassem Damavandian"
    assert creditor.type == "person"
    assert [a.path.rsplit("/", 1)[-1] for a in creditor.address] == ["AdrLine[1]", "AdrLine[2]"]
    debtor = _party(message, "Dbtr")
    assert debtor.account is not None and debtor.account.value == "GB29NWBK60161331926819"
    assert [c.path.rsplit("/", 1)[-1] for c in debtor.countries] == ["Ctry", "CtryOfBirth"]


# -- hostile and broken input -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("rustiso_entity_expansion.xml", "DOCTYPE"),
        ("rustiso_external_dtd.xml", "DOCTYPE"),
        ("rustiso_xinclude.xml", "XInclude"),
    ],
)
def test_hostile_samples_are_rejected(payments_samples_dir: Path, name: str, reason: str) -> None:
    data = (payments_samples_dir / "hostile" / name).read_bytes()
    with pytest.raises(MessageError, match=reason):
        parse_iso20022(data, file=name)


DOC = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "http://x/">]><x>&e;</x>',
            "DOCTYPE",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><Document/>', "ISO-8859-1"),
        (b"\xff\xfe<\x00D\x00", "UTF-16"),
        (DOC + b"<GrpHdr><MsgId>x</MsgId>", "line 1"),  # truncated
        (
            DOC + b"<GrpHdr><MsgId>\xff\xfe</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>",
            "line 1",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>',
            "BkToCstmrStmt",
        ),
        (b"<Envelope><Other/></Envelope>", "no ISO 20022 Document"),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"/>', "holds no message"),
        (b"", "empty"),
        (b"hello", "not XML"),
    ],
)
def test_bad_xml_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MessageError, match=reason):
        parse_iso20022(data, file="bad.xml")


@pytest.mark.parametrize("encoding", [b"UTF-8", b"utf8", b"US-ASCII"])
def test_utf8_compatible_declarations_are_accepted(encoding: bytes) -> None:
    data = b'<?xml version="1.0" encoding="%s"?>' % encoding + DOC
    data += b"<CdtTrfTxInf><Cdtr><Nm>X</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
    assert parse_iso20022(data).parties()[0].name == "X"


def test_depth_limit() -> None:
    data = DOC + b"<a>" * 100 + b"</a>" * 100 + b"</FIToFICstmrCdtTrf></Document>"
    with pytest.raises(MessageError, match="nesting deeper than 64"):
        parse_iso20022(data)


def test_element_limit() -> None:
    body = b"<CdtTrfTxInf>" + b"<x/>" * 50 + b"</CdtTrfTxInf>"
    data = DOC + body + b"</FIToFICstmrCdtTrf></Document>"
    with pytest.raises(MessageError, match="more than 20 XML elements"):
        parse_iso20022(data, limits=Limits(max_elements=20))
    assert len(parse_iso20022(data).transactions) == 1


def test_size_limit_when_not_streaming() -> None:
    data = DOC + b"<!--" + b"x" * 2000 + b"-->" + b"</FIToFICstmrCdtTrf></Document>"
    with pytest.raises(MessageError, match="limit is 1000"):
        parse_iso20022(data, limits=Limits(max_message_bytes=1000))


def test_schema_location_is_never_fetched(payments_samples_dir: Path) -> None:
    # The SIX sample's schemaLocation names a local Windows file; parsing ignores it.
    message = _sample(payments_samples_dir, "moov_pain.001.001.03.ch.02_six_7tx.xml")
    assert message.transactions


# -- streaming -------------------------------------------------------------------------


def _pain001(transactions: int, blocks: int = 2) -> bytes:
    parts = [
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>'
        b"<GrpHdr><MsgId>BULK-1</MsgId><NbOfTxs>1</NbOfTxs><InitgPty><Nm>Bulk Corp</Nm></InitgPty></GrpHdr>"
    ]
    for b in range(blocks):
        parts.append(
            b"<PmtInf><PmtInfId>P%d</PmtInfId><Dbtr><Nm>Debtor %d</Nm></Dbtr>"
            b"<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>"
            b"<DbtrAgt><FinInstnId><BICFI>TESTDEFFXXX</BICFI></FinInstnId></DbtrAgt>" % (b, b)
        )
        for t in range(transactions):
            parts.append(
                b"<CdtTrfTxInf><PmtId><EndToEndId>E%d</EndToEndId></PmtId>"
                b"<Cdtr><Nm>Creditor %d</Nm></Cdtr><RmtInf><Ustrd>Invoice %d</Ustrd></RmtInf>"
                b"</CdtTrfTxInf>" % (t, t, t)
            )
        parts.append(b"</PmtInf>")
    parts.append(b"</CstmrCdtTrfInitn></Document>")
    return b"".join(parts)


def test_streaming_reader_yields_transactions_from_a_file_object() -> None:
    data = _pain001(5, blocks=2)
    reader = Iso20022Reader(io.BytesIO(data), file="bulk.xml", limits=Limits(max_elements=50))
    sections = list(reader)
    assert len(sections) == 10
    assert reader.message_id == "BULK-1" and reader.type == "pain.001.001.09"
    assert sections[7].path == "/Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[3]"
    debtor = next(p for p in sections[7].parties if p.role == "Dbtr")
    assert debtor.name == "Debtor 1" and debtor.account is not None
    assert [p.name for p in reader.header.build().parties] == ["Bulk Corp"]


def test_streaming_reports_truncation_after_yielding() -> None:
    data = _pain001(5, blocks=1)[:-200]
    reader = Iso20022Reader(io.BytesIO(data))
    seen = []
    with pytest.raises(MessageError, match="line"):
        for section in reader:
            seen.append(section)
    assert len(seen) >= 3


# -- XSD validation ---------------------------------------------------------------------


def test_validation_against_an_xsd(payments_samples_dir: Path) -> None:
    xsd_dir = payments_samples_dir.parent / XSD_DIR_NAME
    data = (payments_samples_dir / "iso20022" / "pair_p.2.1.2_AtoB_pacs.008.xml").read_bytes()
    message = parse_iso20022(data, validate=xsd_dir / "pacs.008.001.08.xsd")
    assert message.type == "pacs.008.001.08"
    with pytest.raises(MessageError, match="XSD validation failed at line"):
        parse_iso20022(data, validate=xsd_dir / "pacs.008.001.12.xsd")


def test_validation_reports_the_violating_line(payments_samples_dir: Path) -> None:
    xsd = payments_samples_dir.parent / XSD_DIR_NAME / "pacs.008.001.08.xsd"
    data = (payments_samples_dir / "iso20022" / "pair_p.2.1.2_AtoB_pacs.008.xml").read_bytes()
    broken = data.replace(b"<pacs:ChrgBr>SHAR</pacs:ChrgBr>", b"<pacs:ChrgBr>XXXX</pacs:ChrgBr>")
    assert broken != data
    with pytest.raises(MessageError, match=r"line \d+.*ChrgBr"):
        parse_iso20022(broken, validate=xsd)


def test_validation_refuses_remote_schema_parts(tmp_path: Path) -> None:
    xsd = tmp_path / "remote.xsd"
    xsd.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/></xs:schema>'
    )
    data = DOC + b"<CdtTrfTxInf/></FIToFICstmrCdtTrf></Document>"
    with pytest.raises(MessageError, match="remote schema parts are refused"):
        parse_iso20022(data, validate=xsd)


def test_streaming_and_in_memory_modes_agree(payments_samples_dir: Path) -> None:
    for path in sorted((payments_samples_dir / "iso20022").glob("*.xml")):
        data = path.read_bytes()
        memory = Iso20022Reader(data, streaming=False)
        stream = Iso20022Reader(io.BytesIO(data), streaming=True)
        assert list(memory) == list(stream), path.name
        assert memory.header.build() == stream.header.build(), path.name
        assert (memory.message_id, memory.type, memory.variant) == (
            stream.message_id,
            stream.type,
            stream.variant,
        ), path.name
