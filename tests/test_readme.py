"""The README's set-up commands work as written: offline from a list directory, and
online through the download path (served here by a local mirror on 127.0.0.1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
INTERDICT = str(Path(sys.executable).parent / "interdict")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.*?)\n```", text, re.S)


def test_readme_starts_with_install_and_test_commands() -> None:
    main, tests, offline = readme_commands()[:3]
    assert "pip install -e ." in main and "interdict update;" in main
    assert "interdict screen" in main
    assert tests == "scripts/test"
    assert offline == main.replace("interdict update", "interdict update --from ../shared/lists")
    assert (ROOT / ".ci" / "run").read_text().rstrip().endswith("exec scripts/test")


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERDICT_HOME": str(home)}
    env.pop("INTERDICT_DATABASE_URL", None)
    return subprocess.run(
        [INTERDICT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture()
def mirror() -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES / "listdir_v1"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_online_form_through_a_mirror(mirror: str, tmp_path: Path) -> None:
    loaded = run("update", "--mirror", mirror, "--list", "un", home=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert (tmp_path / "downloads" / "un" / "consolidated.xml").is_file()
    screened = run("screen", "Ghasem Damavandian", "--json", home=tmp_path)
    assert screened.returncode == 0, screened.stderr
    assert json.loads(screened.stdout)["matches"][0]["entity_id"] == "un:XXi.901"
    again = run("update", "--mirror", mirror, "--list", "un", home=tmp_path)
    assert again.returncode == 0 and "unchanged" in again.stderr


def test_lists_missing_on_the_mirror_fail_without_harm(mirror: str, tmp_path: Path) -> None:
    result = run("update", "--mirror", mirror, home=tmp_path)
    assert result.returncode == 1
    assert "404" in result.stderr
    listed = json.loads(run("lists", "--json", home=tmp_path).stdout)
    assert [x["list"] for x in listed] == ["un"]


@pytest.mark.real_lists
def test_offline_form_on_the_real_lists(real_lists_dir: Path, tmp_path: Path) -> None:
    loaded = run("update", "--from", str(real_lists_dir), home=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    screened = run("screen", "Ghassem Damavandian", "--json", home=tmp_path)
    assert screened.returncode == 0, screened.stderr
    ids = [m["entity_id"] for m in json.loads(screened.stdout)["matches"]]
    assert ids[:2] == ["ofac:40416", "uk:RUS1714"]
