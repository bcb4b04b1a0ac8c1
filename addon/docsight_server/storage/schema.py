"""Table definitions (SQLAlchemy Core). Migrations in migrations/versions create them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

metadata = MetaData()


def id_column() -> Column[int]:
    """Return the table's own autoincrement integer key, "id"."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


def key_column(name: str, kind: type[TypeEngine[Any]] | TypeEngine[Any]) -> Column[Any]:
    """Return one column of a natural (composite) primary key: never autoincremented."""
    return Column(name, kind, primary_key=True, autoincrement=False)


def flag_column(name: str) -> Column[bool]:
    """Return a boolean column that is false unless set."""
    return Column(name, Boolean, nullable=False, server_default="0")


def demo_flag() -> Column[bool]:
    """Return the is_demo column of a table demo mode writes to (leaving it purges the rows)."""
    return flag_column("is_demo")


config_entries = Table(
    "config_entries",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", Integer, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("token_prefix", String(8), nullable=False),
    Column("kind", String(16), nullable=False, server_default="user"),
    Column("created_at", Integer, nullable=False),
    Column("last_used_at", Integer, nullable=True),
    flag_column("revoked"),
    Index("ix_api_tokens_prefix", "token_prefix"),
)

instance_meta = Table(
    "instance_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: One column per scalar summary field of an analysis (the names match the API's summary keys).
SNAPSHOT_SCALARS: dict[str, TypeEngine[Any] | type[TypeEngine[Any]]] = {
    "ds_total": Integer,
    "us_total": Integer,
    "ds_power_min": Float,
    "ds_power_max": Float,
    "ds_power_avg": Float,
    "us_power_min": Float,
    "us_power_max": Float,
    "us_power_avg": Float,
    "ds_snr_min": Float,
    "ds_snr_max": Float,
    "ds_snr_avg": Float,
    "ds_correctable_errors": BigInteger,
    "ds_uncorrectable_errors": BigInteger,
    "ds_comparable_correctable_errors": BigInteger,
    "ds_comparable_uncorrectable_errors": BigInteger,
    "errors_supported": Boolean,
    "ds_capacity_mbps": Float,
    "us_capacity_mbps": Float,
    "ds_scqam_power_avg": Float,
    "ds_scqam_snr_avg": Float,
    "ds_ofdm_power_avg": Float,
    "ds_ofdm_mer_avg": Float,
    "us_scqam_power_avg": Float,
    "us_ofdma_power_avg": Float,
    "ds_uncorr_pct": Float,
    "health": String(16),
}


def snapshot_columns() -> list[Column[Any]]:
    """Return fresh Column objects for the snapshots table."""
    return [
        id_column(),
        Column("ts", BigInteger, nullable=False),
        demo_flag(),
        *(Column(name, kind, nullable=True) for name, kind in SNAPSHOT_SCALARS.items()),
        Column("health_issues", Text, nullable=False, server_default=""),
        # zlib-compressed JSON: error baseline, spike suppression, analysis meta, device info
        Column("extras", LargeBinary, nullable=True),
        Column("raw_data", LargeBinary, nullable=True),
        # JSON bytes of the summary parts without a column (signal_families, coverage, ...)
        Column("summary_json", LargeBinary, nullable=True),
    ]


snapshots = Table(
    "snapshots",
    metadata,
    *snapshot_columns(),
    Index("ix_snapshots_ts", "ts", unique=True),
)

channel_series = Table(
    "channel_series",
    metadata,
    id_column(),
    Column("identity", String(255), nullable=False, unique=True),
    Column("direction", SmallInteger, nullable=False),
    Column("channel_id", Integer, nullable=False),
    Column("frequency", String(64), nullable=False),
    Column("docsis_version", String(8), nullable=False),
    Column("channel_family", String(16), nullable=False),
    Column("multiplex", String(32), nullable=True),
    Column("selector", String(32), nullable=False),
    Index("ix_channel_series_selector", "selector"),
)

# Values are stored as integers in hundredths (dB, dBmV, Mbit/s): two bytes a value in SQLite
# instead of eight, which keeps 270 days of 30 channels near 35 bytes a row. The key
# (series_id, ts) serves both reads: one channel over time is a range scan, all channels at one
# time is one seek per series (a modem has a few dozen), so no second index is needed.
channel_samples = Table(
    "channel_samples",
    metadata,
    key_column("series_id", Integer),
    key_column("ts", BigInteger),
    Column("power", Integer, nullable=True),
    Column("snr", Integer, nullable=True),
    Column("corrected", BigInteger, nullable=True),
    Column("uncorrected", BigInteger, nullable=True),
    Column("modulation", SmallInteger, nullable=True),
    Column("profile_modulation", SmallInteger, nullable=True),
    Column("bitrate", Integer, nullable=True),
    Column("health", SmallInteger, nullable=False),
    sqlite_with_rowid=False,
)

modulation_names = Table(
    "modulation_names",
    metadata,
    key_column("id", SmallInteger),
    Column("name", String(32), nullable=False, unique=True),
)

events = Table(
    "events",
    metadata,
    id_column(),
    Column("ts", BigInteger, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("details", Text, nullable=True),
    flag_column("acknowledged"),
    demo_flag(),
    Index("ix_events_ts", "ts"),
    Index("ix_events_type_ts", "event_type", "ts"),
)

device_state = Table(
    "device_state",
    metadata,
    key_column("id", Integer),
    Column("uptime_seconds", BigInteger, nullable=True),
    Column("sw_version", String(128), nullable=True),
    Column("wan_ipv4", String(64), nullable=True),
    Column("wan_ipv6", String(64), nullable=True),
    Column("device_info", Text, nullable=True),
    Column("connection_info", Text, nullable=True),
    Column("updated_at", BigInteger, nullable=False),
)
