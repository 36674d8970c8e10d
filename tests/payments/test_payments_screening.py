"""Payment screening decisions: parties, BICs, embargo, free text, errors, files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interdict.payments import (
    Decision,
    Limits,
    MessageResult,
    PaymentPolicy,
    exit_code,
    screen_file,
    screen_message,
)
from interdict.payments.files import detect_syntax
from interdict.payments.model import Syntax
from interdict.payments.screening import Screener, field_label

MT202_MELLI = (
    b"{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{4:\n:20:MELLI-1\n:21:REL\n"
    b":32A:260105EUR100,\n:52A:TESTGB2L\n:58A:MELIIRTH\n-}"
)


def _hits(result: MessageResult, **where: Any) -> list[dict[str, Any]]:
    return [
        h
        for h in result.to_dict()["hits"]
        if all(
            h.get(k) == v or (k == "rule" and h["explanation"].get("rule") == v)
            for k, v in where.items()
        )
    ]


def _screen(
    path: Path, screener: Screener, policy: PaymentPolicy | None = None
) -> list[MessageResult]:
    return screen_message(path.read_bytes(), screener, policy or PaymentPolicy(), file=path.name)


def test_pacs008_creditor_name_and_tehran_address(
    payment_fixtures: Path, fake_screener: Screener
) -> None:
    (result,) = _screen(payment_fixtures / "pacs008_damavandian_tehran.xml", fake_screener)
    assert result.decision is Decision.HIT
    assert result.message_id == "FIX-DAMAV-1" and result.type == "pacs.008.001.08"
    (name_hit,) = _hits(result, entity_id="test:damavandian")
    assert name_hit["field"] == "Cdtr"
    assert name_hit["path"] == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert name_hit["value"] == "Ghassem Damavandian"
    assert name_hit["score"] == 0.95
    (place,) = _hits(result, rule="embargo_country")
    assert place["entity_id"] is None and place["field"] == "Cdtr"
    assert place["path"].endswith("/Cdtr/PstlAdr/AdrLine[2]") and place["value"] == "Tehran"
    assert place["explanation"]["country"] == "IR"
    assert set(result.to_dict()) == {
        "message_id",
        "type",
        "decision",
        "hits",
        "errors",
        "file",
        "index",
    }
    assert set(name_hit) == {"field", "path", "value", "entity_id", "score", "explanation"}


def test_mt103_field_59_names_a_listed_company(
    payment_fixtures: Path, fake_screener: Screener
) -> None:
    (result,) = _screen(payment_fixtures / "mt103_qods.fin", fake_screener)
    assert result.decision is Decision.HIT and result.type == "MT103"
    (hit,) = result.hits
    assert (hit.field, hit.path, hit.value, hit.entity_id) == (
        "59",
        "4/59/2",
        "QODS AVIATION INDUSTRIES",
        "test:qods",
    )


def test_remittance_text_names_a_listed_company(
    payment_fixtures: Path, fake_screener: Screener
) -> None:
    (result,) = _screen(payment_fixtures / "pacs008_remittance_shahed.xml", fake_screener)
    (hit,) = result.hits
    assert hit.field == "RmtInf/Ustrd"
    assert hit.path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd"
    assert hit.value == "Shahed Aviation Industries"
    assert hit.entity_id == "test:shahed"
    window = hit.explanation["window"]
    text = "INV 2026-114 spare parts for Shahed Aviation Industries"
    assert text[window["start"] : window["end"]] == hit.value


def test_free_text_threshold_is_separate(payment_fixtures: Path, fake_screener: Screener) -> None:
    strict = PaymentPolicy(text_threshold=0.99)
    (result,) = _screen(payment_fixtures / "pacs008_remittance_shahed.xml", fake_screener, strict)
    assert result.decision is Decision.CLEAR
    (result,) = _screen(payment_fixtures / "mt103_qods.fin", fake_screener, strict)
    assert result.decision is Decision.HIT  # party threshold unchanged


def test_batch_with_a_broken_message(payment_fixtures: Path, fake_screener: Screener) -> None:
    results = _screen(payment_fixtures / "mt_batch_mixed.fin", fake_screener)
    assert [r.decision for r in results] == [Decision.CLEAR, Decision.ERROR, Decision.HIT]
    assert "terminator" in results[1].errors[0] and "line" in results[1].errors[0]
    (region,) = results[2].hits
    assert region.field == "58D" and region.path == "4/58D/3"
    assert region.explanation["rule"] == "embargo_region"
    assert region.explanation["region"] == "UA-43"
    assert region.entity_id is None
    assert exit_code(results) == 2
    assert exit_code(results[2:]) == 1
    assert exit_code(results[:1]) == 0


def test_cov_underlying_customer_countries(payment_fixtures: Path, fake_screener: Screener) -> None:
    (result,) = _screen(payment_fixtures / "mt202cov_kp_underlying.fin", fake_screener)
    assert result.type == "MT202COV"
    paths = {(h.field, h.path, h.explanation["rule"]) for h in result.hits}
    assert ("50F", "4/B/50F/4", "embargo_country") in paths  # 3/KP/PYONGYANG: code and town
    assert all(h.path.startswith("4/B/50F") for h in result.hits)
    assert len(result.hits) == 2


def test_bic_only_agent_and_bic_country(fake_screener: Screener) -> None:
    (result,) = screen_message(MT202_MELLI, fake_screener)
    by_rule = {h.explanation.get("rule", "name"): h for h in result.hits}
    assert by_rule["name"].entity_id == "test:melli" and by_rule["name"].field == "58A"
    assert by_rule["name"].value == "MELIIRTH" and by_rule["name"].path == "4/58A/1"
    assert by_rule["embargo_country"].explanation["source"] == "BIC country"
    allowed = PaymentPolicy(allowed_bics=frozenset({"meliirthxxx"}))
    (result,) = screen_message(MT202_MELLI, fake_screener, allowed)
    assert result.decision is Decision.CLEAR


def test_bic_query_carries_identifier_forms(fake_screener: Any) -> None:
    screen_message(MT202_MELLI, fake_screener)
    query = next(q for q in fake_screener.queries if "MELIIRTH" in q.identifiers)
    assert query.identifiers[:2] == ("MELIIRTH", "MELIIRTHXXX")
    assert query.countries == ("ir",)


def test_iban_country_is_checked(fake_screener: Screener) -> None:
    data = (
        b"{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:IBAN-1\n:50K:ACME LTD\n"
        b":59:/IR580540105180021273113007\nSOME PERSON\n-}"
    )
    (result,) = screen_message(data, fake_screener)
    (hit,) = result.hits
    assert hit.explanation["source"] == "IBAN country" and hit.path == "4/59/1"


def test_payment_block_debtor_is_screened_once(fake_screener: Any) -> None:
    tx = b"<CdtTrfTxInf><Cdtr><Nm>Creditor %d</Nm></Cdtr></CdtTrfTxInf>"
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>'
        b"<GrpHdr><MsgId>M</MsgId></GrpHdr><PmtInf><Dbtr><Nm>QODS AVIATION INDUSTRIES</Nm></Dbtr>"
        + b"".join(tx % i for i in range(5))
        + b"</PmtInf></CstmrCdtTrfInitn></Document>"
    )
    (result,) = screen_message(data, fake_screener)
    assert len(result.hits) == 1 and result.hits[0].path.endswith("/PmtInf[1]/Dbtr/Nm")
    debtor_queries = [q for q in fake_screener.queries if q.names == ("QODS AVIATION INDUSTRIES",)]
    assert len(debtor_queries) == 1


def test_hostile_and_unknown_input_give_error_decisions(
    payments_samples_dir: Path, fake_screener: Screener
) -> None:
    for path in sorted((payments_samples_dir / "hostile").iterdir()):
        (result,) = screen_message(path.read_bytes(), fake_screener, file=path.name)
        assert result.decision is Decision.ERROR, path.name
        assert result.errors and path.name in result.errors[0]
    (result,) = screen_message(b"%PDF-1.4 hello", fake_screener)
    assert result.decision is Decision.ERROR and "unknown message format" in result.errors[0]


def test_every_sample_gets_a_decision(payments_samples_dir: Path, fake_screener: Screener) -> None:
    refused = {"ballerina_mt202_58D_bad_block1.fin"}
    for path in sorted(payments_samples_dir.glob("*/*")):
        if path.suffix not in (".xml", ".fin", ".rje"):
            continue
        results = screen_message(path.read_bytes(), fake_screener, file=path.name)
        decisions = {r.decision for r in results}
        if path.parent.name == "hostile" or path.name in refused:
            assert decisions == {Decision.ERROR}, path.name
        else:
            assert Decision.ERROR not in decisions, (path.name, [r.errors for r in results])


def test_streaming_a_large_file_keeps_hits_and_reports_truncation(
    tmp_path: Path, fake_screener: Screener
) -> None:
    tx = b"<CdtTrfTxInf><Cdtr><Nm>%s</Nm></Cdtr></CdtTrfTxInf>"
    body = b"".join(tx % (b"Creditor %d" % i) for i in range(200))
    listed = tx % b"QODS AVIATION INDUSTRIES"
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>'
        b"<GrpHdr><MsgId>BIG</MsgId></GrpHdr><PmtInf><Dbtr><Nm>Acme</Nm></Dbtr>"
        + listed
        + body
        + b"</PmtInf></CstmrCdtTrfInitn></Document>"
    )
    limits = Limits(max_message_bytes=1000, max_elements=50)
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    (result,) = screen_file(path, fake_screener, limits=limits)
    assert result.decision is Decision.HIT and result.message_id == "BIG"
    path.write_bytes(data[: len(data) // 2])
    (result,) = screen_file(path, fake_screener, limits=limits)
    assert result.decision is Decision.ERROR
    assert result.hits and "line 1" in result.errors[0]


def test_screen_file_unreadable(tmp_path: Path, fake_screener: Screener) -> None:
    (result,) = screen_file(tmp_path / "missing.xml", fake_screener)
    assert result.decision is Decision.ERROR and "cannot read file" in result.errors[0]


def test_validate_option_reaches_the_parser(
    payments_samples_dir: Path, fake_screener: Screener
) -> None:
    data = (payments_samples_dir / "iso20022" / "pair_p.2.1.2_AtoB_pacs.008.xml").read_bytes()
    xsd = payments_samples_dir.parent / "xsd"
    (ok,) = screen_message(data, fake_screener, validate=xsd / "pacs.008.001.08.xsd")
    assert ok.decision is Decision.CLEAR
    (bad,) = screen_message(data, fake_screener, validate=xsd / "pacs.009.001.08.xsd")
    assert bad.decision is Decision.ERROR and "XSD validation failed" in bad.errors[0]


@pytest.mark.parametrize(
    ("head", "syntax"),
    [
        (b"\xef\xbb\xbf<?xml", Syntax.ISO20022),
        (b"\n {1:F01", Syntax.MT),
        (b"$\n{1:F01", Syntax.MT),
        (b"junk {1:F01", Syntax.MT),
        (b"hello", None),
    ],
)
def test_detect_syntax(head: bytes, syntax: Syntax | None) -> None:
    assert detect_syntax(head) is syntax


@pytest.mark.parametrize(
    ("path", "syntax", "role", "label"),
    [
        ("4/B/50F/3", Syntax.MT, None, "50F"),
        ("4/72", Syntax.MT, None, "72"),
        ("/Document/X/CdtTrfTxInf[2]/RmtInf/Ustrd[3]", Syntax.ISO20022, None, "RmtInf/Ustrd"),
        ("/Document/X/CdtTrfTxInf[1]/Cdtr/Nm", Syntax.ISO20022, "Cdtr", "Cdtr"),
    ],
)
def test_field_labels(path: str, syntax: Syntax, role: str | None, label: str) -> None:
    assert field_label(path, syntax, role) == label


def test_policy_validation_and_threshold_override() -> None:
    with pytest.raises(ValueError, match="text_threshold"):
        PaymentPolicy(text_threshold=1.5)
    policy = PaymentPolicy().with_threshold(0.6)
    assert (policy.party_threshold, policy.agent_threshold, policy.text_threshold) == (
        0.6,
        0.6,
        0.85,
    )
    assert PaymentPolicy().with_threshold(0.9).text_threshold == 0.9
    assert PaymentPolicy().to_dict()["embargo"] == {
        "countries": ["IR", "KP", "SY", "CU"],
        "regions": ["UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"],
    }


# -- with the real Screener -------------------------------------------------------------


def test_real_screener_pacs008(payment_fixtures: Path, real_screener: Screener) -> None:
    (result,) = _screen(payment_fixtures / "pacs008_damavandian_tehran.xml", real_screener)
    assert result.decision is Decision.HIT
    names = [h for h in result.hits if h.entity_id == "test:damavandian"]
    assert names and names[0].field == "Cdtr" and names[0].path.endswith("/Cdtr/Nm")
    assert not [h for h in result.hits if h.entity_id and h.entity_id.startswith("filler:")]


def test_real_screener_mt103(payment_fixtures: Path, real_screener: Screener) -> None:
    (result,) = _screen(payment_fixtures / "mt103_qods.fin", real_screener)
    assert [(h.field, h.path, h.entity_id) for h in result.hits] == [("59", "4/59/2", "test:qods")]


def test_real_screener_remittance(payment_fixtures: Path, real_screener: Screener) -> None:
    (result,) = _screen(payment_fixtures / "pacs008_remittance_shahed.xml", real_screener)
    assert [(h.field, h.value, h.entity_id) for h in result.hits] == [
        ("RmtInf/Ustrd", "Shahed Aviation Industries", "test:shahed")
    ]


def test_real_screener_bic(real_screener: Screener) -> None:
    (result,) = screen_message(MT202_MELLI, real_screener)
    assert any(h.entity_id == "test:melli" and h.field == "58A" for h in result.hits)


def test_real_screener_clear_samples(payments_samples_dir: Path, real_screener: Screener) -> None:
    for name in ("mt/pair_p.2.1.2_AtoB_mt103.fin", "iso20022/pair_p.2.1.2_AtoB_pacs.008.xml"):
        (result,) = screen_message((payments_samples_dir / name).read_bytes(), real_screener)
        assert result.decision is Decision.CLEAR, result.to_dict()


def test_public_api_is_pinned() -> None:
    import interdict.payments as payments

    assert sorted(payments.__all__) == sorted(
        [
            "Decision",
            "DocumentEnd",
            "EmbargoPlace",
            "EmbargoRules",
            "Hit",
            "Iso20022Reader",
            "Limits",
            "Located",
            "MessageResult",
            "Party",
            "PartyKind",
            "PaymentMessage",
            "PaymentPolicy",
            "Screener",
            "Section",
            "Syntax",
            "default_embargo",
            "exit_code",
            "iter_iso20022",
            "iter_mt",
            "parse_iso20022",
            "parse_mt",
            "screen_file",
            "screen_message",
            "screen_parsed",
        ]
    )
    assert all(hasattr(payments, name) for name in payments.__all__)


def test_text_rendering(payment_fixtures: Path, fake_screener: Screener) -> None:
    results = _screen(payment_fixtures / "mt_batch_mixed.fin", fake_screener)
    text = results[2].to_text().splitlines()
    assert text[0] == "mt_batch_mixed.fin#3 BATCH-3 MT202: hit"
    assert text[1].startswith("  58D 4/58D/3 'SIMFEROPOL, CRIMEA' -> embargo_region (1.00)")
    assert results[1].to_text().splitlines()[1].startswith("  error: mt_batch_mixed.fin")


def test_ack_only_file_is_an_error(fake_screener: Screener) -> None:
    (result,) = screen_message(
        b"{1:F21AAAAGB2LAXXX0000000000}{4:{177:1704260717}{451:0}}", fake_screener
    )
    assert result.decision is Decision.ERROR and "only ACK/NAK" in result.errors[0]


def test_many_elements_are_streamed_not_refused(fake_screener: Any) -> None:
    tx = b"<CdtTrfTxInf><Cdtr><Nm>Creditor %d</Nm></Cdtr></CdtTrfTxInf>"
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>'
        b"<GrpHdr><MsgId>M</MsgId></GrpHdr><PmtInf><Dbtr><Nm>ACME</Nm></Dbtr>"
        + b"".join(tx % i for i in range(40))
        + b"<CdtTrfTxInf><Cdtr><Nm>QODS AVIATION INDUSTRIES</Nm></Cdtr></CdtTrfTxInf>"
        + b"</PmtInf></CstmrCdtTrfInitn></Document>"
    )
    limits = Limits(max_elements=60)  # the whole message has ~170 elements, a transaction 3
    (result,) = screen_message(data, fake_screener, limits=limits)
    assert result.decision is Decision.HIT and not result.errors
    assert [h.entity_id for h in result.hits] == ["test:qods"]
    assert result.hits[0].path.endswith("/CdtTrfTxInf[41]/Cdtr/Nm")
