"""Buttons: poll now and acknowledge all events."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN
from homeassistant.components.button import SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.docsight.api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
)
from custom_components.docsight.coordinator import EVENT_COUNT_COOLDOWN

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

POLL = "button.demo_router_poll_modem_now"
ACKNOWLEDGE = "button.demo_router_acknowledge_all_events"
LAST_POLL = "sensor.demo_router_last_poll"
UNACKNOWLEDGED = "sensor.demo_router_unacknowledged_warnings_7_days"


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return the snapshot assertion storing in snapshots/."""
    return snapshot.use_extension(SnapshotExtension)


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press a button."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def test_buttons(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The buttons."""
    entities = entity_snapshot(hass, entity_registry, setup_integration, Platform.BUTTON)
    assert entities == snapshot


async def test_poll_now_and_too_soon(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Poll now makes the add-on poll; pressing again at once is refused with a clear error."""
    await stream_ready(setup_integration, refreshes)
    snapshot_id = addon.server.context.state.snapshot_id

    await press(hass, POLL)
    assert addon.server.context.state.snapshot_id != snapshot_id
    polled_at = dt_util.utc_from_timestamp(addon.server.context.state.last_poll).isoformat()
    await wait_until(lambda: hass.states.get(LAST_POLL).state == polled_at)

    with pytest.raises(HomeAssistantError) as caught:
        await press(hass, POLL)
    assert caught.value.translation_key == "poll_too_soon"
    assert "Try again in a few seconds" in str(caught.value)
    assert "Please wait" in str(caught.value)


async def test_acknowledge_all(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """Acknowledging all events empties the count (pushed back by the add-on)."""
    await stream_ready(setup_integration, refreshes)
    assert int(hass.states.get(UNACKNOWLEDGED).state) > 0
    await press(hass, ACKNOWLEDGE)
    # the pushed acknowledgement is counted once its cool-down ends
    await advance_until(
        hass, lambda: hass.states.get(UNACKNOWLEDGED).state == "0", EVENT_COUNT_COOLDOWN
    )


async def test_without_stream_a_press_refreshes(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """With the stream down the button refreshes the data itself."""
    with patch.object(DocsightClient, "stream", side_effect=DocsightConnectionError("down")):
        config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(config_entry.entry_id)
        await hass.async_block_till_done()
        await add_event(addon, "error_spike", publish=False)
        await press(hass, ACKNOWLEDGE)
        await wait_until(lambda: hass.states.get(UNACKNOWLEDGED).state == "0")


@pytest.mark.parametrize(
    ("error", "key", "text"),
    [
        (DocsightConnectionError("timed out"), "cannot_connect", "Cannot reach"),
        (DocsightAuthenticationError("401"), "auth_failed", "refused the API token"),
        (DocsightResponseError(502, "modem failed"), "bad_response", "502: modem failed"),
    ],
)
async def test_press_errors(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    error: DocsightError,
    key: str,
    text: str,
) -> None:
    """Add-on errors become translated Home Assistant errors."""
    with (
        patch.object(DocsightClient, "poll", side_effect=error),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await press(hass, POLL)
    assert caught.value.translation_key == key
    assert text in str(caught.value)
