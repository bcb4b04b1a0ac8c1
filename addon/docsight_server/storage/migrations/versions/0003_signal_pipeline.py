"""Signal pipeline: snapshots, channel series and samples, events, device state.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the signal tables with their indexes."""
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("ds_total", sa.Integer, nullable=True),
        sa.Column("us_total", sa.Integer, nullable=True),
        sa.Column("ds_power_min", sa.Float, nullable=True),
        sa.Column("ds_power_max", sa.Float, nullable=True),
        sa.Column("ds_power_avg", sa.Float, nullable=True),
        sa.Column("us_power_min", sa.Float, nullable=True),
        sa.Column("us_power_max", sa.Float, nullable=True),
        sa.Column("us_power_avg", sa.Float, nullable=True),
        sa.Column("ds_snr_min", sa.Float, nullable=True),
        sa.Column("ds_snr_max", sa.Float, nullable=True),
        sa.Column("ds_snr_avg", sa.Float, nullable=True),
        sa.Column("ds_correctable_errors", sa.BigInteger, nullable=True),
        sa.Column("ds_uncorrectable_errors", sa.BigInteger, nullable=True),
        sa.Column("ds_comparable_correctable_errors", sa.BigInteger, nullable=True),
        sa.Column("ds_comparable_uncorrectable_errors", sa.BigInteger, nullable=True),
        sa.Column("errors_supported", sa.Boolean, nullable=True),
        sa.Column("ds_capacity_mbps", sa.Float, nullable=True),
        sa.Column("us_capacity_mbps", sa.Float, nullable=True),
        sa.Column("ds_scqam_power_avg", sa.Float, nullable=True),
        sa.Column("ds_scqam_snr_avg", sa.Float, nullable=True),
        sa.Column("ds_ofdm_power_avg", sa.Float, nullable=True),
        sa.Column("ds_ofdm_mer_avg", sa.Float, nullable=True),
        sa.Column("us_scqam_power_avg", sa.Float, nullable=True),
        sa.Column("us_ofdma_power_avg", sa.Float, nullable=True),
        sa.Column("ds_uncorr_pct", sa.Float, nullable=True),
        sa.Column("health", sa.String(16), nullable=True),
        sa.Column("health_issues", sa.Text, nullable=False, server_default=""),
        sa.Column("extras", sa.LargeBinary, nullable=True),
        sa.Column("raw_data", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_snapshots_ts", "snapshots", ["ts"], unique=True)

    op.create_table(
        "channel_series",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("identity", sa.String(255), nullable=False, unique=True),
        sa.Column("direction", sa.SmallInteger, nullable=False),
        sa.Column("channel_id", sa.Integer, nullable=False),
        sa.Column("frequency", sa.String(64), nullable=False),
        sa.Column("docsis_version", sa.String(8), nullable=False),
        sa.Column("channel_family", sa.String(16), nullable=False),
        sa.Column("multiplex", sa.String(32), nullable=True),
        sa.Column("selector", sa.String(32), nullable=False),
    )
    op.create_index("ix_channel_series_selector", "channel_series", ["selector"])

    op.create_table(
        "channel_samples",
        sa.Column("series_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("power", sa.Integer, nullable=True),
        sa.Column("snr", sa.Integer, nullable=True),
        sa.Column("corrected", sa.BigInteger, nullable=True),
        sa.Column("uncorrected", sa.BigInteger, nullable=True),
        sa.Column("modulation", sa.SmallInteger, nullable=True),
        sa.Column("profile_modulation", sa.SmallInteger, nullable=True),
        sa.Column("bitrate", sa.Integer, nullable=True),
        sa.Column("health", sa.SmallInteger, nullable=False),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "modulation_names",
        sa.Column("id", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(32), nullable=False, unique=True),
    )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("details", sa.Text, nullable=True),
        sa.Column("acknowledged", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_events_ts", "events", ["ts"])
    op.create_index("ix_events_type_ts", "events", ["event_type", "ts"])

    op.create_table(
        "device_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("uptime_seconds", sa.BigInteger, nullable=True),
        sa.Column("sw_version", sa.String(128), nullable=True),
        sa.Column("wan_ipv4", sa.String(64), nullable=True),
        sa.Column("wan_ipv6", sa.String(64), nullable=True),
        sa.Column("device_info", sa.Text, nullable=True),
        sa.Column("connection_info", sa.Text, nullable=True),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    """Drop the signal tables."""
    op.drop_table("device_state")
    op.drop_index("ix_events_type_ts", table_name="events")
    op.drop_index("ix_events_ts", table_name="events")
    op.drop_table("events")
    op.drop_table("modulation_names")
    op.drop_table("channel_samples")
    op.drop_index("ix_channel_series_selector", table_name="channel_series")
    op.drop_table("channel_series")
    op.drop_index("ix_snapshots_ts", table_name="snapshots")
    op.drop_table("snapshots")
