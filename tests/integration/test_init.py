"""Setting up, reloading and unloading the integration against the real add-on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight import repairs
from custom_components.docsight.api import (
    DocsightClient,
    DocsightResponseError,
    Instance,
)
from custom_components.docsight.binary_sensor import (
    LAN_DEVICE_ONLINE,
    LINE_PROBLEM,
    MODEM_REACHABLE,
    TARGET_REACHABLE,
)
from custom_components.docsight.button import BUTTONS
from custom_components.docsight.calendar import CALENDAR
from custom_components.docsight.channel_sensors import CHANNEL_SENSORS
from custom_components.docsight.const import (
    CONF_CHANNEL_SENSORS,
    CONF_FALLBACK_INTERVAL,
    DOMAIN,
    SUPPORTED_API_VERSION,
)
from custom_components.docsight.coordinator import (
    DocsightLiveCoordinator,
    DocsightSlowCoordinator,
)
from custom_components.docsight.event import DESCRIPTION as EVENT_DESCRIPTION
from custom_components.docsight.event import EVENT_TYPES
from custom_components.docsight.sensor import (
    GRADE_OPTIONS,
    HEALTH_OPTIONS,
    LAN_DEVICES_DOWN,
    LIVE_SENSORS,
    OPEN_INCIDENTS,
    SLOW_SENSORS,
    TARGET_SENSORS,
)
from tests.addon.harness import free_port

from .conftest import Addon
from .test_coordinator import Refreshes, count_refreshes, set_up, stream_ready

INTEGRATION = Path(__file__).parents[2] / "custom_components" / DOMAIN
#: Exception translation keys raised by the modules of this engineer.
EXCEPTION_KEYS = (
    "auth_failed",
    "cannot_connect",
    "bad_response",
    "incompatible_api",
    "instance_changed",
    "poll_too_soon",
)


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes (see `stream_ready`)."""
    with count_refreshes() as counter:
        yield counter


async def test_setup_and_unload(
    hass: HomeAssistant, setup_integration: MockConfigEntry, refreshes: Refreshes
) -> None:
    """The entry loads with its runtime data, registers the actions and unloads cleanly."""
    entry = setup_integration
    assert entry.state is ConfigEntryState.LOADED
    runtime = entry.runtime_data
    assert isinstance(runtime.live, DocsightLiveCoordinator)
    assert isinstance(runtime.slow, DocsightSlowCoordinator)
    assert runtime.instance.instance_id == entry.unique_id
    assert runtime.instance.api_version == SUPPORTED_API_VERSION
    assert hass.services.has_service(DOMAIN, "poll")
    await stream_ready(entry, refreshes)
    assert len(entry._background_tasks) == 1  # the stream

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert not entry._background_tasks
    states = hass.states.async_all(["binary_sensor", "button", "calendar", "event", "sensor"])
    assert states
    assert {state.state for state in states} == {STATE_UNAVAILABLE}


async def test_setup_retries_while_addon_is_unreachable(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    """Nothing listening at the URL: set-up is retried later."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="offline",
        data={"url": f"http://127.0.0.1:{free_port()}", "token": "t", "instance_id": "offline"},
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "Cannot reach the DOCSight add-on" in str(entry.reason)


async def test_setup_retries_on_an_addon_error(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> None:
    """An add-on answering with a server error is retried later too."""
    with patch.object(
        DocsightClient, "channels", side_effect=DocsightResponseError(500, "database locked")
    ):
        config_entry.add_to_hass(hass)
        assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_wrong_token_starts_reauth(hass: HomeAssistant, addon: Addon) -> None:
    """A token the add-on refuses fails set-up and starts the reauth flow."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=addon.instance_id,
        data={"url": addon.url, "token": "dsk_wrong", "instance_id": addon.instance_id},
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]


