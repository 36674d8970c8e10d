"""Agents that a message names by an identifier only (LEI, no name, no BIC) are looked
up in the index and hit only on a listed identifier."""

from __future__ import annotations

from typing import Any

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import EntityBuilder, Identifier, IdentifierKind, Name
from interdict.payments import Decision, screen_message

LISTED_LEI = "2594007XIACKNMUAW223"

PACS008 = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>LEI-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf>
<Dbtr><Nm>Jane Smith</Nm></Dbtr><DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><LEI>{lei}</LEI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Harbour Supplies Ltd</Nm></Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"""


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    entities = []
    for i, name in enumerate(["BANK MELLI IRAN", "HARBOUR ROAD PARTNERS", "SMITH TRADING"]):
        builder = EntityBuilder(f"t:{i}", "Company", "test")
        builder.add_name(Name(name))
        if i == 0:
            builder.add_identifier(Identifier(IdentifierKind.LEI, LISTED_LEI))
        entities.append(builder.build())
    return build_index(entities, version="lei@1")


def test_agent_known_by_a_listed_lei_hits(index: MatchIndex, counting_screener: Any) -> None:
    screener = counting_screener(index)
    (result,) = screen_message(PACS008.format(lei=LISTED_LEI).encode(), screener)
    assert result.decision is Decision.HIT
    (hit,) = [h for h in result.hits if h.entity_id]
    assert hit.entity_id == "t:0"
    assert hit.path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAgt/FinInstnId/LEI"
    assert (hit.field, hit.value) == ("CdtrAgt", LISTED_LEI)


def test_agent_known_by_an_unlisted_lei_costs_no_screener_call(
    index: MatchIndex, counting_screener: Any
) -> None:
    screener = counting_screener(index)
    (result,) = screen_message(PACS008.format(lei="529900T8BM49AURSDO55").encode(), screener)
    assert result.decision is Decision.CLEAR
    assert ("529900T8BM49AURSDO55",) not in screener.names
