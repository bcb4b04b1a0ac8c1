"""Reads of the LAN tables for the API (the monitor itself keeps its own in-memory view)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from ..storage.database import Database
from ..storage.lan_schema import lan_device_history, lan_devices
from ..timeutil import iso_utc
from .inventory import Device, device_from_row
from .rtd import RtdStatistics, read_statistics


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
        "first_seen_on": iso_utc(device.first_seen),
        "last_seen": iso_utc(device.last_seen),
        "last_status_change": iso_utc(device.last_status_change),
        "user_data": dict(device.user_data),
        "agent_reachable": True,
        "is_demo": device.is_demo,
    }


def _ips(text: str | None) -> list[str]:
    if not text:
        return []
    value = orjson.loads(text)
    return [str(item) for item in value] if isinstance(value, list) else []


def history_json(row: Any) -> dict[str, Any]:
    """Return the API shape of a history row (Domotz DeviceHistory)."""
    entry: dict[str, Any] = {"timestamp": iso_utc(row.ts), "type": row.type}
    if row.type == "IP_CHANGE":
        entry["details"] = {"old_ip": _ips(row.old_ip), "new_ip": _ips(row.new_ip)}
    return entry


class LanRepository:
    """Read-only queries over the LAN tables."""

    def __init__(self, database: Database) -> None:
        """Bind to the database."""
        self.database = database

    async def devices(self, status: str | None = None) -> list[Device]:
        """Return every device (optionally of one status), by id."""
        statement = select(lan_devices).order_by(lan_devices.c.id)
        if status is not None:
            statement = statement.where(lan_devices.c.status == status)
        async with self.database.read() as connection:
            return [device_from_row(row) for row in await connection.execute(statement)]

    async def device(self, device_id: int) -> Device | None:
        """Return one device, or None."""
        async with self.database.read() as connection:
            row = (
                await connection.execute(select(lan_devices).where(lan_devices.c.id == device_id))
            ).first()
        return None if row is None else device_from_row(row)

    async def history(self, device_id: int, start: int, end: int) -> list[dict[str, Any]]:
        """Return a device's status/IP history between start and end, oldest first."""
        table = lan_device_history
        statement = (
            select(table)
            .where(table.c.device_id == device_id, table.c.ts >= start, table.c.ts <= end)
            .order_by(table.c.ts, table.c.id)
        )
        async with self.database.read() as connection:
            return [history_json(row) for row in await connection.execute(statement)]

    async def rtd_statistics(self, now: int) -> list[RtdStatistics]:
        """Return the RTD statistics of every device with samples in the last week."""
        async with self.database.read() as connection:
            return await read_statistics(connection, now)
