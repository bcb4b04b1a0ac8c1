"""What the LAN routes answer: the JSON shapes (Domotz field names) and their schemas."""

from __future__ import annotations

from typing import Any

from ..http.schema import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    TIME_WINDOW,
    TIMESTAMP,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from ..timeutil import iso_utc
from .models import IMPORTANCE, Device, HistoryType, Status
from .rtd import RtdBucket, RtdStatistics

MILLISECONDS = nullable({**NUMBER, "description": "Milliseconds (null: no answer)"})

DEVICE: JsonSchema = obj(
    {
        "id": INTEGER,
        "display_name": STRING,
        "protocol": enum(["IP"]),
        "hw_address": STRING,
        "ip_addresses": array(STRING),
        "names": mapping(STRING),
        "vendor": nullable(STRING),
        "status": enum([status.value for status in Status]),
        "importance": enum(IMPORTANCE),
        "grace_period": {**INTEGER, "description": "Effective seconds of silence before DOWN"},
        "down_grace_s": nullable({**INTEGER, "description": "The device's own grace period"}),
        "first_seen_on": TIMESTAMP,
        "last_seen": TIMESTAMP,
        "last_status_change": TIMESTAMP,
        "user_data": obj(),
        "agent_reachable": BOOLEAN,
        "is_demo": BOOLEAN,
    }
)

DEVICE_LIST: JsonSchema = obj(
    {
        "devices": array(DEVICE),
        "monitoring_active": {
            **BOOLEAN,
            "description": "False while monitoring is off: statuses are frozen at their last value",
        },
    }
)

HISTORY_ENTRY: JsonSchema = obj(
    {"timestamp": TIMESTAMP, "type": enum([kind.value for kind in HistoryType])},
    {"details": obj({"old_ip": array(STRING), "new_ip": array(STRING)})},
)

HISTORY: JsonSchema = obj({"device_id": INTEGER, **TIME_WINDOW, "history": array(HISTORY_ENTRY)})

RTD_SAMPLE: JsonSchema = obj(
    {
        "timestamp": TIMESTAMP,
        "sent_packet_count": INTEGER,
        "lost_packet_count": INTEGER,
        "min": MILLISECONDS,
        "median": MILLISECONDS,
        "max": MILLISECONDS,
    }
)

RTD_HISTORY: JsonSchema = obj(
    {
        "device_id": INTEGER,
        **TIME_WINDOW,
        "bucket_s": INTEGER,
        "rtd": array(RTD_SAMPLE),
    }
)

RTD_STATISTICS: JsonSchema = obj(
    {
        "rtd": array(
            obj(
                {
                    "device_id": INTEGER,
                    "avg_min": MILLISECONDS,
                    "avg_median": MILLISECONDS,
                    "avg_max": MILLISECONDS,
                    "latest_median": MILLISECONDS,
                    "latest_sent_packet_count": INTEGER,
                    "latest_lost_packet_count": INTEGER,
                    "timestamp": TIMESTAMP,
                }
            )
        )
    }
)


def device_json(device: Device, default_grace: int) -> dict[str, Any]:
    """Return the API shape of a device (Domotz LocalIpDevice fields, ISO UTC times)."""
    return {
        "id": device.id,
        "display_name": device.display_name,
        "protocol": "IP",
        "hw_address": device.mac,
        "ip_addresses": list(device.ip_addresses),
        "names": dict(device.names),
        "vendor": device.vendor,
        "status": device.status.value,
        "importance": device.importance,
        "grace_period": device.grace(default_grace),
        "down_grace_s": device.grace_period,
        "first_seen_on": iso_utc(device.first_seen),
        "last_seen": iso_utc(device.last_seen),
        "last_status_change": iso_utc(device.last_status_change),
        "user_data": dict(device.user_data),
        "agent_reachable": True,
        "is_demo": device.is_demo,
    }


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def rtd_sample_json(bucket: RtdBucket) -> dict[str, Any]:
    """Return the API shape of one RTD bucket (Domotz DeviceRTDHistorySample, numbers in ms)."""
    return {
        "timestamp": iso_utc(bucket.ts),
        "sent_packet_count": bucket.sent,
        "lost_packet_count": bucket.lost,
        "min": _ms(bucket.min_ms),
        "median": _ms(bucket.median_ms),
        "max": _ms(bucket.max_ms),
    }


def statistics_json(statistics: RtdStatistics) -> dict[str, Any]:
    """Return the API shape of a device's RTD statistics (the timestamp as ISO UTC)."""
    return {**statistics.as_json(), "timestamp": iso_utc(statistics.timestamp)}
