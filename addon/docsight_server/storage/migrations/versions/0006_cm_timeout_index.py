"""Connection monitor: an index of the timed-out samples, for finding outages quickly.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Index (target_id, ts_ms) of the samples without a latency (timeouts) only."""
    only_timeouts = sa.text("latency_us IS NULL")
    op.create_index(
        "ix_cm_samples_timeouts",
        "cm_samples",
        ["target_id", "ts_ms"],
        sqlite_where=only_timeouts,
        postgresql_where=only_timeouts,
    )


def downgrade() -> None:
    """Drop the index of timed-out samples."""
    op.drop_index("ix_cm_samples_timeouts", table_name="cm_samples")
