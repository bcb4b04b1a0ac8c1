"""The open incidents sensor: the add-on's unresolved incidents, added once it serves them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight.api import ApiCall, DocsightClient, DocsightResponseError
from custom_components.docsight.sensor import MAX_LISTED_INCIDENTS

from .conftest import Addon
from .test_coordinator import Refreshes, count_refreshes, set_up
from .test_evidence_actions import older_addon
from .test_network import api, state
from .test_services import call

OPEN_INCIDENTS = "sensor.demo_router_open_incidents"


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes."""
    with count_refreshes() as counter:
        yield counter


async def refresh(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Refresh the evidence coordinator and let the entities act on it."""
    await entry.runtime_data.evidence.async_refresh()
    await hass.async_block_till_done()


async def unresolved(addon: Addon) -> list[dict[str, Any]]:
    """Return the add-on's open and escalated incidents, in its order."""
    incidents = await api(addon, "GET", "/api/incidents")
    return [item for item in incidents if item["status"] in ("open", "escalated")]


async def add_incident(addon: Addon, name: str, status: str = "open") -> int:
    """Create an incident in the add-on; return its id."""
    body = {"name": name, "description": "", "status": status, "start_date": "2025-03-01"}
    return int((await api(addon, "POST", "/api/incidents", body))["id"])


async def test_counts_open_and_escalated_incidents(
    hass: HomeAssistant,
    addon: Addon,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """The demo's open and escalated incidents count; the resolved one does not."""
    expected = await unresolved(addon)
    assert sorted(item["status"] for item in expected) == ["escalated", "open"]
    sensor = hass.states.get(OPEN_INCIDENTS)
    assert sensor is not None
    assert sensor.state == "2"
    assert sensor.attributes["state_class"] == "measurement"
    assert sensor.attributes["escalated"] == 1
    assert sensor.attributes["incidents"] == [
        {key: item[key] for key in ("id", "name", "status", "start_date")} for item in expected
    ]
    registered = entity_registry.async_get(OPEN_INCIDENTS)
    assert registered is not None
    assert (registered.disabled_by, registered.entity_category) == (None, None)
    assert registered.translation_key == "open_incidents"


async def test_changes_show_after_a_journal_entry_and_the_list_is_capped(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """docsight.add_journal_entry refreshes the incidents; the attribute lists the newest 20."""
    for number in range(MAX_LISTED_INCIDENTS + 5):
        await add_incident(addon, f"Evening drop {number}")
    resolved = await add_incident(addon, "Solved already", "resolved")
    assert state(hass, OPEN_INCIDENTS) == "2"  # not polled yet

    entry = {"date": "2025-03-01", "title": "Line down again", "description": ""}
    await call(hass, setup_integration, "add_journal_entry", **entry)
    await hass.async_block_till_done()

    expected = await unresolved(addon)
    sensor = hass.states.get(OPEN_INCIDENTS)
    assert sensor.state == str(len(expected)) == str(MAX_LISTED_INCIDENTS + 7)
    listed = sensor.attributes["incidents"]
    assert [item["id"] for item in listed] == [item["id"] for item in expected][:20]
    assert resolved not in {item["id"] for item in listed}


async def test_older_addon_gets_the_sensor_once_it_serves_incidents(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Without the route (404) there is no sensor; after an add-on update it appears."""
    with older_addon(ApiCall.INCIDENTS):
        entry = await set_up(hass, config_entry)
        assert entry.runtime_data.evidence.data.incidents is None
        assert hass.states.get(OPEN_INCIDENTS) is None
        assert entity_registry.async_get(OPEN_INCIDENTS) is None
        assert hass.states.get("calendar.demo_router_incidents_and_outages") is not None

    await refresh(hass, entry)
    assert state(hass, OPEN_INCIDENTS) == "2"

    with older_addon(ApiCall.INCIDENTS):  # downgraded again
        await refresh(hass, entry)
    assert state(hass, OPEN_INCIDENTS) == STATE_UNAVAILABLE
    await refresh(hass, entry)
    assert state(hass, OPEN_INCIDENTS) == "2"


async def test_addon_error_makes_the_sensor_unavailable(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A failed refresh makes the sensor and the calendar unavailable until the next one."""
    calendar = "calendar.demo_router_incidents_and_outages"
    error = DocsightResponseError(500, "database locked")
    with patch.object(DocsightClient, "incidents", side_effect=error):
        await refresh(hass, setup_integration)
    assert state(hass, OPEN_INCIDENTS) == STATE_UNAVAILABLE
    assert state(hass, calendar) == STATE_UNAVAILABLE
    await refresh(hass, setup_integration)
    assert state(hass, OPEN_INCIDENTS) == "2"
    assert state(hass, calendar) != STATE_UNAVAILABLE
