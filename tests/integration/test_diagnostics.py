"""Diagnostics: complete enough to debug, without the token or the WAN addresses."""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.docsight.api import DocsightConnectionError
from tests.integration.conftest import Addon

WAN_IPV6 = "2001:db8:23::17"
REDACTED = "**REDACTED**"


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant,
    enable_custom_integrations: None,
    addon: Addon,
    config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """The entry set up against an add-on whose modem also reports a WAN IPv6 address."""
    state = addon.server.context.state
    assert state.device_info["wan_ipv4"]
    state.device_info = {**state.device_info, "wan_ipv6": WAN_IPV6}
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry


async def test_diagnostics_content(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    addon: Addon,
    loaded_entry: MockConfigEntry,
) -> None:
    """Entry, add-on identity, summary, device, channel counts and collectors are included."""
    _, channels, _ = await addon.server.request("GET", "/api/channels", token=addon.token)

    result: dict[str, Any] = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)

    assert result["entry"]["data"] == {
        "url": addon.url,
        "token": REDACTED,
        "instance_id": addon.instance_id,
    }
    assert result["entry"]["options"] == dict(loaded_entry.options)
    assert result["instance"]["instance_id"] == addon.instance_id
    assert result["instance"]["demo_mode"] is True
    live = result["live"]
    assert live["last_update_success"] is True
    assert live["summary"]["health"] == channels["summary"]["health"]
    assert live["channel_counts"] == {
        "ds": len(channels["ds_channels"]),
        "us": len(channels["us_channels"]),
    }
    assert live["device"]["wan_ipv4"] == REDACTED
    assert live["device"]["wan_ipv6"] == REDACTED
    assert live["device"]["model"] == addon.server.context.state.device_info["model"]
    assert live["modem_collector"]["name"] == "demo"
    assert result["slow"]["data"]["connection"] is not None
    assert "demo" in {collector["name"] for collector in result["collectors"]}
    network = result["network"]
    assert network["last_update_success"] is True
    _, targets, _ = await addon.server.request(
        "GET", "/api/connection-monitor/targets", token=addon.token
    )
    assert set(network["data"]["targets"]) == {str(target["id"]) for target in targets}
    assert set(network["data"]["summary"]) == set(network["data"]["targets"])
    lan_device = next(iter(network["data"]["lan_devices"].values()))
    assert lan_device["hw_address"] == REDACTED
    assert lan_device["display_name"] == REDACTED
    assert lan_device["importance"] in ("VITAL", "FLOATING")
    driver = result["modem_driver"]
    assert driver["key"] == loaded_entry.runtime_data.instance.modem_type
    assert driver["name"]
    assert isinstance(driver["credentials_required"], bool)


async def test_diagnostics_never_contain_secrets(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    addon: Addon,
    loaded_entry: MockConfigEntry,
) -> None:
    """Neither the token nor a WAN address appears anywhere in the dump."""
    wan_ipv4 = addon.server.context.state.device_info["wan_ipv4"]

    dumped = json.dumps(await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry))

    assert addon.token not in dumped
    assert wan_ipv4 not in dumped
    assert WAN_IPV6 not in dumped
    _, lan, _ = await addon.server.request("GET", "/api/lan/devices", token=addon.token)
    for device in lan["devices"]:
        assert device["hw_address"] not in dumped
    assert addon.url in dumped


async def test_diagnostics_when_collectors_fail(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, loaded_entry: MockConfigEntry
) -> None:
    """A failing collectors request is reported in place of the list."""
    client = loaded_entry.runtime_data.client
    with patch.object(client, "collectors", AsyncMock(side_effect=DocsightConnectionError("gone"))):
        result = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    assert result["collectors"] == {"error": "DocsightConnectionError: gone"}
    assert result["live"]["summary"]
    with patch.object(client, "drivers", AsyncMock(side_effect=DocsightConnectionError("gone"))):
        result = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    assert result["modem_driver"] == {"error": "DocsightConnectionError: gone"}