async def test_incompatible_api_version(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """An add-on with another API version fails set-up with a repair issue, cleared later."""
    newer = Instance(addon.instance_id, "9.0.0", SUPPORTED_API_VERSION + 1, True, None)
    with patch.object(DocsightClient, "instance", return_value=newer):
        config_entry.add_to_hass(hass)
        assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    issue_id = repairs.incompatible_issue_id(config_entry)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders["api_version"] == str(SUPPORTED_API_VERSION + 1)

    assert await hass.config_entries.async_reload(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.LOADED
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_new_options_reload_the_entry(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, config_entry: MockConfigEntry
) -> None:
    """Changed options reload the entry; a data-only update (reauth) does not reload twice."""
    await set_up(hass, config_entry)
    runtime = config_entry.runtime_data

    hass.config_entries.async_update_entry(config_entry, title="Cable line")
    await hass.async_block_till_done()
    assert config_entry.runtime_data is runtime

    hass.config_entries.async_update_entry(
        config_entry, options={CONF_CHANNEL_SENSORS: True, CONF_FALLBACK_INTERVAL: 120}
    )
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.LOADED
    assert config_entry.runtime_data is not runtime
    assert config_entry.runtime_data.live.fallback_interval.total_seconds() == 120
    unique_ids = [
        entry.unique_id
        for entry in er.async_entries_for_config_entry(entity_registry, config_entry.entry_id)
    ]
    assert any("_channel_ds_" in unique_id for unique_id in unique_ids)


async def test_removing_the_entry_removes_its_issues(
    hass: HomeAssistant, config_entry: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """Removing the entry deletes its repair issues."""
    await set_up(hass, config_entry)
    repairs.async_report_unreachable(hass, config_entry)
    assert issue_registry.async_get_issue(DOMAIN, repairs.unreachable_issue_id(config_entry))
    await hass.config_entries.async_remove(config_entry.entry_id)
    assert not issue_registry.async_get_issue(DOMAIN, repairs.unreachable_issue_id(config_entry))


def _translation_keys() -> dict[str, set[str]]:
    """Return the entity translation keys the platforms use, per platform."""
    return {
        "sensor": {
            d.translation_key
            for d in (
                *LIVE_SENSORS,
                *SLOW_SENSORS,
                *CHANNEL_SENSORS,
                *TARGET_SENSORS,
                LAN_DEVICES_DOWN,
                OPEN_INCIDENTS,
            )
        },
        "binary_sensor": {
            d.translation_key
            for d in (LINE_PROBLEM, MODEM_REACHABLE, TARGET_REACHABLE, LAN_DEVICE_ONLINE)
        },
        "button": {d.translation_key for d in BUTTONS},
        "calendar": {CALENDAR.translation_key},
        "event": {EVENT_DESCRIPTION.translation_key},
    }


@pytest.mark.parametrize("language", ["en", "de"])
def test_translations_cover_entities_and_errors(language: str) -> None:
    """Every entity name, enum state, event type and error message is translated."""
    strings = json.loads((INTEGRATION / "translations" / f"{language}.json").read_text())
    for platform, keys in _translation_keys().items():
        assert set(strings["entity"][platform]) == keys, platform
        for key in keys:
            assert strings["entity"][platform][key]["name"]
    sensor = strings["entity"]["sensor"]
    assert set(sensor["line_health"]["state"]) == set(HEALTH_OPTIONS)
    assert set(sensor["gaming_grade"]["state"]) == set(GRADE_OPTIONS)
    event_types = strings["entity"]["event"]["event"]["state_attributes"]["event_type"]["state"]
    assert set(event_types) == set(EVENT_TYPES)
    for key in EXCEPTION_KEYS:
        assert strings["exceptions"][key]["message"]


def test_icons_cover_entities() -> None:
    """Every entity has an icon translation; enum states have state icons."""
    icons = json.loads((INTEGRATION / "icons.json").read_text())["entity"]
    for platform, keys in _translation_keys().items():
        assert set(icons[platform]) == keys, platform
    assert set(icons["sensor"]["line_health"]["state"]) == set(HEALTH_OPTIONS)
    assert set(icons["sensor"]["gaming_grade"]["state"]) == set(GRADE_OPTIONS)
    event_icons = icons["event"]["event"]["state_attributes"]["event_type"]["state"]
    assert set(event_icons) == set(EVENT_TYPES)
