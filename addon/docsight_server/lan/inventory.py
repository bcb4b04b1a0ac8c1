"""The LAN device inventory: devices by MAC, UP/DOWN with a grace period, IP-change history.

Importance decides what reaches the event log. Every device gets status and IP history rows,
and every new device and IP change is an event, but DOWN/UP and RTD issue events are raised
for VITAL devices only, so phones and laptops leaving the house do not flood the log. A new
device is FLOATING, except one first seen holding a default-gateway address of the host (the
router), which starts VITAL. The user marks any device VITAL or FLOATING through the API
(PATCH /api/lan/devices/{id}); the monitor never changes an importance after creation.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.database import Database, after_commit
from .models import Change, Device, HistoryType, Status, sorted_ips
from .neighbours import Neighbour, group_by_mac, macs_by_ip
from .repository import inventory as store
from .vendor import vendor_for


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
            devices = await store.live_devices(connection)
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
        await store.set_ip_addresses(connection, device.id, ips)
        return Change(HistoryType.IP_CHANGE, device, now, old, tuple(ips))

    async def _create(
        self, connection: AsyncConnection, now: int, mac: str, ips: list[str], importance: str
    ) -> Device:
        device = Device(
            id=0,
            mac=mac,
            ip_addresses=ips,
            first_seen=now,
            last_seen=now,
            last_status_change=now,
            vendor=vendor_for(mac),
            importance=importance,
        )
        device.id = await store.insert_device(connection, device)
        self.devices[device.id] = device
        self._by_mac[mac] = device
        return device

    async def refresh_user_fields(self, connection: AsyncConnection) -> list[int]:
        """Re-read what the user edits through the API; forget deleted devices (their ids)."""
        if not self.devices:
            return []
        stored: set[int] = set()
        for fields in await store.user_fields(connection):
            stored.add(fields.device_id)
            device = self.devices.get(fields.device_id)
            if device is not None:
                device.importance = fields.importance
                device.grace_period = fields.grace_period
                device.user_data = fields.user_data
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
                await store.set_status(connection, device.id, values)
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
        await store.set_names(connection, device_id, merged)
        return True

    async def _write_history(self, connection: AsyncConnection, changes: list[Change]) -> None:
        await store.insert_changes(connection, changes)
