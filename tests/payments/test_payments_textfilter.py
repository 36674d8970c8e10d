"""The free-text prefilter: windows that could be a listed name reach the screener,
ordinary prose does not; BIC-only agents are looked up in the index."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.index import MatchIndex, build_index
from interdict.model import EntityBuilder, Identifier, IdentifierKind, Name
from interdict.payments import Decision, PaymentPolicy, screen_message
from interdict.payments.freetext import candidate_windows
from interdict.payments.textfilter import TextPrefilter, prefilter_for

#: (id, schema, name, BIC)
ENTITIES = [
    ("t:shahed", "Organization", "SHAHED AVIATION INDUSTRIES", None),
    ("t:armament", "Organization", "ARMAMENT INDUSTRIES GROUP", None),
    ("t:melli", "Company", "BANK MELLI IRAN", "MELIIRTH"),
    ("t:rosseev", "Person", "ROSSEEV, Mikhail Nikolaevich", None),
    ("t:damavandian", "Person", "DAMAVANDIAN, Ghassem", None),
    ("t:hamas", "Organization", "HAMAS", None),
    ("t:dove", "Vessel", "DOVE", None),
    ("t:qaida", "Organization", "AL QAIDA", None),
    ("t:hizb", "Organization", "HIZB UT TAHRIR", None),
    ("t:agro", "Company", "AGROESPINAL S.A.", None),
    # Prose words that are in listed names, but never together:
    ("t:consulting", "Company", "NORTHERN CONSULTING GROUP", None),
    ("t:services", "Company", "SOUTHERN SERVICES LLC", None),
    ("t:rendered", "Person", "RENDERED, Paul", None),
]


def _filler(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ra", "ten", "vor", "sul", "dan", "bi", "zel", "har", "pet"]
    return " ".join(
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).upper()
        for _ in range(rng.randint(2, 3))
    )


def _index(version: str = "textfilter@1") -> MatchIndex:
    rng = random.Random(11)
    entities = []
    for i in range(300):
        builder = EntityBuilder(f"filler:{i}", "Person" if i % 2 else "Organization", "filler")
        builder.add_name(Name(_filler(rng)))
        entities.append(builder.build())
    for eid, schema, name, bic in ENTITIES:
        builder = EntityBuilder(eid, schema, "test")
        builder.add_name(Name(name))
        if bic:
            builder.add_identifier(Identifier(IdentifierKind.SWIFT_BIC, bic))
        entities.append(builder.build())
    return build_index(entities, version=version)


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return _index()


@pytest.fixture(scope="module")
def prefilter(index: MatchIndex) -> TextPrefilter:
    return TextPrefilter(index)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("INV 2026-114 spare parts for Shahed Aviation Industries", "Shahed Aviation Industries"),
        ("/BNF/Mikhail Nikolarvich ROSSEEV consulting fee", "Mikhail Nikolarvich ROSSEEV"),
        ("/INS/ARMAM ENT INDUSTRIES GROUP", "ARMAM ENT INDUSTRIES GROUP"),
        ("Оплата: Банк Мелли Иран, договор 7", "Банк Мелли Иран"),
        ("salary for Ghassem Damavandyan June", "Ghassem Damavandyan"),
        ("Freight for vessel DOVE", "DOVE"),
        ("DONATIONS TO HAMA\nS BROTHERS", "HAMA S"),
        ("DONATION TO HAMAS", "HAMAS"),
        ("donation to Al Qaida brothers", "Al Qaida"),
        ("DONATION TO AL-QAIDA", "AL-QAIDA"),
        ("Zakat via Hizb-ut-Tahrir office", "Hizb-ut-Tahrir"),
        ("spare parts for AGROESPINAL S.A.", "AGROESPINAL S.A"),
    ],
)
def test_listed_names_in_running_text_are_kept(
    prefilter: TextPrefilter, text: str, expected: str
) -> None:
    windows = prefilter.select(text)
    assert expected in [w.text for w in windows]
    window = next(w for w in windows if w.text == expected)
    assert " ".join(text[window.start : window.end].split()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Payment for consulting services rendered in March, thank you for your business",
        "the dove flew over the harbour; payment for goods",
        "donations to hama\ns brothers",  # a lone word cut by a line break
        "Huge vista of the valley, invoice 2291 for the rent of June",
        "INV 2026-114 spare parts, 12 pcs",
        "Ghassem paid the invoice",  # a listed given name alone is not a listed name
        "/ROC/E2E04044506271305",
    ],
)
def test_ordinary_prose_is_dropped(prefilter: TextPrefilter, text: str) -> None:
    assert prefilter.select(text) == []
    assert candidate_windows(text) or "/ROC/" in text  # there was something to drop


def test_common_words_need_a_rare_word_or_a_whole_listed_name(
    index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "/INS/INDUSTRIES GROUP OF BANK MELLI IRAN"
    assert "INDUSTRIES GROUP" in [w.text for w in TextPrefilter(index).select(text)]
    monkeypatch.setattr("interdict.payments.textfilter.RARE_CAP", 0)  # no word is rare
    windows = [w.text for w in TextPrefilter(index).select(text)]
    assert "INDUSTRIES GROUP" not in windows  # part of a listed name, not one
    assert "BANK MELLI IRAN" in windows  # a listed name, whatever its words' frequency


def test_selection_is_a_subset_of_the_candidate_windows(prefilter: TextPrefilter) -> None:
    text = "INV 1 spare parts for SHAHED AVIATION INDUSTRIES and BANK MELLI IRAN via DOVE"
    every = {(w.text, w.start, w.end) for w in candidate_windows(text, max_windows=1000)}
    chosen = prefilter.select(text)
    assert chosen and {(w.text, w.start, w.end) for w in chosen} <= every
    assert len(prefilter.select(text, max_windows=2)) == 2


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_selection_never_invents_windows(prefilter: TextPrefilter, text: str) -> None:
    every = {(w.text, w.start, w.end) for w in candidate_windows(text, max_windows=10_000)}
    assert {(w.text, w.start, w.end) for w in prefilter.select(text)} <= every


def test_memos_are_bounded(index: MatchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("interdict.payments.textfilter.MEMO_ENTITIES", 1)
    monkeypatch.setattr("interdict.payments.textfilter.TEXT_MEMO_SIZE", 3)
    prefilter = TextPrefilter(index)
    for n in range(20):
        prefilter.select(f"INV {n} spare parts for SHAHED AVIATION INDUSTRIES and BANK MELLI")
        stats = prefilter.stats()
        assert stats["texts"] <= 3 and stats["entities"] <= 3  # 1 + one word's evidence
    assert "BANK MELLI IRAN" in [w.text for w in prefilter.select("BANK MELLI IRAN")]


def test_prefilter_is_shared_per_index(index: MatchIndex) -> None:
    assert prefilter_for(index) is prefilter_for(index)
    assert prefilter_for(index) is not prefilter_for(_index("textfilter@2"))


# -- end to end ---------------------------------------------------------------------------

PACS008 = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>TF-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf>
<Dbtr><Nm>Jane Smith</Nm></Dbtr><Cdtr><Nm>Harbour Supplies Ltd</Nm></Cdtr>
<RmtInf><Ustrd>{text}</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"""


