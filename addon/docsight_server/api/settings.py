"""The core's settings, and the keys of features still to come (upstream's names)."""

from __future__ import annotations

from ..auth.proxies import parse_networks
from ..config.schema import Setting

CORE_SETTINGS = (
    Setting("demo_mode", False),
    Setting("admin_password", "", secret=True),
    Setting("timezone", ""),
    Setting("language", "en"),
    Setting("public_url", "", url=True),
    # addresses or CIDR ranges of reverse proxies whose X-Forwarded-* headers are believed
    Setting("trusted_proxies", "", max_length=2048, check=parse_networks),
    # with an admin password, serve /metrics without a credential (WAN addresses left out)
    Setting("metrics_public", False),
)

#: Accepted and stored now, because upstream's clients and backups carry them; each moves to
#: its feature's declaration when that feature is built (MQTT, speed tests, weather, BQM,
#: BNetzA, segment load, backup, notifications, reports).
PLANNED_SETTINGS = (
    Setting("segment_utilization_enabled", True),
    Setting("mqtt_host", ""),
    Setting("mqtt_port", 1883, limits=(1, 65535)),
    Setting("mqtt_user", ""),
    Setting("mqtt_password", "", secret=True),
    Setting("mqtt_tls_insecure", False),
    Setting("mqtt_topic_prefix", "docsight"),
    Setting("mqtt_discovery_prefix", "homeassistant"),
    Setting("speedtest_tracker_url", "", url=True),
    Setting("speedtest_tracker_token", "", secret=True),
    Setting("speedtest_tls_insecure", False),
    Setting("weather_enabled", False),
    Setting("weather_latitude", ""),
    Setting("weather_longitude", ""),
    Setting("bqm_url", "", url=True),
    Setting("bqm_collect_time", "02:00"),
    Setting("bnetz_enabled", True),
    Setting("bnetz_watch_enabled", False),
    Setting("bnetz_watch_dir", "/data/bnetz", path=True),
    Setting("backup_enabled", False),
    Setting("backup_path", "/backup", path=True),
    Setting("backup_interval_hours", 24, limits=(1, 8760)),
    Setting("backup_retention", 5, limits=(1, 1000)),
    Setting("notify_webhook_url", "", url=True),
    Setting("notify_webhook_token", "", secret=True),
    Setting("notify_min_severity", "warning"),
    Setting("notify_cooldown", 3600, limits=(0, 30 * 86400)),
    Setting("report_customer_name", ""),
    Setting("report_customer_number", ""),
    Setting("report_customer_address", "", max_length=1024),
)
