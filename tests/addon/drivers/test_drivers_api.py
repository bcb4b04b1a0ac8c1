"""GET /api/drivers, POST /api/drivers/probe and POST /api/test-modem against simulators."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.modem_sim import all_simulators, run_simulator
from docsight_server.drivers.registry import all_drivers

from ..conftest import ServerFactory
from ..harness import RunningServer, free_port, wait_for_snapshot

SIMULATORS = all_simulators()
LOGIN_KEY = next((key for key, cls in SIMULATORS.items() if cls.needs_login), "")


@pytest.fixture
async def server(server_factory: ServerFactory) -> RunningServer:
    """An open server with no modem configured."""
    async with server_factory() as running:
        yield running


async def test_drivers_lists_every_key_with_its_needs(server: RunningServer) -> None:
    """Every registered driver is listed with what a setup form needs."""
    status, body, _ = await server.request("GET", "/api/drivers")
    assert status == 200
    keys = [driver["key"] for driver in body["drivers"]]
    assert keys == sorted(cls.key for cls in all_drivers())
    assert body["count"] == len(keys)
    assert {"fritzbox", "generic", "hitron", "ch7465_play"} <= set(keys)
    for driver in body["drivers"]:
        assert driver["name"]
        assert driver["default_url"].startswith(("http://", "https://")), driver
        assert isinstance(driver["credentials_required"], bool)
        assert isinstance(driver["username_required"], bool)
    generic = next(d for d in body["drivers"] if d["key"] == "generic")
    assert generic["credentials_required"] is False


async def test_probe_finds_the_family(server: RunningServer) -> None:
    """Given the simulator's address, the probe names its family without logging in."""
    async with run_simulator("hitron") as sim:
        status, body, _ = await server.request("POST", "/api/drivers/probe", json={"url": sim.url})
        bare = sim.url.removeprefix("http://")
        _, bare_body, _ = await server.request("POST", "/api/drivers/probe", json={"url": bare})
    assert status == 200
    assert body["success"] is True
    assert body["modem_type"] == "hitron"
    assert body["modem_url"] == sim.url
    assert body["matches"][0]["confidence"] > 0
    assert bare_body["modem_type"] == "hitron"


async def test_probe_with_nothing_there(server: RunningServer) -> None:
    """A closed port is no match, not an error."""
    url = f"http://127.0.0.1:{free_port()}"
    status, body, _ = await server.request("POST", "/api/drivers/probe", json={"url": url})
    assert (status, body["success"], body["matches"], body["modem_type"]) == (200, False, [], None)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "url is required"),
        ({"url": ""}, "url is required"),
        ({"url": 5}, "url is required"),
        ({"url": "ftp://10.0.0.1"}, "http:// or https://"),
        ({"url": "http://"}, "http:// or https://"),
        ({"url": "http://10.0.0.1:99999"}, "invalid port"),
        ({"url": "http://" + "a" * 400}, "longer than"),
    ],
)
async def test_probe_rejects_bad_urls(
    server: RunningServer, payload: dict[str, object], message: str
) -> None:
    """Bad input is a 400 with a message saying what is wrong."""
    status, body, _ = await server.request("POST", "/api/drivers/probe", json=payload)
    assert status == 400
    assert message in body["error"]


async def test_test_modem_against_a_simulator(server: RunningServer) -> None:
    """The connection test logs in with the submitted settings and names the failure kind."""
    async with run_simulator(LOGIN_KEY) as sim:
        request = {
            "modem_type": LOGIN_KEY,
            "modem_url": sim.url,
            "modem_user": sim.state.user,
            "modem_password": sim.state.password,
        }
        _, good, _ = await server.request("POST", "/api/test-modem", json=request)
        _, bad, _ = await server.request(
            "POST", "/api/test-modem", json={**request, "modem_password": "not-it-123"}
        )
    assert good["success"] is True
    assert good["model"]
    assert bad["success"] is False
    assert bad["error_kind"] in ("auth", "locked_out")
    assert "not-it-123" not in bad["error"]
    url = f"http://127.0.0.1:{free_port()}"
    _, gone, _ = await server.request("POST", "/api/test-modem", json={**request, "modem_url": url})
    assert (gone["success"], gone["error_kind"]) == (False, "unreachable")
    _, unknown, _ = await server.request("POST", "/api/test-modem", json={"modem_type": "nope"})
    assert unknown["error_kind"] == "unknown_type"


async def test_collector_status_names_the_driver_and_its_notes(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """The modem collector's status names its driver and what the parsers skipped."""
    async with run_simulator("hitron") as sim:
        env = {"MODEM_TYPE": "hitron", "MODEM_URL": sim.url}
        async with server_factory(env, data_dir=tmp_path / "data") as server:
            await wait_for_snapshot(server.context)
            _, statuses, _ = await server.request("GET", "/api/collectors/status")
    [status] = statuses
    assert (status["name"], status["primary"], status["driver"]) == ("modem", True, "hitron")
    notes = status["driver_notes"]
    assert any("OFDM receiver 7 not locked" in note for note in notes), notes
    assert any("OFDMA channel 1 not operating" in note for note in notes), notes
