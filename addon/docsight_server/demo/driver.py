"""The demo modem: a driver that reads the simulated line instead of a device."""

from __future__ import annotations

from typing import Any

from ..drivers.base import ModemDriver
from ..timeutil import now_epoch
from .line import DemoLine
from .render import as_raw

DEMO_DEVICE = {"manufacturer": "DOCSight", "model": "Demo Router", "sw_version": "Demo v2.0"}
DEMO_CONNECTION = {
    "max_downstream_kbps": 250000,
    "max_upstream_kbps": 40000,
    "connection_type": "Cable",
}
DEMO_WAN_IPV4 = "198.51.100.23"


class DemoDriver(ModemDriver):
    """Serves live readings of a DemoLine (counters run from its last reboot)."""

    key = "demo"
    display_name = "Demo modem"

    def __init__(self, line: DemoLine) -> None:
        """Read from `line`."""
        super().__init__("", "", "")
        self.line = line

    async def login(self) -> None:
        """The demo needs no login."""

    async def get_device_info(self) -> dict[str, Any]:
        """Return the demo identity with a running uptime."""
        return {
            **DEMO_DEVICE,
            "docsis_status": "online",
            "uptime_seconds": max(0, now_epoch() - self.line.counters_since),
            "wan_ipv4": DEMO_WAN_IPV4,
        }

    async def get_connection_info(self) -> dict[str, Any]:
        """Return the provisioned demo speeds."""
        return dict(DEMO_CONNECTION)

    async def get_docsis_data(self) -> dict[str, Any]:
        """Return a fresh reading in the split raw form."""
        return as_raw(self.line, self.line.read(now_epoch()))
