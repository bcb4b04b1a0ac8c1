"""Rows of the LAN tables as models, and the JSON text columns as values."""

from __future__ import annotations

from typing import Any

import orjson

from ...timeutil import iso_utc
from ..models import Device, HistoryType, Status
from ..rtd import RtdBucket


def dumps(value: Any) -> str:
    """Return the JSON text stored in a Text column."""
    return orjson.dumps(value).decode()


def loads(text: str | None, default: Any) -> Any:
    """Return the value of a JSON text column, or `default` when empty, broken or mistyped."""
    if not text:
        return default
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return default
    return value if isinstance(value, type(default)) else default


def device_from_row(row: Any) -> Device:
    """Return the Device of a lan_devices row."""
    return Device(
        id=int(row.id),
        mac=row.mac,
        ip_addresses=list(loads(row.ip_addresses, [])),
        first_seen=int(row.first_seen),
        last_seen=int(row.last_seen),
        last_status_change=int(row.last_status_change),
        status=Status(row.status) if row.status in Status.__members__ else Status.ONLINE,
        names=dict(loads(row.names, {})),
        vendor=row.vendor,
        importance=row.importance,
        grace_period=row.grace_period,
        user_data=dict(loads(row.user_data, {})),
        is_demo=bool(row.is_demo),
    )


def bucket_from_row(row: Any) -> RtdBucket:
    """Return the RtdBucket of a lan_rtd_samples row."""
    return RtdBucket(
        int(row.device_id),
        int(row.ts),
        int(row.sent),
        int(row.lost),
        row.min_ms,
        row.median_ms,
        row.max_ms,
    )


def history_json(row: Any) -> dict[str, Any]:
    """Return the API shape of a lan_device_history row (Domotz DeviceHistory)."""
    entry: dict[str, Any] = {"timestamp": iso_utc(row.ts), "type": row.type}
    if row.type == HistoryType.IP_CHANGE:
        entry["details"] = {"old_ip": _ips(row.old_ip), "new_ip": _ips(row.new_ip)}
    return entry


def _ips(text: str | None) -> list[str]:
    return [str(item) for item in loads(text, [])]
