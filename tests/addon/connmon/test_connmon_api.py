"""The connection-monitor API end to end on the real server, probing loopback only."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import pytest

from docsight_server.connmon import sources
from docsight_server.connmon.events import RECOVERED, UNREACHABLE
from docsight_server.connmon.keys import CONNECTION_MONITOR
from docsight_server.connmon.probe import ProbeMethod, ProbeResult
from docsight_server.connmon.service import ConnectionMonitor

from ..conftest import ServerFactory
from ..harness import RunningServer, free_port

pytestmark = pytest.mark.usefixtures("socket_enabled")

BASE = "/api/connection-monitor"
ENABLED = {"CONNECTION_MONITOR_ENABLED": "true"}


@pytest.fixture
async def server(server_factory: ServerFactory) -> AsyncIterator[RunningServer]:
    """A server with the connection monitor enabled."""
    async with server_factory(ENABLED) as running:
        yield running


def monitor_of(server: RunningServer) -> ConnectionMonitor:
    """Return the server's monitor."""
    monitor = server.context.services[CONNECTION_MONITOR]
    assert monitor is not None
    return monitor


class ResultCounter:
    """Wraps the monitor's result sink and wakes a waiter after enough results per target."""

    def __init__(self, monitor: ConnectionMonitor) -> None:
        """Install the wrapper (before targets exist, so new engines use it)."""
        self.counts: dict[int, int] = {}
        self.wanted: dict[int, int] = {}
        self.ready = asyncio.Event()
        original: Callable[[int, ProbeResult], None] = monitor.on_result

        def counting(target_id: int, result: ProbeResult) -> None:
            original(target_id, result)
            self.counts[target_id] = self.counts.get(target_id, 0) + 1
            if all(self.counts.get(key, 0) >= n for key, n in self.wanted.items()):
                self.ready.set()

        monitor.on_result = counting  # type: ignore[method-assign]

    async def wait(self, wanted: dict[int, int]) -> None:
        """Wait until every target in `wanted` has produced that many results."""
        self.wanted = wanted
        self.ready.clear()
        if all(self.counts.get(key, 0) >= n for key, n in wanted.items()):
            return
        async with asyncio.timeout(60):  # a guard only; normally a few seconds
            await self.ready.wait()


async def create(server: RunningServer, body: dict[str, Any]) -> int:
    """Create a target and return its id."""
    status, answer, _ = await server.request("POST", f"{BASE}/targets", json=body)
    assert status == 201, answer
    return int(answer["id"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "label is required"),
        ({"label": "   "}, "label is required"),
        ({"label": 5}, "label is required"),
        ({"label": "x", "poll_interval_ms": 999}, "poll_interval_ms must be between 1000"),
        ({"label": "x", "poll_interval_ms": 3_600_001}, "poll_interval_ms must be between"),
        ({"label": "x", "poll_interval_ms": "5000"}, "poll_interval_ms must be an integer"),
        ({"label": "x", "probe_method": "udp"}, "probe_method must be one of auto, icmp, tcp"),
        ({"label": "x", "tcp_port": 0}, "tcp_port must be between 1 and 65535"),
        ({"label": "x", "tcp_port": 65536}, "tcp_port must be between 1 and 65535"),
        ({"label": "x", "tcp_port": True}, "tcp_port must be an integer"),
        ({"label": "x", "host": "no spaces please"}, "host must be a host name"),
        ({"label": "x", "host": "a..b"}, "host must be a host name"),
        ({"label": "x", "host": "-router.lan"}, "host must be a host name"),
        ({"label": "x", "host": "x" * 64 + ".example"}, "host must be a host name"),
        ({"label": "x", "host": "fe80::1%"}, "host must be a host name"),
        ({"label": "x", "host": "fe80::1%a b"}, "host must be a host name"),
        ({"label": "x", "colour": "red"}, "Unknown field(s): colour"),
        ({"label": "x", "enabled": True}, "Unknown field(s): enabled"),
    ],
)
async def test_create_target_validation(
    server: RunningServer, body: dict[str, Any], message: str
) -> None:
    """Bad target bodies get a 400 that names the problem, and nothing is stored."""
    status, answer, _ = await server.request("POST", f"{BASE}/targets", json=body)
    assert status == 400
    assert answer["error"].startswith(message)
    _, targets, _ = await server.request("GET", f"{BASE}/targets")
    assert targets == []


