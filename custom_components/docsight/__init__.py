"""The DOCSight integration: cable-line and home-network monitoring from the DOCSight add-on."""

from __future__ import annotations

from homeassistant.const import CONF_URL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from . import repairs
from .api import DocsightClient
from .const import CONF_TOKEN, DOMAIN
from .coordinator import DocsightLiveCoordinator, DocsightSlowCoordinator
from .data import DocsightConfigEntry, DocsightRuntimeData
from .entity import modem_device_info
from .evidence import DocsightEvidenceCoordinator
from .network import DocsightNetworkCoordinator
from .services import async_setup_services

__all__ = ["DOMAIN"]

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.SENSOR,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: DocsightConfigEntry) -> bool:
    """Connect to the add-on, fetch the first data, follow its stream and add the platforms."""
    client = DocsightClient(
        async_get_clientsession(hass), entry.data[CONF_URL], entry.data[CONF_TOKEN]
    )
    live = DocsightLiveCoordinator(hass, entry, client)
    slow = DocsightSlowCoordinator(hass, entry, client)
    network = DocsightNetworkCoordinator(hass, entry, client)
    evidence = DocsightEvidenceCoordinator(hass, entry, client)
    await live.async_config_entry_first_refresh()  # also checks the add-on's API version
    await slow.async_config_entry_first_refresh()
    await network.async_config_entry_first_refresh()
    # Incidents and outages are optional: failing to read them only makes their entities
    # unavailable until a later refresh succeeds.
    await evidence.async_refresh()
    entry.runtime_data = DocsightRuntimeData(client, live.instance, live, slow, network, evidence)
    # Target and LAN devices link to the modem device, so it must exist before them.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **modem_device_info(entry)
    )
    entry.async_on_unload(live.async_add_event_listener(network.async_handle_event))
    entry.async_on_unload(live.async_add_event_listener(evidence.async_handle_event))
    live.async_start_stream()

    options = dict(entry.options)

    async def _async_reload_on_new_options(hass: HomeAssistant, entry: DocsightConfigEntry) -> None:
        if entry.options != options:
            hass.config_entries.async_schedule_reload(entry.entry_id)

    entry.async_on_unload(entry.add_update_listener(_async_reload_on_new_options))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: DocsightConfigEntry) -> bool:
    """Unload the platforms; the stream task ends with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: DocsightConfigEntry) -> None:
    """Remove the entry's repair issues."""
    repairs.async_clear_issues(hass, entry)
