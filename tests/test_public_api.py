from __future__ import annotations

import subprocess
import sys

import pytest

import interdict

PUBLIC = [
    "Entity",
    "EntityBuilder",
    "IndexCache",
    "InterdictError",
    "Match",
    "MatchIndex",
    "PaymentPolicy",
    "Policy",
    "Query",
    "Screener",
    "ScreeningResult",
    "Settings",
    "SnapshotStore",
    "__version__",
    "build_index",
    "open_screener",
    "screen_message",
]


def test_all_is_pinned() -> None:
    assert sorted(interdict.__all__) == sorted(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(interdict, name) is not None


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        interdict.nothing_here  # noqa: B018


def test_import_is_cheap() -> None:
    code = "import sys, interdict; print(any(m.startswith('interdict.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_open_screener_end_to_end(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from interdict.lists.update import update_from_directory

    fixtures = Path(__file__).parent / "fixtures" / "listdir_v1"
    settings = interdict.Settings.from_env({"INTERDICT_HOME": str(tmp_path)})
    store = interdict.SnapshotStore.open(settings.database_url)
    update_from_directory(store, fixtures)
    store.close()
    screener = interdict.open_screener(settings)
    result = screener.screen(interdict.Query.build(["Ghasem Damavandian"]))
    assert result.matches[0].entity_id == "un:XXi.901"


def test_exports_match_all() -> None:
    assert sorted(interdict._EXPORTS) == sorted(n for n in PUBLIC if n != "__version__")
