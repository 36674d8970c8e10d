"""screen, batch, evaluate and payments screen through the CLI, on fixture lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

Invoke = Callable[..., Result]
FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture()
def loaded(invoke: Invoke) -> Invoke:
    assert invoke("update", "--from", str(FIXTURES / "listdir_v1")).exit_code == 0
    return invoke


def test_screen_json_and_fail_on_hit(loaded: Invoke) -> None:
    result = loaded("screen", "Ghasem Damavandian", "--json", "--fail-on-hit")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["matches"][0]["entity_id"] == "un:XXi.901"
    assert {"entity_id", "score", "caption", "schema", "source", "explanation"} <= set(
        data["matches"][0]
    )
    assert data["algorithm"] and data["policy"]["threshold"] > 0


def test_screen_table_and_no_hit(loaded: Invoke) -> None:
    table = loaded("screen", "Qods Aviation Industries", "--type", "organization")
    assert table.exit_code == 0 and "un:XXe.903" in table.stdout
    quiet = loaded("screen", "Maria Garcia", "--birth-date", "1985", "--fail-on-hit")
    assert quiet.exit_code == 0 and "No match" in quiet.stdout


def test_screen_usage_errors(loaded: Invoke) -> None:
    assert loaded("screen", "Bob", "--type", "spaceship").exit_code == 2
    assert loaded("screen", "Bob", "--birth-date", "soon").exit_code == 2
    assert loaded("screen", "   ").exit_code == 2
    assert loaded("screen", "Bob", "--threshold", "1.5").exit_code == 2


def test_screen_without_lists(invoke: Invoke) -> None:
    result = invoke("screen", "Bob")
    assert result.exit_code == 3 and "interdict update" in result.stderr


def test_batch_keeps_order_and_reports_bad_rows(loaded: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name,type,birth_date,country\n"
        "c1,Ghassem Damavandian,person,1968,IR\n"
        "c2,,person,,\n"
        "c3,Jane Smith,person,1985-02-03,GB\n"
        "c4,Quds Aviation Industries,company,,\n"
        "c5,Bob,spaceship,,\n"
    )
    out = tmp_path / "out.jsonl"
    result = loaded("batch", str(source), "-o", str(out), "--workers", "1")
    assert result.exit_code == 2
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2", "c3", "c4", "c5"]
    assert lines[0]["matches"][0]["entity_id"] == "un:XXi.901"
    assert lines[1]["error"]["field"] == "name" and lines[1]["matches"] == []
    assert lines[2]["matches"] == []
    assert lines[3]["matches"][0]["entity_id"] == "un:XXe.903"
    assert lines[4]["error"]["field"] == "type"
    assert "line 3" in result.stderr and "line 6" in result.stderr


def test_batch_threshold_zero_returns_candidates(loaded: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name\nx,Abdollah Karimi\n")
    out = tmp_path / "out.jsonl"
    args = ("batch", str(source), "-o", str(out), "--workers", "2", "--threshold", "0")
    assert loaded(*args).exit_code == 0
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    scores = [m["score"] for m in line["matches"]]
    assert scores and scores == sorted(scores, reverse=True)
    assert line["matches"][0]["entity_id"] == "un:XXi.902" and scores[0] < 0.7
    default = tmp_path / "default.jsonl"
    assert loaded("batch", str(source), "-o", str(default)).exit_code == 0
    assert json.loads(default.read_text())["matches"] == []


def test_batch_missing_column(loaded: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("identifier,fullname\n1,Bob\n")
    result = loaded("batch", str(source), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2 and "missing required column id" in result.stderr


def test_evaluate_writes_report(loaded: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "labelled.csv"
    source.write_text(
        "id,name,type,birth_date,country,expected,category\n"
        "p1,Ghasem Damavandian,person,,,un:XXi.901,transliteration\n"
        "p2,Ghods Aviation Industries,,,,un:XXe.903,alias\n"
        "n1,Jane Smith,person,,,,negative\n"
    )
    report = tmp_path / "report.html"
    result = loaded("evaluate", str(source), "--report", str(report), "--json", "--workers", "1")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["category_recall"]["transliteration"] == 1.0
    html = report.read_text()
    assert "<svg" in html and "transliteration" in html


def test_payments_screen(loaded: Invoke) -> None:
    files = [
        FIXTURES / "payments" / "pacs008_damavandian_tehran.xml",
        FIXTURES / "payments" / "mt103_qods.fin",
    ]
    result = loaded("payments", "screen", *map(str, files), "--json")
    assert result.exit_code == 1
    messages = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["decision"] for m in messages] == ["hit", "hit"]
    found = {(h["entity_id"], h["field"]) for m in messages for h in m["hits"]}
    assert ("un:XXi.901", "Cdtr") in found
    assert any(entity == "un:XXe.903" and "59" in field for entity, field in found)


def test_payments_screen_reports_errors(loaded: Invoke, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<Document><FIToFICstmrCdtTrf>")
    result = loaded("payments", "screen", str(broken), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout.splitlines()[0])["decision"] == "error"
