"""The /api/lan routes on a real server over loopback."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from docsight_server.api.feature import FEATURE as CORE
from docsight_server.lan.feature import FEATURE as LAN_DEVICES
from docsight_server.lan.inventory import Inventory
from docsight_server.lan.neighbours import Neighbour
from docsight_server.lan.repository.rtd import write_buckets
from docsight_server.lan.rtd import aggregate
from docsight_server.lan.schema import lan_device_history, lan_rtd_samples
from docsight_server.signal.feature import FEATURE as SIGNAL
from docsight_server.timeutil import now_epoch

from ..conftest import ServerFactory


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
        assert body["monitoring_active"] is False  # monitoring off: statuses are not current
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
        ("/api/lan/devices/1/history?to=100000000000000", 400),
        ("/api/lan/devices/1/rtd?from=-100000000000000&to=0", 400),
        ("/api/lan/devices/1/history?from=-1", 400),
        ("/api/lan/devices/1/rtd?to=253402300800", 400),
        ("/api/lan/devices/" + "1" * 20, 404),
        ("/api/lan/devices/" + "9" * 5000, 404),
        ("/api/lan/devices/" + "9" * 5000 + "/history", 404),
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


async def test_times_are_bounded_to_the_years_1970_to_9999(server_factory: ServerFactory) -> None:
    """0 .. 253402300799 are accepted; beyond that a 400 says which range is allowed."""
    async with server_factory() as server:
        await _seed(server)
        status, body, _ = await server.request(
            "GET", "/api/lan/devices/1/rtd?from=0&to=253402300799"
        )
        assert status == 200
        assert (body["from"], body["to"]) == ("1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z")
        status, body, _ = await server.request("GET", "/api/lan/devices/1/history?to=0")
        assert (status, body["from"]) == (200, "1970-01-01T00:00:00Z")
        status, body, _ = await server.request(
            "GET", "/api/lan/devices/1/history?to=100000000000000"
        )
        assert status == 400
        assert (
            body["error"] == "to must be between 0 and 253402300799 epoch seconds (the year 9999)"
        )


async def test_delete_device(server_factory: ServerFactory) -> None:
    """DELETE removes the device with its history and RTD rows; unknown ids are 404s."""
    async with server_factory() as server:
        await _seed(server)
        status, body, _ = await server.request("DELETE", "/api/lan/devices/1")
        assert (status, body) == (200, {"ok": True})
        for path in ("/api/lan/devices/1", "/api/lan/devices/1/history", "/api/lan/devices/1/rtd"):
            status, _, _ = await server.request("GET", path)
            assert status == 404
        status, body, _ = await server.request("GET", "/api/lan/devices")
        assert [d["id"] for d in body["devices"]] == [2]
        status, body, _ = await server.request("GET", "/api/lan/rtd")
        assert body["rtd"] == []
        async with server.context.database.read() as connection:
            for table in (lan_device_history, lan_rtd_samples):
                rows = await connection.execute(select(table).where(table.c.device_id == 1))
                assert rows.all() == []
        status, history, _ = await server.request("GET", "/api/lan/devices/2/history")
        assert [entry["type"] for entry in history["history"]] == ["CREATED", "IP_CHANGE", "DOWN"]
        for path in ("/api/lan/devices/1", "/api/lan/devices/99", "/api/lan/devices/" + "9" * 30):
            status, body, _ = await server.request("DELETE", path)
            assert (status, body) == (404, {"error": "Device not found"})


async def test_routes_are_in_the_openapi_document(server_factory: ServerFactory) -> None:
    """The LAN routes are documented."""
    async with server_factory() as server:
        status, body, _ = await server.request("GET", "/api/openapi.json")
        assert status == 200
        for path in (
            "/api/lan/devices",
            "/api/lan/devices/{device_id}",
            "/api/lan/devices/{device_id}/history",
            "/api/lan/devices/{device_id}/rtd",
            "/api/lan/rtd",
        ):
            assert "get" in body["paths"][path]
        patch = body["paths"]["/api/lan/devices/{device_id}"]["patch"]
        assert "VITAL" in patch["summary"]
        deleting = body["paths"]["/api/lan/devices/{device_id}"]["delete"]
        assert {"200", "404"} <= set(deleting["responses"])
        assert "history" in deleting["summary"]


async def test_patch_device_settings(server_factory: ServerFactory) -> None:
    """Name, importance, grace and user data are stored and served by the device routes."""
    async with server_factory() as server:
        await _seed(server)
        status, body, _ = await server.request(
            "PATCH",
            "/api/lan/devices/1",
            json={
                "display_name": "  Pi-hole ",
                "importance": "VITAL",
                "down_grace_s": 900,
                "user_data": {"location": "Hall", "notes": "DNS"},
            },
        )
        assert status == 200, body
        assert body["display_name"] == "Pi-hole"
        assert (body["importance"], body["grace_period"], body["down_grace_s"]) == (
            "VITAL",
            900,
            900,
        )
        assert body["user_data"] == {"location": "Hall", "notes": "DNS", "name": "Pi-hole"}
        status, body, _ = await server.request(
            "PATCH",
            "/api/lan/devices/1",
            json={"down_grace_s": None, "user_data": {"notes": None}, "display_name": None},
        )
        assert status == 200
        assert (body["grace_period"], body["down_grace_s"]) == (300, None)  # the global setting
        assert body["user_data"] == {"location": "Hall"}
        assert body["display_name"] == "192.168.1.10"
        assert body["importance"] == "VITAL"  # untouched
        status, listed, _ = await server.request("GET", "/api/lan/devices")
        assert listed["devices"][0] == body


@pytest.mark.parametrize(
    ("patch", "expected", "message"),
    [
        ({}, 400, "Nothing to change"),
        ({"colour": "red"}, 400, "Unknown field"),
        ({"importance": "vital"}, 400, "VITAL or FLOATING"),
        ({"importance": ["VITAL"]}, 400, "VITAL or FLOATING"),
        ({"down_grace_s": -1}, 400, "between 0 and 86400"),
        ({"down_grace_s": 86401}, 400, "between 0 and 86400"),
        ({"down_grace_s": True}, 400, "integer"),
        ({"down_grace_s": 1.5}, 400, "integer"),
        ({"display_name": 5}, 400, "string or null"),
        ({"display_name": "x" * 129}, 400, "at most 128"),
        ({"user_data": [1]}, 400, "JSON object"),
        ({"user_data": {"": 1}}, 400, "keys"),
        ({"user_data": {"name": 7}}, 400, "display_name"),
        ({"user_data": {"notes": "x" * 5000}}, 400, "4096 bytes"),
        ({"importance": "VITAL", "down_grace_s": -5}, 400, "down_grace_s"),
    ],
)
async def test_patch_rejects_bad_input(
    server_factory: ServerFactory, patch: dict[str, object], expected: int, message: str
) -> None:
    """Bad changes are 400s with a clear message, and nothing of the device changes."""
    async with server_factory() as server:
        await _seed(server)
        _, before, _ = await server.request("GET", "/api/lan/devices/1")
        status, body, _ = await server.request("PATCH", "/api/lan/devices/1", json=patch)
        assert status == expected
        assert message in body["error"]
        _, after, _ = await server.request("GET", "/api/lan/devices/1")
        assert after == before


async def test_patch_unknown_device_and_bad_body(server_factory: ServerFactory) -> None:
    """Unknown ids are 404s; a body that is not a JSON object is a 400."""
    async with server_factory() as server:
        await _seed(server)
        status, _, _ = await server.request(
            "PATCH", "/api/lan/devices/99", json={"importance": "VITAL"}
        )
        assert status == 404
        status, _, _ = await server.request("PATCH", "/api/lan/devices/1", json=["VITAL"])
        assert status == 400


async def test_device_rtd_history(server_factory: ServerFactory) -> None:
    """One sample per bucket with Domotz field names; range checks as for the history."""
    async with server_factory() as server:
        now, _ = await _seed(server)
        status, body, _ = await server.request("GET", "/api/lan/devices/1/rtd")
        assert status == 200
        assert body["bucket_s"] == 600
        [sample] = body["rtd"]
        assert sample == {
            "timestamp": sample["timestamp"],
            "sent_packet_count": 3,
            "lost_packet_count": 1,
            "min": 1.0,
            "median": 1.5,
            "max": 2.0,
        }
        status, body, _ = await server.request(
            "GET", f"/api/lan/devices/1/rtd?from={now - 600}&to={now}"
        )
        assert (status, body["rtd"]) == (200, [])
        status, _, _ = await server.request("GET", "/api/lan/devices/99/rtd")
        assert status == 404
        status, _, _ = await server.request("GET", "/api/lan/devices/1/rtd?from=soon")
        assert status == 400


async def test_device_list_says_when_statuses_are_current(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """Statuses are live with monitoring on, and for the demo's sample devices."""
    # The host's namespace must not be probed: the LAN feature runs without its monitor, so
    # switching monitoring on changes only the setting.
    unmonitored = replace(LAN_DEVICES, services=())
    async with server_factory(features=(CORE, SIGNAL, unmonitored)) as server:
        status, _, _ = await server.request(
            "POST", "/api/config", json={"lan_monitoring_enabled": True}
        )
        assert status == 200
        _, body, _ = await server.request("GET", "/api/lan/devices")
        assert body["monitoring_active"] is True
    # a data directory of its own: the first one has monitoring switched on
    async with server_factory({"DEMO_MODE": "true"}, data_dir=tmp_path / "demo") as demo:
        _, body, _ = await demo.request("GET", "/api/lan/devices")
        assert body["monitoring_active"] is True
