"""Connection-monitor tables (targets, samples, rollups, pinned days, traceroutes).

The tables live here; their migrations stay in the one Alembic history (storage/migrations),
which never imports this module.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    delete,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.database import after_commit
from ..storage.schema import demo_flag, flag_column, id_column, key_column, metadata

cm_targets = Table(
    "cm_targets",
    metadata,
    id_column(),
    Column("label", String(200), nullable=False),
    Column("host", String(255), nullable=False, server_default=""),
    flag_column("enabled"),
    Column("poll_interval_ms", Integer, nullable=False),
    Column("probe_method", String(8), nullable=False),
    Column("tcp_port", Integer, nullable=False),
    demo_flag(),
    Column("created_at", BigInteger, nullable=False),
)

TIMEOUT_INDEX = "ix_cm_samples_timeouts"

# One row per probe, the hottest table (50 targets at 1 s is 4.3 million rows a day). Keyed by
# (target_id, ts_ms) without a rowid in SQLite, so a row is its key plus two small integers and
# every read (one target over a time range) is a range scan of the key. Latency is integer
# microseconds (NULL = timeout); method is a code from repository/rows.py METHOD_CODES.
cm_samples = Table(
    "cm_samples",
    metadata,
    key_column("target_id", Integer),
    key_column("ts_ms", BigInteger),
    Column("latency_us", Integer, nullable=True),
    Column("method", SmallInteger, nullable=False),
    # Timeouts only (a small part of the rows): outages are found from these and the sample
    # after each, never by reading every sample of a range.
    Index(
        TIMEOUT_INDEX,
        "target_id",
        "ts_ms",
        sqlite_where=text("latency_us IS NULL"),
        postgresql_where=text("latency_us IS NULL"),
    ),
    sqlite_with_rowid=False,
)

# Rollup buckets of all tiers. The sum (not the mean) is stored so buckets merge exactly.
cm_rollups = Table(
    "cm_rollups",
    metadata,
    key_column("target_id", Integer),
    key_column("bucket_seconds", Integer),
    key_column("bucket_start", BigInteger),
    Column("sample_count", Integer, nullable=False),
    Column("timeouts", Integer, nullable=False),
    Column("latency_sum_us", BigInteger, nullable=False),
    Column("min_us", Integer, nullable=True),
    Column("max_us", Integer, nullable=True),
    Column("p95_us", Integer, nullable=True),
    sqlite_with_rowid=False,
)

cm_pinned_days = Table(
    "cm_pinned_days",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("label", String(200), nullable=True),
    Column("created_at", BigInteger, nullable=False),
    # The day's span in epoch seconds, fixed when it was pinned: [utc_start, utc_end)
    Column("utc_start", BigInteger, nullable=False),
    Column("utc_end", BigInteger, nullable=False),
)

cm_traces = Table(
    "cm_traces",
    metadata,
    id_column(),
    Column("target_id", Integer, nullable=False),
    Column("ts", BigInteger, nullable=False),
    Column("trigger_reason", String(32), nullable=False),
    Column("hop_count", SmallInteger, nullable=False),
    Column("route_fingerprint", String(64), nullable=False),
    Column("reached_target", Boolean, nullable=False),
    demo_flag(),
    Index("ix_cm_traces_target_ts", "target_id", "ts"),
)

cm_trace_hops = Table(
    "cm_trace_hops",
    metadata,
    key_column("trace_id", Integer),
    key_column("hop_index", SmallInteger),
    Column("hop_ip", String(45), nullable=True),
    Column("hop_host", String(255), nullable=True),
    Column("latency_us", Integer, nullable=True),
    Column("probes_responded", SmallInteger, nullable=False),
    sqlite_with_rowid=False,
)


async def purge_demo_children(connection: AsyncConnection) -> int:
    """Delete samples, rollups, traces and hops that belong to demo targets or demo traces."""
    demo_targets = select(cm_targets.c.id).where(cm_targets.c.is_demo.is_(True))
    demo_traces = select(cm_traces.c.id).where(
        or_(cm_traces.c.is_demo.is_(True), cm_traces.c.target_id.in_(demo_targets))
    )
    # The repository imports this module, so its counters are imported here, when used.
    from .repository.buckets import changed_elsewhere

    changed_elsewhere()
    after_commit(connection, changed_elsewhere)
    removed = 0
    for statement in (
        delete(cm_trace_hops).where(cm_trace_hops.c.trace_id.in_(demo_traces)),
        delete(cm_traces).where(cm_traces.c.target_id.in_(demo_targets)),
        delete(cm_rollups).where(cm_rollups.c.target_id.in_(demo_targets)),
        delete(cm_samples).where(cm_samples.c.target_id.in_(demo_targets)),
    ):
        result = await connection.execute(statement)
        removed += max(result.rowcount, 0)
    return removed
