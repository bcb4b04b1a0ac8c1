"""Binary sensors: line trouble, modem reachable, connection-monitor targets and LAN devices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .coordinator import DocsightLiveCoordinator, LiveData
from .data import DocsightConfigEntry
from .entity import (
    LAN_DEVICES,
    TARGETS,
    DocsightEntity,
    DocsightLanEntity,
    DocsightTargetEntity,
    async_add_item_entities,
)
from .models import TargetStats
from .network import DocsightNetworkCoordinator

PARALLEL_UPDATES = 0

#: Data is stale when the modem was last read more than two poll intervals plus this ago.
FRESHNESS_MARGIN = timedelta(minutes=5)


def line_problem(data: LiveData) -> bool | None:
    """Return True when the line's health is anything but good (None before a poll)."""
    health = data.summary.health
    return None if health is None else health != "good"


def stale_at(data: LiveData) -> datetime | None:
    """Return when the latest modem reading stops being fresh (None: no good reading)."""
    collector = data.modem_collector
    if collector is None or collector.consecutive_failures or data.last_poll is None:
        return None
    interval = timedelta(seconds=collector.poll_interval or 0)
    return data.last_poll + 2 * interval + FRESHNESS_MARGIN


def modem_reachable(data: LiveData) -> bool:
    """Return True while the modem collector succeeds and its latest reading is fresh."""
    deadline = stale_at(data)
    return deadline is not None and dt_util.utcnow() < deadline


def target_reachable(stats: TargetStats) -> bool | None:
    """Return True when a probe to the target answered in the last minute (loss below 100 %)."""
    return stats.reachable


@dataclass(frozen=True, kw_only=True)
class DocsightBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A binary sensor fed by the live coordinator."""

    is_on_fn: Callable[[LiveData], bool | None]


LINE_PROBLEM = DocsightBinarySensorEntityDescription(
    key="line_problem",
    translation_key="line_problem",
    device_class=BinarySensorDeviceClass.PROBLEM,
    is_on_fn=line_problem,
)
MODEM_REACHABLE = DocsightBinarySensorEntityDescription(
    key="modem_reachable",
    translation_key="modem_reachable",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    is_on_fn=modem_reachable,
)
TARGET_REACHABLE = BinarySensorEntityDescription(
    key="reachable",
    translation_key="target_reachable",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)
LAN_DEVICE_ONLINE = BinarySensorEntityDescription(
    key="online",
    translation_key="lan_device_online",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DocsightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors; those of targets and LAN devices also when they appear."""
    live = entry.runtime_data.live
    network = entry.runtime_data.network
    async_add_entities(
        [DocsightBinarySensor(live, LINE_PROBLEM), DocsightModemReachableSensor(live)]
    )
    async_add_item_entities(
        network,
        async_add_entities,
        TARGETS,
        lambda target_id: [DocsightTargetReachableSensor(network, target_id)],
    )
    async_add_item_entities(
        network,
        async_add_entities,
        LAN_DEVICES,
        lambda device_id: [DocsightLanDeviceOnlineSensor(network, device_id)],
    )


class DocsightBinarySensor(DocsightEntity[DocsightLiveCoordinator], BinarySensorEntity):
    """A yes/no view of the latest poll."""

    entity_description: DocsightBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """Return the state from the latest poll."""
        return self.entity_description.is_on_fn(self.coordinator.data)


class DocsightModemReachableSensor(DocsightBinarySensor):
    """Turns off by itself when no fresh reading arrives in time."""

    _unsub_stale: CALLBACK_TYPE | None = None

    def __init__(self, coordinator: DocsightLiveCoordinator) -> None:
        """Describe the sensor."""
        super().__init__(coordinator, MODEM_REACHABLE)

    async def async_added_to_hass(self) -> None:
        """Arm the staleness timer."""
        await super().async_added_to_hass()
        self.async_on_remove(self._async_cancel_timer)
        self._async_arm_timer()

    @callback
    def _handle_coordinator_update(self) -> None:
        """Re-arm the staleness timer for the new reading."""
        self._async_arm_timer()
        super()._handle_coordinator_update()

    @callback
    def _async_arm_timer(self) -> None:
        self._async_cancel_timer()
        deadline = stale_at(self.coordinator.data)
        if deadline is not None and deadline > dt_util.utcnow():
            self._unsub_stale = async_track_point_in_utc_time(
                self.hass, self._async_went_stale, deadline
            )

    @callback
    def _async_cancel_timer(self) -> None:
        if self._unsub_stale is not None:
            self._unsub_stale()
            self._unsub_stale = None

    @callback
    def _async_went_stale(self, _now: datetime) -> None:
        self._unsub_stale = None
        self.async_write_ha_state()


class DocsightTargetReachableSensor(DocsightTargetEntity, BinarySensorEntity):
    """On while the target answered at least one probe in the last minute."""

    def __init__(self, coordinator: DocsightNetworkCoordinator, target_id: str) -> None:
        """Describe the sensor."""
        super().__init__(coordinator, TARGET_REACHABLE, target_id)

    @property
    def is_on(self) -> bool | None:
        """Return whether the last minute had answers."""
        return target_reachable(self.stats)


class DocsightLanDeviceOnlineSensor(DocsightLanEntity, BinarySensorEntity):
    """On while the add-on sees a VITAL LAN device; off once it is down past its grace time."""

    def __init__(self, coordinator: DocsightNetworkCoordinator, device_id: str) -> None:
        """Describe the sensor."""
        super().__init__(coordinator, LAN_DEVICE_ONLINE, device_id)

    @property
    def is_on(self) -> bool | None:
        """Return the device's status."""
        device = self.lan_device
        return None if device is None else device.online
