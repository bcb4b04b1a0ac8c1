"""The evidence coordinator fails alone: incidents and outages never block the integration.

The add-on failing is simulated by making one client call raise (a failure path); everything
else is the real add-on on loopback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight.api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
)
from custom_components.docsight.models import Outage
from docsight_server.connmon.keys import CONNECTION_MONITOR
from docsight_server.connmon.repository import Sample

from .conftest import Addon
from .test_coordinator import Refreshes, count_refreshes, docsight_log, set_up
from .test_network import TARGETS, api, state

CALENDAR = "calendar.demo_router_incidents_and_outages"
OPEN_INCIDENTS = "sensor.demo_router_open_incidents"
LINE_HEALTH = "sensor.demo_router_line_health"
POLL_BUTTON = "button.demo_router_poll_modem_now"
ADDON_ERRORS = [
    pytest.param(DocsightResponseError(500, "database locked"), id="http-500"),
    pytest.param(DocsightConnectionError("timed out"), id="timeout"),
]


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes."""
    with count_refreshes() as counter:
        yield counter


async def refresh(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Refresh the evidence coordinator and let the entities act on it."""
    await entry.runtime_data.evidence.async_refresh()
    await hass.async_block_till_done()


def live_state(hass: HomeAssistant, entity_id: str) -> str:
    """Return the state of an entity that is really there (not a registry placeholder)."""
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    assert "restored" not in current.attributes, entity_id
    return current.state


def assert_rest_works(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The entry is loaded and the line's sensors and buttons work."""
    assert entry.state is ConfigEntryState.LOADED
    assert live_state(hass, LINE_HEALTH) not in (STATE_UNAVAILABLE, "unknown")
    assert live_state(hass, POLL_BUTTON) != STATE_UNAVAILABLE


async def add_ongoing_outage(addon: Addon, label: str, host: str) -> int:
    """Create a target whose probes went unanswered for the last 70 s; return its id."""
    target = int((await api(addon, "POST", TARGETS, {"label": label, "host": host}))["id"])
    now = time.time()
    samples = [Sample(target, now - 80, 1.0, "icmp")]
    samples += [Sample(target, now - 70 + 5 * step, None, "icmp") for step in range(14)]
    await addon.server.context.services[CONNECTION_MONITOR].store.writer.add_samples(samples)
    return target


def outages_failing_for(target_id: int, error: DocsightError) -> AbstractContextManager[object]:
    """Make the add-on's outages route fail for one target; the others answer for real."""
    real = DocsightClient.monitor_outages

    async def flaky(client: DocsightClient, asked: int, start: int, end: int) -> tuple[Outage, ...]:
        if asked == target_id:
            raise error
        return await real(client, asked, start, end)

    return patch.object(DocsightClient, "monitor_outages", flaky)


def ongoing_labels(entry: MockConfigEntry) -> set[str]:
    """Return the labels of the targets with an outage going on at the last refresh."""
    return {outage.label for outage in entry.runtime_data.evidence.data.ongoing_outages}


@pytest.mark.parametrize("error", ADDON_ERRORS)
async def test_setup_succeeds_while_incidents_fail(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry, error: DocsightError
) -> None:
    """A first setup with unreadable incidents loads; only the evidence entities wait."""
    with patch.object(DocsightClient, "incidents", side_effect=error):
        entry = await set_up(hass, config_entry)
        assert_rest_works(hass, entry)
        assert live_state(hass, CALENDAR) == STATE_UNAVAILABLE
        # Never seen before: whether this add-on serves incidents is not known yet.
        assert hass.states.get(OPEN_INCIDENTS) is None
        await refresh(hass, entry)
        assert live_state(hass, CALENDAR) == STATE_UNAVAILABLE

    await refresh(hass, entry)
    assert live_state(hass, OPEN_INCIDENTS) == "2"
    assert live_state(hass, CALENDAR) == STATE_ON


async def test_known_sensor_is_unavailable_after_a_restart_while_incidents_fail(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A reload while incidents fail keeps the known sensor, unavailable until they answer."""
    entry = setup_integration
    assert live_state(hass, OPEN_INCIDENTS) == "2"
    assert await hass.config_entries.async_unload(entry.entry_id)
    error = DocsightResponseError(500, "database locked")
    with patch.object(DocsightClient, "incidents", side_effect=error):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert_rest_works(hass, entry)
        assert live_state(hass, OPEN_INCIDENTS) == STATE_UNAVAILABLE
        assert live_state(hass, CALENDAR) == STATE_UNAVAILABLE

    await refresh(hass, entry)
    assert live_state(hass, OPEN_INCIDENTS) == "2"
    assert live_state(hass, CALENDAR) == STATE_ON


async def test_unreadable_target_list_at_setup_degrades_only_the_evidence(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """The connection monitor failing at setup leaves the integration working."""
    real = DocsightClient.monitor_targets
    calls = 0

    async def second_call_fails(client: DocsightClient) -> object:
        # The network coordinator reads the targets first, the evidence coordinator second.
        nonlocal calls
        calls += 1
        if calls == 2:
            raise DocsightConnectionError("timed out")
        return await real(client)

    with patch.object(DocsightClient, "monitor_targets", second_call_fails):
        entry = await set_up(hass, config_entry)
    assert_rest_works(hass, entry)
    assert live_state(hass, CALENDAR) == STATE_UNAVAILABLE
    await refresh(hass, entry)
    assert live_state(hass, CALENDAR) == STATE_ON
    assert live_state(hass, OPEN_INCIDENTS) == "2"


@pytest.mark.parametrize("error", ADDON_ERRORS)
async def test_failing_target_keeps_the_other_targets_and_the_incidents(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    error: DocsightError,
) -> None:
    """One target's outages failing hides only that target's; it is back once it answers."""
    await add_ongoing_outage(addon, "Probe X", "192.0.2.20")
    failing = await add_ongoing_outage(addon, "Probe Y", "192.0.2.21")
    with outages_failing_for(failing, error):
        entry = await set_up(hass, config_entry)
        assert_rest_works(hass, entry)
        assert ongoing_labels(entry) == {"Probe X"}
        assert live_state(hass, OPEN_INCIDENTS) == "2"
        calendar = hass.states.get(CALENDAR)
        assert (calendar.state, calendar.attributes["message"]) == (
            STATE_ON,
            "Connection lost: Probe X",
        )
        await refresh(hass, entry)  # still failing: warned about once
        assert entry.runtime_data.evidence.last_update_success
    warnings = [record.getMessage() for record in docsight_log(caplog, logging.WARNING)]
    assert len(warnings) == 1
    assert "Probe Y" in warnings[0]
    assert str(error) in warnings[0]

    await refresh(hass, entry)
    assert ongoing_labels(entry) == {"Probe X", "Probe Y"}
    assert any("Probe Y" in message for message in caplog.messages if "again" in message)


async def test_refused_token_on_a_target_starts_reauthentication(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """A refused token is not one target's trouble: the refresh fails and reauth starts."""
    entry = setup_integration
    enabled = [target["id"] for target in await api(addon, "GET", TARGETS) if target["enabled"]]
    refused = DocsightAuthenticationError("token refused")
    with outages_failing_for(enabled[0], refused):
        await refresh(hass, entry)
    assert not entry.runtime_data.evidence.last_update_success
    assert state(hass, CALENDAR) == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress()
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
