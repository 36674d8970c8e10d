"""Alembic migration scripts of the interdict store."""
