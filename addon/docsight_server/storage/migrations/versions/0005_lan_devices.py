"""LAN devices: inventory, addresses, status history, round-trip delay.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from docsight_server.storage.lan_schema import TABLES

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the LAN device tables."""
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    """Drop the LAN device tables."""
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
