"""An add-on that turns out to be another installation: no mixing, a repair to follow it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.docsight import repairs
from custom_components.docsight.api import DocsightClient, DocsightConnectionError
from custom_components.docsight.const import (
    CONF_INSTANCE_ID,
    DEFAULT_FALLBACK_INTERVAL,
    DOMAIN,
    SUPPORTED_API_VERSION,
)
from custom_components.docsight.models import Instance

from .conftest import Addon
from .test_coordinator import set_up, wait_until

NEW_ID = "feedfacefeedfacefeedfacefeedface"
TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"


@pytest.fixture(autouse=True)
def _enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load this repository's integration."""


def installation(instance_id: str) -> Instance:
    """Return the identity an add-on installation reports."""
    return Instance(instance_id, "0.1.0", SUPPORTED_API_VERSION, False, "cm1000")


@pytest.fixture
def now_another_installation() -> Iterator[None]:
    """Make the add-on report another installation (as after a new data directory)."""
    with patch.object(DocsightClient, "instance", return_value=installation(NEW_ID)):
        yield


def entry_devices(hass: HomeAssistant, entry: MockConfigEntry) -> list[dr.DeviceEntry]:
    """Return the devices of an entry."""
    return dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)


def issue_of(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    """Return the entry's "another installation" issue, if raised."""
    return ir.async_get(hass).async_get_issue(DOMAIN, repairs.instance_changed_issue_id(entry))


async def fix(hass: HomeAssistant, client: Any, issue_id: str) -> dict[str, Any]:
    """Run an issue's fix flow through the REST API: show it, then submit it."""
    response = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    step = await response.json()
    if step["type"] != "form":
        return dict(step)
    assert step["step_id"] == "confirm"
    response = await client.post(f"/api/repairs/issues/fix/{step['flow_id']}", json={})
    result: dict[str, Any] = await response.json()
    await hass.async_block_till_done()
    return result


async def test_another_installation_is_not_mixed_in(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """Reproduction: the entry kept feeding another installation's data into its devices."""
    await set_up(hass, config_entry)
    devices = entry_devices(hass, config_entry)
    assert devices
    with patch.object(DocsightClient, "instance", return_value=installation(NEW_ID)):
        assert not await hass.config_entries.async_reload(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    assert config_entry.error_reason_translation_key == "instance_changed"
    assert entry_devices(hass, config_entry) == devices  # nothing was added or renamed
    issue = issue_of(hass, config_entry)
    assert issue is not None
    assert (issue.severity, issue.is_fixable) == (ir.IssueSeverity.ERROR, True)
    placeholders = {"url": addon.url, "instance_id": NEW_ID, "expected_id": addon.instance_id}
    assert issue.translation_placeholders == {"title": "DOCSight", **placeholders}
    assert issue.data == {"entry_id": config_entry.entry_id, **placeholders}


async def test_a_change_while_running_reloads_the_entry(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """When the stream (re)connects to another installation, the entry stops with the issue."""
    answers = [installation(addon.instance_id)]  # the set-up still meets the old installation

    async def instance(_client: DocsightClient) -> Instance:
        return answers.pop(0) if answers else installation(NEW_ID)

    with patch.object(DocsightClient, "instance", instance):
        config_entry.add_to_hass(hass)
        # The stream may greet before the set-up has finished: its reload then cuts it short.
        await hass.config_entries.async_setup(config_entry.entry_id)
        await wait_until(lambda: config_entry.state is ConfigEntryState.SETUP_ERROR)
        await hass.async_block_till_done()
    assert not answers
    assert config_entry.error_reason_translation_key == "instance_changed"
    assert issue_of(hass, config_entry) is not None


async def test_a_change_while_polling_stops_the_entry(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """Reproduction: with the stream down, fallback polls fed a replaced add-on's data into the
    old devices; now each poll checks the identity and stops the entry with the issue."""
    identity = [installation(addon.instance_id)]
    reads_after_change: list[str] = []
    channels = DocsightClient.channels

    async def instance(_client: DocsightClient) -> Instance:
        return identity[0]

    async def read_channels(client: DocsightClient) -> Any:
        if identity[0].instance_id == NEW_ID:
            reads_after_change.append("channels")
        return await channels(client)

    with (
        patch.object(DocsightClient, "stream", side_effect=DocsightConnectionError("down")),
        patch.object(DocsightClient, "instance", instance),
        patch.object(DocsightClient, "channels", read_channels),
    ):
        await set_up(hass, config_entry)
        devices = entry_devices(hass, config_entry)
        assert not config_entry.runtime_data.live.stream_connected
        identity[0] = installation(NEW_ID)  # the add-on was replaced meanwhile
        async_fire_time_changed(
            hass, dt_util.utcnow() + timedelta(seconds=DEFAULT_FALLBACK_INTERVAL + 1)
        )
        await wait_until(lambda: config_entry.state is ConfigEntryState.SETUP_ERROR)
        await hass.async_block_till_done()
    assert config_entry.error_reason_translation_key == "instance_changed"
    assert issue_of(hass, config_entry) is not None
    assert entry_devices(hass, config_entry) == devices
    assert reads_after_change == []  # not one figure of the other installation was read


async def test_the_old_installation_coming_back_clears_the_issue(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """If the old installation answers again, a reload loads the entry and drops the issue."""
    with patch.object(DocsightClient, "instance", return_value=installation(NEW_ID)):
        config_entry.add_to_hass(hass)
        assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert issue_of(hass, config_entry) is not None
    assert await hass.config_entries.async_reload(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.LOADED
    assert issue_of(hass, config_entry) is None


async def test_following_the_new_installation(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    now_another_installation: None,
) -> None:
    """The repair moves the entry to the new installation: old devices go, new ones come."""
    old_device = {(DOMAIN, addon.instance_id)}
    config_entry.add_to_hass(hass)
    dr.async_get(hass).async_get_or_create(
        config_entry_id=config_entry.entry_id, identifiers=old_device, name="Old modem"
    )
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()

    result = await fix(hass, client, repairs.instance_changed_issue_id(config_entry))
    assert result["type"] == "create_entry", result
    assert config_entry.state is ConfigEntryState.LOADED
    assert config_entry.unique_id == NEW_ID
    assert config_entry.data[CONF_INSTANCE_ID] == NEW_ID
    registry = dr.async_get(hass)
    assert registry.async_get_device(identifiers=old_device) is None
    assert registry.async_get_device(identifiers={(DOMAIN, NEW_ID)}) is not None
    unique_ids = [
        item.unique_id
        for item in er.async_entries_for_config_entry(er.async_get(hass), config_entry.entry_id)
    ]
    assert unique_ids
    assert all(unique_id.startswith(NEW_ID) for unique_id in unique_ids)
    assert issue_of(hass, config_entry) is None


async def test_following_refused_when_the_new_installation_has_an_entry(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    now_another_installation: None,
) -> None:
    """Two entries must not end up on one installation: the repair aborts instead."""
    MockConfigEntry(domain=DOMAIN, unique_id=NEW_ID, title="New").add_to_hass(hass)
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()

    result = await fix(hass, client, repairs.instance_changed_issue_id(config_entry))
    assert (result["type"], result["reason"]) == ("abort", "already_configured")
    assert config_entry.unique_id == addon.instance_id


@pytest.mark.parametrize("language", ["en", "de"])
def test_issue_and_error_are_translated(language: str) -> None:
    """The issue, its fix flow and the set-up error exist with the placeholders they get."""
    strings = json.loads((TRANSLATIONS / f"{language}.json").read_text())
    issue = strings["issues"]["instance_changed"]
    assert set(re.findall(r"{(\w+)}", issue["title"])) <= {"title", "url", "instance_id"}
    confirm = issue["fix_flow"]["step"]["confirm"]
    assert set(re.findall(r"{(\w+)}", confirm["title"] + confirm["description"])) == {
        "title",
        "url",
    }
    assert set(issue["fix_flow"]["abort"]) == {"entry_removed", "already_configured"}
    message = strings["exceptions"]["instance_changed"]["message"]
    assert set(re.findall(r"{(\w+)}", message)) == {"url", "instance_id", "expected_id"}
