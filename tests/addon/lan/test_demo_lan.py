"""The demo LAN: a dozen devices with a week of history, served through the API routes."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from ..harness import RunningServer


async def _get(server: RunningServer, path: str) -> Any:
    status, body, _ = await server.request("GET", path)
    assert status == 200, body
    return body


def _by_host(devices: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["names"].get("host") or d["names"]["bonjour"]: d for d in devices}


async def test_demo_devices_history_and_rtd(demo_server: RunningServer) -> None:
    """Twelve demo devices with vendors, importance, status/IP history and RTD samples."""
    devices = (await _get(demo_server, "/api/lan/devices"))["devices"]
    assert len(devices) == 12
    assert all(d["is_demo"] and d["vendor"] for d in devices)
    assert len({d["hw_address"] for d in devices}) == 12
    named = _by_host(devices)
    router, nas = named["fritz.box"], named["diskstation"]
    assert (router["vendor"], router["importance"]) == ("AVM", "VITAL")
    assert (nas["vendor"], nas["display_name"]) == ("Synology", "NAS")
    assert nas["user_data"]["location"] == "Basement"
    assert named["annas-iphone"]["importance"] == "FLOATING"
    assert named["brw008077c45ae8"]["vendor"] == "Brother"
    assert Counter(d["importance"] for d in devices) == {"VITAL": 3, "FLOATING": 9}

    base = "/api/lan/devices/{}/history?from={}"
    week = "2000-01-01T00:00:00Z"
    phone = (await _get(demo_server, base.format(named["annas-iphone"]["id"], week)))["history"]
    kinds = [entry["type"] for entry in phone]
    assert kinds[0] == "CREATED"
    assert kinds.count("DOWN") >= 3  # away at work on (at least three) weekdays
    assert all(a != b for a, b in pairwise(kinds[1:]))  # DOWN, UP, DOWN, ...
    nas_history = (await _get(demo_server, base.format(nas["id"], week)))["history"]
    assert [entry["type"] for entry in nas_history] == ["CREATED", "DOWN", "UP"]
    console = named["Nintendo-Switch"]
    assert console["ip_addresses"] == ["192.168.178.73"]
    console_history = (await _get(demo_server, base.format(console["id"], week)))["history"]
    [change] = [entry for entry in console_history if entry["type"] == "IP_CHANGE"]
    assert change["details"] == {"old_ip": ["192.168.178.70"], "new_ip": ["192.168.178.73"]}

    router_rtd = await _get(demo_server, f"/api/lan/devices/{router['id']}/rtd")
    assert router_rtd["bucket_s"] == 600
    assert 900 <= len(router_rtd["rtd"]) <= 1008  # a week of 10-minute buckets
    sample = router_rtd["rtd"][-1]
    assert sample["sent_packet_count"] == 10
    assert sample["min"] <= sample["median"] <= sample["max"] < 10
    repeater = named["fritz.repeater"]
    repeater_rtd = (await _get(demo_server, f"/api/lan/devices/{repeater['id']}/rtd"))["rtd"]
    assert sum(1 for s in repeater_rtd if s["median"] > 100) >= 3  # the RTD issue episode
    stats = (await _get(demo_server, "/api/lan/rtd"))["rtd"]
    assert {row["device_id"] for row in stats} == {d["id"] for d in devices}


async def test_demo_events_follow_the_importance_rule(demo_server: RunningServer) -> None:
    """Down/up and RTD issue events come from VITAL devices only; IP changes always count."""
    body = await _get(demo_server, "/api/events?event_prefix=lan_&limit=1000")
    events = body["events"]
    kinds = Counter(event["event_type"] for event in events)
    assert kinds["lan_device_new"] == 12
    assert kinds["lan_device_ip_change"] == 1
    assert (kinds["lan_device_down"], kinds["lan_device_up"]) == (1, 1)  # the NAS outage
    assert (kinds["lan_rtd_issue_detected"], kinds["lan_rtd_issue_resolved"]) == (1, 1)
    devices = _by_host((await _get(demo_server, "/api/lan/devices"))["devices"])
    down = next(e for e in events if e["event_type"] == "lan_device_down")
    assert down["details"]["device_id"] == devices["diskstation"]["id"]
    issue = next(e for e in events if e["event_type"] == "lan_rtd_issue_detected")
    assert issue["details"]["device_id"] == devices["fritz.repeater"]["id"]
    assert issue["details"]["value"]["latency"] > issue["details"]["threshold"]["latency"]


async def test_demo_device_settings_can_be_changed(demo_server: RunningServer) -> None:
    """PATCH works on demo devices too and is visible in the device routes."""
    devices = _by_host((await _get(demo_server, "/api/lan/devices"))["devices"])
    phone = devices["galaxy-s23"]
    status, body, _ = await demo_server.request(
        "PATCH",
        f"/api/lan/devices/{phone['id']}",
        json={"importance": "VITAL", "display_name": "Ben's phone", "down_grace_s": 900},
    )
    assert status == 200, body
    again = await _get(demo_server, f"/api/lan/devices/{phone['id']}")
    assert again == body
    assert (again["importance"], again["display_name"], again["grace_period"]) == (
        "VITAL",
        "Ben's phone",
        900,
    )
