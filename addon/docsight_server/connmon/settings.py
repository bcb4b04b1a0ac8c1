"""The connection monitor's settings (defaults for new targets, outages, retention)."""

from __future__ import annotations

from ..config.schema import Setting

SETTINGS = (
    Setting("connection_monitor_enabled", False),
    Setting("connection_monitor_poll_interval_ms", 5000, limits=(1000, 3_600_000)),
    Setting("connection_monitor_probe_method", "auto"),
    Setting("connection_monitor_tcp_port", 443, limits=(1, 65535)),
    Setting("connection_monitor_retention_days", 0, limits=(0, 3650)),
    Setting("connection_monitor_outage_threshold", 5, limits=(1, 1000)),
    Setting("connection_monitor_loss_warning_pct", 2.0, limits=(0.0, 100.0)),
)
