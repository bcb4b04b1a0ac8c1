"""Event entity: every DOCSight event (line, connection monitor, LAN) as it happens."""

from __future__ import annotations

from typing import Final

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import DocsightLiveCoordinator
from .data import DocsightConfigEntry
from .entity import DocsightEntity
from .models import Event

PARALLEL_UPDATES = 0

#: The add-on's event types: analysis/events.py EVENT_TYPES, then connmon/events.py EVENT_TYPES
#: and lan/events.py LAN_EVENT_TYPES (paths under addon/docsight_server/).
EVENT_TYPES: Final = [
    "health_change",
    "power_change",
    "snr_change",
    "channel_change",
    "modulation_change",
    "modem_restart_detected",
    "error_spike",
    "monitoring_started",
    "monitoring_stopped",
    "device_sw_update",
    "device_reboot",
    "device_ip_change",
    "cm_target_unreachable",
    "cm_target_recovered",
    "cm_packet_loss_warning",
    "lan_device_new",
    "lan_device_down",
    "lan_device_up",
    "lan_device_ip_change",
    "lan_rtd_issue_detected",
    "lan_rtd_issue_resolved",
]

DESCRIPTION = EventEntityDescription(key="event", translation_key="event", event_types=EVENT_TYPES)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DocsightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the event entity."""
    async_add_entities([DocsightEventEntity(entry.runtime_data.live, DESCRIPTION)])


class DocsightEventEntity(DocsightEntity[DocsightLiveCoordinator], EventEntity):
    """Fires for every event the add-on pushes."""

    async def async_added_to_hass(self) -> None:
        """Listen for pushed events."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_event_listener(self._async_on_event))

    @callback
    def _async_on_event(self, event: Event) -> None:
        """Trigger for a known event type (newer add-ons may send others: bus event only).

        The details can be large: they go with the bus event only.
        """
        if event.event_type not in EVENT_TYPES:
            return
        attributes = {
            "id": event.id,
            "severity": event.severity,
            "message": event.message,
            "timestamp": event.timestamp,
        }
        self._trigger_event(event.event_type, attributes)
        self.async_write_ha_state()
