"""Persistence: SQLAlchemy Core tables, Alembic migrations and the snapshot store.

One code path serves SQLite (the embedded default) and PostgreSQL (team servers).
"""
