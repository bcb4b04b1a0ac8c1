"""Per-channel sensors: descriptions, the sensor class and the tracker adding and removing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import SIGNAL_STRENGTH_DECIBELS
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .const import DBMV, DOMAIN, STALE_CHANNEL_GRACE
from .coordinator import DocsightLiveCoordinator
from .data import DocsightConfigEntry
from .entity import DocsightEntity
from .models import Channel

FAMILY_LABELS = {"ofdm": "OFDM", "ofdma": "OFDMA"}


@dataclass(frozen=True, kw_only=True)
class DocsightChannelSensorEntityDescription(SensorEntityDescription):
    """A per-channel sensor of one direction."""

    direction: str
    value_fn: Callable[[Channel], StateType]


def _channel(
    direction: str, key: str, value_fn: Callable[[Channel], StateType], **kwargs: Any
) -> DocsightChannelSensorEntityDescription:
    return DocsightChannelSensorEntityDescription(
        key=key,
        translation_key=f"{direction}_channel_{key}",
        direction=direction,
        value_fn=value_fn,
        entity_registry_enabled_default=False,
        **kwargs,
    )


def _modulation(channel: Channel) -> StateType:
    # OFDMA channels report "OFDMA" as modulation and the QAM order as profile modulation.
    return channel.profile_modulation or channel.modulation


_POWER: dict[str, Any] = {
    "native_unit_of_measurement": DBMV,
    "state_class": SensorStateClass.MEASUREMENT,
    "suggested_display_precision": 1,
}
_ERRORS: dict[str, Any] = {"state_class": SensorStateClass.TOTAL_INCREASING}

CHANNEL_SENSORS: tuple[DocsightChannelSensorEntityDescription, ...] = (
    _channel("ds", "power", lambda channel: channel.power, **_POWER),
    _channel(
        "ds",
        "snr",
        lambda channel: channel.snr,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
    ),
    _channel("ds", "modulation", _modulation),
    _channel("ds", "correctable_errors", lambda channel: channel.correctable_errors, **_ERRORS),
    _channel("ds", "uncorrectable_errors", lambda channel: channel.uncorrectable_errors, **_ERRORS),
    _channel("us", "power", lambda channel: channel.power, **_POWER),
    _channel("us", "modulation", _modulation),
)


def channel_unique_key(direction: str, selector: str, key: str) -> str:
    """Return the unique-id key of a channel sensor (after the instance id)."""
    return f"channel_{direction}_{selector}_{key}"


def channel_label(channel: Channel) -> str:
    """Return how a channel is named: its id, the OFDM family, and its frequency if ids clash."""
    label = str(channel.channel_id)
    if family := FAMILY_LABELS.get(str(channel.channel_family)):
        label = f"{label} {family}"
    if channel.selector_required and channel.frequency:
        label = f"{label} ({channel.frequency} MHz)"
    return label


class ChannelTracker:
    """Adds sensors for channels as they appear and removes those gone past the grace time."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: DocsightConfigEntry,
        async_add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        """Start from the channel sensors the entity registry already knows."""
        self._registry = er.async_get(hass)
        self._entry = entry
        self._coordinator = entry.runtime_data.live
        self._add_entities = async_add_entities
        self._prefix = f"{self._coordinator.instance_id}_"
        self._added: set[str] = set()
        # Registered sensors of channels absent since the last run count as missing, too.
        self._tracked = {registry_entry.unique_id for registry_entry in self._registered()}
        self._missing_since: dict[str, datetime] = {}

    def _registered(self) -> list[er.RegistryEntry]:
        channel_prefix = f"{self._prefix}channel_"
        return [
            registry_entry
            for registry_entry in er.async_entries_for_config_entry(
                self._registry, self._entry.entry_id
            )
            if registry_entry.unique_id.startswith(channel_prefix)
        ]

    @callback
    def async_remove_all(self) -> None:
        """Remove every channel sensor (the option is off)."""
        for registry_entry in self._registered():
            self._registry.async_remove(registry_entry.entity_id)

    @callback
    def async_update(self) -> None:
        """Add sensors for new channels; remove sensors of channels missing too long."""
        data = self._coordinator.data
        present: set[str] = set()
        new: list[DocsightChannelSensor] = []
        for description in CHANNEL_SENSORS:
            for selector, channel in data.channels(description.direction).items():
                key = channel_unique_key(description.direction, selector, description.key)
                present.add(self._prefix + key)
                if self._prefix + key not in self._added:
                    label = channel_label(channel)
                    new.append(
                        DocsightChannelSensor(self._coordinator, description, selector, label)
                    )
        if new:
            self._added |= {sensor.unique_id for sensor in new if sensor.unique_id}
            self._add_entities(new)
        self._tracked |= present
        now = dt_util.utcnow()
        for unique_id in present:
            self._missing_since.pop(unique_id, None)
        for unique_id in self._tracked - present:
            since = self._missing_since.setdefault(unique_id, now)
            if now - since >= STALE_CHANNEL_GRACE:
                self._forget(unique_id)

    def _forget(self, unique_id: str) -> None:
        if entity_id := self._registry.async_get_entity_id(SENSOR_DOMAIN, DOMAIN, unique_id):
            self._registry.async_remove(entity_id)
        self._tracked.discard(unique_id)
        self._added.discard(unique_id)
        del self._missing_since[unique_id]


class DocsightChannelSensor(DocsightEntity[DocsightLiveCoordinator], SensorEntity):
    """One metric of one channel; unavailable while the channel is missing."""

    entity_description: DocsightChannelSensorEntityDescription

    def __init__(
        self,
        coordinator: DocsightLiveCoordinator,
        description: DocsightChannelSensorEntityDescription,
        selector: str,
        label: str,
    ) -> None:
        """Bind to a channel by direction and selector."""
        super().__init__(
            coordinator,
            description,
            unique_key=channel_unique_key(description.direction, selector, description.key),
        )
        self._selector = selector
        self._attr_translation_placeholders = {"channel": label}

    @property
    def _channel(self) -> Channel | None:
        return self.coordinator.data.channels(self.entity_description.direction).get(self._selector)

    @property
    def available(self) -> bool:
        """Return False while the channel is not in the latest poll."""
        return super().available and self._channel is not None

    @property
    def native_value(self) -> StateType:
        """Return the channel's value."""
        channel = self._channel
        return None if channel is None else self.entity_description.value_fn(channel)
