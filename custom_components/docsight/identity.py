"""Is the add-on still the one the entry was set up for? Its API version and installation id."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError

from . import repairs
from .api import DocsightClient, DocsightError
from .const import CONF_INSTANCE_ID, DOMAIN, SUPPORTED_API_VERSION
from .models import Instance

if TYPE_CHECKING:
    from .data import DocsightConfigEntry

LOGGER = logging.getLogger(__package__)


@callback
def is_same_installation(entry: DocsightConfigEntry, instance: Instance) -> bool:
    """Return True when the add-on is the installation the entry was set up for."""
    return instance.instance_id == str(entry.data[CONF_INSTANCE_ID])


def changed_placeholders(entry: DocsightConfigEntry, instance: Instance) -> dict[str, str]:
    """Return the placeholders of the "another installation" error."""
    return {
        "url": str(entry.data["url"]),
        "instance_id": instance.instance_id,
        "expected_id": str(entry.data[CONF_INSTANCE_ID]),
    }


@callback
def async_check_instance(
    hass: HomeAssistant, entry: DocsightConfigEntry, instance: Instance
) -> None:
    """Raise ConfigEntryError with a repair issue unless the add-on fits the entry.

    It must speak this integration's API version and be the same installation: an add-on that
    reports another instance id (a new data directory, another server at the same address)
    would otherwise feed its data into the devices of the old one.
    """
    if instance.api_version != SUPPORTED_API_VERSION:
        repairs.async_report_incompatible(hass, entry, instance.api_version)
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="incompatible_api",
            translation_placeholders={
                "api_version": str(instance.api_version),
                "supported_version": str(SUPPORTED_API_VERSION),
            },
        )
    repairs.async_clear_incompatible(hass, entry)
    if not is_same_installation(entry, instance):
        repairs.async_report_instance_changed(hass, entry, instance.instance_id)
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="instance_changed",
            translation_placeholders=changed_placeholders(entry, instance),
        )
    repairs.async_clear_instance_changed(hass, entry)


async def async_other_installation(
    hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
) -> Instance | None:
    """While running: return the add-on's identity if it is another installation now.

    Raises the repair issue and reloads the entry, whose set-up then fails with it instead of
    mixing two installations' data. An identity that cannot be read counts as the same one:
    the refresh that follows reports the add-on's state.
    """
    try:
        instance = await client.instance()
    except DocsightError as err:
        LOGGER.debug("Reading the add-on's identity failed: %s", err)
        return None
    if is_same_installation(entry, instance):
        return None
    LOGGER.warning(
        "The DOCSight add-on at %s is now another installation (%s); reloading the entry",
        client.url,
        instance.instance_id,
    )
    repairs.async_report_instance_changed(hass, entry, instance.instance_id)
    hass.config_entries.async_schedule_reload(entry.entry_id)
    return instance
