"""The LAN device inventory: devices by MAC, UP/DOWN with a grace period, IP-change history.

Importance decides what reaches the event log. Every device gets status and IP history rows,
and every new device and IP change is an event, but DOWN/UP and RTD issue events are raised
for VITAL devices only, so phones and laptops leaving the house do not flood the log. A new
device is FLOATING, except one first seen holding a default-gateway address of the host (the
router), which starts VITAL. The user marks any device VITAL or FLOATING through the API
(PATCH /api/lan/devices/{id}); the monitor never changes an importance after creation.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.database import Database, after_commit
from ..storage.lan_schema import lan_device_history, lan_devices
from .neighbours import Neighbour, group_by_mac, macs_by_ip
from .vendor import vendor_for

IMPORTANCE = ("VITAL", "FLOATING")


class Status(StrEnum):
    """Device status as Domotz names it (we use ONLINE and DOWN)."""

    ONLINE = "ONLINE"
    DOWN = "DOWN"


class HistoryType(StrEnum):
    """Domotz DeviceHistory types."""

    CREATED = "CREATED"
    UP = "UP"
    DOWN = "DOWN"
    IP_CHANGE = "IP_CHANGE"


@dataclass(slots=True)
class Device:
    """One device of the inventory (what lan_devices stores)."""

    id: int
    mac: str
    ip_addresses: list[str]
    first_seen: int
    last_seen: int
    last_status_change: int
    status: Status = Status.ONLINE
    names: dict[str, str] = field(default_factory=dict)
    vendor: str | None = None
    importance: str = "FLOATING"
    grace_period: int | None = None
    user_data: dict[str, Any] = field(default_factory=dict)
    is_demo: bool = False

    @property
    def display_name(self) -> str:
        """Return the user's name, else a discovered name, else the first IP or the MAC."""
        user_name = self.user_data.get("name")
        if isinstance(user_name, str) and user_name:
            return user_name
        for key in ("host", "bonjour"):
            if self.names.get(key):
                return self.names[key]
        return self.ip_addresses[0] if self.ip_addresses else self.mac

    def grace(self, default: int) -> int:
        """Return this device's grace period (its own, else the default)."""
        return default if self.grace_period is None else self.grace_period


@dataclass(frozen=True, slots=True)
class Change:
    """Something that happened to a device in one round (history row and maybe an event)."""

    kind: HistoryType
    device: Device
    ts: int
    old_ip: tuple[str, ...] = ()
    new_ip: tuple[str, ...] = ()


def _ip_sort_key(text: str) -> tuple[int, int]:
    address = ipaddress.ip_address(text)
    return (address.version, int(address))


def sorted_ips(addresses: Iterable[str]) -> list[str]:
    """Return unique addresses in numeric order (IPv4 first)."""
    return sorted(set(addresses), key=_ip_sort_key)


def _loads(text: str | None, default: Any) -> Any:
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
        ip_addresses=list(_loads(row.ip_addresses, [])),
        first_seen=int(row.first_seen),
        last_seen=int(row.last_seen),
        last_status_change=int(row.last_status_change),
        status=Status(row.status) if row.status in Status.__members__ else Status.ONLINE,
        names=dict(_loads(row.names, {})),
        vendor=row.vendor,
        importance=row.importance,
        grace_period=row.grace_period,
        user_data=dict(_loads(row.user_data, {})),
        is_demo=bool(row.is_demo),
    )


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _next_status(
    device: Device, now: int, alive: bool, default_grace: int, since: int | None
) -> tuple[dict[str, Any], HistoryType | None]:
    """Return the lan_devices values of one round for a device and its status change, if any."""
    if alive:
        if device.status is Status.DOWN:
            values = {"status": Status.ONLINE.value, "last_status_change": now}
            return {"last_seen": now, **values}, HistoryType.UP
        return {"last_seen": now}, None
    silent_since = device.last_seen if since is None else max(device.last_seen, since)
    if device.status is Status.ONLINE and now - silent_since >= device.grace(default_grace):
        return {"status": Status.DOWN.value, "last_status_change": now}, HistoryType.DOWN
    return {}, None


def _apply_status(staged: Iterable[tuple[Device, Mapping[str, Any]]]) -> None:
    for device, values in staged:
        device.last_seen = values.get("last_seen", device.last_seen)
        device.last_status_change = values.get("last_status_change", device.last_status_change)
        device.status = Status(values.get("status", device.status))


def _history_values(change: Change, is_demo: bool) -> dict[str, Any]:
    return {
        "device_id": change.device.id,
        "ts": change.ts,
        "type": change.kind.value,
        "old_ip": _dumps(list(change.old_ip)) if change.kind is HistoryType.IP_CHANGE else None,
        "new_ip": _dumps(list(change.new_ip)) if change.kind is HistoryType.IP_CHANGE else None,
        "is_demo": is_demo,
    }