async def test_target_crud(server: RunningServer) -> None:
    """Create, update (host enables), validate updates, delete; no-store on every answer."""
    status, targets, response = await server.request("GET", f"{BASE}/targets")
    assert (status, targets) == (200, [])
    assert response.headers["Cache-Control"] == "no-store"
    hostless = await create(server, {"label": "Later"})
    _, targets, _ = await server.request("GET", f"{BASE}/targets")
    assert targets[0] | {"created_at": 0} == {
        "id": hostless,
        "label": "Later",
        "host": "",
        "enabled": False,
        "poll_interval_ms": 5000,
        "probe_method": "auto",
        "tcp_port": 443,
        "is_demo": False,
        "created_at": 0,
    }
    status, answer, _ = await server.request(
        "PUT", f"{BASE}/targets/{hostless}", json={"enabled": True}
    )
    assert (status, answer["error"]) == (400, "A target without a host cannot be enabled")
    for body, message in (
        ({}, "Nothing to update"),
        ({"label": ""}, "label is required"),
        ({"tcp_port": 70000}, "tcp_port must be between"),
        ({"enabled": "yes"}, "enabled must be true or false"),
        ({"id": 4}, "Unknown field(s): id"),
    ):
        status, answer, _ = await server.request("PUT", f"{BASE}/targets/{hostless}", json=body)
        assert status == 400
        assert answer["error"].startswith(message)
    status, answer, response = await server.request(
        "PUT",
        f"{BASE}/targets/{hostless}",
        json={"host": "127.0.0.1", "probe_method": "tcp", "tcp_port": free_port()},
    )
    assert (status, answer) == (200, {"ok": True})
    assert response.headers["Cache-Control"] == "no-store"
    target = (await server.request("GET", f"{BASE}/targets"))[1][0]
    assert (target["host"], target["enabled"], target["probe_method"]) == (
        "127.0.0.1",
        True,
        "tcp",
    )
    assert hostless in monitor_of(server).probed_targets()
    status, _, _ = await server.request("PUT", f"{BASE}/targets/{hostless}", json={"host": ""})
    assert status == 200
    assert (await server.request("GET", f"{BASE}/targets"))[1][0]["enabled"] is False
    assert monitor_of(server).probed_targets() == {}
    status, answer, _ = await server.request("PUT", f"{BASE}/targets/999", json={"label": "y"})
    assert (status, answer["error"]) == (404, "Target not found")
    status, answer, _ = await server.request("DELETE", f"{BASE}/targets/{hostless}")
    assert (status, answer) == (200, {"ok": True})
    status, _, _ = await server.request("DELETE", f"{BASE}/targets/{hostless}")
    assert status == 404


