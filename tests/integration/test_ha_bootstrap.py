"""The development bootstrap: onboarding finished without the wizard, DOCSight set up (issue 13)."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components import onboarding
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.docsight.const import CONF_INSTANCE_ID, CONF_TOKEN, DOMAIN
from devtools.ha_bootstrap import (
    DEV_CORE_CONFIG,
    HomeAssistantApi,
    authenticate,
    ensure_docsight_entry,
    prepare_config,
)

from .conftest import Addon

ROOT = Path(__file__).parents[2]
ALL_STEPS = {"user", "core_config", "analytics", "integration"}


def stored(config_dir: Path, key: str) -> dict[str, Any]:
    """Return a storage file the bootstrap wrote."""
    data: dict[str, Any] = json.loads((config_dir / ".storage" / key).read_text())
    return data


def test_prepare_finishes_onboarding_but_the_owner(tmp_path: Path) -> None:
    """A fresh config gets every onboarding step but the user, and a location with a country."""
    assert prepare_config(tmp_path) == ["core_config", "analytics", "integration"]
    state = stored(tmp_path, "onboarding")
    assert (state["key"], state["version"]) == ("onboarding", 4)
    assert state["data"] == {"done": ["core_config", "analytics", "integration"]}
    core = stored(tmp_path, "core.config")
    assert (core["key"], core["version"], core["minor_version"]) == ("core.config", 1, 4)
    assert core["data"] == DEV_CORE_CONFIG
    assert core["data"]["country"]  # else Home Assistant raises a "country" repair
    mode = (tmp_path / ".storage" / "onboarding").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert prepare_config(tmp_path) == ["core_config", "analytics", "integration"]


def test_prepare_keeps_what_is_there(tmp_path: Path) -> None:
    """An instance onboarded by an older bootstrap (user only) gets the rest; its location stays."""
    storage = tmp_path / ".storage"
    storage.mkdir()
    own_location = {"key": "core.config", "version": 1, "minor_version": 4, "data": {"x": 1}}
    (storage / "core.config").write_text(json.dumps(own_location))
    old = {"key": "onboarding", "version": 4, "minor_version": 1, "data": {"done": ["user"]}}
    (storage / "onboarding").write_text(json.dumps(old))
    done = prepare_config(tmp_path)
    assert done == ["user", "core_config", "analytics", "integration"]
    assert stored(tmp_path, "onboarding")["data"]["done"] == done
    assert stored(tmp_path, "core.config") == own_location


def test_prepare_from_the_command_line(tmp_path: Path) -> None:
    """scripts/develop runs `--prepare-config DIR` before Home Assistant starts."""
    subprocess.run(
        [sys.executable, "-m", "devtools.ha_bootstrap", "--prepare-config", str(tmp_path)],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert set(stored(tmp_path, "onboarding")["data"]["done"]) == ALL_STEPS - {"user"}


async def developer_api(
    hass: HomeAssistant, hass_storage: dict[str, Any], hass_client_no_auth: ClientSessionGenerator
) -> HomeAssistantApi:
    """Start Home Assistant's onboarding on a prepared config and authenticate as the bootstrap."""
    config_dir = Path(hass.config.config_dir)
    prepare_config(config_dir)
    hass_storage["onboarding"] = stored(config_dir, "onboarding")
    for component in ("auth", "config", "onboarding"):
        assert await async_setup_component(hass, component, {})
    assert not onboarding.async_is_onboarded(hass)
    client = await hass_client_no_auth()
    base_url = str(client.make_url("/")).rstrip("/")
    return await authenticate(client.session, base_url)


@pytest.mark.usefixtures("enable_custom_integrations", "local_auth")
async def test_bootstrap_lands_on_an_onboarded_instance(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    hass_client_no_auth: ClientSessionGenerator,
    addon: Addon,
) -> None:
    """Reproduction: the first login landed in the onboarding wizard (location, analytics,
    devices), whose end set up integrations that log errors on every start."""
    api = await developer_api(hass, hass_storage, hass_client_no_auth)
    assert onboarding.async_is_onboarded(hass)
    assert set(hass_storage["onboarding"]["data"]["done"]) == ALL_STEPS
    assert await api.get("/api/config/config_entries/entry") == []

    entry = await ensure_docsight_entry(api, addon.url, addon.token)
    await hass.async_block_till_done()
    assert entry["state"] == "loaded"
    assert [item.domain for item in hass.config_entries.async_entries()] == [DOMAIN]
    assert hass.config_entries.flow.async_progress() == []  # no weather, radio, discoveries
    owner = [user for user in await hass.auth.async_get_users() if user.is_owner]
    assert len(owner) == 1


@pytest.mark.usefixtures("enable_custom_integrations", "local_auth")
async def test_bootstrap_replaces_the_entry_of_another_installation(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    hass_client_no_auth: ClientSessionGenerator,
    addon: Addon,
) -> None:
    """Reproduction: with MODEM_SIM the demo entry stayed although the add-on was another one."""
    demo = MockConfigEntry(
        domain=DOMAIN,
        title="DOCSight",
        unique_id="the-demo-installation",
        data={"url": addon.url, CONF_TOKEN: addon.token, CONF_INSTANCE_ID: "the-demo-installation"},
    )
    demo.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(demo.entry_id)
    assert demo.error_reason_translation_key == "instance_changed"
    api = await developer_api(hass, hass_storage, hass_client_no_auth)

    entry = await ensure_docsight_entry(api, addon.url, addon.token)
    await hass.async_block_till_done()
    assert hass.config_entries.async_get_entry(demo.entry_id) is None
    (current,) = hass.config_entries.async_entries(DOMAIN)
    assert current.entry_id == entry["entry_id"]
    assert current.unique_id == addon.instance_id
    assert current.state is ConfigEntryState.LOADED
    # Set up already: a second run keeps the entry.
    assert (await ensure_docsight_entry(api, addon.url, addon.token))["entry_id"] == entry[
        "entry_id"
    ]