def _pacs(text: str) -> bytes:
    return PACS008.format(text=text).encode()


def test_remittance_hit_keeps_field_path_and_value(
    index: MatchIndex, counting_screener: Any
) -> None:
    screener = counting_screener(index)
    text = "INV 2026-114 spare parts for Shahed Aviation Industries"
    (result,) = screen_message(_pacs(text), screener)
    (hit,) = [h for h in result.hits if h.entity_id == "t:shahed"]
    assert hit.field == "RmtInf/Ustrd"
    assert hit.path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd"
    assert hit.value == "Shahed Aviation Industries"
    window = hit.explanation["window"]
    assert text[window["start"] : window["end"]] == hit.value


def test_prose_costs_no_screener_call(index: MatchIndex, counting_screener: Any) -> None:
    screener = counting_screener(index)
    text = "Payment for consulting services rendered in March, the dove flew"
    (result,) = screen_message(_pacs(text), screener)
    assert result.decision is Decision.CLEAR
    assert sorted(screener.names) == [("Harbour Supplies Ltd",), ("Jane Smith",)]  # parties
    unfiltered = counting_screener(index)
    screen_message(_pacs(text), unfiltered, PaymentPolicy(text_prefilter=False))
    assert len(unfiltered.names) > 2  # the windows went to the screener


MT202 = (
    b"{1:F01TESTGB2LAXXX0000000000}{2:I202TESTDEFFXXXXN}{4:\n:20:BIC-1\n:21:REL\n"
    b":32A:260105EUR100,\n:52A:TESTGB2L\n:58A:%s\n-}"
)


def test_bic_only_agents_are_looked_up_in_the_index(
    index: MatchIndex, counting_screener: Any
) -> None:
    screener = counting_screener(index)
    (result,) = screen_message(MT202 % b"DEUTDEFF", screener)
    assert result.decision is Decision.CLEAR and screener.names == []
    (result,) = screen_message(MT202 % b"MELIIRTHXXX", screener)
    assert [h.entity_id for h in result.hits if h.entity_id] == ["t:melli"]
    assert screener.names == [("MELIIRTHXXX",)]


def test_without_an_index_every_window_is_screened(fake_screener: Any) -> None:
    text = "Payment for consulting services rendered in March"
    screen_message(_pacs(text), fake_screener)
    screened = {n.casefold() for q in fake_screener.queries for n in q.names}
    assert "consulting services" in screened


def test_real_lists_remittance(real_home: Path, counting_screener: Any) -> None:
    from interdict.screening.service import open_screener
    from interdict.settings import Settings

    screener = open_screener(Settings.from_env({"INTERDICT_HOME": str(real_home)}))
    counting = counting_screener(screener.index)
    (result,) = screen_message(
        _pacs("INV 2026-114 spare parts for Shahed Aviation Industries"), counting
    )
    assert any(h.value == "Shahed Aviation Industries" for h in result.hits if h.entity_id)
    prose = "Consulting services rendered in March; huge thanks, the dove is back"
    (result,) = screen_message(_pacs(prose), counting)
    assert not [h for h in result.hits if h.path.endswith("Ustrd")]
