"""The HTTP screening API: a drop-in replacement for the yente ``/match`` API.

Build an app with :func:`interdict.api.app.create_app` from an
:class:`interdict.api.settings.ApiSettings`; ``interdict serve`` runs it with uvicorn.
Nothing here runs at import time.
"""
