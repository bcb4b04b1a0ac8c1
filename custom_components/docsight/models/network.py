"""Models of the home network: connection-monitor targets and LAN devices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import parse

#: LAN device statuses meaning up: the add-on says ONLINE, Domotz also knows UP.
LAN_STATUS_UP = ("ONLINE", "UP")


@dataclass(frozen=True, slots=True, kw_only=True)
class MonitorTarget(parse.JsonModel):
    """A connection-monitor target (GET /api/connection-monitor/targets)."""

    id: int
    label: str | None = None
    host: str | None = None
    enabled: bool = False
    poll_interval_ms: int | None = None
    probe_method: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetStats(parse.JsonModel):
    """A target's statistics over the last minute (GET /api/connection-monitor/summary).

    The latencies are null without answers.
    """

    label: str | None = None
    host: str | None = None
    enabled: bool = False
    sample_count: int | None = None
    avg_latency_ms: float | None = None
    min_latency_ms: float | None = None
    max_latency_ms: float | None = None
    packet_loss_pct: float | None = None

    @property
    def reachable(self) -> bool | None:
        """Return True when a probe answered in the last minute (None without probes)."""
        return None if self.packet_loss_pct is None else self.packet_loss_pct < 100


@dataclass(frozen=True, slots=True, kw_only=True)
class LanDevice(parse.JsonModel):
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
class LanDevices(parse.JsonModel):
    """The add-on's LAN devices and whether their statuses are current."""

    devices: tuple[LanDevice, ...] = ()
    #: False while LAN monitoring is off (statuses keep their last value); add-ons from before
    #: the flag always watched their devices.
    monitoring_active: bool = True
