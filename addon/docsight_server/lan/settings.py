"""LAN monitoring settings: their declarations and tolerant accessors."""

from __future__ import annotations

from typing import Any, Protocol

from ..config.schema import Setting

SETTINGS = (
    Setting("lan_monitoring_enabled", False),
    Setting("lan_probe_interval_s", 60, limits=(5, 3600)),
    Setting("lan_down_grace_s", 300, limits=(0, 86400)),
    Setting("lan_sweep_enabled", False),
    Setting("lan_rtd_latency_warning_ms", 100.0, limits=(0.0, 60_000.0)),
    Setting("lan_rtd_loss_warning_pct", 10.0, limits=(0.0, 100.0)),
    Setting("lan_stop_probing_after_days", 30, limits=(0, 3650)),
)
DEFAULTS: dict[str, Any] = {setting.key: setting.default for setting in SETTINGS}
MINIMUM_PROBE_INTERVAL_S = 5
MAXIMUM_STOP_PROBING_DAYS = 3650
TRUE_WORDS = {"1", "true", "yes", "on"}


class SettingsView(Protocol):
    """What LAN monitoring needs from the settings object."""

    def get(self, key: str) -> Any:
        """Return the effective value of a key (KeyError when the key is unknown)."""


def _coerce(default: Any, value: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.strip().lower() in TRUE_WORDS
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError):
        return default
    return value


def lan_setting(settings: SettingsView, key: str) -> Any:
    """Return a LAN setting, or its default when the configuration does not know the key."""
    default = DEFAULTS[key]
    try:
        value = settings.get(key)
    except KeyError:
        return default
    return default if value is None else _coerce(default, value)


def probe_interval(settings: SettingsView) -> int:
    """Return the probe interval in seconds (never below the minimum)."""
    return max(MINIMUM_PROBE_INTERVAL_S, int(lan_setting(settings, "lan_probe_interval_s")))


def down_grace(settings: SettingsView) -> int:
    """Return the default grace period in seconds before a silent device is DOWN."""
    return max(0, int(lan_setting(settings, "lan_down_grace_s")))


def stop_probing_after(settings: SettingsView) -> int | None:
    """Return the seconds after which a DOWN device is no longer probed (None: never stop)."""
    days = int(lan_setting(settings, "lan_stop_probing_after_days"))
    days = min(max(0, days), MAXIMUM_STOP_PROBING_DAYS)
    return days * 86400 if days else None