async def test_live_probes_over_loopback(server: RunningServer) -> None:
    """ICMP to 127.0.0.1 and TCP to an unused loopback port produce samples, stats, CSV."""
    counter = ResultCounter(monitor_of(server))
    icmp = await create(
        server,
        {"label": "Loopback ICMP", "host": "127.0.0.1", "probe_method": "icmp",
         "poll_interval_ms": 1000},
    )  # fmt: skip
    tcp = await create(
        server,
        {"label": "Loopback TCP", "host": "127.0.0.1", "probe_method": "tcp",
         "tcp_port": free_port(), "poll_interval_ms": 1000},
    )  # fmt: skip
    await counter.wait({icmp: 3, tcp: 3})
    await monitor_of(server).flush()

    status, envelope, response = await server.request(
        "GET", f"{BASE}/samples/{icmp}?resolution=raw&limit=0"
    )
    assert status == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert envelope["meta"]["resolution"] == "raw"
    rows = envelope["samples"]
    assert len(rows) >= 3
    assert all(row["probe_method"] == "icmp" and row["timeout"] == 0 for row in rows)
    assert all(row["latency_ms"] is not None for row in rows)
    _, envelope, _ = await server.request("GET", f"{BASE}/samples/{tcp}?limit=2")
    assert len(envelope["samples"]) == 2
    assert envelope["samples"][0]["probe_method"] == "tcp"
    _, envelope, _ = await server.request("GET", f"{BASE}/samples/{tcp}?resolution=1min")
    assert envelope["meta"]["bucket_seconds"] == 60
    assert sum(row["sample_count"] for row in envelope["samples"]) >= 3

    _, stats, _ = await server.request("GET", f"{BASE}/stats")
    assert stats[str(icmp)]["sample_count"] >= 3
    assert stats[str(icmp)]["packet_loss_pct"] == 0.0
    assert stats[str(tcp)]["latency_count"] >= 3

    _, summary, _ = await server.request("GET", f"{BASE}/summary")
    assert summary[str(icmp)]["label"] == "Loopback ICMP"
    assert summary[str(icmp)]["host"] == "127.0.0.1"
    assert summary[str(icmp)]["enabled"] is True
    assert summary[str(icmp)]["sample_count"] >= 1
    assert summary[str(tcp)]["packet_loss_pct"] == 0.0

    _, outages, _ = await server.request("GET", f"{BASE}/outages/{icmp}")
    assert outages == []

    status, text, response = await server.request("GET", f"{BASE}/export/{tcp}")
    assert status == 200
    assert response.content_type == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"connection-monitor-{tcp}-raw-" in response.headers["Content-Disposition"]
    lines = text.strip().splitlines()
    assert lines[0] == "datetime,latency_ms,timeout,probe_method"
    assert len(lines) >= 4
    _, text, _ = await server.request("GET", f"{BASE}/export/{tcp}?resolution=1min")
    header = text.splitlines()[0].split(",")
    assert header[0] == "datetime"
    assert {"avg_latency_ms", "p95_latency_ms", "packet_loss_pct", "sample_count"} <= set(header)
    await check_trend_rows(server)


async def check_trend_rows(server: RunningServer) -> None:
    """/api/trends has 1-minute monitor rows up to 24 h; correlation has entries."""

    _, trends, _ = await server.request("GET", "/api/trends?range=1h")
    rows = [row for row in trends if row.get("source") == "connection_monitor"]
    assert rows
    assert rows[-1]["timestamp"].endswith(":00Z")
    assert rows[-1]["connection_monitor_latency_ms"] is not None
    assert rows[-1]["connection_monitor_packet_loss_pct"] == 0.0
    now = int(time.time())
    entries = await sources.correlation_entries(server.context, now - 3600, now + 60)
    assert entries
    assert entries[0]["source"] == "connection_monitor"
    _, trends, _ = await server.request("GET", "/api/trends?range=7d")
    assert not [row for row in trends if row.get("source") == "connection_monitor"]
    report = await sources.export_section(server.context, "full")
    assert report is not None
    assert report.startswith("## Connection monitor")
    assert "| Loopback ICMP |" in report
    assert "127.0.0.1" not in report  # the report is pasted into third-party tools


async def test_measurement_parameters(server: RunningServer) -> None:
    """Bad query parameters are 400s, unknown targets 404s; CSV only."""
    target = await create(server, {"label": "Idle"})
    for path, status, message in (
        (f"/samples/{target}?resolution=2min", 400, "resolution must be one of"),
        (f"/samples/{target}?limit=-1", 400, "limit must be between 0 and"),
        (f"/samples/{target}?max_points=0", 400, "max_points must be between 1 and"),
        (f"/samples/{target}?start=abc", 400, "start must be epoch seconds"),
        (f"/samples/{target}?start=20&end=10", 400, "start must not be after end"),
        ("/samples/4242", 404, "Target not found"),
        ("/stats?end=nan", 400, "end must be epoch seconds"),
        (f"/outages/{target}?threshold=0", 400, "threshold must be between 1 and"),
        ("/outages/4242", 404, "Target not found"),
        (f"/export/{target}?format=xml", 400, "format must be one of csv, pinglog"),
        (f"/export/{target}?format=pinglog&resolution=1min", 400, "format pinglog lists raw"),
        (f"/samples/{target}?start=1e20", 400, "start must be epoch seconds between 0 and"),
        (f"/stats?end={2**63}", 400, "end must be epoch seconds between 0 and"),
        (f"/outages/{target}?start=-1", 400, "start must be epoch seconds"),
        ("/samples/" + "9" * 5000, 404, "Not found"),
        ("/trace/" + "1" * 20, 404, "Not found"),
        (f"/export/{target}?resolution=auto", 400, "resolution must be one of"),
        ("/export/4242", 404, "Target not found"),
        ("/traces/4242", 404, "Target not found"),
        ("/trace/4242", 404, "Trace not found"),
    ):
        got, answer, response = await server.request("GET", BASE + path)
        assert got == status, path
        assert answer["error"].startswith(message), path
        assert response.headers["Cache-Control"] == "no-store"
    _, envelope, _ = await server.request("GET", f"{BASE}/samples/{target}")
    assert envelope["samples"] == []
    _, stats, _ = await server.request("GET", f"{BASE}/stats?start=0&end=10")
    assert stats[str(target)]["sample_count"] == 0
    _, capability, _ = await server.request("GET", f"{BASE}/capability")
    assert capability["method"] in ("icmp", "tcp")


