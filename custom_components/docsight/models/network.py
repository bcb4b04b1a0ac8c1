"""Models of the home network: connection-monitor targets and LAN devices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from . import parse

#: LAN device statuses meaning up: the add-on says ONLINE, Domotz also knows UP.
LAN_STATUS_UP = ("ONLINE", "UP")


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorTarget:
    """A connection-monitor target (GET /api/connection-monitor/targets)."""

    id: int
    label: str | None = None
    host: str | None = None
    enabled: bool = False
    poll_interval_ms: int | None = None
    probe_method: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one target; the id is required."""
        return cls(
            id=int(data["id"]),
            label=parse.text(data.get("label")),
            host=parse.text(data.get("host")),
            enabled=bool(data.get("enabled")),
            poll_interval_ms=parse.integer(data.get("poll_interval_ms")),
            probe_method=parse.text(data.get("probe_method")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetStats:
    """A target's statistics over the last minute (GET /api/connection-monitor/summary)."""

    label: str | None = None
    host: str | None = None
    enabled: bool = False
    sample_count: int | None = None
    avg_latency_ms: float | None = None
    min_latency_ms: float | None = None
    max_latency_ms: float | None = None
    packet_loss_pct: float | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one entry of the summary (latencies are null without answers)."""
        return cls(
            label=parse.text(data.get("label")),
            host=parse.text(data.get("host")),
            enabled=bool(data.get("enabled")),
            sample_count=parse.integer(data.get("sample_count")),
            avg_latency_ms=parse.number(data.get("avg_latency_ms")),
            min_latency_ms=parse.number(data.get("min_latency_ms")),
            max_latency_ms=parse.number(data.get("max_latency_ms")),
            packet_loss_pct=parse.number(data.get("packet_loss_pct")),
        )

    @property
    def reachable(self) -> bool | None:
        """Return True when a probe answered in the last minute (None without probes)."""
        return None if self.packet_loss_pct is None else self.packet_loss_pct < 100


@dataclass(frozen=True, slots=True, kw_only=True)
class LanDevice:
    """A device on the home network (GET /api/lan/devices); names and notes are left out."""

    id: int
    display_name: str | None = None
    hw_address: str | None = None
    ip_addresses: tuple[str, ...] = ()
    vendor: str | None = None
    status: str | None = None
    importance: str | None = None
    last_seen: datetime | None = None
    last_status_change: datetime | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse one device; the id is required."""
        return cls(
            id=int(data["id"]),
            display_name=parse.text(data.get("display_name")),
            hw_address=parse.text(data.get("hw_address")),
            ip_addresses=parse.texts(data.get("ip_addresses")),
            vendor=parse.text(data.get("vendor")),
            status=parse.text(data.get("status")),
            importance=parse.text(data.get("importance")),
            last_seen=parse.iso_time(data.get("last_seen")),
            last_status_change=parse.iso_time(data.get("last_status_change")),
        )

    @property
    def name(self) -> str:
        """Return the device's name: the user's, a discovered one, its MAC or its id."""
        return self.display_name or self.hw_address or str(self.id)

    @property
    def online(self) -> bool | None:
        """Return whether the add-on reports the device up (None for an unknown status)."""
        if self.status == "DOWN":
            return False
        return True if self.status in LAN_STATUS_UP else None


@dataclass(frozen=True, slots=True, kw_only=True)
class LanDevices:
    """The add-on's LAN devices and whether their statuses are current."""

    devices: tuple[LanDevice, ...] = ()
    #: False while LAN monitoring is off (statuses keep their last value).
    monitoring_active: bool = True

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Parse the list; add-ons from before the flag always watched their devices."""
        return cls(
            devices=tuple(LanDevice.from_json(item) for item in parse.items(data.get("devices"))),
            monitoring_active=data.get("monitoring_active") is not False,
        )
