"""Is the add-on still the one the entry was set up for? Its API version and installation id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryError

from . import repairs
from .const import CONF_INSTANCE_ID, DOMAIN, SUPPORTED_API_VERSION
from .models import Instance

if TYPE_CHECKING:
    from .data import DocsightConfigEntry


@callback
def is_same_installation(entry: DocsightConfigEntry, instance: Instance) -> bool:
    """Return True when the add-on is the installation the entry was set up for."""
    return instance.instance_id == str(entry.data[CONF_INSTANCE_ID])


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
            translation_placeholders={
                "url": str(entry.data["url"]),
                "instance_id": instance.instance_id,
                "expected_id": str(entry.data[CONF_INSTANCE_ID]),
            },
        )
    repairs.async_clear_instance_changed(hass, entry)
