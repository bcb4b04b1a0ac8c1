"""Connection monitor: targets, samples, rollups, pinned days, traceroutes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from docsight_server.storage.connmon_schema import TABLES

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the connection-monitor tables."""
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    """Drop the connection-monitor tables."""
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
