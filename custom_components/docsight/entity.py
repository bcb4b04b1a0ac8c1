"""Base entities: the modem device, target and LAN devices linked to it, and stable unique ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.const import CONF_URL
from homeassistant.core import callback
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import DocsightLiveCoordinator, DocsightSlowCoordinator
from .data import DocsightConfigEntry
from .evidence import DocsightEvidenceCoordinator
from .models import LanDevice, ModemInfo, TargetStats
from .network import DocsightNetworkCoordinator, NetworkData, lan_device_key, target_device_key

DEFAULT_DEVICE_NAME = "Cable modem"
MANUFACTURER = "DOCSight"
TARGET_MODEL = "Connection monitor target"
#: The statistics of a target without samples in the last minute.
NOT_MEASURED = TargetStats()


def modem_device_info(entry: DocsightConfigEntry) -> DeviceInfo:
    """Return the device that stands for the modem DOCSight watches."""
    live = entry.runtime_data.live
    device = live.data.device if live.data else ModemInfo()
    return DeviceInfo(
        identifiers={(DOMAIN, live.instance_id)},
        name=device.model or DEFAULT_DEVICE_NAME,
        manufacturer=device.manufacturer,
        model=device.model,
        sw_version=device.sw_version,
        configuration_url=entry.data[CONF_URL],
    )


class DocsightEntity[
    CoordinatorT: DocsightLiveCoordinator
    | DocsightSlowCoordinator
    | DocsightNetworkCoordinator
    | DocsightEvidenceCoordinator
](CoordinatorEntity[CoordinatorT]):
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


class DocsightItemEntity(CoordinatorEntity[DocsightNetworkCoordinator]):
    """An entity of a target or LAN device linked to the modem: `{device_key}_{key}`."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: DocsightNetworkCoordinator,
        description: EntityDescription,
        device_key: str,
        device_info: DeviceInfo,
    ) -> None:
        """Describe the entity of the device `device_key`; `device_info` names the device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{device_key}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, device_key)},
            via_device=(DOMAIN, coordinator.instance_id),
            **device_info,
        )


class DocsightTargetEntity(DocsightItemEntity):
    """An entity of a connection-monitor target: `{instance_id}_cm_{target_id}_{key}`.

    Unavailable while the monitor is off, the target is disabled or had no sample in the last
    minute: then there is nothing to show.
    """

    def __init__(
        self,
        coordinator: DocsightNetworkCoordinator,
        description: EntityDescription,
        target_id: str,
    ) -> None:
        """Bind to a target by its add-on id."""
        self.target_id = target_id
        device_info = DeviceInfo(
            name=coordinator.data.target_label(target_id),
            manufacturer=MANUFACTURER,
            model=TARGET_MODEL,
        )
        device_key = target_device_key(coordinator.instance_id, target_id)
        super().__init__(coordinator, description, device_key, device_info)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return the host the target probes (a device has no field for it)."""
        return {"host": self.coordinator.data.target_host(self.target_id)}

    @property
    def stats(self) -> TargetStats:
        """Return the target's statistics of the last minute (empty while not measured)."""
        return self.coordinator.data.summary.get(self.target_id) or NOT_MEASURED

    @property
    def available(self) -> bool:
        """Return True while the target is enabled and was probed in the last minute."""
        stats = self.stats
        return super().available and stats.enabled and bool(stats.sample_count)


class DocsightLanEntity(DocsightItemEntity):
    """An entity of a VITAL LAN device: `{instance_id}_lan_{device_id}_{key}`."""

    def __init__(
        self,
        coordinator: DocsightNetworkCoordinator,
        description: EntityDescription,
        device_id: str,
    ) -> None:
        """Bind to a LAN device by its add-on id; its MAC links it to other integrations."""
        self.device_id = device_id
        device = coordinator.data.vital_devices[device_id]
        mac = (CONNECTION_NETWORK_MAC, str(device.hw_address))
        device_info = DeviceInfo(connections={mac}, name=device.name, manufacturer=device.vendor)
        device_key = lan_device_key(coordinator.instance_id, device_id)
        super().__init__(coordinator, description, device_key, device_info)

    @property
    def lan_device(self) -> LanDevice | None:
        """Return the LAN device as the add-on last reported it (None once it is gone)."""
        return self.coordinator.data.vital_devices.get(self.device_id)

    @property
    def available(self) -> bool:
        """Return True while the add-on watches the device and lists it as VITAL."""
        data = self.coordinator.data
        return super().available and data.lan_monitoring_active and self.lan_device is not None


@dataclass(frozen=True, slots=True)
class ItemKind:
    """Which items of the network data have entities: the wanted ones among those that exist."""

    wanted: Callable[[NetworkData], set[str]]
    existing: Callable[[NetworkData], set[str]]


#: Connection-monitor targets get entities once measured; they exist until deleted.
TARGETS = ItemKind(wanted=lambda data: set(data.summary), existing=lambda data: data.target_ids)
#: VITAL LAN devices get entities; they stop existing when gone or no longer VITAL.
LAN_DEVICES = ItemKind(
    wanted=lambda data: set(data.vital_devices), existing=lambda data: set(data.vital_devices)
)


@callback
def async_add_item_entities(
    coordinator: DocsightNetworkCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
    kind: ItemKind,
    create: Callable[[str], Iterable[Entity]],
) -> None:
    """Add entities for the wanted items of a kind, now and whenever one appears (no reload).

    Items that stop existing lose their device in the coordinator; forgetting them here lets
    them come back. An item that exists but is no longer wanted (a target while the monitor is
    off) keeps its entities, which turn unavailable.
    """
    known: set[str] = set()

    @callback
    def _async_add_new() -> None:
        data = coordinator.data
        known.intersection_update(kind.existing(data))
        new = sorted(kind.wanted(data) - known)
        known.update(new)
        entities = [entity for item in new for entity in create(item)]
        if entities:
            async_add_entities(entities)

    _async_add_new()
    coordinator.config_entry.async_on_unload(coordinator.async_add_listener(_async_add_new))
