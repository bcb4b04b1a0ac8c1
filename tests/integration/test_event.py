"""The event entity and the docsight_event bus event."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_UNKNOWN, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from syrupy.assertion import SnapshotAssertion

from custom_components.docsight.api import DocsightClient, DocsightConnectionError
from custom_components.docsight.const import EVENT_DOCSIGHT
from custom_components.docsight.coordinator import EVENT_COUNT_COOLDOWN
from custom_components.docsight.event import EVENT_TYPES
from docsight_server.analysis.events import EVENT_TYPES as ADDON_EVENT_TYPES
from docsight_server.connmon.events import EVENT_TYPES as CONNMON_EVENT_TYPES
from docsight_server.lan.events import LAN_EVENT_TYPES

from .conftest import Addon
from .test_coordinator import (
    Refreshes,
    add_event,
    advance_until,
    count_refreshes,
    stream_ready,
    wait_until,
)
from .test_sensor import SnapshotExtension, entity_snapshot

EVENT_ENTITY = "event.demo_router_docsight_event"
UNACKNOWLEDGED = "sensor.demo_router_unacknowledged_warnings_7_days"


@pytest.fixture(autouse=True)
def refreshes() -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return the snapshot assertion storing in snapshots/."""
    return snapshot.use_extension(SnapshotExtension)


async def test_event_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The event entity offers every event type."""
    entities = entity_snapshot(hass, entity_registry, setup_integration, Platform.EVENT)
    assert entities == snapshot
    assert hass.states.get(EVENT_ENTITY).attributes["event_types"] == EVENT_TYPES


def test_event_types_are_the_addons() -> None:
    """The entity offers exactly the add-on's event types: line, connection monitor, LAN."""
    addon_types = set(ADDON_EVENT_TYPES) | set(CONNMON_EVENT_TYPES) | set(LAN_EVENT_TYPES)
    assert set(EVENT_TYPES) == addon_types
    assert len(EVENT_TYPES) == len(addon_types)


async def test_pushed_event_fires_bus_event_and_entity(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """A pushed event reaches the bus, the event entity and the unacknowledged count."""
    await stream_ready(setup_integration, refreshes)
    bus_events = async_capture_events(hass, EVENT_DOCSIGHT)
    count = int(hass.states.get(UNACKNOWLEDGED).state)
    assert hass.states.get(EVENT_ENTITY).state == STATE_UNKNOWN

    stored = await add_event(addon, "error_spike", publish=True)
    await advance_until(
        hass, lambda: hass.states.get(UNACKNOWLEDGED).state == str(count + 1), EVENT_COUNT_COOLDOWN
    )

    assert [event.data for event in bus_events] == [
        {**stored, "config_entry_id": setup_integration.entry_id}
    ]
    state = hass.states.get(EVENT_ENTITY)
    assert state.state != STATE_UNKNOWN
    assert state.attributes["event_type"] == "error_spike"
    assert state.attributes["severity"] == "warning"
    assert state.attributes["message"] == "Test error_spike"
    assert state.attributes["id"] == stored["id"]
    assert state.attributes["timestamp"] == stored["timestamp"]
    assert "details" not in state.attributes


async def test_network_events_trigger_the_entity(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Connection-monitor and LAN events reach the bus and the event entity."""
    await stream_ready(setup_integration, refreshes)
    bus_events = async_capture_events(hass, EVENT_DOCSIGHT)
    new_types = [*CONNMON_EVENT_TYPES, *LAN_EVENT_TYPES]
    for event_type in new_types:
        stored = await add_event(addon, event_type, publish=True)
        await wait_until(
            lambda event_type=event_type: (
                hass.states.get(EVENT_ENTITY).attributes.get("event_type") == event_type
            )
        )
        assert hass.states.get(EVENT_ENTITY).attributes["id"] == stored["id"]
    await hass.async_block_till_done()
    assert [event.data["event_type"] for event in bus_events] == new_types


async def test_unknown_event_type_goes_to_the_bus_only(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """An event type from a newer add-on is not offered by the entity but still on the bus."""
    await stream_ready(setup_integration, refreshes)
    bus_events = async_capture_events(hass, EVENT_DOCSIGHT)
    count = int(hass.states.get(UNACKNOWLEDGED).state)

    await add_event(addon, "speedtest_slow", publish=True)
    await advance_until(
        hass, lambda: hass.states.get(UNACKNOWLEDGED).state == str(count + 1), EVENT_COUNT_COOLDOWN
    )

    assert [event.data["event_type"] for event in bus_events] == ["speedtest_slow"]
    assert hass.states.get(EVENT_ENTITY).state == STATE_UNKNOWN


async def test_event_count_kept_when_it_cannot_be_read(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """A failed count read after an event keeps the old count; the event still fires."""
    await stream_ready(setup_integration, refreshes)
    bus_events = async_capture_events(hass, EVENT_DOCSIGHT)
    count = hass.states.get(UNACKNOWLEDGED).state
    with patch.object(
        DocsightClient, "event_count", side_effect=DocsightConnectionError("timeout")
    ) as read_count:
        await add_event(addon, "device_reboot", publish=True)
        await advance_until(hass, lambda: read_count.called, EVENT_COUNT_COOLDOWN)
        await hass.async_block_till_done()
    assert len(bus_events) == 1
    assert hass.states.get(EVENT_ENTITY).attributes["event_type"] == "device_reboot"
    assert hass.states.get(UNACKNOWLEDGED).state == count
