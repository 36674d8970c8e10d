from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Invoke = Callable[..., Result]

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_update_lists_show_diff(invoke: Invoke) -> None:
    result = invoke("update", "--from", str(FIXTURES / "listdir_v1"), "--json")
    assert result.exit_code == 0, result.output
    [outcome] = json.loads(result.stdout)
    assert outcome["list"] == "un" and outcome["status"] == "loaded" and outcome["entities"] == 3

    lists = json.loads(invoke("lists", "--json").stdout)
    assert [(x["list"], x["source"], x["entities"]) for x in lists] == [("un", "un", 3)]
    assert {"list", "source", "version", "published", "entities", "loaded_at"} <= lists[0].keys()

    shown = json.loads(invoke("show", "un:XXi.901", "--json").stdout)
    assert shown["id"] == "un:XXi.901" and shown["schema"] == "Person"
    assert shown["source"] == "un"
    assert "Qasem Damavandian" in shown["names"]
    assert shown["properties"]["birthDate"] == ["1968-05-02"]
    assert shown["properties"]["passportNumber"] == ["X9000001"]

    table = invoke("show", "un:XXi.901")
    assert "Qasem Damavandian" in table.stdout and "DATAID" in table.stdout

    assert invoke("update", "--from", str(FIXTURES / "listdir_v2")).exit_code == 0
    diff = json.loads(invoke("diff", "un", "--json").stdout)
    assert [e["id"] for e in diff["added"]] == ["un:XXe.904"]
    assert [e["id"] for e in diff["removed"]] == ["un:XXe.903"]
    assert [c["id"] for c in diff["changed"]] == ["un:XXi.902"]
    assert "Abdullah Merhabi" in diff["changed"][0]["fields"]["names"]["added"]
    text = invoke("diff", "un", diff["old_version"], diff["new_version"]).stdout
    assert "1 added, 1 removed, 1 changed" in text


def test_unknown_entity_is_an_error(invoke: Invoke) -> None:
    invoke("update", "--from", str(FIXTURES / "listdir_v1"))
    result = invoke("show", "un:NOPE")
    assert result.exit_code == 3
    assert "un:NOPE" in result.stderr


def test_failed_list_exit_status(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad" / "un"
    bad.mkdir(parents=True)
    (bad / "consolidated.xml").write_text("<CONSOLIDATED_LIST><INDIVIDUALS>")
    result = invoke("update", "--from", str(tmp_path / "bad"))
    assert result.exit_code == 1
    assert "FAILED" in result.stderr and "consolidated.xml" in result.stderr
    assert json.loads(invoke("lists", "--json").stdout) == []


def test_missing_directory_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("update", "--from", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
