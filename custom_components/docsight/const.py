"""Constants for the DOCSight integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

DOMAIN: Final = "docsight"
DEFAULT_PORT: Final = 8765
#: The add-on API version this integration speaks (GET /api/instance "api_version").
SUPPORTED_API_VERSION: Final = 1

CONF_TOKEN: Final = "token"
CONF_INSTANCE_ID: Final = "instance_id"
CONF_FALLBACK_INTERVAL: Final = "fallback_interval"
CONF_CHANNEL_SENSORS: Final = "channel_sensors"

DEFAULT_FALLBACK_INTERVAL: Final = 300
#: Polling cadence while the push stream is down (seconds).
FALLBACK_INTERVAL_RANGE: Final = (60, 3600)
SLOW_UPDATE_INTERVAL: Final = timedelta(minutes=15)
#: The connection monitor's summary covers the last 60 s; polling at half that keeps it current.
NETWORK_UPDATE_INTERVAL: Final = timedelta(seconds=30)
STALE_CHANNEL_GRACE: Final = timedelta(days=1)

EVENT_DOCSIGHT: Final = "docsight_event"
#: Unit of power levels (not among Home Assistant's units).
DBMV: Final = "dBmV"
