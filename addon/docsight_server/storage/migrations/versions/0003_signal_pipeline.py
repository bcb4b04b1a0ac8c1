"""Signal pipeline: snapshots, channel series and samples, events, device state.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

from docsight_server.storage import schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    schema.snapshots,
    schema.channel_series,
    schema.channel_samples,
    schema.modulation_names,
    schema.events,
    schema.device_state,
)


def upgrade() -> None:
    """Create the signal tables with their indexes."""
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    """Drop the signal tables."""
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
