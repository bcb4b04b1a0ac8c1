"""Every config key the server knows, with its default (names follow upstream DOCSight)."""

from __future__ import annotations

from typing import Final

MASK: Final = "\u2022" * 8

DEFAULTS: Final[dict[str, str | int | float | bool]] = {
    # Modem and polling
    "modem_type": "fritzbox",
    "modem_url": "http://192.168.178.1",
    "modem_user": "",
    "modem_password": "",
    "poll_interval": 900,
    "history_days": 0,
    "demo_mode": False,
    "admin_password": "",
    "timezone": "",
    "isp_name": "",
    "language": "en",
    "public_url": "",
    "health_hysteresis": 0,
    "gaming_quality_enabled": True,
    "segment_utilization_enabled": True,
    "metrics_require_token": False,
    "booked_download": 0,
    "booked_upload": 0,
    # MQTT
    "mqtt_host": "",
    "mqtt_port": 1883,
    "mqtt_user": "",
    "mqtt_password": "",
    "mqtt_tls_insecure": False,
    "mqtt_topic_prefix": "docsight",
    "mqtt_discovery_prefix": "homeassistant",
    # Speedtest Tracker
    "speedtest_tracker_url": "",
    "speedtest_tracker_token": "",
    "speedtest_tls_insecure": False,
    # Weather, BQM, BNetzA
    "weather_enabled": False,
    "weather_latitude": "",
    "weather_longitude": "",
    "bqm_url": "",
    "bqm_collect_time": "02:00",
    "bnetz_enabled": True,
    "bnetz_watch_enabled": False,
    "bnetz_watch_dir": "/data/bnetz",
    # Connection monitor
    "connection_monitor_enabled": False,
    "connection_monitor_poll_interval_ms": 5000,
    "connection_monitor_probe_method": "auto",
    "connection_monitor_tcp_port": 443,
    "connection_monitor_retention_days": 0,
    "connection_monitor_outage_threshold": 5,
    "connection_monitor_loss_warning_pct": 2.0,
    # LAN device monitoring
    "lan_monitoring_enabled": False,
    "lan_probe_interval_s": 60,
    "lan_down_grace_s": 300,
    "lan_sweep_enabled": False,
    "lan_rtd_latency_warning_ms": 100.0,
    "lan_rtd_loss_warning_pct": 10.0,
    "lan_stop_probing_after_days": 30,
    # Backup
    "backup_enabled": False,
    "backup_path": "/backup",
    "backup_interval_hours": 24,
    "backup_retention": 5,
    # Notifications
    "notify_webhook_url": "",
    "notify_webhook_token": "",
    "notify_min_severity": "warning",
    "notify_cooldown": 3600,
    # Reports
    "report_customer_name": "",
    "report_customer_number": "",
    "report_customer_address": "",
}

SECRET_KEYS: Final = frozenset(
    {
        "modem_password",
        "mqtt_password",
        "speedtest_tracker_token",
        "notify_webhook_token",
        "admin_password",
    }
)

URL_KEYS: Final = frozenset(
    {"modem_url", "bqm_url", "speedtest_tracker_url", "notify_webhook_url", "public_url"}
)

CLAMPS: Final[dict[str, tuple[int, int]]] = {
    "poll_interval": (60, 14400),
    "history_days": (0, 3650),
    "mqtt_port": (1, 65535),
    "connection_monitor_tcp_port": (1, 65535),
    "connection_monitor_poll_interval_ms": (1000, 3_600_000),
    "lan_probe_interval_s": (5, 3600),
    "lan_down_grace_s": (0, 86400),
    "lan_stop_probing_after_days": (0, 3650),
    "backup_interval_hours": (1, 8760),
    "backup_retention": (1, 1000),
}

# Keys the server keeps for itself in the same store; never accepted from or returned to clients.
INTERNAL_KEYS: Final = frozenset({"integration_token"})


def env_name(key: str) -> str:
    """Return the environment variable that overrides a config key."""
    return key.upper()
