"""LAN device tables (inventory, status history, round-trip delay samples)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from ..storage.schema import demo_flag, id_column, key_column, metadata

#: One row per device (identified by its MAC). JSON columns: ip_addresses, names, user_data.
lan_devices = Table(
    "lan_devices",
    metadata,
    id_column(),
    Column("mac", String(17), nullable=False, unique=True),
    Column("ip_addresses", Text, nullable=False, server_default="[]"),
    Column("names", Text, nullable=False, server_default="{}"),
    Column("vendor", String(128), nullable=True),
    Column("status", String(8), nullable=False, server_default="ONLINE"),
    Column("importance", String(8), nullable=False, server_default="FLOATING"),
    Column("grace_period", Integer, nullable=True),  # None: the lan_down_grace_s setting
    Column("user_data", Text, nullable=False, server_default="{}"),
    Column("first_seen", BigInteger, nullable=False),
    Column("last_seen", BigInteger, nullable=False),
    Column("last_status_change", BigInteger, nullable=False),
    demo_flag(),
)

#: Domotz DeviceHistory: CREATED, UP, DOWN, IP_CHANGE (old/new IPs as JSON lists).
lan_device_history = Table(
    "lan_device_history",
    metadata,
    id_column(),
    Column("device_id", Integer, ForeignKey("lan_devices.id", ondelete="CASCADE"), nullable=False),
    Column("ts", BigInteger, nullable=False),
    Column("type", String(16), nullable=False),
    Column("old_ip", Text, nullable=True),
    Column("new_ip", Text, nullable=True),
    demo_flag(),
    Index("ix_lan_device_history_device_ts", "device_id", "ts"),
)

#: One aggregate of the probes of a device in one RTD bucket (ts = bucket start, epoch s).
lan_rtd_samples = Table(
    "lan_rtd_samples",
    metadata,
    Column(
        "device_id",
        Integer,
        ForeignKey("lan_devices.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    key_column("ts", BigInteger),
    Column("sent", Integer, nullable=False),
    Column("lost", Integer, nullable=False),
    Column("min_ms", Float, nullable=True),
    Column("median_ms", Float, nullable=True),
    Column("max_ms", Float, nullable=True),
    demo_flag(),
    Index("ix_lan_rtd_samples_ts", "ts"),
)
