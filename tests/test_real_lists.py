"""Acceptance on the real official files: counts agree with the MANIFEST, and the
parties of the drone-programme story come out complete through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from interdict.cli.main import cli

pytestmark = pytest.mark.real_lists

#: Entry counts stated in ../shared/lists/MANIFEST.md.
MANIFEST_COUNTS = {"ofac_sdn": 14965, "ofac_cons": 442, "un": 1003, "uk": 4688, "au": 3062}


def run_json(home: Path, *args: str) -> Any:
    result = CliRunner().invoke(
        cli, [*args, "--json"], env={"INTERDICT_HOME": str(home), "INTERDICT_DATABASE_URL": ""}
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_counts_agree_with_manifest(real_home: Path) -> None:
    listed = {x["list"]: x for x in run_json(real_home, "lists")}
    for name, count in MANIFEST_COUNTS.items():
        assert listed[name]["entities"] == count, name
    assert listed["ofac_cons"]["published"] == "2026-01-08"
    assert listed["un"]["published"].startswith("2026-02-27")
    assert listed["uk"]["published"] == "2025-04-14"
    assert listed["us_csl"]["entities"] > 13000


def test_damavandian_complete(real_home: Path) -> None:
    entity = run_json(real_home, "show", "ofac:40416")
    props = entity["properties"]
    assert entity["caption"] == "DAMAVANDIAN, Ghassem" and entity["schema"] == "Person"
    assert props["birthDate"] == ["1968-05-02"]
    assert "G9336_77" in props["passportNumber"]
    assert "0052944492" in props["idNumber"]
    assert "ir" in props["nationality"]
    uk = run_json(real_home, "show", "uk:RUS1714")
    assert any("دماوندیان" in n for n in uk["names"])


def test_mehrabi_complete(real_home: Path) -> None:
    props = run_json(real_home, "show", "ofac:33596")["properties"]
    assert props["birthDate"] == ["1961-12-22"]
    assert "1229632603" in props["idNumber"]
    assert {"NPWMD", "IRGC", "IFSR"} <= set(props["programId"])


def test_qods_complete_in_ofac_and_uk(real_home: Path, real_lists_dir: Path) -> None:
    ofac = run_json(real_home, "show", "ofac:16418")
    aliases = {
        row.split(",")[3].strip('"')
        for row in (real_lists_dir / "ofac" / "alt.csv").read_text(encoding="latin-1").splitlines()
        if row.startswith("16418,")
    }
    assert aliases and aliases <= set(ofac["names"])
    assert "14005441856" in ofac["properties"]["idNumber"]
    assert "483250" in ofac["properties"]["registrationNumber"]
    uk = run_json(real_home, "show", "uk:INU0253")
    assert {"QODS AVIATION INDUSTRIES", "GHODS AVIATION INDUSTRIES"} <= set(uk["names"])


def test_shahed_and_alabuga(real_home: Path) -> None:
    shahed = run_json(real_home, "show", "ofac:39637")
    assert shahed["caption"] == "SHAHED AVIATION INDUSTRIES RESEARCH CENTER"
    alabuga = run_json(real_home, "show", "ofac:45708")
    assert any("ALABUGA" in n.upper() for n in alabuga["names"])
    assert len(alabuga["names"]) > 1
