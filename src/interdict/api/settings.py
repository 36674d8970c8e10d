"""Settings of the HTTP API: one frozen object, built by the CLI, passed to the app.

Nothing in :mod:`interdict.api` reads the environment or module globals for its
configuration; :func:`interdict.api.app.create_app` takes an :class:`ApiSettings`.
With several worker processes the settings travel to the workers as JSON in the
``INTERDICT_API_SETTINGS`` variable (:meth:`ApiSettings.to_json`), set by the CLI.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from interdict.errors import ConfigurationError
from interdict.settings import Settings

LOG_LEVELS = ("debug", "info", "warning", "error")

#: Environment variable carrying the settings to worker processes.
SETTINGS_VARIABLE = "INTERDICT_API_SETTINGS"


@dataclass(frozen=True, slots=True)
class ApiSettings:
    """How the HTTP API runs.

    ``require_auth`` False is ``--insecure-no-auth``: every request is served without
    a key (local experiments only; every response then carries an
    ``X-Interdict-Insecure`` header). ``max_body_bytes`` and ``max_batch`` bound a
    request; ``refresh_seconds`` is how often the active list versions are checked
    (and API keys reloaded); ``max_limit`` caps ``limit`` on ``/match``;
    ``log_level`` applies to every worker process; ``cors_origins`` are the web
    origins allowed to call the API from a browser (none by default; ``*`` for any).
    """

    store: Settings
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    require_auth: bool = True
    max_body_bytes: int = 1_000_000
    max_batch: int = 100
    max_limit: int = 500
    refresh_seconds: float = 30.0
    title: str = "interdict"
    log_level: str = "info"
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        checks = (
            (1 <= self.port <= 65535, "port must be within 1..65535"),
            (1 <= self.workers <= 64, "workers must be within 1..64"),
            (self.max_body_bytes >= 1024, "max body size must be at least 1024 bytes"),
            (1 <= self.max_batch <= 10_000, "max batch must be within 1..10000"),
            (1 <= self.max_limit <= 500, "max limit must be within 1..500"),
            (self.refresh_seconds > 0, "refresh interval must be positive"),
            (self.log_level in LOG_LEVELS, f"log level must be one of {', '.join(LOG_LEVELS)}"),
        )
        for ok, message in checks:
            if not ok:
                raise ConfigurationError(message)

    def to_json(self) -> str:
        data = asdict(self)
        data["store"] = {"home": str(self.store.home), "database_url": self.store.database_url}
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ApiSettings:
        try:
            data = json.loads(text)
            store = data.pop("store")
            data["cors_origins"] = tuple(data.get("cors_origins", ()))
            return cls(
                store=Settings(home=Path(store["home"]), database_url=store["database_url"]),
                **data,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"invalid {SETTINGS_VARIABLE}: {exc}") from exc