async def test_summary_is_empty_when_disabled(server_factory: ServerFactory) -> None:
    """Without connection_monitor_enabled the summary is {} (the rest still works)."""
    async with server_factory() as server:
        await create(server, {"label": "Loopback", "host": "127.0.0.1"})
        status, summary, _ = await server.request("GET", f"{BASE}/summary")
        assert (status, summary) == (200, {})
        assert monitor_of(server).probed_targets() == {}
        _, targets, _ = await server.request("GET", f"{BASE}/targets")
        assert targets[0]["enabled"] is True


async def test_pinned_days(server: RunningServer) -> None:
    """Pin by date or timestamp, no future days, 404 when unpinning an unpinned day."""
    today = date.today()
    yesterday = today - timedelta(days=1)
    tomorrow = today + timedelta(days=2)
    for body, message in (
        ({"date": tomorrow.isoformat()}, "Future dates cannot be pinned"),
        ({"date": "2026-02-30"}, "date must be a valid calendar date"),
        ({"date": "yesterday"}, "date must be YYYY-MM-DD"),
        ({}, "Give either date"),
        ({"date": today.isoformat(), "timestamp": 0}, "Give either date"),
        ({"timestamp": "noon"}, "timestamp must be epoch seconds"),
        ({"date": today.isoformat(), "note": "x"}, "Unknown field(s): note"),
    ):
        status, answer, _ = await server.request("POST", f"{BASE}/pinned-days", json=body)
        assert status == 400
        assert answer["error"].startswith(message)
    status, answer, _ = await server.request(
        "POST", f"{BASE}/pinned-days", json={"date": yesterday.isoformat(), "label": "Outage"}
    )
    assert (status, answer) == (201, {"ok": True})
    # pinning again (also twice at once) is a 201 like upstream's, and keeps the first label
    again = [
        server.request("POST", f"{BASE}/pinned-days", json={"date": yesterday.isoformat()})
        for _ in range(3)
    ]
    assert [status for status, _, _ in await asyncio.gather(*again)] == [201] * 3
    status, _, _ = await server.request(
        "POST", f"{BASE}/pinned-days", json={"timestamp": time.time() - 3 * 86400}
    )
    assert status == 201
    _, days, response = await server.request("GET", f"{BASE}/pinned-days")
    assert response.headers["Cache-Control"] == "no-store"
    assert days[0]["date"] == yesterday.isoformat()
    assert len(days) == 2
    assert days[0]["label"] == "Outage"
    assert days[0]["utc_end"] - days[0]["utc_start"] in (82800, 86400, 90000)
    status, answer, _ = await server.request(
        "DELETE", f"{BASE}/pinned-days/{yesterday.isoformat()}"
    )
    assert (status, answer) == (200, {"ok": True})
    status, _, _ = await server.request("DELETE", f"{BASE}/pinned-days/{yesterday.isoformat()}")
    assert status == 404
    status, _, _ = await server.request("DELETE", f"{BASE}/pinned-days/not-a-date")
    assert status == 400


