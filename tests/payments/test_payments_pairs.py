"""The same payment in MT and ISO 20022 form yields the same parties."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.payments import parse_iso20022, parse_mt
from interdict.payments.model import Party, PaymentMessage

PAIRS = [
    ("pair_p.2.1.2_AtoB_mt103.fin", "pair_p.2.1.2_AtoB_pacs.008.xml"),
    ("pair_p.2.1.1_AtoB_mt103.fin", "cbprplus_p.2.1.1_pacs.008_AtoB.xml"),
    ("pair_p.2.3.1.a_AtoD_mt103.fin", "cbprplus_p.2.3.1.a_pacs.008_AtoD.xml"),
    ("pair_c.29.2.2_AtoB_mt202cov.fin", "pair_c.29.2.2_AtoB_pacs.009cov.xml"),
    ("pair_p.2.3.1.a_AtoB_mt202cov.fin", "cbprplus_p.2.3.1.a_pacs.009cov_AtoB.xml"),
]
#: ISO parties the MT form carries in field 72 ``/INS/`` (instructing institution).
VIA_INS = {"pair_p.2.3.1.a_AtoB_mt202cov.fin": "DbtrAgt"}
#: Routing roles that exist in one syntax only (MT header vs ISO settlement chain).
HEADER_ROLES = {"Fr", "To", "InstgAgt", "InstdAgt"}


def _bic(party: Party) -> str | None:
    if party.bic is None:
        return None
    value = party.bic.value.upper()
    return value + "XXX" if len(value) == 8 else value


def _view(party: Party) -> tuple[object, ...]:
    return (
        party.role,
        party.kind.value,
        " ".join((party.name or "").split()).casefold(),
        _bic(party),
        party.account.value if party.account else None,
        tuple(sorted({c.value for c in party.countries})),
        tuple(sorted({a.value.casefold() for a in party.address})),
    )


def _parties(message: PaymentMessage) -> dict[str, tuple[object, ...]]:
    out = {}
    for party in message.parties():
        if party.role not in HEADER_ROLES and not party.role.startswith("PrvsInstgAgt"):
            out[party.role] = _view(party)
    return out


@pytest.mark.parametrize(("mt_name", "iso_name"), PAIRS)
def test_pair_yields_the_same_parties(
    payments_samples_dir: Path, mt_name: str, iso_name: str
) -> None:
    (mt,) = parse_mt((payments_samples_dir / "mt" / mt_name).read_bytes())
    iso = parse_iso20022((payments_samples_dir / "iso20022" / iso_name).read_bytes())
    mt_parties = _parties(mt)
    iso_parties = _parties(iso)
    assert {"Dbtr", "Cdtr", "CdtrAgt"} <= set(mt_parties)
    via_ins = VIA_INS.get(mt_name)
    if via_ins is not None:
        moved = iso_parties.pop(via_ins)
        ins = next(p for p in mt.parties() if p.role == "PrvsInstgAgt1")
        assert _bic(ins) == moved[3]
    assert mt_parties == iso_parties


@pytest.mark.parametrize(("mt_name", "iso_name"), PAIRS)
def test_pair_sender_and_receiver_match_the_instructing_agents(
    payments_samples_dir: Path, mt_name: str, iso_name: str
) -> None:
    (mt,) = parse_mt((payments_samples_dir / "mt" / mt_name).read_bytes())
    iso = parse_iso20022((payments_samples_dir / "iso20022" / iso_name).read_bytes())
    mt_roles = {p.role: _bic(p) for p in mt.parties()}
    iso_roles = {p.role: _bic(p) for p in iso.parties()}
    assert mt_roles["Fr"] == iso_roles["InstgAgt"]
    assert mt_roles["To"] == iso_roles["InstdAgt"]
