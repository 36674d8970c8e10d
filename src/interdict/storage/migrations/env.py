"""Alembic environment: runs migrations on the connection interdict hands over."""

from __future__ import annotations

from alembic import context

from interdict.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("interdict migrations run through interdict.storage.engine.migrate")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
