"""What the LAN feature knows about a device: the device, its status and its changes."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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
