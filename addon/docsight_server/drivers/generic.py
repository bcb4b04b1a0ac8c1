"""The generic router: no DOCSIS data, for users who only want the other monitors."""

from __future__ import annotations

from typing import Any

from .base import ModemDriver


class GenericDriver(ModemDriver):
    """A router without a cable modem: empty channel tables, a fixed identity."""

    key = "generic"
    display_name = "Generic Router (no DOCSIS)"
    default_url = "http://192.168.1.1"
    models = "Any router without cable-modem data"
    login_method = "none (the router is not contacted)"
    reads = "nothing: empty channel tables and a fixed identity"
    limits = "No DOCSIS data; for users who only want the other monitors"

    async def login(self) -> None:
        """Nothing to log in to."""

    async def get_device_info(self) -> dict[str, Any]:
        """Return the fixed identity."""
        return {"manufacturer": "N/A", "model": "Generic Router", "sw_version": "N/A"}

    async def get_connection_info(self) -> dict[str, Any]:
        """A router has no provisioned cable speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Return empty lanes in the split form."""
        empty: dict[str, list[Any]] = {"docsis30": [], "docsis31": []}
        return {"channelDs": dict(empty), "channelUs": dict(empty)}