async def test_manual_traceroute(server: RunningServer) -> None:
    """A manual trace to 127.0.0.1 is stored and served; unknown or hostless targets fail."""
    target = await create(server, {"label": "Loopback", "host": "127.0.0.1"})
    status, trace, response = await server.request("POST", f"{BASE}/traceroute/{target}")
    assert status == 200, trace
    assert response.headers["Cache-Control"] == "no-store"
    assert trace["trigger_reason"] == "manual"
    assert trace["reached_target"] is True
    assert trace["timestamp"].endswith("Z")
    assert trace["hop_count"] == len(trace["hops"]) >= 1
    assert trace["hops"][-1]["hop_ip"] == "127.0.0.1"
    assert len(trace["route_fingerprint"]) == 64
    _, traces, _ = await server.request("GET", f"{BASE}/traces/{target}?limit=1000")
    assert [row["trace_id"] for row in traces] == [trace["trace_id"]]
    _, stored, _ = await server.request("GET", f"{BASE}/trace/{trace['trace_id']}")
    assert stored["hops"] == trace["hops"]
    status, _, _ = await server.request("POST", f"{BASE}/traceroute/4242")
    assert status == 404
    hostless = await create(server, {"label": "Nowhere"})
    status, answer, _ = await server.request("POST", f"{BASE}/traceroute/{hostless}")
    assert (status, answer["error"]) == (400, "Target has no host")


async def test_traceroute_to_a_name_that_does_not_resolve(
    server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed lookup is a clear 422 naming the host (no DNS query leaves the test)."""

    async def no_such_name(host: str) -> tuple[int, str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr("docsight_server.connmon.trace.resolve", no_such_name)
    target = await create(server, {"label": "Typo", "host": "routr.lan"})
    status, answer, _ = await server.request("POST", f"{BASE}/traceroute/{target}")
    assert status == 422
    assert "cannot resolve routr.lan" in answer["error"]


async def test_host_names_and_addresses_that_are_accepted(server_factory: ServerFactory) -> None:
    """Names with digits, hyphens, underscores and a trailing dot; IPv4, IPv6 and zones."""
    async with server_factory() as idle:  # the monitor is off: nothing here is probed
        for host in ("fritz.box", "my-nas_1.lan.", "192.0.2.1", "2001:db8::1", "fe80::1%eth0"):
            status, answer, _ = await idle.request(
                "POST", f"{BASE}/targets", json={"label": host, "host": host}
            )
            assert status == 201, (host, answer)


async def test_outage_events_reach_the_event_log(server: RunningServer) -> None:
    """Scripted timeouts on a real target: outage and recovery events in /api/events."""
    monitor = monitor_of(server)
    target = await create(
        server, {"label": "Scripted", "host": "127.0.0.1", "poll_interval_ms": 3_600_000}
    )
    monitor.loss_warning_pct = 100.0
    start = time.time() - 600
    with server.context.hub.subscribe() as queue:
        for index, timeout in enumerate([False] + [True] * 6 + [False]):
            latency = None if timeout else 1.0
            result = ProbeResult(start + index * 5, latency, timeout, ProbeMethod.ICMP)
            monitor.on_result(target, result)
        await monitor.drain()
        kinds = [queue.get_nowait() for _ in range(queue.qsize())]
    published = [n.data["event_type"] for n in kinds if n.kind == "event"]
    assert published == [UNREACHABLE, RECOVERED]
    _, body, _ = await server.request("GET", "/api/events?event_prefix=cm_")
    events = {event["event_type"]: event for event in body["events"]}
    assert events[UNREACHABLE]["severity"] == "critical"
    assert events[RECOVERED]["severity"] == "info"
    _, outages, _ = await server.request("GET", f"{BASE}/outages/{target}")
    assert len(outages) == 1
    assert outages[0]["timeout_count"] == 6
    _, outages, _ = await server.request("GET", f"{BASE}/outages/{target}?threshold=7")
    assert outages == []
    _, traces, _ = await server.request("GET", f"{BASE}/traces/{target}")
    assert [row["trigger_reason"] for row in traces] == ["outage"]


async def test_routes_are_documented(server: RunningServer) -> None:
    """Every connection-monitor route is in the OpenAPI document with a summary."""
    _, document, _ = await server.request("GET", "/api/openapi.json")
    paths = {path: item for path, item in document["paths"].items() if path.startswith(BASE)}
    operations = [operation for item in paths.values() for operation in item.values()]
    assert len(operations) == 16
    assert all(op["summary"] and op["tags"] == ["connection-monitor"] for op in operations)
    samples = paths[f"{BASE}/samples/{{target_id}}"]["get"]
    names = {param["name"] for param in samples["parameters"]}
    assert names == {"target_id", "start", "end", "resolution", "limit", "max_points"}
    assert "requestBody" in paths[f"{BASE}/targets"]["post"]
