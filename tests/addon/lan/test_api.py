"""The /api/lan routes on a real server over loopback."""

from __future__ import annotations

import pytest

from docsight_server import app as app_module
from docsight_server.api import lan_api
from docsight_server.lan.inventory import Inventory
from docsight_server.lan.neighbours import Neighbour
from docsight_server.lan.rtd import aggregate, write_buckets
from docsight_server.timeutil import now_epoch

from ..conftest import ServerFactory


@pytest.fixture(autouse=True)
def _serve_lan_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve the LAN routes even before the coordinator adds them to ALL_ROUTES."""
    routes = app_module.ALL_ROUTES  # type: ignore[attr-defined]
    if not any(route.path == "/api/lan/devices" for route in routes):
        monkeypatch.setattr(app_module, "ALL_ROUTES", [*routes, *lan_api.ROUTES])


async def _seed(server: object) -> tuple[int, int]:
    context = server.context  # type: ignore[attr-defined]
    inventory = Inventory(context.database)
    now = now_epoch()
    table = [
        Neighbour("192.168.1.10", "b8:27:eb:00:00:0a", "eth0", "REACHABLE"),
        Neighbour("192.168.1.11", "3c:a6:2f:00:00:0b", "eth0", "REACHABLE"),
    ]
    async with context.database.transaction() as connection:
        await inventory.discover(connection, now - 7200, table)
        moved = [table[0], Neighbour("192.168.1.12", "3c:a6:2f:00:00:0b", "eth0", "REACHABLE")]
        await inventory.discover(connection, now - 3600, moved)
        await inventory.update_status(connection, now - 60, {1}, 300)
        await write_buckets(connection, [aggregate(1, now - 1200, [1.0, 2.0, None])])
    return now, 2


async def test_devices_list_and_one_device(server_factory: ServerFactory) -> None:
    """Devices come with Domotz-style fields; the status filter works."""
    async with server_factory() as server:
        await _seed(server)
        status, body, _ = await server.request("GET", "/api/lan/devices")
        assert status == 200
        devices = body["devices"]
        assert [d["hw_address"] for d in devices] == ["b8:27:eb:00:00:0a", "3c:a6:2f:00:00:0b"]
        first = devices[0]
        assert first["status"] == "ONLINE"
        assert first["vendor"] == "Raspberry Pi"
        assert first["grace_period"] == 300
        assert first["importance"] == "FLOATING"
        assert first["first_seen_on"].endswith("Z")
        assert first["protocol"] == "IP"
        assert devices[1]["status"] == "DOWN"
        assert devices[1]["ip_addresses"] == ["192.168.1.12"]
        status, body, _ = await server.request("GET", "/api/lan/devices?status=down")
        assert status == 200
        assert [d["id"] for d in body["devices"]] == [2]
        status, body, _ = await server.request("GET", "/api/lan/devices/1")
        assert status == 200
        assert body == first


async def test_history_and_rtd(server_factory: ServerFactory) -> None:
    """History lists CREATED, IP_CHANGE and DOWN; rtd gives the weekly statistics."""
    async with server_factory() as server:
        now, _ = await _seed(server)
        status, body, _ = await server.request("GET", "/api/lan/devices/2/history")
        assert status == 200
        assert [entry["type"] for entry in body["history"]] == ["CREATED", "IP_CHANGE", "DOWN"]
        assert body["history"][1]["details"] == {
            "old_ip": ["192.168.1.11"],
            "new_ip": ["192.168.1.12"],
        }
        status, body, _ = await server.request(
            "GET", f"/api/lan/devices/2/history?from={now - 5000}&to={now - 3000}"
        )
        assert status == 200
        assert [e["type"] for e in body["history"]] == ["IP_CHANGE"]
        status, body, _ = await server.request("GET", "/api/lan/rtd")
        assert status == 200
        [row] = body["rtd"]
        assert row["device_id"] == 1
        assert row["latest_median"] == 1.5
        assert (row["latest_sent_packet_count"], row["latest_lost_packet_count"]) == (3, 1)
        assert row["avg_min"] == 1.0
        assert row["avg_max"] == 2.0


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/lan/devices?status=HIDDEN", 400),
        ("/api/lan/devices/99", 404),
        ("/api/lan/devices/99999999999999999999", 404),
        ("/api/lan/devices/abc", 404),
        ("/api/lan/devices/99/history", 404),
        ("/api/lan/devices/1/history?from=yesterday", 400),
        ("/api/lan/devices/1/history?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", 400),
        ("/api/lan/devices/1/history?to=1e300", 400),
    ],
)
async def test_bad_requests(server_factory: ServerFactory, path: str, expected: int) -> None:
    """Bad filters and times are 400s, unknown devices 404s, always with a JSON error."""
    async with server_factory() as server:
        await _seed(server)
        status, body, _ = await server.request("GET", path)
        assert status == expected
        assert isinstance(body, dict)
        assert body["error"]
        status, body, _ = await server.request("GET", "/api/lan/devices")
        assert len(body["devices"]) == 2  # nothing lost


async def test_routes_are_in_the_openapi_document(server_factory: ServerFactory) -> None:
    """The four LAN routes are documented."""
    async with server_factory() as server:
        status, body, _ = await server.request("GET", "/api/openapi.json")
        assert status == 200
        for path in (
            "/api/lan/devices",
            "/api/lan/devices/{device_id}",
            "/api/lan/devices/{device_id}/history",
            "/api/lan/rtd",
        ):
            assert "get" in body["paths"][path]
