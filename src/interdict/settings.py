"""Settings, read once by the adapters (CLI, HTTP server) and passed down explicitly.

``INTERDICT_HOME`` (default ``~/.interdict``) holds the SQLite store, the saved
match indexes and downloaded list files. ``INTERDICT_DATABASE_URL`` selects another
store, e.g. ``postgresql+psycopg://user@host/interdict`` for a team server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: Environment variables interdict reads, with what they mean (documented in docs/).
ENVIRONMENT = {
    "INTERDICT_HOME": "Directory for the SQLite store, indexes and downloads (default ~/.interdict).",
    "INTERDICT_DATABASE_URL": "SQLAlchemy URL of the snapshot store (default: SQLite in INTERDICT_HOME).",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Where interdict keeps its state."""

    home: Path
    database_url: str

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def download_dir(self) -> Path:
        return self.home / "downloads"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = Path(env.get("INTERDICT_HOME") or Path.home() / ".interdict").expanduser()
        url = env.get("INTERDICT_DATABASE_URL") or f"sqlite:///{home / 'interdict.db'}"
        return cls(home=home, database_url=url)
