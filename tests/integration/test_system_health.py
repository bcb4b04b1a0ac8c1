"""System health: add-on reachability, versions and the number of entries."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, get_system_health_info

from custom_components.docsight.const import DOMAIN, SUPPORTED_API_VERSION
from tests.addon.harness import free_port
from tests.integration.conftest import Addon

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"


async def test_system_health_with_a_running_addon(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """The add-on answers, and its version, API version and demo mode are shown."""
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()
    _, instance, _ = await addon.server.request("GET", "/api/instance", token=addon.token)

    info = await get_system_health_info(hass, DOMAIN)
    info["addon_reachable"] = await info["addon_reachable"]

    assert info == {
        "entries": 1,
        "addon_reachable": "ok",
        "addon_version": instance["version"],
        "api_version": SUPPORTED_API_VERSION,
        "demo_mode": True,
    }
    for language in ("en", "de"):
        labels = json.loads((TRANSLATIONS / f"{language}.json").read_text())["system_health"]
        assert set(labels["info"]) == set(info), language


async def test_system_health_with_an_unreachable_addon(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A URL where nothing listens is reported as unreachable."""
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()
    setup_integration.runtime_data.client.url = f"http://127.0.0.1:{free_port()}"

    info = await get_system_health_info(hass, DOMAIN)

    assert await info["addon_reachable"] == {"type": "failed", "error": "unreachable"}


async def test_system_health_without_a_loaded_entry(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """With no loaded entry only the number of entries is shown."""
    assert await async_setup_component(hass, "system_health", {})
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(setup_integration.entry_id)

    assert await get_system_health_info(hass, DOMAIN) == {"entries": 1}
