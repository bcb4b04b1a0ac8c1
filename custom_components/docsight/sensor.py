"""Sensors: line roll-ups, modem info, gaming index, speeds, channels, targets and LAN."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
)
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS,
    EntityCategory,
    UnitOfDataRate,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .const import CONF_CHANNEL_SENSORS, DOMAIN, STALE_CHANNEL_GRACE
from .coordinator import (
    DocsightLiveCoordinator,
    DocsightNetworkCoordinator,
    DocsightSlowCoordinator,
    LiveData,
    SlowData,
)
from .data import DocsightConfigEntry
from .entity import DocsightEntity, DocsightTargetEntity, async_add_target_entities

PARALLEL_UPDATES = 0

DBMV = "dBmV"
HEALTH_OPTIONS = ["good", "tolerated", "marginal", "critical"]
GRADE_OPTIONS = ["a", "b", "c", "d", "f"]
FAMILY_LABELS = {"ofdm": "OFDM", "ofdma": "OFDMA"}


@dataclass(frozen=True, kw_only=True)
class DocsightSensorEntityDescription(SensorEntityDescription):
    """A sensor fed by the live coordinator."""

    value_fn: Callable[[LiveData], StateType | datetime]
    attributes_fn: Callable[[LiveData], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class DocsightSlowSensorEntityDescription(SensorEntityDescription):
    """A sensor fed by the slow coordinator."""

    value_fn: Callable[[SlowData], StateType]


@dataclass(frozen=True, kw_only=True)
class DocsightChannelSensorEntityDescription(SensorEntityDescription):
    """A per-channel sensor of one direction."""

    direction: str
    value_fn: Callable[[dict[str, Any]], StateType]


@dataclass(frozen=True, kw_only=True)
class DocsightTargetSensorEntityDescription(SensorEntityDescription):
    """A sensor of a connection-monitor target, fed by its last-minute statistics."""

    value_fn: Callable[[dict[str, Any]], StateType]


def _summary(key: str) -> Callable[[LiveData], StateType]:
    return lambda data: data.summary.get(key)


def _level(key: str, unit: str) -> DocsightSensorEntityDescription:
    """Return a signal-level roll-up (power in dBmV, SNR/MER in dB)."""
    return DocsightSensorEntityDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=unit,
        device_class=(
            SensorDeviceClass.SIGNAL_STRENGTH if unit == SIGNAL_STRENGTH_DECIBELS else None
        ),
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=_summary(key),
    )


def _health(data: LiveData) -> str | None:
    health = data.summary.get("health")
    return health if health in HEALTH_OPTIONS else None


def _health_issues(data: LiveData) -> dict[str, Any]:
    return {"health_issues": list(data.summary.get("health_issues") or [])}


def _grade(data: SlowData) -> str | None:
    grade = data.gaming.get("grade")
    return str(grade).lower() if grade else None


def _connection(key: str) -> Callable[[SlowData], StateType]:
    return lambda data: data.connection.get(key)


LIVE_SENSORS: tuple[DocsightSensorEntityDescription, ...] = (
    DocsightSensorEntityDescription(
        key="line_health",
        translation_key="line_health",
        device_class=SensorDeviceClass.ENUM,
        options=HEALTH_OPTIONS,
        value_fn=_health,
        attributes_fn=_health_issues,
    ),
    _level("ds_power_min", DBMV),
    _level("ds_power_avg", DBMV),
    _level("ds_power_max", DBMV),
    _level("ds_snr_min", SIGNAL_STRENGTH_DECIBELS),
    _level("ds_snr_avg", SIGNAL_STRENGTH_DECIBELS),
    _level("us_power_min", DBMV),
    _level("us_power_avg", DBMV),
    _level("us_power_max", DBMV),
    DocsightSensorEntityDescription(
        key="ds_channel_count",
        translation_key="ds_channel_count",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_summary("ds_total"),
    ),
    DocsightSensorEntityDescription(
        key="us_channel_count",
        translation_key="us_channel_count",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_summary("us_total"),
    ),
    DocsightSensorEntityDescription(
        key="correctable_errors",
        translation_key="correctable_errors",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_summary("ds_correctable_errors"),
    ),
    DocsightSensorEntityDescription(
        key="uncorrectable_errors",
        translation_key="uncorrectable_errors",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_summary("ds_uncorrectable_errors"),
    ),
    DocsightSensorEntityDescription(
        key="uncorrectable_rate",
        translation_key="uncorrectable_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=_summary("ds_uncorr_pct"),
    ),
    DocsightSensorEntityDescription(
        key="last_boot",
        translation_key="last_boot",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.last_boot,
    ),
    DocsightSensorEntityDescription(
        key="software_version",
        translation_key="software_version",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.device.get("sw_version"),
    ),
    DocsightSensorEntityDescription(
        key="unacknowledged_events",
        translation_key="unacknowledged_events",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.unacknowledged_events,
    ),
    DocsightSensorEntityDescription(
        key="last_poll",
        translation_key="last_poll",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda data: data.last_poll,
    ),
)

SLOW_SENSORS: tuple[DocsightSlowSensorEntityDescription, ...] = (
    DocsightSlowSensorEntityDescription(
        key="gaming_score",
        translation_key="gaming_score",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.gaming.get("score"),
    ),
    DocsightSlowSensorEntityDescription(
        key="gaming_grade",
        translation_key="gaming_grade",
        device_class=SensorDeviceClass.ENUM,
        options=GRADE_OPTIONS,
        value_fn=_grade,
    ),
    DocsightSlowSensorEntityDescription(
        key="provisioned_downstream",
        translation_key="provisioned_downstream",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=0,
        value_fn=_connection("max_downstream_kbps"),
    ),
    DocsightSlowSensorEntityDescription(
        key="provisioned_upstream",
        translation_key="provisioned_upstream",
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=0,
        value_fn=_connection("max_upstream_kbps"),
    ),
)


TARGET_SENSORS: tuple[DocsightTargetSensorEntityDescription, ...] = (
    DocsightTargetSensorEntityDescription(
        key="latency",
        translation_key="target_latency",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda stats: stats.get("avg_latency_ms"),
    ),
    DocsightTargetSensorEntityDescription(
        key="packet_loss",
        translation_key="target_packet_loss",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda stats: stats.get("packet_loss_pct"),
    ),
)

LAN_DEVICES_DOWN = SensorEntityDescription(
    key="lan_devices_down",
    translation_key="lan_devices_down",
    state_class=SensorStateClass.MEASUREMENT,
)


def _channel(
    direction: str, key: str, value_fn: Callable[[dict[str, Any]], StateType], **kwargs: Any
) -> DocsightChannelSensorEntityDescription:
    return DocsightChannelSensorEntityDescription(
        key=key,
        translation_key=f"{direction}_channel_{key}",
        direction=direction,
        value_fn=value_fn,
        entity_registry_enabled_default=False,
        **kwargs,
    )


def _field(name: str) -> Callable[[dict[str, Any]], StateType]:
    return lambda channel: channel.get(name)


def _modulation(channel: dict[str, Any]) -> StateType:
    # OFDMA channels report "OFDMA" as modulation and the QAM order as profile modulation.
    return channel.get("profile_modulation") or channel.get("modulation")


_POWER: dict[str, Any] = {
    "native_unit_of_measurement": DBMV,
    "state_class": SensorStateClass.MEASUREMENT,
    "suggested_display_precision": 1,
}
_ERRORS: dict[str, Any] = {"state_class": SensorStateClass.TOTAL_INCREASING}

CHANNEL_SENSORS: tuple[DocsightChannelSensorEntityDescription, ...] = (
    _channel("ds", "power", _field("power"), **_POWER),
    _channel(
        "ds",
        "snr",
        _field("snr"),
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS,
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
    ),
    _channel("ds", "modulation", _modulation),
    _channel("ds", "correctable_errors", _field("correctable_errors"), **_ERRORS),
    _channel("ds", "uncorrectable_errors", _field("uncorrectable_errors"), **_ERRORS),
    _channel("us", "power", _field("power"), **_POWER),
    _channel("us", "modulation", _modulation),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DocsightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the roll-up, target and LAN sensors and, with the option on, per-channel sensors."""
    live = entry.runtime_data.live
    slow = entry.runtime_data.slow
    network = entry.runtime_data.network
    entities: list[SensorEntity] = [
        DocsightSensor(live, description) for description in LIVE_SENSORS
    ]
    entities += [DocsightSlowSensor(slow, description) for description in SLOW_SENSORS]
    if network.data.lan_devices is not None:
        entities.append(DocsightLanDownSensor(network, LAN_DEVICES_DOWN))
    async_add_entities(entities)
    async_add_target_entities(
        network,
        async_add_entities,
        lambda target_id: [
            DocsightTargetSensor(network, description, target_id) for description in TARGET_SENSORS
        ],
    )

    tracker = ChannelTracker(hass, entry, async_add_entities)
    if not entry.options.get(CONF_CHANNEL_SENSORS, False):
        tracker.async_remove_all()
        return
    tracker.async_update()
    entry.async_on_unload(live.async_add_listener(tracker.async_update))


