"""Instance metadata and token kinds (the Home Assistant integration token).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add instance_meta and api_tokens.kind (existing tokens become user tokens)."""
    op.create_table(
        "instance_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.add_column(
        "api_tokens",
        sa.Column("kind", sa.String(16), nullable=False, server_default="user"),
    )


def downgrade() -> None:
    """Remove what upgrade added."""
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("kind")
    op.drop_table("instance_meta")
