"""Buttons: poll the modem now, acknowledge every event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
)
from .const import DOMAIN
from .coordinator import DocsightLiveCoordinator
from .data import DocsightConfigEntry
from .entity import DocsightEntity

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class DocsightButtonEntityDescription(ButtonEntityDescription):
    """A button that calls the add-on."""

    press_fn: Callable[[DocsightClient], Awaitable[Any]]


BUTTONS: tuple[DocsightButtonEntityDescription, ...] = (
    DocsightButtonEntityDescription(
        key="poll_now", translation_key="poll_now", press_fn=lambda client: client.poll()
    ),
    DocsightButtonEntityDescription(
        key="acknowledge_all",
        translation_key="acknowledge_all",
        press_fn=lambda client: client.acknowledge_all(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DocsightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons."""
    async_add_entities(
        DocsightButton(entry.runtime_data.live, description) for description in BUTTONS
    )


def action_error(err: DocsightError) -> HomeAssistantError:
    """Return the translated error for a failed button press."""
    if isinstance(err, DocsightResponseError) and err.status == 429:
        key, placeholders = "poll_too_soon", {"error": err.message}
    elif isinstance(err, DocsightAuthenticationError):
        key, placeholders = "auth_failed", {}
    elif isinstance(err, DocsightConnectionError):
        key, placeholders = "cannot_connect", {"error": str(err)}
    else:
        key, placeholders = "bad_response", {"error": str(err)}
    return HomeAssistantError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


class DocsightButton(DocsightEntity[DocsightLiveCoordinator], ButtonEntity):
    """Calls the add-on; the push stream brings the result (or a refresh without it)."""

    entity_description: DocsightButtonEntityDescription

    async def async_press(self) -> None:
        """Call the add-on."""
        try:
            await self.entity_description.press_fn(self.coordinator.client)
        except DocsightError as err:
            raise action_error(err) from err
        if not self.coordinator.stream_connected:
            await self.coordinator.async_request_refresh()
