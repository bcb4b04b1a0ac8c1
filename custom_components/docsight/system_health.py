"""System health: is the add-on reachable, and which version does it run."""

from __future__ import annotations

from typing import Any

from homeassistant.components import system_health
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback

from .api_calls import ApiCall
from .const import DOMAIN
from .data import DocsightConfigEntry


@callback
def async_register(hass: HomeAssistant, register: system_health.SystemHealthRegistration) -> None:
    """Register the system health callback."""
    register.async_register_info(system_health_info)


async def system_health_info(hass: HomeAssistant) -> dict[str, Any]:
    """Return the add-on of the first loaded entry and how many entries exist."""
    entries = hass.config_entries.async_entries(DOMAIN)
    info: dict[str, Any] = {"entries": len(entries)}
    loaded: list[DocsightConfigEntry] = [
        entry for entry in entries if entry.state is ConfigEntryState.LOADED
    ]
    if not loaded:
        return info
    runtime = loaded[0].runtime_data
    info["addon_reachable"] = system_health.async_check_can_reach_url(
        hass, runtime.client.url_for(ApiCall.HEALTH)
    )
    info["addon_version"] = runtime.instance.version
    info["api_version"] = runtime.instance.api_version
    info["demo_mode"] = runtime.instance.demo_mode
    return info
