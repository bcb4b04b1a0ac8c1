"""Reads of the LAN tables for the API (the monitor itself keeps its own in-memory view)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy import delete, select, update

from ..storage.database import Database
from ..storage.lan_schema import lan_device_history, lan_devices, lan_rtd_samples
from ..timeutil import iso_utc
from .device_settings import validate_patch
from .inventory import Device, device_from_row
from .rtd import RtdBucket, RtdStatistics, read_history, read_statistics


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
    """Queries over the LAN tables and the user's device settings."""

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

    async def update_device(self, device_id: int, body: Mapping[str, Any]) -> Device | None:
        """Apply a validated PATCH body (SettingsError when invalid); None for unknown ids.

        The monitor re-reads these fields at the start of each round.
        """
        async with self.database.transaction() as connection:
            row = (
                await connection.execute(select(lan_devices).where(lan_devices.c.id == device_id))
            ).first()
            if row is None:
                return None
            values = validate_patch(device_from_row(row), body)
            await connection.execute(
                update(lan_devices).where(lan_devices.c.id == device_id).values(**values)
            )
            row = (
                await connection.execute(select(lan_devices).where(lan_devices.c.id == device_id))
            ).one()
        return device_from_row(row)

    async def delete_device(self, device_id: int) -> bool:
        """Delete a device with its history and RTD samples; False for unknown ids.

        SQLite hands a deleted id out again, so the rows are deleted here rather than left to
        ON DELETE CASCADE (which needs the foreign_keys pragma): a later device inherits
        nothing. The monitor forgets the device at its next transaction.
        """
        async with self.database.transaction() as connection:
            for table in (lan_rtd_samples, lan_device_history):
                await connection.execute(delete(table).where(table.c.device_id == device_id))
            result = await connection.execute(
                delete(lan_devices).where(lan_devices.c.id == device_id)
            )
        return bool(result.rowcount)

    async def rtd_history(self, device_id: int, start: int, end: int) -> list[RtdBucket]:
        """Return a device's RTD buckets between start and end, oldest first."""
        async with self.database.read() as connection:
            return await read_history(connection, device_id, start, end)

    async def rtd_statistics(self, now: int) -> list[RtdStatistics]:
        """Return the RTD statistics of every device with samples in the last week."""
        async with self.database.read() as connection:
            return await read_statistics(connection, now)
