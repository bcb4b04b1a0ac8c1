"""A real `hass` process: set DOCSight up through the config-flow REST API, read the states."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from devtools.ha_bootstrap import authenticate, ensure_docsight_entry, wait_until_up
from tests.addon.harness import RunningServer, free_port, running_server, wait_for_snapshot

ROOT = Path(__file__).parents[2]
HASS_START_LIMIT = 300  # seconds; the first start builds .storage and loads the frontend
STATES_LIMIT = 60


@pytest.fixture
async def addon(
    socket_enabled: None, seeded_demo_dir: Path, tmp_path: Path
) -> AsyncIterator[tuple[RunningServer, str]]:
    """The add-on with demo data and an API token."""
    data_dir = tmp_path / "addon-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    async with running_server(data_dir, {"DEMO_MODE": "true"}) as server:
        await wait_for_snapshot(server.context)
        created = await server.context.auth.create_token("Home Assistant e2e")
        yield server, created.token


@pytest.fixture
async def hass_url(tmp_path: Path) -> AsyncIterator[str]:
    """A real Home Assistant process on a free loopback port with this repo's integration."""
    config = tmp_path / "ha-config"
    config.mkdir()
    port = free_port()
    text = (ROOT / "config" / "configuration.yaml").read_text()
    (config / "configuration.yaml").write_text(text.replace("8123", str(port)))
    (config / "custom_components").symlink_to(ROOT / "custom_components")
    log = (tmp_path / "hass.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "homeassistant",
        "--config",
        str(config),
        "--skip-pip",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=log,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(60):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


async def _docsight_states(session: aiohttp.ClientSession, url: str, token: str) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    async with session.get(url + "/api/states", headers=headers) as response:
        states = await response.json()
    # the modem device is named after the model ("Demo Router" in demo mode)
    return {state["entity_id"]: state for state in states if "demo_router" in state["entity_id"]}


async def test_config_flow_over_rest_and_entity_states(
    addon: tuple[RunningServer, str], hass_url: str
) -> None:
    """Home Assistant sets the integration up through its REST API and shows line health."""
    server, token = addon
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, hass_url, HASS_START_LIMIT)
        api = await authenticate(session, hass_url)
        entry = await ensure_docsight_entry(api, server.url, token)
        assert entry["state"] == "loaded", entry
        expected_health = server.context.state.docsis_health
        async with asyncio.timeout(STATES_LIMIT):
            while True:
                states = await _docsight_states(session, hass_url, api.access_token)
                health = [s for s in states.values() if s["entity_id"].endswith("line_health")]
                if health and health[0]["state"] not in ("unknown", "unavailable"):
                    break
                await asyncio.sleep(0.5)
        assert health[0]["state"] == expected_health
        ds_channels = next(
            s for s in states.values() if s["entity_id"].endswith("downstream_channels")
        )
        assert int(ds_channels["state"]) == 26
        entries = await api.get("/api/config/config_entries/entry?domain=docsight")
        assert [(item["title"], item["state"]) for item in entries] == [("DOCSight", "loaded")]
        line_problem = states["binary_sensor.demo_router_line_problem"]
        assert line_problem["state"] == ("off" if expected_health == "good" else "on")
