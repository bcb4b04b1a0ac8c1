"""LAN devices: inventory, addresses, status history, round-trip delay.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the LAN device tables."""
    op.create_table(
        "lan_devices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mac", sa.String(17), nullable=False, unique=True),
        sa.Column("ip_addresses", sa.Text, nullable=False, server_default="[]"),
        sa.Column("names", sa.Text, nullable=False, server_default="{}"),
        sa.Column("vendor", sa.String(128), nullable=True),
        sa.Column("status", sa.String(8), nullable=False, server_default="ONLINE"),
        sa.Column("importance", sa.String(8), nullable=False, server_default="FLOATING"),
        sa.Column("grace_period", sa.Integer, nullable=True),
        sa.Column("user_data", sa.Text, nullable=False, server_default="{}"),
        sa.Column("first_seen", sa.BigInteger, nullable=False),
        sa.Column("last_seen", sa.BigInteger, nullable=False),
        sa.Column("last_status_change", sa.BigInteger, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )

    op.create_table(
        "lan_device_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "device_id",
            sa.Integer,
            sa.ForeignKey("lan_devices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("old_ip", sa.Text, nullable=True),
        sa.Column("new_ip", sa.Text, nullable=True),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_lan_device_history_device_ts", "lan_device_history", ["device_id", "ts"])

    op.create_table(
        "lan_rtd_samples",
        sa.Column(
            "device_id",
            sa.Integer,
            sa.ForeignKey("lan_devices.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("ts", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("sent", sa.Integer, nullable=False),
        sa.Column("lost", sa.Integer, nullable=False),
        sa.Column("min_ms", sa.Float, nullable=True),
        sa.Column("median_ms", sa.Float, nullable=True),
        sa.Column("max_ms", sa.Float, nullable=True),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_lan_rtd_samples_ts", "lan_rtd_samples", ["ts"])


def downgrade() -> None:
    """Drop the LAN device tables."""
    op.drop_index("ix_lan_rtd_samples_ts", table_name="lan_rtd_samples")
    op.drop_table("lan_rtd_samples")
    op.drop_index("ix_lan_device_history_device_ts", table_name="lan_device_history")
    op.drop_table("lan_device_history")
    op.drop_table("lan_devices")
