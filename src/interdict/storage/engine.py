"""Opening the store: engine creation and schema migration (Alembic)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from interdict.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
#: The newest migration; the store is upgraded when its recorded revision differs.
HEAD_REVISION = "0002"


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``; SQLite gets WAL mode and enforced foreign keys."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
            cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def current_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision the database is at, ``None`` for an empty database."""
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open the store at {engine.url!r}: {exc.orig}") from exc


def migrate(engine: sa.Engine) -> None:
    """Bring the schema up to :data:`HEAD_REVISION` (a no-op when it already is)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
