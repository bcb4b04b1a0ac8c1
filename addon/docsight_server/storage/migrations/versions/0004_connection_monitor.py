"""Connection monitor: targets, samples, rollups, pinned days, traceroutes.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the connection-monitor tables."""
    op.create_table(
        "cm_targets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("host", sa.String(255), nullable=False, server_default=""),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("poll_interval_ms", sa.Integer, nullable=False),
        sa.Column("probe_method", sa.String(8), nullable=False),
        sa.Column("tcp_port", sa.Integer, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "cm_samples",
        sa.Column("target_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts_ms", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("latency_us", sa.Integer, nullable=True),
        sa.Column("method", sa.SmallInteger, nullable=False),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "cm_rollups",
        sa.Column("target_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bucket_seconds", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bucket_start", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("sample_count", sa.Integer, nullable=False),
        sa.Column("timeouts", sa.Integer, nullable=False),
        sa.Column("latency_sum_us", sa.BigInteger, nullable=False),
        sa.Column("min_us", sa.Integer, nullable=True),
        sa.Column("max_us", sa.Integer, nullable=True),
        sa.Column("p95_us", sa.Integer, nullable=True),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "cm_pinned_days",
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("label", sa.String(200), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("utc_start", sa.BigInteger, nullable=False),
        sa.Column("utc_end", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "cm_traces",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target_id", sa.Integer, nullable=False),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("trigger_reason", sa.String(32), nullable=False),
        sa.Column("hop_count", sa.SmallInteger, nullable=False),
        sa.Column("route_fingerprint", sa.String(64), nullable=False),
        sa.Column("reached_target", sa.Boolean, nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_cm_traces_target_ts", "cm_traces", ["target_id", "ts"])

    op.create_table(
        "cm_trace_hops",
        sa.Column("trace_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("hop_index", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("hop_ip", sa.String(45), nullable=True),
        sa.Column("hop_host", sa.String(255), nullable=True),
        sa.Column("latency_us", sa.Integer, nullable=True),
        sa.Column("probes_responded", sa.SmallInteger, nullable=False),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Drop the connection-monitor tables."""
    op.drop_table("cm_trace_hops")
    op.drop_index("ix_cm_traces_target_ts", table_name="cm_traces")
    op.drop_table("cm_traces")
    op.drop_table("cm_pinned_days")
    op.drop_table("cm_rollups")
    op.drop_table("cm_samples")
    op.drop_table("cm_targets")
