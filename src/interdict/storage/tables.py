"""The database schema (SQLAlchemy Core). Change it only together with a migration."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

#: One row per loaded list edition. ``status`` moves loading → ready → active →
#: superseded; a snapshot interrupted while loading stays ``loading`` and is never read.
snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("list_name", sa.String(64), nullable=False),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("version", sa.String(128), nullable=False),
    sa.Column("edition", sa.String(255), nullable=False),
    sa.Column("published", sa.String(40), nullable=True),
    sa.Column("loaded_at", sa.String(40), nullable=False),
    sa.Column("entity_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("files", sa.Text, nullable=False, server_default="[]"),
    sa.Column("report", sa.Text, nullable=False, server_default="{}"),
    sa.UniqueConstraint("list_name", "version", name="uq_snapshots_list_version"),
)

#: The entities of each snapshot as JSON documents (``Entity.to_dict``).
entities = sa.Table(
    "entities",
    metadata,
    sa.Column(
        "snapshot_id",
        sa.Integer,
        sa.ForeignKey("snapshots.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("entity_id", sa.String(255), primary_key=True),
    sa.Column("schema", sa.String(32), nullable=False),
    sa.Column("caption", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Index("ix_entities_entity_id", "entity_id"),
)

#: Which snapshot of each list is active. Switching is one UPDATE/INSERT in a
#: transaction, so readers see the old or the new snapshot, never a mix.
active_lists = sa.Table(
    "active_lists",
    metadata,
    sa.Column("list_name", sa.String(64), primary_key=True),
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=False),
    sa.Column("activated_at", sa.String(40), nullable=False),
)

#: Download state per list file, for conditional GET (ETag / Last-Modified).
downloads = sa.Table(
    "downloads",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("downloaded_at", sa.String(40), nullable=False),
)

#: API keys of the HTTP server. Only the SHA-256 of a key is stored; ``prefix`` is its
#: first characters, shown by ``interdict keys list`` so an operator can tell keys
#: apart. ``revoked_at`` set means the key no longer authenticates (rows are kept).
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(128), nullable=False, unique=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)
