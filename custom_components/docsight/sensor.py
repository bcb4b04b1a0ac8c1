"""Sensors: line roll-ups, modem info, gaming, speeds, targets, LAN devices, open incidents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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
    Platform,
    UnitOfDataRate,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .channel_sensors import ChannelTracker
from .const import CONF_CHANNEL_SENSORS, DBMV, DOMAIN
from .coordinator import DocsightLiveCoordinator, DocsightSlowCoordinator, LiveData, SlowData
from .data import DocsightConfigEntry
from .entity import TARGETS, DocsightEntity, DocsightTargetEntity, async_add_item_entities
from .evidence import DocsightEvidenceCoordinator
from .models import TargetStats
from .network import DocsightNetworkCoordinator

PARALLEL_UPDATES = 0

HEALTH_OPTIONS = ["good", "tolerated", "marginal", "critical"]
#: The open incidents sensor lists this many of them (newest first) in its attributes.
MAX_LISTED_INCIDENTS = 20
GRADE_OPTIONS = ["a", "b", "c", "d", "f"]


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
class DocsightTargetSensorEntityDescription(SensorEntityDescription):
    """A sensor of a connection-monitor target, fed by its last-minute statistics."""

    value_fn: Callable[[TargetStats], StateType]


def _level(
    key: str, unit: str, value_fn: Callable[[LiveData], float | None]
) -> DocsightSensorEntityDescription:
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
        value_fn=value_fn,
    )


def _count(
    key: str,
    value_fn: Callable[[LiveData], int | None],
    state_class: SensorStateClass = SensorStateClass.MEASUREMENT,
) -> DocsightSensorEntityDescription:
    """Return a count: channels (measured) or error counters (only increasing)."""
    return DocsightSensorEntityDescription(
        key=key, translation_key=key, state_class=state_class, value_fn=value_fn
    )


def _diagnostic(
    key: str,
    value_fn: Callable[[LiveData], StateType | datetime],
    device_class: SensorDeviceClass | None = None,
) -> DocsightSensorEntityDescription:
    """Return a diagnostic sensor: the firmware, and the times of the last poll and boot."""
    return DocsightSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=device_class,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=value_fn,
    )


def _provisioned(
    key: str, value_fn: Callable[[SlowData], int | None]
) -> DocsightSlowSensorEntityDescription:
    """Return a provisioned speed (the add-on sends kbit/s; shown in Mbit/s)."""
    return DocsightSlowSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DATA_RATE,
        native_unit_of_measurement=UnitOfDataRate.KILOBITS_PER_SECOND,
        suggested_unit_of_measurement=UnitOfDataRate.MEGABITS_PER_SECOND,
        suggested_display_precision=0,
        value_fn=value_fn,
    )


def _health(data: LiveData) -> str | None:
    health = data.summary.health
    return health if health in HEALTH_OPTIONS else None


def _health_issues(data: LiveData) -> dict[str, Any]:
    return {"health_issues": list(data.summary.health_issues)}


def _grade(data: SlowData) -> str | None:
    grade = data.gaming.grade
    return grade.lower() if grade else None


LIVE_SENSORS: tuple[DocsightSensorEntityDescription, ...] = (
    DocsightSensorEntityDescription(
        key="line_health",
        translation_key="line_health",
        device_class=SensorDeviceClass.ENUM,
        options=HEALTH_OPTIONS,
        value_fn=_health,
        attributes_fn=_health_issues,
    ),
    _level("ds_power_min", DBMV, lambda data: data.summary.ds_power_min),
    _level("ds_power_avg", DBMV, lambda data: data.summary.ds_power_avg),
    _level("ds_power_max", DBMV, lambda data: data.summary.ds_power_max),
    _level("ds_snr_min", SIGNAL_STRENGTH_DECIBELS, lambda data: data.summary.ds_snr_min),
    _level("ds_snr_avg", SIGNAL_STRENGTH_DECIBELS, lambda data: data.summary.ds_snr_avg),
    _level("us_power_min", DBMV, lambda data: data.summary.us_power_min),
    _level("us_power_avg", DBMV, lambda data: data.summary.us_power_avg),
    _level("us_power_max", DBMV, lambda data: data.summary.us_power_max),
    _count("ds_channel_count", lambda data: data.summary.ds_total),
    _count("us_channel_count", lambda data: data.summary.us_total),
    _count(
        "correctable_errors",
        lambda data: data.summary.ds_correctable_errors,
        SensorStateClass.TOTAL_INCREASING,
    ),
    _count(
        "uncorrectable_errors",
        lambda data: data.summary.ds_uncorrectable_errors,
        SensorStateClass.TOTAL_INCREASING,
    ),
    DocsightSensorEntityDescription(
        key="uncorrectable_rate",
        translation_key="uncorrectable_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda data: data.summary.ds_uncorr_pct,
    ),
    _diagnostic("last_boot", lambda data: data.last_boot, SensorDeviceClass.TIMESTAMP),
    _diagnostic("software_version", lambda data: data.device.sw_version),
    DocsightSensorEntityDescription(
        key="unacknowledged_events",
        translation_key="unacknowledged_events",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.events.recent_alerts,
        attributes_fn=lambda data: {"unacknowledged_total": data.events.total},
    ),
    _diagnostic("last_poll", lambda data: data.last_poll, SensorDeviceClass.TIMESTAMP),
)

SLOW_SENSORS: tuple[DocsightSlowSensorEntityDescription, ...] = (
    DocsightSlowSensorEntityDescription(
        key="gaming_score",
        translation_key="gaming_score",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.gaming.score,
    ),
    DocsightSlowSensorEntityDescription(
        key="gaming_grade",
        translation_key="gaming_grade",
        device_class=SensorDeviceClass.ENUM,
        options=GRADE_OPTIONS,
        value_fn=_grade,
    ),
    _provisioned("provisioned_downstream", lambda data: data.connection.max_downstream_kbps),
    _provisioned("provisioned_upstream", lambda data: data.connection.max_upstream_kbps),
)


TARGET_SENSORS: tuple[DocsightTargetSensorEntityDescription, ...] = (
    DocsightTargetSensorEntityDescription(
        key="latency",
        translation_key="target_latency",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda stats: stats.avg_latency_ms,
    ),
    DocsightTargetSensorEntityDescription(
        key="packet_loss",
        translation_key="target_packet_loss",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=lambda stats: stats.packet_loss_pct,
    ),
)

LAN_DEVICES_DOWN = SensorEntityDescription(
    key="lan_devices_down",
    translation_key="lan_devices_down",
    state_class=SensorStateClass.MEASUREMENT,
)

OPEN_INCIDENTS = SensorEntityDescription(
    key="open_incidents",
    translation_key="open_incidents",
    state_class=SensorStateClass.MEASUREMENT,
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
    async_add_item_entities(
        network,
        async_add_entities,
        TARGETS,
        lambda target_id: [
            DocsightTargetSensor(network, description, target_id) for description in TARGET_SENSORS
        ],
    )

    _async_add_incidents_sensor(entry.runtime_data.evidence, async_add_entities)

    tracker = ChannelTracker(hass, entry, async_add_entities)
    if not entry.options.get(CONF_CHANNEL_SENSORS, False):
        tracker.async_remove_all()
        return
    tracker.async_update()
    entry.async_on_unload(live.async_add_listener(tracker.async_update))


@callback
def _async_add_incidents_sensor(
    evidence: DocsightEvidenceCoordinator, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the open incidents sensor once the add-on serves incidents (older ones do not).

    While the incidents could never be read, a sensor known from an earlier run is added
    (unavailable); an unknown one waits until the add-on answers.
    """
    added = False
    unique_id = f"{evidence.instance_id}_{OPEN_INCIDENTS.key}"
    known = er.async_get(evidence.hass).async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)

    @callback
    def _async_add_once_served() -> None:
        nonlocal added
        data = evidence.data
        served = known is not None if data is None else data.incidents is not None
        if not added and served:
            added = True
            async_add_entities([DocsightOpenIncidentsSensor(evidence, OPEN_INCIDENTS)])

    _async_add_once_served()
    evidence.config_entry.async_on_unload(evidence.async_add_listener(_async_add_once_served))


class DocsightSensor(DocsightEntity[DocsightLiveCoordinator], SensorEntity):
    """A roll-up of the latest poll."""

    entity_description: DocsightSensorEntityDescription

    @property
    def native_value(self) -> StateType | datetime:
        """Return the value from the latest poll."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return extra attributes (health issues, the all-time unacknowledged events)."""
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


class DocsightOpenIncidentsSensor(DocsightEntity[DocsightEvidenceCoordinator], SensorEntity):
    """How many incidents are unresolved (open or escalated), and which."""

    @property
    def available(self) -> bool:
        """Return True while the add-on serves incidents."""
        return super().available and self.coordinator.data.incidents is not None

    @property
    def native_value(self) -> int:
        """Return the count of open and escalated incidents."""
        return len(self.coordinator.data.unresolved_incidents)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return how many are escalated and the newest of them (id, name, status, start)."""
        unresolved = self.coordinator.data.unresolved_incidents
        return {
            "escalated": sum(incident.status == "escalated" for incident in unresolved),
            "incidents": [
                {
                    "id": incident.id,
                    "name": incident.name,
                    "status": incident.status,
                    "start_date": incident.start_date,
                }
                for incident in unresolved[:MAX_LISTED_INCIDENTS]
            ],
        }
