"""The whole monitor in a network namespace: a real outage is detected, traced and closed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

from docsight_server.app import build_context
from docsight_server.connmon.probe import Capability, ProbeResult
from docsight_server.connmon.repository import ConnMonStore
from docsight_server.connmon.service import ConnectionMonitor
from docsight_server.connmon.trace import TraceResult, traceroute
from docsight_server.outputs.hub import Notification
from docsight_server.runtime import load_runtime

from . import netns
from .netns import NsPair

SUBNET = "10.213.7"
pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture
def pair() -> Iterator[NsPair]:
    """A client namespace (where the monitor runs) linked to a server namespace."""
    with netns.netns_pair(SUBNET) as created:
        # pytest-socket only lets connect() reach loopback; add this test's own addresses.
        pytest_socket.socket_allow_hosts(["127.0.0.1", "::1", created.server_ip])
        yield created


async def _next_event(queue: asyncio.Queue[Notification], event_type: str) -> dict[str, Any]:
    async with asyncio.timeout(60):
        while True:
            notification = await queue.get()
            if notification.kind == "event" and notification.data["event_type"] == event_type:
                return dict(notification.data)


class ShortTracer:
    """The real traceroute, two hops deep (enough on a direct link), telling when it is done."""

    def __init__(self) -> None:
        """Start with no trace finished."""
        self.done = asyncio.Event()

    async def __call__(self, host: str, capability: Capability) -> TraceResult:
        """Trace the route to host."""
        try:
            return await traceroute(host, capability, max_hops=2, hop_timeout=0.5)
        finally:
            self.done.set()


def test_outage_is_detected_traced_and_closed(pair: NsPair, tmp_path: Path) -> None:
    """Dropping the server's echo requests starts an outage with a stored trace; lifting the
    drop ends it. Everything runs inside the test's own namespaces."""

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], int]:
        env = {
            "DATA_DIR": str(tmp_path / "data"),
            "CONNECTION_MONITOR_ENABLED": "true",
            "CONNECTION_MONITOR_OUTAGE_THRESHOLD": "3",
            "CONNECTION_MONITOR_PROBE_METHOD": "icmp",
            # No loss warnings (and their traces): the only trace is the outage's.
            "CONNECTION_MONITOR_LOSS_WARNING_PCT": "100",
        }
        context, _, _ = await build_context(load_runtime(env), env)
        store = ConnMonStore(context.database)
        tracer = ShortTracer()
        monitor = ConnectionMonitor(context, store, tracer=tracer)
        answered = asyncio.Event()
        sink = monitor.on_result

        def on_result(target_id: int, result: ProbeResult) -> None:
            if not result.timeout:
                answered.set()
            sink(target_id, result)

        monitor.on_result = on_result  # type: ignore[method-assign]
        loop = asyncio.get_running_loop()
        try:
            target = await store.targets.add(
                "Server", pair.server_ip, poll_interval_ms=1000, probe_method="icmp", tcp_port=443
            )
            with context.hub.subscribe() as queue:
                await monitor.start()
                async with asyncio.timeout(30):
                    await answered.wait()  # the target answers before it goes dark
                blocked = netns.nft_table(pair.server, "input", "icmp type echo-request drop")
                await loop.run_in_executor(None, blocked.__enter__)
                try:
                    down = await _next_event(queue, "cm_target_unreachable")
                    async with asyncio.timeout(30):
                        await tracer.done.wait()  # traced while the target was still dark
                finally:
                    await loop.run_in_executor(None, blocked.__exit__, None, None, None)
                up = await _next_event(queue, "cm_target_recovered")
            await monitor.stop()
            traces = await store.traces.for_target(target, None, None, 10)
            answered = (await store.stats.between(None, None))[str(target)]["latency_count"]
        finally:
            await monitor.stop()
            await context.database.close()
        return down, up, traces, answered

    down, up, traces, answered = pair.client.run_async(scenario)
    assert down["severity"] == "critical"
    assert up["severity"] == "info"
    assert down["timestamp"] <= up["timestamp"]
    assert answered >= 1
    [trace] = [trace for trace in traces if trace["trigger_reason"] == "outage"]
    assert trace["reached_target"] in (False, 0), trace
