"""The LAN monitor's service on the server context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..feature import ServiceKey

if TYPE_CHECKING:
    from .service import LanMonitor

LAN_MONITOR: ServiceKey[LanMonitor] = ServiceKey("lan_monitor")
