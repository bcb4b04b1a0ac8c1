"""The API's reads and changes of LAN devices (the monitor keeps its own in-memory view)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update

from ...storage.database import Database
from ...storage.fetch import row_by_id
from ..device_settings import patch_values
from ..models import Device
from ..rtd import RtdBucket, RtdStatistics
from ..schema import lan_device_history, lan_devices, lan_rtd_samples
from .rows import device_from_row, history_json
from .rtd import read_history, read_statistics


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
            row = await row_by_id(connection, lan_devices, device_id)
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

    async def update_device(self, device_id: int, patch: Mapping[str, Any]) -> Device | None:
        """Apply a validated PATCH body (SettingsError when too large); None for unknown ids.

        The monitor re-reads these fields at the start of each round.
        """
        async with self.database.transaction() as connection:
            row = await row_by_id(connection, lan_devices, device_id)
            if row is None:
                return None
            values = patch_values(device_from_row(row), patch)
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
