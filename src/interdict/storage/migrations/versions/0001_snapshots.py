"""List snapshots, their entities, the active pointer and download state.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
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
    op.create_table(
        "entities",
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
    )
    op.create_index("ix_entities_entity_id", "entities", ["entity_id"])
    op.create_table(
        "active_lists",
        sa.Column("list_name", sa.String(64), primary_key=True),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id"), nullable=False),
        sa.Column("activated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "downloads",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("downloaded_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("downloads")
    op.drop_table("active_lists")
    op.drop_index("ix_entities_entity_id", table_name="entities")
    op.drop_table("entities")
    op.drop_table("snapshots")
