"""Base entity: the modem device and stable unique ids."""

from __future__ import annotations

from homeassistant.const import CONF_URL
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import DocsightLiveCoordinator, DocsightSlowCoordinator
from .data import DocsightConfigEntry

DEFAULT_DEVICE_NAME = "Cable modem"


def modem_device_info(entry: DocsightConfigEntry) -> DeviceInfo:
    """Return the device that stands for the modem DOCSight watches."""
    live = entry.runtime_data.live
    device = live.data.device if live.data else {}
    return DeviceInfo(
        identifiers={(DOMAIN, live.instance_id)},
        name=device.get("model") or DEFAULT_DEVICE_NAME,
        manufacturer=device.get("manufacturer"),
        model=device.get("model"),
        sw_version=device.get("sw_version"),
        configuration_url=entry.data[CONF_URL],
    )


class DocsightEntity[CoordinatorT: DocsightLiveCoordinator | DocsightSlowCoordinator](
    CoordinatorEntity[CoordinatorT]
):
    """An entity of the modem device with the unique id `{instance_id}_{key}`."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: CoordinatorT,
        description: EntityDescription,
        *,
        unique_key: str | None = None,
    ) -> None:
        """Describe the entity; `unique_key` overrides the description key in the unique id."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self.entity_description = description
        self._attr_unique_id = (
            f"{entry.runtime_data.live.instance_id}_{unique_key or description.key}"
        )
        self._attr_device_info = modem_device_info(entry)
