"""Writes of the monitor (and the demo) to lan_devices and lan_device_history.

Every function runs inside the caller's transaction, so a round's changes commit together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.bulk import bulk_insert
from ..models import Change, Device, HistoryType
from ..schema import lan_device_history, lan_devices
from .rows import device_from_row, dumps, loads

HISTORY_COLUMNS = ("device_id", "ts", "type", "old_ip", "new_ip", "is_demo")
#: One history entry: device id, time, type, old addresses, new addresses.
HistoryEntry = tuple[int, int, HistoryType, Sequence[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class UserFields:
    """What the user edits on a device through the API (the monitor re-reads it each round)."""

    device_id: int
    importance: str
    grace_period: int | None
    user_data: dict[str, Any]


async def live_devices(connection: AsyncConnection) -> list[Device]:
    """Return every live (non-demo) device."""
    rows = await connection.execute(select(lan_devices).where(lan_devices.c.is_demo.is_(False)))
    return [device_from_row(row) for row in rows]


async def insert_device(connection: AsyncConnection, device: Device) -> int:
    """Insert a device (its id is ignored); return the id it got."""
    result = await connection.execute(
        lan_devices.insert().values(
            mac=device.mac,
            ip_addresses=dumps(device.ip_addresses),
            names=dumps(device.names),
            vendor=device.vendor,
            status=device.status.value,
            importance=device.importance,
            grace_period=device.grace_period,
            user_data=dumps(device.user_data),
            first_seen=device.first_seen,
            last_seen=device.last_seen,
            last_status_change=device.last_status_change,
            is_demo=device.is_demo,
        )
    )
    return int(result.inserted_primary_key[0])


async def set_ip_addresses(connection: AsyncConnection, device_id: int, ips: list[str]) -> None:
    """Store a device's addresses."""
    await _set(connection, device_id, {"ip_addresses": dumps(ips)})


async def set_names(connection: AsyncConnection, device_id: int, names: Mapping[str, str]) -> None:
    """Store a device's discovered names."""
    await _set(connection, device_id, {"names": dumps(dict(names))})


async def set_status(
    connection: AsyncConnection, device_id: int, values: Mapping[str, Any]
) -> None:
    """Store a round's last_seen, status and last_status_change values of a device."""
    await _set(connection, device_id, values)


async def store_state(connection: AsyncConnection, device: Device) -> None:
    """Store a device's addresses, status and times as they are in memory."""
    await _set(
        connection,
        device.id,
        {
            "ip_addresses": dumps(device.ip_addresses),
            "status": device.status.value,
            "first_seen": device.first_seen,
            "last_seen": device.last_seen,
            "last_status_change": device.last_status_change,
        },
    )


async def _set(connection: AsyncConnection, device_id: int, values: Mapping[str, Any]) -> None:
    await connection.execute(
        update(lan_devices).where(lan_devices.c.id == device_id).values(**values)
    )


async def user_fields(connection: AsyncConnection) -> list[UserFields]:
    """Return the user-edited fields of every live device."""
    rows = await connection.execute(
        select(
            lan_devices.c.id,
            lan_devices.c.importance,
            lan_devices.c.grace_period,
            lan_devices.c.user_data,
        ).where(lan_devices.c.is_demo.is_(False))
    )
    return [
        UserFields(int(row.id), row.importance, row.grace_period, dict(loads(row.user_data, {})))
        for row in rows
    ]


async def insert_changes(connection: AsyncConnection, changes: Sequence[Change]) -> None:
    """Store the history rows of a round's changes."""
    if changes:
        await connection.execute(
            lan_device_history.insert(),
            [
                dict(
                    zip(
                        HISTORY_COLUMNS,
                        _history_row(_entry(change), change.device.is_demo),
                        strict=True,
                    )
                )
                for change in changes
            ],
        )


async def insert_history(
    connection: AsyncConnection, entries: Iterable[HistoryEntry], *, is_demo: bool
) -> int:
    """Store many history entries at once (the demo's week); return how many."""
    rows = [_history_row(entry, is_demo) for entry in entries]
    await bulk_insert(connection, lan_device_history, HISTORY_COLUMNS, rows)
    return len(rows)


def _entry(change: Change) -> HistoryEntry:
    return (change.device.id, change.ts, change.kind, change.old_ip, change.new_ip)


def _history_row(entry: HistoryEntry, is_demo: bool) -> tuple[Any, ...]:
    device_id, ts, kind, old, new = entry
    moved = kind is HistoryType.IP_CHANGE
    return (
        device_id,
        ts,
        kind.value,
        dumps(list(old)) if moved else None,
        dumps(list(new)) if moved else None,
        is_demo,
    )