class Inventory:
    """The in-memory inventory, written through to the database inside the caller's transaction.

    A device is DOWN only after it stayed silent (no probe answer, no fresh neighbour entry) for
    its whole grace period; the first sign of life after that makes it UP again. An address
    belongs to one MAC: when the neighbour table gives it to another one, the device that had
    it loses it (an IP change to the remaining addresses).
    """

    def __init__(self, database: Database) -> None:
        """Bind to the database; call `load()` before use."""
        self.database = database
        self.devices: dict[int, Device] = {}
        self._by_mac: dict[str, Device] = {}

    async def load(self) -> None:
        """Read every live (non-demo) device from the database."""
        async with self.database.read() as connection:
            rows = await connection.execute(
                select(lan_devices).where(lan_devices.c.is_demo.is_(False))
            )
            devices = [device_from_row(row) for row in rows]
        self.devices = {device.id: device for device in devices}
        self._by_mac = {device.mac: device for device in devices}

    def by_mac(self, mac: str) -> Device | None:
        """Return the device with a MAC, or None."""
        return self._by_mac.get(mac)

    def forget(self, device_id: int) -> None:
        """Drop a device from memory (it was deleted from the database)."""
        device = self.devices.pop(device_id, None)
        if device is not None and self._by_mac.get(device.mac) is device:
            del self._by_mac[device.mac]

    async def discover(
        self,
        connection: AsyncConnection,
        now: int,
        neighbours: Sequence[Neighbour],
        gateways: Collection[str] = (),
    ) -> list[Change]:
        """Add new MACs (VITAL when holding a gateway address) and record IP changes.

        A device missing from the table loses the addresses the table gives to another MAC.
        """
        changes: list[Change] = []
        groups = group_by_mac(neighbours)
        for mac, entries in groups.items():
            ips = sorted_ips(entry.ip for entry in entries)
            device = self._by_mac.get(mac)
            if device is None:
                importance = "VITAL" if any(ip in gateways for ip in ips) else "FLOATING"
                device = await self._create(connection, now, mac, ips, importance)
                changes.append(Change(HistoryType.CREATED, device, now, (), tuple(ips)))
            elif ips != device.ip_addresses:
                changes.append(await self._set_ips(connection, now, device, ips))
        holders = macs_by_ip(neighbours)
        for device in list(self.devices.values()):
            if device.mac in groups:
                continue
            kept = [
                ip for ip in device.ip_addresses if ip not in holders or device.mac in holders[ip]
            ]
            if kept != device.ip_addresses:
                changes.append(await self._set_ips(connection, now, device, kept))
        await self._write_history(connection, changes)
        return changes

    async def _set_ips(
        self, connection: AsyncConnection, now: int, device: Device, ips: list[str]
    ) -> Change:
        old = tuple(device.ip_addresses)
        device.ip_addresses = ips
        await connection.execute(
            update(lan_devices)
            .where(lan_devices.c.id == device.id)
            .values(ip_addresses=_dumps(ips))
        )
        return Change(HistoryType.IP_CHANGE, device, now, old, tuple(ips))

    async def _create(
        self, connection: AsyncConnection, now: int, mac: str, ips: list[str], importance: str
    ) -> Device:
        vendor = vendor_for(mac)
        result = await connection.execute(
            lan_devices.insert().values(
                mac=mac,
                ip_addresses=_dumps(ips),
                names="{}",
                vendor=vendor,
                status=Status.ONLINE.value,
                importance=importance,
                user_data="{}",
                first_seen=now,
                last_seen=now,
                last_status_change=now,
                is_demo=False,
            )
        )
        device = Device(
            id=int(result.inserted_primary_key[0]),
            mac=mac,
            ip_addresses=ips,
            first_seen=now,
            last_seen=now,
            last_status_change=now,
            vendor=vendor,
            importance=importance,
        )
        self.devices[device.id] = device
        self._by_mac[mac] = device
        return device

    async def refresh_user_fields(self, connection: AsyncConnection) -> list[int]:
        """Re-read what the user edits through the API; forget deleted devices (their ids)."""
        if not self.devices:
            return []
        rows = await connection.execute(
            select(
                lan_devices.c.id,
                lan_devices.c.importance,
                lan_devices.c.grace_period,
                lan_devices.c.user_data,
            ).where(lan_devices.c.is_demo.is_(False))
        )
        stored: set[int] = set()
        for row in rows:
            stored.add(int(row.id))
            device = self.devices.get(int(row.id))
            if device is not None:
                device.importance = row.importance
                device.grace_period = row.grace_period
                device.user_data = dict(_loads(row.user_data, {}))
        gone = [device_id for device_id in self.devices if device_id not in stored]
        for device_id in gone:
            self.forget(device_id)
        return gone

    async def update_status(
        self,
        connection: AsyncConnection,
        now: int,
        alive: Iterable[int],
        default_grace: int,
        since: int | None = None,
    ) -> list[Change]:
        """Apply one round of liveness: UP at the first sign of life, DOWN after the grace.

        Silence counts from the later of last_seen and `since` (when monitoring started: while
        nobody watched, a device was not silent). The devices change once the transaction has
        committed, so a rolled-back round leaves memory as the database is.
        """
        alive_ids = set(alive)
        changes: list[Change] = []
        staged: list[tuple[Device, dict[str, Any]]] = []
        for device in list(self.devices.values()):
            values, kind = _next_status(device, now, device.id in alive_ids, default_grace, since)
            if kind is not None:
                changes.append(Change(kind, device, now))
            if values:
                await connection.execute(
                    update(lan_devices).where(lan_devices.c.id == device.id).values(**values)
                )
                staged.append((device, values))
        await self._write_history(connection, changes)
        after_commit(connection, lambda: _apply_status(staged))
        return changes

    async def set_names(
        self, connection: AsyncConnection, device_id: int, names: Mapping[str, str]
    ) -> bool:
        """Merge discovered names (host, bonjour) into a device; True when they changed."""
        device = self.devices.get(device_id)
        if device is None:
            return False
        merged = {**device.names, **{key: value for key, value in names.items() if value}}
        if merged == device.names:
            return False
        device.names = merged
        await connection.execute(
            update(lan_devices).where(lan_devices.c.id == device_id).values(names=_dumps(merged))
        )
        return True

    async def _write_history(self, connection: AsyncConnection, changes: list[Change]) -> None:
        if changes:
            await connection.execute(
                lan_device_history.insert(),
                [_history_values(change, change.device.is_demo) for change in changes],
            )
