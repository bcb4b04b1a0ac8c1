"""The signal core's settings: the modem, polling, history and how results are judged."""

from __future__ import annotations

from ..config.schema import Setting

SETTINGS = (
    Setting("modem_type", "fritzbox"),
    Setting("modem_url", "http://192.168.178.1", url=True),
    Setting("modem_user", ""),
    Setting("modem_password", "", secret=True),
    Setting("poll_interval", 900, limits=(60, 14400)),
    Setting("history_days", 0, limits=(0, 3650)),
    Setting("isp_name", ""),
    Setting("health_hysteresis", 0, limits=(0, 100)),
    Setting("gaming_quality_enabled", True),
    Setting("metrics_require_token", False),
    Setting("booked_download", 0, limits=(0, 100_000)),
    Setting("booked_upload", 0, limits=(0, 100_000)),
)
