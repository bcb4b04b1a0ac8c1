"""Fixtures: the real add-on application on loopback with demo data, and a config entry."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight.const import CONF_INSTANCE_ID, CONF_TOKEN, DOMAIN
from devtools.modem_sim import RunningSimulator
from tests.addon.harness import RunningServer, running_server, wait_for_snapshot

ADMIN_PASSWORD = "correct horse"


@dataclass
class Addon:
    """A running add-on with an API token for Home Assistant."""

    server: RunningServer
    token: str

    @property
    def url(self) -> str:
        """Return the add-on's base URL."""
        return self.server.url

    @property
    def instance_id(self) -> str:
        """Return the add-on's instance id."""
        return self.server.context.state.instance_id

    def use_modem(self, sim: RunningSimulator) -> None:
        """Point the add-on's modem settings at a simulator (the demo's point to no modem)."""
        self.server.context.settings.update_stored(
            {
                "modem_type": sim.simulator.key,
                "modem_url": sim.url,
                "modem_user": sim.state.user,
                "modem_password": sim.state.password,
            }
        )


@pytest.fixture
async def addon(
    hass: HomeAssistant, socket_enabled: None, seeded_demo_dir: Path, tmp_path: Path
) -> AsyncIterator[Addon]:
    """The add-on in demo mode with an admin password; its first live poll has finished.

    Every DOCSight entry still loaded is unloaded before the add-on stops: a stopping
    server must not see the integration poll or reconnect its stream (Python 3.13.0's
    asyncio asserts when a connection attaches to a closed server).
    """
    data_dir = tmp_path / "addon-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    env = {"DEMO_MODE": "true", "ADMIN_PASSWORD": ADMIN_PASSWORD}
    async with running_server(data_dir, env) as server:
        await wait_for_snapshot(server.context)
        created = await server.context.auth.create_token("Home Assistant tests")
        yield Addon(server, created.token)
        await unload_docsight_entries(hass)


async def unload_docsight_entries(hass: HomeAssistant) -> None:
    """Unload every loaded DOCSight config entry and wait until Home Assistant is idle."""
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
def config_entry(addon: Addon) -> MockConfigEntry:
    """A config entry pointing at the test add-on."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="DOCSight",
        unique_id=addon.instance_id,
        data={"url": addon.url, CONF_TOKEN: addon.token, CONF_INSTANCE_ID: addon.instance_id},
    )


@pytest.fixture
async def setup_integration(
    hass: HomeAssistant, enable_custom_integrations: None, config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set the integration up against the test add-on and return its entry."""
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry
