"""SWIFT MT parser: every sample, batches, per-field extraction, refusal reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.errors import MessageError
from interdict.payments import PartyKind, iter_mt, parse_mt
from interdict.payments.model import Party, PaymentMessage
from interdict.payments.mt_blocks import parse_block1, split_messages

#: Samples that must be refused, with the reason.
REFUSED = {"ballerina_mt202_58D_bad_block1.fin": "block 1 header"}
#: Messages per sample file where it is not one.
COUNTS = {"prowide_MT103-bulk-with-ack.rje": 3, "prowide_MT103-out-ack.rje": 13}


def _one(data: bytes) -> PaymentMessage:
    messages = parse_mt(data)
    assert len(messages) == 1
    return messages[0]


def _party(message: PaymentMessage, role: str) -> Party:
    found = [p for p in message.parties() if p.role == role]
    assert found, [p.role for p in message.parties()]
    return found[0]


def _bic(message: PaymentMessage, role: str) -> str | None:
    bic = _party(message, role).bic
    return bic.value if bic else None


def _sample(dir_: Path, name: str) -> PaymentMessage:
    return _one((dir_ / "mt" / name).read_bytes())


def test_every_mt_sample_parses_or_is_refused_for_its_reason(payments_samples_dir: Path) -> None:
    files = sorted((payments_samples_dir / "mt").iterdir())
    assert len(files) >= 30
    for path in files:
        items = list(iter_mt(path.read_bytes(), file=path.name))
        errors = [i for i in items if isinstance(i, MessageError)]
        if path.name in REFUSED:
            assert len(errors) == 1 and REFUSED[path.name] in str(errors[0]), path.name
            continue
        assert not errors, (path.name, errors)
        assert len(items) == COUNTS.get(path.name, 1), path.name
        for message in items:
            assert isinstance(message, PaymentMessage)
            assert message.type in ("MT103", "MT202", "MT202COV", "MT205COV"), path.name
            assert any(p.role in ("Dbtr", "Cdtr") for p in message.parties()), path.name


@pytest.mark.parametrize(
    ("name", "type_", "variant"),
    [
        ("swiftuhb_mt103stp_holzapfel.fin", "MT103", "STP"),
        ("swiftuhb_mt103remit_77T.fin", "MT103", "REMIT"),
        ("swiftuhb_mt202cov_mr_big.fin", "MT202COV", "COV"),
        ("ballerina_mt205cov_p.4.3.2.fin", "MT205COV", "COV"),
        ("swiftuhb_mt202_cls.fin", "MT202", None),
    ],
)
def test_types_and_variants(
    payments_samples_dir: Path, name: str, type_: str, variant: str | None
) -> None:
    message = _sample(payments_samples_dir, name)
    assert (message.type, message.variant) == (type_, variant)


def test_50f_structured_lines(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "prowide_mt103_50F_ccpt_tgt.fin")
    debtor = _party(message, "Dbtr")
    assert debtor.name == "SOROKIN PAVEL NIKOLAEVICH"
    assert debtor.names[0].path == "4/50F/2"
    assert debtor.type == "person"  # CCPT passport identifier
    assert [c.value for c in debtor.countries] == ["RU", "RU"]
    assert [a.value for a in debtor.address] == ["SAYAT-NOVA 42", "SOCHI"]
    assert debtor.identifiers[0].value == "03 01 767874 DD 08.08.2002"
    creditor = _party(message, "Cdtr")
    assert creditor.account is not None
    assert creditor.account.value == "IT90W0869254370016000540148"
    assert creditor.name == "GRUPPO MANGANO SRL"
    assert message.variant == "STP"


def test_all_party_fields(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "swiftuhb_mt103_all_party_fields.fin")
    roles = {p.role: p for p in message.parties()}
    assert set(roles) >= {
        "Fr",
        "To",
        "Dbtr",
        "SndgInstn",
        "DbtrAgt",
        "InstgRmbrsmntAgt",
        "InstdRmbrsmntAgt",
        "ThrdRmbrsmntAgt",
        "IntrmyAgt1",
        "CdtrAgt",
        "Cdtr",
    }
    assert roles["Dbtr"].name == "JOHN DOE"
    assert [c.value for c in roles["Dbtr"].countries] == ["US"]  # "US/NEW YORK" line
    assert roles["DbtrAgt"].bic is not None and roles["DbtrAgt"].bic.value == "DEUTDEFFXXX"
    assert (
        roles["DbtrAgt"].account is not None
        and roles["DbtrAgt"].account.value == "1234567890123456"
    )
    assert [a.value for a in roles["InstgRmbrsmntAgt"].address] == ["NEW YORK BRANCH"]  # 53B
    assert roles["CdtrAgt"].name == "CITIBANK N.A."  # 57D
    assert roles["CdtrAgt"].kind is PartyKind.AGENT
    assert roles["Cdtr"].name == "DEPT OF PROMOTION OF SPICY FISH CENTER FOR INTERNATIONALISATION"
    assert [c.value for c in roles["Cdtr"].countries] == ["CN"]
    texts = {t.path: t for t in message.texts()}
    assert set(texts) == {"4/70", "4/72", "4/77B"}
    assert texts["4/77B"].value == "/ORDERRES/BE//MEILAAN 1, 9000 GENT"
    assert texts["4/70"].line == 44


def test_two_line_name_and_continuations(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "ballerina_mt103_23E_multi_srilanka.fin")
    creditor = _party(message, "Cdtr")
    assert [n.value for n in creditor.names] == [
        "KATAYAMA CHAIN THAILAND",
        "KATAYAMA CHAIN THAILAND CO LTD",
    ]
    assert creditor.account is not None and creditor.account.value == "2110144802"
    assert any("ignored '}'" in w for w in message.warnings)  # "-}}" extra brace


def test_mt202_bnf_continuation_text(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "prowide_mt202_72_bnf_fund.fin")
    (text,) = message.texts()
    assert text.path == "4/72"
    assert "BY ORDER OF FOOBAR L FUND EQUITY FOOOBAR EUROPE" in text.value
    assert _party(message, "Cdtr").account.value == "ES4100940060792840000017"  # type: ignore[union-attr]


def test_cov_sequence_b(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "swiftuhb_mt202cov_mr_big.fin")
    debtor = _party(message, "UndrlygCstmrCdtTrf/Dbtr")
    assert debtor.name == "MR. BIG" and debtor.path == "4/B/50F"
    assert _party(message, "UndrlygCstmrCdtTrf/Cdtr").name == "MR. SMALL"
    assert _party(message, "Cdtr").bic.value == "BBBBGB22"  # type: ignore[union-attr]
    assert [t.path for t in message.texts()] == ["4/B/70"]
    # Block 1 without terminal code: the BIC is still read.
    assert _party(message, "Fr").bic.value == "AAAABEBB"  # type: ignore[union-attr]


def test_block3_before_block2_and_trailing_junk(payments_samples_dir: Path) -> None:
    message = _sample(payments_samples_dir, "prowide_mt103_block3_before_block2.fin")
    assert message.message_id == "REFERENCE"
    junk = _sample(payments_samples_dir, "prowide_mt103_50K_ru_trailing_text.fin")
    assert any("'foo'" in w for w in junk.warnings)


def test_ack_prefixed_batch(payments_samples_dir: Path) -> None:
    messages = parse_mt(
        (payments_samples_dir / "mt" / "prowide_MT103-bulk-with-ack.rje").read_bytes()
    )
    assert [m.message_id for m in messages] == ["234234233", "C4772342333", "201904250034434"]
    assert _party(messages[0], "Fr").bic.value == "BBBBUS33XXX"  # type: ignore[union-attr]


def test_output_and_input_direction() -> None:
    inp = _one(b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:X\n:59:Y\n-}")
    assert (_bic(inp, "Fr"), _bic(inp, "To")) == ("AAAAGB2LXXX", "BBBBDEFFXXX")
    out = _one(
        b"{1:F01AAAAGB2LAXXX0000000000}{2:O1031200210101BBBBDEFFAXXX00000000002101011200N}"
        b"{4:\n:20:X\n:59:Y\n-}"
    )
    assert (_bic(out, "Fr"), _bic(out, "To")) == ("BBBBDEFFXXX", "AAAAGB2LXXX")


@pytest.mark.parametrize("sep", [b"\n", b"\r\n"])
def test_crlf_and_lf_give_the_same_parties(sep: bytes) -> None:
    lines = [b":20:REF", b":50K:/123", b"ACME LTD", b"1 ROAD", b":59:BOB SMITH", b"-}"]
    data = b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:" + sep + sep.join(lines)
    message = _one(data)
    debtor = _party(message, "Dbtr")
    assert (debtor.name, debtor.account.value, debtor.names[0].line) == ("ACME LTD", "123", 4)  # type: ignore[union-attr]


def test_mixed_batch_keeps_good_messages(payment_fixtures: Path) -> None:
    items = list(iter_mt((payment_fixtures / "mt_batch_mixed.fin").read_bytes(), file="mixed.fin"))
    assert [type(i).__name__ for i in items] == ["PaymentMessage", "MessageError", "PaymentMessage"]
    assert "no '-}' terminator" in str(items[1]) and "message 2" in str(items[1])
    assert isinstance(items[2], PaymentMessage) and items[2].message_id == "BATCH-3"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:X\n:59:Y\n", "terminator"),
        (b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}", "block 4"),
        (b"{1:F01AAAAGB2LAXXX0000000000}{4:\n:20:X\n-}", "block 2"),
        (b"{1:F01AAAAGB2LAXXX0000000000}{2:I940BBBBDEFFXXXXN}{4:\n:20:X\n-}", "MT940"),
        (
            b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\nJUNK\n:20:X\n-}",
            "before the first field",
        ),
        (b"{1:F01AAAAGB2LAXXX0000000000}{2:X103}{4:\n:20:X\n-}", "block 2 header"),
        (b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{7:x}", "unknown block"),
        (b"hello world", "not an MT message"),
        (b"{1:F01AAAAGB2LAXXX00\xff00000000}", "not UTF-8"),
    ],
)
def test_refusal_reasons(data: bytes, reason: str) -> None:
    items = list(iter_mt(data, file="x.fin"))
    errors = [str(i) for i in items if isinstance(i, MessageError)]
    assert errors and reason in errors[0]


def test_block1_parsing() -> None:
    assert parse_block1("F01ABCDLKL0XXXX0000000000") == ("01", "ABCDLKL0XXXX")
    assert parse_block1("F01AAAABEBB0000000000") == ("01", "AAAABEBB")
    assert parse_block1("F21OMFNCIABAXXX6368087504") == ("21", "OMFNCIABAXXX")
    with pytest.raises(ValueError, match="malformed"):
        parse_block1("ABCDLKLXXXXX0000000000")


def test_split_on_dollar_without_newlines() -> None:
    one = b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:A\n:59:Y\n-}"
    text = (one + b"$" + one.replace(b":20:A", b":20:B")).decode()
    assert [m.index for m in split_messages(text)] == [1, 2]
    assert [m.message_id for m in parse_mt(text.encode())] == ["A", "B"]


def test_mixed_up_content_between_separators_is_its_own_error() -> None:
    one = b"{1:F01AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:A\n:59:Y\n-}"
    data = (
        one
        + b"\n$\n<?xml version='1.0'?>\n<Document>\n</Document>\n$\n"
        + one.replace(b":20:A", b":20:B")
        + b"foo\n$"
        + one.replace(b":20:A", b":20:C")
    )
    items = list(iter_mt(data, file="mixed.fin"))
    assert [getattr(i, "message_id", None) for i in items] == ["A", None, "B", "C"]
    assert isinstance(items[1], MessageError)
    assert "not an MT message" in str(items[1]) and "line 6" in str(items[1])
    assert isinstance(items[2], PaymentMessage) and "'foo'" in items[2].warnings[0]


def test_ack_only_and_bad_service_ids() -> None:
    ack = b"{1:F21AAAAGB2LAXXX0000000000}{4:{177:1704260717}{451:0}}"
    assert list(iter_mt(ack)) == []
    bad = b"{1:F001AAAAGB2LAXXX0000000000}{2:I103BBBBDEFFXXXXN}{4:\n:20:X\n:59:Y\n-}"
    (error,) = list(iter_mt(bad))
    assert isinstance(error, MessageError) and "block 1 header" in str(error)