def channel_unique_key(direction: str, selector: str, key: str) -> str:
    """Return the unique-id key of a channel sensor (after the instance id)."""
    return f"channel_{direction}_{selector}_{key}"


def channel_label(channel: dict[str, Any]) -> str:
    """Return how a channel is named: its id, the OFDM family, and its frequency if ids clash."""
    label = str(channel.get("channel_id"))
    if family := FAMILY_LABELS.get(str(channel.get("channel_family"))):
        label = f"{label} {family}"
    if channel.get("selector_required") and channel.get("frequency"):
        label = f"{label} ({channel['frequency']} MHz)"
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


class DocsightSensor(DocsightEntity[DocsightLiveCoordinator], SensorEntity):
    """A roll-up of the latest poll."""

    entity_description: DocsightSensorEntityDescription

    @property
    def native_value(self) -> StateType | datetime:
        """Return the value from the latest poll."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return extra attributes (health issues of the line health)."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.coordinator.data)


class DocsightSlowSensor(DocsightEntity[DocsightSlowCoordinator], SensorEntity):
    """A value that changes rarely."""

    entity_description: DocsightSlowSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Return the value from the slow coordinator."""
        return self.entity_description.value_fn(self.coordinator.data)


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
    def _channel(self) -> dict[str, Any] | None:
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


class DocsightTargetSensor(DocsightTargetEntity, SensorEntity):
    """A last-minute statistic of a connection-monitor target."""

    entity_description: DocsightTargetSensorEntityDescription

    @property
    def native_value(self) -> StateType:
        """Return the statistic (unknown when no probe answered)."""
        return self.entity_description.value_fn(self.stats)


class DocsightLanDownSensor(DocsightEntity[DocsightNetworkCoordinator], SensorEntity):
    """How many VITAL LAN devices are down (the add-on must have a LAN API)."""

    @property
    def available(self) -> bool:
        """Return True while the add-on's LAN monitoring keeps the statuses current."""
        return super().available and self.coordinator.data.lan_monitoring_active

    @property
    def native_value(self) -> int | None:
        """Return the count."""
        return self.coordinator.data.vital_devices_down
