"""Diagnostics: the entry, the add-on's identity and latest data, with secrets redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Final

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .api import DocsightError
from .const import CONF_TOKEN
from .data import DocsightConfigEntry

#: The API token, what identifies the subscriber's line or modem (WAN addresses, serials) and
#: the household's LAN devices (addresses, names, notes).
TO_REDACT: Final = {
    CONF_TOKEN,
    "wan_ipv4",
    "wan_ipv6",
    "serial_number",
    "mac",
    "mac_address",
    "hw_address",
    "ip_addresses",
    "names",
    "display_name",
    "user_data",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: DocsightConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    runtime = entry.runtime_data
    live, slow, network = runtime.live, runtime.slow, runtime.network
    try:
        collectors: Any = [asdict(status) for status in await runtime.client.collectors()]
    except DocsightError as err:
        collectors = {"error": f"{type(err).__name__}: {err}"}
    modem_driver: dict[str, Any] | None
    try:
        drivers = await runtime.client.drivers()
    except DocsightError as err:
        modem_driver = {"error": f"{type(err).__name__}: {err}"}
    else:
        wanted = runtime.instance.modem_type
        modem_driver = next((asdict(d) for d in drivers if d.key == wanted), None)
    data = live.data
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "instance": asdict(runtime.instance),
            "live": {
                "last_update_success": live.last_update_success,
                "stream_connected": live.stream_connected,
                "summary": asdict(data.summary),
                "channel_counts": {"ds": len(data.ds_channels), "us": len(data.us_channels)},
                "device": asdict(data.device),
                "unacknowledged_events": asdict(data.events),
                "modem_collector": asdict(data.modem_collector) if data.modem_collector else None,
                "last_poll": data.last_poll,
                "last_boot": data.last_boot,
            },
            "slow": {
                "last_update_success": slow.last_update_success,
                "data": asdict(slow.data),
            },
            "network": {
                "last_update_success": network.last_update_success,
                "data": asdict(network.data),
            },
            "collectors": collectors,
            "modem_driver": modem_driver,
        },
        TO_REDACT,
    )
