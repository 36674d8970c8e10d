"""Files holding several ISO 20022 messages; pacs.003, pain.008, MT101, MT199 and MT299."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.errors import MessageError
from interdict.payments import (
    Decision,
    Iso20022Reader,
    Limits,
    MessageResult,
    PartyKind,
    PaymentPolicy,
    iter_mt,
    parse_iso20022,
    parse_mt,
    screen_file,
    screen_message,
)
from interdict.payments.iso20022 import DocumentEnd, _WrappedFile, iter_iso20022
from interdict.payments.model import Party, PaymentMessage
from interdict.payments.screening import Screener
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult

MORE = Path(__file__).parent.parent / "fixtures" / "payments" / "more"
#: Multi-message fixtures and their number of Documents.
MULTI = {
    "multi_concatenated_documents.xml": 3,
    "multi_saa_datapdu.xml": 2,
    "multi_messages_envelope.xml": 3,
    "multi_step2_icf_bulk.xml": 2,
}


def _messages(data: bytes) -> list[PaymentMessage | MessageError]:
    return list(iter_iso20022(data, file="multi.xml"))


def _ok(items: list[PaymentMessage | MessageError]) -> list[PaymentMessage]:
    return [m for m in items if isinstance(m, PaymentMessage)]


def _party(message: PaymentMessage, role: str, index: int = 0) -> Party:
    found = [p for p in message.parties() if p.role == role]
    assert found, f"no {role} in {[p.role for p in message.parties()]}"
    return found[index]


def _entity_hits(result: MessageResult, entity_id: str) -> list[tuple[str, str]]:
    return [(h.field, h.path) for h in result.hits if h.entity_id == entity_id]


class _Trickle(io.RawIOBase):
    """A stream answering every read with 1 to 7 bytes (a pipe or a slow socket)."""

    def __init__(self, data: bytes, seed: int = 1) -> None:
        self._data = data
        self._rng = random.Random(seed)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        take = self._rng.randint(1, 7)
        out, self._data = self._data[:take], self._data[take:]
        return out


class _Nothing:
    """A screener that lists nobody."""

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        return ScreeningResult(query, (), "none@1", policy or Policy(), "none")


_NOTHING = _Nothing()


def _items(reader: Iso20022Reader) -> list[object]:
    return list(reader.items())


# -- several ISO 20022 messages in one file ---------------------------------------------


def test_concatenated_documents_are_one_message_each() -> None:
    items = _messages((MORE / "multi_concatenated_documents.xml").read_bytes())
    messages = _ok(items)
    assert len(items) == len(messages) == 3
    assert [m.message_id for m in messages] == ["BIZ-1", "BIZ-2", "MSG-3"]
    assert [m.type for m in messages] == ["pacs.008.001.08", "pacs.008.001.08", "pacs.008.001.09"]
    assert [_party(m, "Dbtr").name for m in messages] == [
        "Alpha First Debtor",
        "Charlie Second Debtor",
        "Echo Third Debtor",
    ]
    # each AppHdr belongs to the Document after it; the third has none
    assert [[p.role for p in m.header.parties] for m in messages] == [
        ["Fr", "To"],
        ["Fr", "To"],
        [],
    ]
    cdtr = _party(messages[1], "Cdtr")
    assert cdtr.names[0].path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert cdtr.names[0].line == 30  # lines count in the whole file


def test_saa_datapdu_files_and_notifications_without_body() -> None:
    messages = _ok(_messages((MORE / "multi_saa_datapdu.xml").read_bytes()))
    assert [m.message_id for m in messages] == ["SAA-BIZ-1", "SAA-BIZ-2"]
    assert [_party(m, "Cdtr").name for m in messages] == [
        "Hotel Saa Creditor",
        "Juliet Saa Creditor",
    ]
    assert _party(messages[0], "Fr").bic is not None


def test_one_envelope_with_an_unknown_message_type_in_the_middle() -> None:
    items = _messages((MORE / "multi_messages_envelope.xml").read_bytes())
    assert len(items) == 3
    first, bad, third = items
    assert isinstance(first, PaymentMessage) and first.message_id == "ENV-1"
    assert isinstance(bad, MessageError) and "BkToCstmrStmt" in str(bad)
    assert bad.record == "ENV-2"
    assert (
        isinstance(third, PaymentMessage) and _party(third, "Dbtr").name == "Mike Envelope Debtor"
    )
    assert third.warnings == ()


FEDWIRE = (
    b'<FedwireFundsOutgoing xmlns="urn:fedwirefunds:outgoing:v001">'
    + b"".join(
        b"<FedwireFundsOutgoingMessage><FedwireFundsCustomerCreditTransfer>"
        b'<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.03"><Fr><FIId><FinInstnId>'
        b"<ClrSysMmbId><MmbId>021151080</MmbId></ClrSysMmbId></FinInstnId></FIId></Fr>"
        b"<BizMsgIdr>FW-%d</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>"
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
        b"<GrpHdr><MsgId>G%d</MsgId></GrpHdr><CdtTrfTxInf><Cdtr><Nm>%s</Nm></Cdtr></CdtTrfTxInf>"
        b"</FIToFICstmrCdtTrf></Document>"
        b"</FedwireFundsCustomerCreditTransfer></FedwireFundsOutgoingMessage>" % (i, i, name)
        for i, name in ((1, b"Oscar Fed Creditor"), (2, b"QODS AVIATION INDUSTRIES"))
    )
    + b"</FedwireFundsOutgoing>"
)


def test_fedwire_envelope_screened_per_message(fake_screener: Screener) -> None:
    results = screen_message(FEDWIRE, fake_screener, file="fedwire.xml")
    assert [(r.message_id, r.decision, r.index) for r in results] == [
        ("FW-1", Decision.CLEAR, 1),
        ("FW-2", Decision.HIT, 2),
    ]
    assert _entity_hits(results[1], "test:qods") == [
        ("Cdtr", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm")
    ]


@pytest.mark.parametrize("name", sorted(MULTI))
def test_streaming_in_memory_and_trickled_reads_agree(name: str) -> None:
    data = (MORE / name).read_bytes()
    memory = _items(Iso20022Reader(data, streaming=False))
    stream = _items(Iso20022Reader(io.BytesIO(data), streaming=True))
    trickle = _items(Iso20022Reader(_Trickle(data), streaming=True))
    assert memory == stream == trickle
    assert sum(isinstance(i, DocumentEnd) for i in memory) == MULTI[name]


@pytest.mark.parametrize("name", sorted(MULTI))
def test_streamed_file_screens_like_the_file_in_memory(
    name: str, tmp_path: Path, fake_screener: Screener
) -> None:
    data = (
        (MORE / name).read_bytes().replace(b"Bravo First Creditor", b"SHAHED AVIATION INDUSTRIES")
    )
    path = tmp_path / name
    path.write_bytes(data)
    held = screen_message(data, fake_screener, file=str(path))
    streamed = screen_file(path, fake_screener, limits=Limits(max_message_bytes=500))
    assert [r.to_dict() for r in held] == [r.to_dict() for r in streamed]
    assert [r.index for r in held] == list(range(1, len(held) + 1))


def test_a_listed_name_hits_only_its_own_message(fake_screener: Screener) -> None:
    data = (MORE / "multi_concatenated_documents.xml").read_bytes()
    data = data.replace(b"Delta Second Creditor", b"QODS AVIATION INDUSTRIES")
    results = screen_message(data, fake_screener, PaymentPolicy(), file="multi.xml")
    assert [r.decision for r in results] == [Decision.CLEAR, Decision.HIT, Decision.CLEAR]
    assert results[1].message_id == "BIZ-2"
    assert _entity_hits(results[1], "test:qods") == [
        ("Cdtr", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm")
    ]


def test_unknown_type_is_an_error_result_and_the_others_are_screened(
    fake_screener: Screener,
) -> None:
    data = (MORE / "multi_messages_envelope.xml").read_bytes()
    data = data.replace(b"Mike Envelope Debtor", b"DAMAVANDIAN, Ghassem")
    results = screen_message(data, fake_screener, file="env.xml")
    assert [r.decision for r in results] == [Decision.CLEAR, Decision.ERROR, Decision.HIT]
    assert "BkToCstmrStmt" in results[1].errors[0] and results[1].message_id == "ENV-2"


def test_parse_iso20022_still_refuses_several_documents() -> None:
    data = (MORE / "multi_concatenated_documents.xml").read_bytes()
    with pytest.raises(MessageError, match="more than one Document"):
        parse_iso20022(data)
    with pytest.raises(MessageError, match="more than one Document"):
        list(Iso20022Reader(io.BytesIO(data)))


def test_an_apphdr_after_the_only_document_is_still_its_header() -> None:
    data = (MORE / "multi_concatenated_documents.xml").read_bytes()
    header, document = (
        data.split(b"\n<Document", 1)[0],
        b"<Document"
        + data.split(b"\n<Document", 1)[1].split(b"</Document>", 1)[0]
        + b"</Document>",
    )
    message = parse_iso20022(document + b"\n" + header.split(b"?>", 1)[1])
    assert message.message_id == "BIZ-1"
    assert [p.role for p in message.header.parties] == ["Fr", "To"]


_SECOND = b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
_CLOSE = b"</FIToFICstmrCdtTrf></Document>"


@pytest.mark.parametrize(
    ("later", "reason"),
    [
        (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "boom">]>' + _SECOND + _CLOSE, "line 20"),
        (_SECOND + b"<CdtTrfTxInf><Cdtr><Nm>&e;</Nm></Cdtr></CdtTrfTxInf>" + _CLOSE, "Entity"),
        (
            _SECOND
            + b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'
            + _CLOSE,
            "XInclude",
        ),
        (_SECOND + b"<a>" * 80 + b"</a>" * 80 + _CLOSE, "nesting deeper than 64"),
        (_SECOND + b"<CdtTrfTxInf>", "CdtTrfTxInf line 19"),  # truncated
    ],
)
@pytest.mark.parametrize("streaming", [False, True])
def test_hostile_later_documents_are_refused_after_the_first_is_screened(
    later: bytes, reason: str, streaming: bool, fake_screener: Screener
) -> None:
    first = (MORE / "multi_concatenated_documents.xml").read_bytes().split(b"<?xml", 2)
    data = b"<?xml" + first[1] + b"\n" + later
    limits = Limits(max_message_bytes=300) if streaming else Limits()
    results = screen_message(data, fake_screener, file="hostile.xml", limits=limits)
    assert [r.decision for r in results] == [Decision.CLEAR, Decision.ERROR]
    assert results[0].message_id == "BIZ-1"
    assert reason in results[1].errors[0]
    assert "interdict-file" not in results[1].errors[0]


def test_the_number_of_messages_per_file_is_capped() -> None:
    data = (MORE / "multi_concatenated_documents.xml").read_bytes()
    items = list(iter_iso20022(data, limits=Limits(max_mt_messages=2)))
    assert len(_ok(items)) == 2
    assert isinstance(items[-1], MessageError) and "more than 2 messages" in str(items[-1])


def test_a_file_of_envelopes_without_any_document_is_refused() -> None:
    data = b'<?xml version="1.0"?><Saa:DataPDU xmlns:Saa="urn:swift:saa:xsd:saa.2.0"/>' * 2
    (error,) = _messages(data)
    assert isinstance(error, MessageError) and "no ISO 20022 Document" in str(error)


@settings(max_examples=60, deadline=None)
@given(
    cuts=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=60),
    copies=st.integers(min_value=1, max_value=3),
)
def test_declarations_are_blanked_whatever_the_read_sizes(cuts: list[int], copies: int) -> None:
    doc = b'<?xml version="1.0" encoding="UTF-8"?>\n<a><?xml-stylesheet href="x"?>t</a>\n'
    data = doc * copies
    whole = _WrappedFile(data, None, data.index(b"<a>")).read()

    class Cut(io.RawIOBase):
        def __init__(self) -> None:
            self.rest = data[data.index(b"<a>") :]
            self.i = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            take = cuts[self.i % len(cuts)]
            self.i += 1
            out, self.rest = self.rest[:take], self.rest[take:]
            return out

    head = data[: data.index(b"<a>")]
    stream = _WrappedFile(head, Cut(), len(head))
    parts = []
    while chunk := stream.read(13):
        parts.append(chunk)
    assert b"".join(parts) == whole
    assert whole.count(b"<?xml ") == 1 and whole.count(b"<?xml-stylesheet") == copies
    assert len(whole) == len(data) + len(b"<interdict-file></interdict-file>")


# -- pacs.003 and pain.008 --------------------------------------------------------------


def test_pacs003_parties_agents_mandate_and_remittance() -> None:
    message = parse_iso20022((MORE / "pacs003_v08_mandate_amendment.xml").read_bytes())
    assert (message.type, message.message_id, len(message.transactions)) == (
        "pacs.003.001.08",
        "DD-PACS3-0001",
        2,
    )
    tx = "/Document/FIToFICstmrDrctDbt/DrctDbtTxInf[1]"
    cdtr = _party(message, "Cdtr")
    assert cdtr.names[0].path == f"{tx}/Cdtr/Nm" and cdtr.account is not None
    assert [c.value for c in cdtr.countries] == ["DE"]
    dbtr = _party(message, "Dbtr")
    assert dbtr.type == "organization" and [i.value for i in dbtr.identifiers] == [
        "529900T8BM49AURSDO55"
    ]
    assert dbtr.account is not None and dbtr.account.value == "FR1420041010050500013M02606"
    assert _party(message, "DbtrAgt").bic is not None
    assert _party(message, "CdtrAgt").kind is PartyKind.AGENT
    scheme = _party(message, "CdtrSchmeId")
    assert scheme.type is None and [i.value for i in scheme.identifiers] == ["DE98ZZZ09999999999"]
    assert scheme.path == f"{tx}/DrctDbtTx/CdtrSchmeId"
    original = _party(message, "OrgnlDbtr")
    assert original.name == "Foxtrot Former Debtor" and original.account is not None
    assert _party(message, "OrgnlCdtrSchmeId").type is None
    for role in ("UltmtDbtr", "UltmtCdtr", "InitgPty"):
        assert _party(message, role).names[0].path == f"{tx}/{role}/Nm"
    assert [t.path for t in message.texts()] == [f"{tx}/RmtInf/Ustrd"]
    assert _party(message, "Dbtr", 1).name == "India Second Debtor"


def test_pain008_payment_block_creditor_applies_to_each_transaction() -> None:
    data = (MORE / "pain008_v02_two_blocks.xml").read_bytes()
    message = parse_iso20022(data)
    assert message.type == "pain.008.001.02" and len(message.transactions) == 3
    block = "/Document/CstmrDrctDbtInitn/PmtInf[1]"
    first, second, third = message.transactions
    assert first.path == f"{block}/DrctDbtTxInf[1]"
    assert third.path == "/Document/CstmrDrctDbtInitn/PmtInf[2]/DrctDbtTxInf[1]"
    roles = [p.role for p in first.parties]
    for role in ("Cdtr", "CdtrAgt", "UltmtCdtr", "CdtrSchmeId", "Dbtr", "DbtrAgt", "UltmtDbtr"):
        assert role in roles, role
    creditor = next(p for p in second.parties if p.role == "Cdtr")
    assert creditor.names[0].path == f"{block}/Cdtr/Nm"
    assert creditor.account is not None and creditor.account.value == "DE89370400440532013000"
    assert next(p for p in third.parties if p.role == "Cdtr").name == "Juliet Second Creditor"
    assert next(p for p in first.parties if p.role == "CdtrSchmeId").type is None
    assert [p.name for p in message.header.parties] == ["Echo Collection Service"]
    reader = Iso20022Reader(io.BytesIO(data), limits=Limits(max_elements=60))
    assert list(reader) == list(message.transactions)


ISO_HITS = [
    # (fixture, name replaced, field, path)
    (
        "pacs003_v08_mandate_amendment.xml",
        b"Alpha Creditor Utilities",
        "Cdtr",
        "DrctDbtTxInf[1]/Cdtr/Nm",
    ),
    (
        "pacs003_v08_mandate_amendment.xml",
        b"Bravo Debtor Trading",
        "Dbtr",
        "DrctDbtTxInf[1]/Dbtr/Nm",
    ),
    ("pacs003_v08_mandate_amendment.xml", b"Charlie Ultimate Debtor", "UltmtDbtr", "UltmtDbtr/Nm"),
    ("pacs003_v08_mandate_amendment.xml", b"Delta Ultimate Creditor", "UltmtCdtr", "UltmtCdtr/Nm"),
    ("pacs003_v08_mandate_amendment.xml", b"Echo Collection Service", "InitgPty", "InitgPty/Nm"),
    ("pacs003_v08_mandate_amendment.xml", b"Foxtrot Former Debtor", "OrgnlDbtr", "OrgnlDbtr/Nm"),
    (
        "pacs003_v08_mandate_amendment.xml",
        b"Golf Former Creditor",
        "OrgnlCdtrSchmeId",
        "OrgnlCdtrSchmeId/Nm",
    ),
    (
        "pacs003_v08_mandate_amendment.xml",
        b"India Second Debtor",
        "Dbtr",
        "DrctDbtTxInf[2]/Dbtr/Nm",
    ),
    (
        "pacs003_v08_mandate_amendment.xml",
        b"Hotel Remittance Placeholder",
        "RmtInf/Ustrd",
        "DrctDbtTxInf[1]/RmtInf/Ustrd",
    ),
    ("pain008_v02_two_blocks.xml", b"Alpha Creditor Utilities", "Cdtr", "PmtInf[1]/Cdtr/Nm"),
    (
        "pain008_v02_two_blocks.xml",
        b"Delta Ultimate Creditor",
        "UltmtCdtr",
        "PmtInf[1]/UltmtCdtr/Nm",
    ),
    ("pain008_v02_two_blocks.xml", b"Bravo Debtor Trading", "Dbtr", "DrctDbtTxInf[1]/Dbtr/Nm"),
    ("pain008_v02_two_blocks.xml", b"Charlie Ultimate Debtor", "UltmtDbtr", "UltmtDbtr/Nm"),
    ("pain008_v02_two_blocks.xml", b"Echo Collection Service", "InitgPty", "GrpHdr/InitgPty/Nm"),
    ("pain008_v02_two_blocks.xml", b"Juliet Second Creditor", "Cdtr", "PmtInf[2]/Cdtr/Nm"),
    (
        "pain008_v02_two_blocks.xml",
        b"Hotel Remittance Placeholder",
        "RmtInf/Ustrd",
        "DrctDbtTxInf[1]/RmtInf/Ustrd",
    ),
]


@pytest.mark.parametrize(("fixture", "placeholder", "field", "path"), ISO_HITS)
def test_listed_name_in_each_direct_debit_field_is_a_hit(
    fixture: str, placeholder: bytes, field: str, path: str, fake_screener: Screener
) -> None:
    data = (MORE / fixture).read_bytes()
    assert placeholder in data
    (clean,) = screen_message(data, fake_screener, file=fixture)
    assert not _entity_hits(clean, "test:shahed")
    (result,) = screen_message(
        data.replace(placeholder, b"SHAHED AVIATION INDUSTRIES"), fake_screener, file=fixture
    )
    hits = _entity_hits(result, "test:shahed")
    assert result.decision is Decision.HIT and hits
    assert any(f == field and p.endswith(path) for f, p in hits), hits


@pytest.mark.parametrize(
    "fixture", ["pacs003_v08_mandate_amendment.xml", "pain008_v02_two_blocks.xml"]
)
def test_listed_bic_of_a_direct_debit_agent_is_a_hit(fixture: str, fake_screener: Screener) -> None:
    data = (MORE / fixture).read_bytes().replace(b"DEBTFRPPXXX", b"MELIIRTHXXX")
    (result,) = screen_message(data, fake_screener, file=fixture)
    assert any(f == "DbtrAgt" for f, _ in _entity_hits(result, "test:melli"))


# -- MT101, MT199, MT299 ----------------------------------------------------------------


def test_mt101_sequences_roles_and_paths() -> None:
    (message,) = parse_mt((MORE / "mt101_two_transactions.fin").read_bytes())
    assert (message.type, message.message_id) == ("MT101", "REQ-20260105")
    seq_a, tx1, tx2 = message.transactions
    assert (seq_a.path, tx1.path, tx2.path) == ("4/A", "4/B[1]", "4/B[2]")
    roles = {s.path: [(p.role, p.kind.value) for p in s.parties] for s in message.transactions}
    assert roles == {
        "4/A": [("InitgPty", "party"), ("Dbtr", "party"), ("DbtrAgt", "agent")],
        "4/B[1]": [("IntrmyAgt1", "agent"), ("CdtrAgt", "agent"), ("Cdtr", "party")],
        "4/B[2]": [
            ("InitgPty", "party"),
            ("Dbtr", "party"),
            ("DbtrAgt", "agent"),
            ("CdtrAgt", "agent"),
            ("Cdtr", "party"),
        ],
    }
    instructing, ordering, servicing = seq_a.parties
    assert instructing.bic is not None and instructing.bic.value == "INSTGB2L"
    assert (
        ordering.names[0].value == "ALPHA ORDERING CORP" and ordering.names[0].path == "4/A/50H/2"
    )
    assert ordering.account is not None and ordering.account.value == "DE89370400440532013000"
    assert servicing.bic is not None and servicing.bic.path == "4/A/52A/1"
    beneficiary = tx1.parties[2]
    assert (
        beneficiary.name == "BRAVO BENEFICIARY SARL" and beneficiary.names[0].path == "4/B[1]/59/2"
    )
    assert [t.path for t in tx1.texts] == ["4/B[1]/70"]
    party_id, ordering2, servicing2, awi, beneficiary2 = tx2.parties
    assert [i.value for i in party_id.identifiers] == ["CUSTOMER-ID-123"]
    assert ordering2.name == "CHARLIE SECOND ORDERING" and [
        c.value for c in ordering2.countries
    ] == ["US"]
    assert servicing2.account is not None and servicing2.account.value == "ACCT-SERVICING-9"
    assert awi.name == "DELTA BANK OF NOWHERE" and awi.names[0].path == "4/B[2]/57D/1"
    assert beneficiary2.name == "ECHO SECOND BENEFICIARY"
    assert [(c.value, c.path) for c in tx2.countries] == [("GB", "4/B[2]/77B/1")]
    assert [p.role for p in message.header.parties] == ["Fr", "To"]


@pytest.mark.parametrize(
    ("fixture", "type_", "text"),
    [
        (
            "mt199_free_format.fin",
            "MT199",
            "RE YOUR MT103 OF 05 JANUARY PLEASE CONFIRM THE BENEFICIARY FOXTROT FREE TEXT PARTY"
            " IS THE ACCOUNT HOLDER.",
        ),
        ("mt299_free_format.fin", "MT299", "/NARR/COVER FOR PAYMENT TO GOLF FREE TEXT BANK"),
    ],
)
def test_free_format_field_79_is_free_text(fixture: str, type_: str, text: str) -> None:
    (message,) = parse_mt((MORE / fixture).read_bytes())
    assert message.type == type_ and message.message_id.startswith("FREE-")
    ((loc,),) = [s.texts for s in message.transactions]
    assert (loc.value, loc.path, loc.line) == (text, "4/79", 4)
    assert [p.role for p in message.parties()] == ["Fr", "To"]


MT_HITS = [
    ("mt101_two_transactions.fin", b"ALPHA ORDERING CORP", "50H", "4/A/50H/2"),
    ("mt101_two_transactions.fin", b"CHARLIE SECOND ORDERING", "50F", "4/B[2]/50F/2"),
    ("mt101_two_transactions.fin", b"BRAVO BENEFICIARY SARL", "59", "4/B[1]/59/2"),
    ("mt101_two_transactions.fin", b"ECHO SECOND BENEFICIARY", "59F", "4/B[2]/59F/2"),
    ("mt101_two_transactions.fin", b"DELTA BANK OF NOWHERE", "57D", "4/B[2]/57D/1"),
    ("mt101_two_transactions.fin", b"HOTEL REMITTANCE PLACEHOLDER", "70", "4/B[1]/70"),
    ("mt199_free_format.fin", b"FOXTROT FREE TEXT PARTY", "79", "4/79"),
    ("mt299_free_format.fin", b"GOLF FREE TEXT BANK", "79", "4/79"),
]


@pytest.mark.parametrize(("fixture", "placeholder", "field", "path"), MT_HITS)
def test_listed_name_in_each_new_mt_field_is_a_hit(
    fixture: str, placeholder: bytes, field: str, path: str, fake_screener: Screener
) -> None:
    data = (MORE / fixture).read_bytes()
    assert placeholder in data
    (clean,) = screen_message(data, fake_screener, file=fixture)
    assert clean.decision is Decision.CLEAR, clean.hits
    (result,) = screen_message(
        data.replace(placeholder, b"QODS AVIATION INDUSTRIES"), fake_screener, file=fixture
    )
    assert result.decision is Decision.HIT
    assert (field, path) in _entity_hits(result, "test:qods")


@pytest.mark.parametrize(
    ("placeholder", "field", "path"),
    [
        (b"INSTGB2L", "50C", "4/A/50C/1"),
        (b"BANKDEFF\r\n:30", "52A", "4/A/52A/1"),
        (b"BENEFRPP", "57A", "4/B[1]/57A/1"),
        (b"INTMGB2L", "56A", "4/B[1]/56A/1"),
    ],
)
def test_listed_bic_in_mt101_fields_is_a_hit(
    placeholder: bytes, field: str, path: str, fake_screener: Screener
) -> None:
    data = (MORE / "mt101_two_transactions.fin").read_bytes()
    replacement = b"MELIIRTH" + placeholder[8:]
    (result,) = screen_message(data.replace(placeholder, replacement), fake_screener)
    assert (field, path) in _entity_hits(result, "test:melli")


def test_mt101_and_mt199_in_one_batch_with_an_mt103(fake_screener: Screener) -> None:
    mt103 = (
        b"{1:F01BANKGB2LAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\r\n:20:ONE03\r\n:23B:CRED\r\n"
        b":32A:260105EUR1,\r\n:50K:/1\r\nSOMEONE\r\n:59:/2\r\nSOMEONE ELSE\r\n-}"
    )
    batch = b"$".join(
        [
            (MORE / "mt101_two_transactions.fin").read_bytes(),
            mt103,
            (MORE / "mt199_free_format.fin").read_bytes(),
        ]
    )
    results = screen_message(batch, fake_screener, file="batch.fin")
    assert [(r.type, r.decision) for r in results] == [
        ("MT101", Decision.CLEAR),
        ("MT103", Decision.CLEAR),
        ("MT199", Decision.CLEAR),
    ]


def test_other_mt_types_are_still_refused_naming_the_supported_ones() -> None:
    data = b"{1:F01AAAAGB2LAXXX0000000000}{2:I940BBBBDEFFXXXXN}{4:\n:20:X\n-}"
    with pytest.raises(MessageError, match=r"MT940 is not a supported.*MT101.*MT199"):
        parse_mt(data)


# -- the real screener ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "placeholder", "listed", "entity"),
    [
        (
            "pacs003_v08_mandate_amendment.xml",
            b"Charlie Ultimate Debtor",
            b"Ghassem Damavandian",
            "test:damavandian",
        ),
        (
            "pain008_v02_two_blocks.xml",
            b"Alpha Creditor Utilities",
            b"Qods Aviation Industries",
            "test:qods",
        ),
        (
            "mt101_two_transactions.fin",
            b"BRAVO BENEFICIARY SARL",
            b"SHAHED AVIATION INDUSTRIES",
            "test:shahed",
        ),
        (
            "mt199_free_format.fin",
            b"FOXTROT FREE TEXT PARTY",
            b"SHAHED AVIATION INDUSTRIES",
            "test:shahed",
        ),
    ],
)
def test_real_screener_finds_listed_names_in_new_types(
    fixture: str, placeholder: bytes, listed: bytes, entity: str, real_screener: Screener
) -> None:
    data = (MORE / fixture).read_bytes().replace(placeholder, listed)
    (result,) = screen_message(data, real_screener, file=fixture)
    assert result.decision is Decision.HIT
    assert _entity_hits(result, entity), result.hits


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(sorted(MULTI)),
    cut=st.integers(min_value=0, max_value=10_000),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10_000), st.integers(0, 255)), max_size=3
    ),
)
def test_damaged_multi_files_screen_alike_in_memory_and_streaming(
    name: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((MORE / name).read_bytes())
    for at, byte in flips:
        data[at % len(data)] = byte
    damaged = bytes(data[: max(1, len(data) - cut)])
    held = screen_message(damaged, _NOTHING, file="f.xml")
    streamed = screen_message(damaged, _NOTHING, file="f.xml", limits=Limits(max_message_bytes=64))
    assert [r.to_dict() for r in held] == [r.to_dict() for r in streamed]
    for result in held:
        assert (result.decision is Decision.ERROR) == bool(result.errors)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(["mt101_two_transactions.fin", "mt199_free_format.fin"]),
    cut=st.integers(min_value=0, max_value=800),
    flips=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 255)), max_size=4),
)
def test_damaged_mt101_and_mt199_never_escape_as_other_errors(
    name: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((MORE / name).read_bytes())
    for at, byte in flips:
        data[at % len(data)] = byte
    for item in iter_mt(bytes(data[: max(1, len(data) - cut)])):
        assert isinstance(item, PaymentMessage | MessageError)
        if isinstance(item, PaymentMessage):
            assert item.type in ("MT101", "MT199", "MT103", "MT202", "MT205", "MT299")


def test_every_document_is_validated_against_the_xsd(
    payments_samples_dir: Path, fake_screener: Screener
) -> None:
    xsd = payments_samples_dir.parent / "xsd" / "pacs.008.001.08.xsd"
    data = (MORE / "multi_concatenated_documents.xml").read_bytes()
    first_two = data.split(b'<?xml version="1.0" encoding="UTF-8"?>\n<Document', 1)[0]
    assert first_two.count(b"<Document") == 2
    valid = first_two.replace(b"<NbOfTxs>", b"<CreDtTm>2026-01-05T09:00:00</CreDtTm><NbOfTxs>")
    broken = valid.replace(b"<ChrgBr>SHAR</ChrgBr>", b"<ChrgBr>XXXX</ChrgBr>", 1)
    assert [r.decision for r in screen_message(valid, fake_screener, validate=xsd)] == [
        Decision.CLEAR,
        Decision.CLEAR,
    ]
    results = screen_message(broken, fake_screener, file="v.xml", validate=xsd)
    assert [r.decision for r in results] == [Decision.ERROR, Decision.CLEAR]
    assert (
        "XSD validation failed at line" in results[0].errors[0] and "ChrgBr" in results[0].errors[0]
    )


def test_step2_bulk_of_message_roots_without_documents(fake_screener: Screener) -> None:
    data = (MORE / "multi_step2_icf_bulk.xml").read_bytes()
    messages = _ok(_messages(data))
    assert [(m.message_id, m.type) for m in messages] == [
        ("ICF-BLK-1", "pacs.008.001.02"),
        ("ICF-BLK-2", "pacs.008.001.02"),
    ]  # the camt.029 block is not a payment: skipped
    creditor = _party(messages[1], "Cdtr")
    assert creditor.names[0].path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert creditor.names[0].line == 57
    results = screen_message(
        data.replace(b"Sierra Step Debtor", b"QODS AVIATION INDUSTRIES"), fake_screener
    )
    assert [r.decision for r in results] == [Decision.CLEAR, Decision.HIT]
    assert _entity_hits(results[1], "test:qods") == [
        ("Dbtr", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Dbtr/Nm")
    ]
