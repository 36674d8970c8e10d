"""Running the API with uvicorn (called by ``interdict serve``).

One worker serves the app object built here; several workers (separate processes,
for CPU parallelism) each build their app through
:func:`interdict.api.app.app_from_environment`, the settings travelling as JSON in
``INTERDICT_API_SETTINGS``. The parent binds the listening socket once (with
``TCP_NODELAY``) and every worker accepts on it. Each serving process shortens its
GIL switch interval (:func:`interdict.api.executor.configure_thread_switching`).
uvicorn picks ``uvloop`` and ``httptools`` when installed (``uvicorn[standard]``).
"""

from __future__ import annotations

import os
import socket

from interdict.api.settings import SETTINGS_VARIABLE, ApiSettings


def run(settings: ApiSettings) -> None:
    """Serve until interrupted (blocking)."""
    import uvicorn

    common = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,  # interdict.api.logs configures logging
        "access_log": False,  # the request middleware logs each request
        "proxy_headers": False,
        "server_header": False,
    }
    if settings.workers == 1:
        from interdict.api.app import create_app
        from interdict.api.executor import configure_thread_switching

        configure_thread_switching()
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
        return
    from uvicorn.supervisors import Multiprocess

    os.environ[SETTINGS_VARIABLE] = settings.to_json()
    config = uvicorn.Config(
        "interdict.api.app:app_from_environment",
        factory=True,
        workers=settings.workers,
        **common,  # type: ignore[arg-type]
    )
    sock = config.bind_socket()
    # uvicorn's shared socket has proto 0, so asyncio does not set TCP_NODELAY on the
    # connections it accepts; responses then stall ~40 ms on delayed ACKs. On Linux,
    # accepted sockets inherit the option from the listening socket.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()
