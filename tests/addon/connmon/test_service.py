"""The connection-monitor service: outages, recoveries, loss warnings, traces, engine wiring."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from docsight_server.app import build_context
from docsight_server.connmon.engine import ProbeTarget, ResultSink
from docsight_server.connmon.events import EVENT_TYPES, PACKET_LOSS, RECOVERED, UNREACHABLE
from docsight_server.connmon.probe import Capability, ProbeMethod, ProbeResult
from docsight_server.connmon.repository import ConnMonStore
from docsight_server.connmon.service import (
    ConnectionMonitor,
)
from docsight_server.connmon.trace import Hop, TraceResult
from docsight_server.context import ServerContext
from docsight_server.runtime import load_runtime
from docsight_server.storage.event_repo import EventFilter

pytestmark = pytest.mark.usefixtures("socket_enabled")

#: An hour ago: the store reads recent history when no range is given.
T0 = float(int(time.time()) - 3600)


class FakeEngine:
    """Records what the service asks of an engine; probes nothing."""

    def __init__(self, sink: ResultSink, capability: Capability) -> None:
        """Remember the sink and capability."""
        self.sink = sink
        self.capability = capability
        self.targets: list[ProbeTarget] = []
        self.started = False
        self.stopped = False

    def set_targets(self, targets: Iterable[ProbeTarget]) -> None:
        """Record the targets."""
        self.targets = sorted(targets, key=lambda target: target.id)

    async def start(self) -> None:
        """Record the start."""
        self.started = True

    async def stop(self) -> None:
        """Record the stop."""
        self.stopped = True


class FakeTracer:
    """A traceroute stand-in that answers with a fixed two-hop route."""

    def __init__(self) -> None:
        """Start with no calls; traces finish at once until `gate` is cleared."""
        self.calls: list[tuple[str, Capability]] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, host: str, capability: Capability) -> TraceResult:
        """Return a route to `host` once the gate is open."""
        self.calls.append((host, capability))
        await self.gate.wait()
        return TraceResult(
            True,
            (Hop(1, "192.0.2.1", None, 0.5, 3), Hop(2, host, None, 1.25, 3)),
        )


@pytest.fixture
async def context(tmp_path: Path) -> AsyncIterator[ServerContext]:
    """A real server context (SQLite in tmp_path) with the monitor enabled, threshold 3."""
    env = {
        "DATA_DIR": str(tmp_path / "data"),
        "CONNECTION_MONITOR_ENABLED": "true",
        "CONNECTION_MONITOR_OUTAGE_THRESHOLD": "3",
        "CONNECTION_MONITOR_PROBE_METHOD": "tcp",
    }
    built, _, _ = await build_context(load_runtime(env), env)
    try:
        yield built
    finally:
        await built.database.close()


class Rig:
    """A monitor with a fake engine factory and tracer, plus helpers to script results."""

    def __init__(self, context: ServerContext) -> None:
        """Build the monitor around the context's database."""
        self.context = context
        self.store = ConnMonStore(context.database)
        self.tracer = FakeTracer()
        self.engines: list[FakeEngine] = []
        self.monitor = ConnectionMonitor(
            context, self.store, tracer=self.tracer, engine_factory=self.engine
        )

    def engine(self, sink: ResultSink, capability: Capability) -> FakeEngine:
        """Create and remember a fake engine."""
        created = FakeEngine(sink, capability)
        self.engines.append(created)
        return created

    async def target(self, host: str = "127.0.0.1", **extra: Any) -> int:
        """Add a target and reload the monitor."""
        target_id = await self.store.targets.add(
            extra.pop("label", "Loopback"),
            host,
            poll_interval_ms=extra.pop("poll_interval_ms", 1000),
            probe_method=extra.pop("probe_method", "tcp"),
            tcp_port=extra.pop("tcp_port", 443),
            **extra,
        )
        await self.monitor.reload()
        return target_id

    def feed(self, target_id: int, script: str, start: float = T0, step: float = 1.0) -> float:
        """Feed results: "." an answer (5 ms), "x" a timeout; return the next timestamp."""
        ts = start
        for mark in script:
            answered = mark == "."
            result = ProbeResult(ts, 5.0 if answered else None, not answered, ProbeMethod.TCP)
            self.monitor.on_result(target_id, result)
            ts += step
        return ts

    async def events(self) -> list[dict[str, Any]]:
        """Return the stored connection-monitor events, oldest first."""
        found = await self.context.events.list(EventFilter(event_prefix="cm_"), limit=None)
        return sorted(found, key=lambda event: event["id"])


@pytest.fixture
async def rig(context: ServerContext) -> AsyncIterator[Rig]:
    """A rig whose monitor is stopped afterwards."""
    made = Rig(context)
    try:
        yield made
    finally:
        await made.monitor.stop()


def test_event_types_are_described() -> None:
    """Every event the monitor raises has a description for EVENT_TYPES."""
    assert set(EVENT_TYPES) == {UNREACHABLE, RECOVERED, PACKET_LOSS}


async def test_outage_detected_traced_and_closed(rig: Rig) -> None:
    """Three timeouts in a row open an outage (traced once); the next answer closes it."""
    target_id = await rig.target()
    rig.monitor.loss_warning_pct = 100.0  # this test is about outages only
    with rig.context.hub.subscribe() as queue:
        ts = rig.feed(target_id, "..xx")
        await rig.monitor.drain()
        assert await rig.events() == []  # 2 timeouts: below the threshold
        ts = rig.feed(target_id, "xxxx", ts)
        await rig.monitor.drain()
        ts = rig.feed(target_id, "...", ts)
        await rig.monitor.drain()
        published = [queue.get_nowait() for _ in range(queue.qsize())]
    events = await rig.events()
    kinds = [event["event_type"] for event in events]
    assert kinds == [UNREACHABLE, RECOVERED]
    down, up = events
    assert down["severity"] == "critical"
    assert down["details"]["target_id"] == target_id
    assert down["details"]["outage_start"] == T0 + 2
    assert down["details"]["consecutive_timeouts"] == 3
    assert f"Target {target_id}" in down["message"]
    assert up["severity"] == "info"
    assert up["details"]["timeout_count"] == 6
    assert up["details"]["duration_seconds"] == 6.0
    assert [n.data["id"] for n in published if n.kind == "event"] == [e["id"] for e in events]
    # one trace at the outage start, stored with its reason
    assert [host for host, _ in rig.tracer.calls] == ["127.0.0.1"]
    assert rig.tracer.calls[0][1].method is ProbeMethod.TCP
    traces = await rig.store.traces.for_target(target_id, None, None, 10)
    assert [trace["trigger_reason"] for trace in traces] == ["outage"]
    stored = await rig.store.traces.get(traces[0]["trace_id"])
    assert stored is not None
    assert [hop["hop_ip"] for hop in stored["hops"]] == ["192.0.2.1", "127.0.0.1"]
    # the outage is also visible in the stored samples
    outages = await rig.store.reader.outages(target_id, None, None, 3)
    assert len(outages) == 1
    assert outages[0]["timeout_count"] == 6


async def test_samples_are_written_on_flush(rig: Rig) -> None:
    """Buffered results reach the store on flush, timeouts as null latency."""
    target_id = await rig.target()
    rig.feed(target_id, ".x.")
    await rig.monitor.flush()
    envelope = await rig.store.reader.samples(target_id, None, None, resolution="raw", limit=0)
    latencies = [sample["latency_ms"] for sample in envelope["samples"]]
    assert sorted(latencies, key=lambda value: value is None) == [5.0, 5.0, None]


async def test_loss_warning_at_most_every_five_minutes(rig: Rig) -> None:
    """Loss above the level warns once, again only after 300 s, never during an outage."""
    target_id = await rig.target()
    # one lost probe in every ten (10 % over any 60 s window) for 11 minutes
    ts = T0
    for chunk in range(66):
        ts = rig.feed(target_id, "x.........", ts)
        if chunk % 30 == 29:
            await rig.monitor.drain()  # each warning's trace finishes before the next one
    await rig.monitor.drain()
    warnings = [event for event in await rig.events() if event["event_type"] == PACKET_LOSS]
    stamps = [event["details"] for event in warnings]
    assert len(warnings) == 3  # at 0 s, 300 s and 600 s
    assert all(details["packet_loss_pct"] >= 2.0 for details in stamps)
    assert warnings[0]["severity"] == "warning"
    traces = await rig.store.traces.for_target(target_id, None, None, 10)
    assert sorted(trace["trigger_reason"] for trace in traces) == ["packet_loss"] * 3


async def test_loss_below_level_is_quiet(rig: Rig, context: ServerContext) -> None:
    """Loss under loss_warning_pct raises nothing."""
    target_id = await rig.target()
    rig.monitor.loss_warning_pct = 50.0
    rig.feed(target_id, "." * 59 + "x" + "." * 59 + "x")
    await rig.monitor.drain()
    assert await rig.events() == []


async def test_loss_window_slides(rig: Rig) -> None:
    """Loss counts over the last 60 s only: scattered timeouts warn once they cluster."""
    target_id = await rig.target()
    rig.monitor.loss_warning_pct = 5.0
    ts = rig.feed(target_id, "x" + "." * 99)  # 100 % at first: warned, then quiet
    ts = rig.feed(target_id, "." * 300 + "x.x", ts + 300)
    await rig.monitor.drain()
    assert len(await rig.events()) == 1  # 2 of 60 = 3.3 %
    rig.feed(target_id, ".x", ts)
    await rig.monitor.drain()
    warnings = await rig.events()
    assert [event["event_type"] for event in warnings] == [PACKET_LOSS, PACKET_LOSS]
    assert warnings[1]["details"]["packet_loss_pct"] == 5.0
    assert warnings[1]["details"]["probe_count"] == 60


async def test_reload_groups_targets_and_skips_unprobeable(rig: Rig) -> None:
    """Only enabled, non-demo targets with a host are probed; removal and disable stop them."""
    loopback = await rig.target("127.0.0.1", poll_interval_ms=2500, tcp_port=8443)
    hostless = await rig.target("")
    demo = await rig.target("192.0.2.7", is_demo=True)
    assert rig.monitor.running
    assert len(rig.engines) == 1
    engine = rig.engines[0]
    assert engine.started
    assert engine.capability.method is ProbeMethod.TCP
    assert engine.targets == [ProbeTarget(loopback, "127.0.0.1", 2.5, 8443)]
    assert set(rig.monitor.probed_targets()) == {loopback}
    assert hostless not in rig.monitor.probed_targets()
    assert demo not in rig.monitor.probed_targets()
    # results for targets that are not probed are ignored
    rig.feed(demo, "xxxxx")
    await rig.monitor.drain()
    assert await rig.events() == []
    await rig.store.targets.update(loopback, {"enabled": False})
    await rig.monitor.reload()
    assert engine.stopped
    assert rig.monitor.probed_targets() == {}
    await rig.monitor.stop()
    assert not rig.monitor.running


async def test_disabled_setting_probes_nothing(tmp_path: Path) -> None:
    """With connection_monitor_enabled off, start() creates no engine and no task."""
    env = {"DATA_DIR": str(tmp_path / "off")}
    context, _, _ = await build_context(load_runtime(env), env)
    try:
        rig = Rig(context)
        await rig.store.targets.add(
            "Loopback", "127.0.0.1", poll_interval_ms=1000, probe_method="tcp", tcp_port=443
        )
        await rig.monitor.start()
        assert not rig.monitor.running
        assert rig.engines == []
        assert not rig.monitor.active
        await rig.monitor.stop()
    finally:
        await context.database.close()


async def test_real_traceroute_to_loopback(context: ServerContext) -> None:
    """The real traceroute reaches 127.0.0.1 in one hop and is stored as a manual trace."""
    store = ConnMonStore(context.database)
    monitor = ConnectionMonitor(context, store)
    target_id = await store.targets.add(
        "Loopback", "127.0.0.1", poll_interval_ms=1000, probe_method="auto", tcp_port=443
    )
    target = await store.targets.get(target_id)
    assert target is not None
    trace_id = await monitor.trace_now(target)
    trace = await store.traces.get(trace_id)
    assert trace is not None
    assert trace["trigger_reason"] == "manual"
    assert trace["reached_target"] in (True, 1)
    assert trace["hops"][-1]["hop_ip"] == "127.0.0.1"


async def test_a_flapping_target_is_traced_every_five_minutes_at_most(rig: Rig) -> None:
    """Outages every few seconds each raise an event, but traces keep 300 s apart."""
    target_id = await rig.target()
    ts = T0
    for _ in range(2):
        for _ in range(75):  # 300 s of three timeouts and one answer
            ts = rig.feed(target_id, "xxx.", ts)
        await rig.monitor.drain()
    unreachable = [event for event in await rig.events() if event["event_type"] == UNREACHABLE]
    assert len(unreachable) == 150
    traces = await rig.store.traces.for_target(target_id, None, None, 100)
    for reason in ("outage", "packet_loss"):
        stamps = sorted(
            datetime.fromisoformat(trace["timestamp"])
            for trace in traces
            if trace["trigger_reason"] == reason
        )
        assert 1 <= len(stamps) <= 2, reason
        assert all((b - a).total_seconds() >= 300 for a, b in pairwise(stamps)), reason
    assert sum(trace["trigger_reason"] == "outage" for trace in traces) == 2


async def test_one_automatic_trace_per_target_at_a_time(rig: Rig) -> None:
    """An outage while the last outage's trace is still pending adds no second trace."""
    target_id = await rig.target()
    ts = rig.feed(target_id, "xxx.")  # a loss warning's trace, then the outage's
    rig.feed(target_id, "xxx.", ts + 400)  # past the spacing, but both traces still wait
    await rig.monitor.drain()
    assert len(rig.tracer.calls) == 2
    rig.feed(target_id, "xxx.", ts + 800)  # once they are done, the next ones run
    await rig.monitor.drain()
    traces = await rig.store.traces.for_target(target_id, None, None, 10)
    assert (
        sorted(trace["trigger_reason"] for trace in traces) == ["outage"] * 2 + ["packet_loss"] * 2
    )


async def outage_events(rig: Rig) -> list[str]:
    """Return the types of the stored outage events (loss warnings left out)."""
    return [
        event["event_type"]
        for event in await rig.events()
        if event["event_type"] in (UNREACHABLE, RECOVERED)
    ]


async def test_an_outage_carries_over_a_restart(rig: Rig) -> None:
    """Down before a restart and after: no second unreachable event; the answer recovers it."""
    target_id = await rig.target()
    ts = rig.feed(target_id, ".xxxx")
    await rig.monitor.stop()
    await rig.monitor.reload()
    ts = rig.feed(target_id, "xx", ts + 30)
    await rig.monitor.drain()
    assert await outage_events(rig) == [UNREACHABLE]
    rig.feed(target_id, ".", ts)
    await rig.monitor.drain()
    assert await outage_events(rig) == [UNREACHABLE, RECOVERED]
    recovered = [event for event in await rig.events() if event["event_type"] == RECOVERED]
    assert recovered[0]["details"]["timeout_count"] == 6


async def test_timeouts_below_the_threshold_carry_over_too(rig: Rig) -> None:
    """Two timeouts before a restart and one after make an outage at threshold 3."""
    target_id = await rig.target()
    ts = rig.feed(target_id, ".xx")
    await rig.monitor.stop()
    await rig.monitor.reload()
    rig.feed(target_id, "x", ts)
    await rig.monitor.drain()
    assert await outage_events(rig) == [UNREACHABLE]


async def test_an_outage_right_after_a_loss_warning_is_still_traced(rig: Rig) -> None:
    """The loss warning's trace (still pending) does not stand in for the outage's trace."""
    target_id = await rig.target()
    rig.feed(target_id, "." * 30 + "xxx")
    await rig.monitor.drain()
    traces = await rig.store.traces.for_target(target_id, None, None, 10)
    assert sorted(trace["trigger_reason"] for trace in traces) == ["outage", "packet_loss"]


async def test_a_deleted_targets_leftovers_never_reach_a_new_target(rig: Rig) -> None:
    """A trace in flight and buffered samples of a deleted target stay off its id's successor."""
    await rig.target(label="A")
    doomed = await rig.target(label="B")
    rig.tracer.gate.clear()
    rig.feed(doomed, "xxxx")  # an outage: its trace is started, samples are buffered
    assert await rig.store.targets.delete(doomed)
    await rig.monitor.reload()
    successor = await rig.target(label="C")
    assert successor == doomed  # SQLite hands out the deleted id again
    rig.tracer.gate.set()
    await rig.monitor.drain()
    assert await rig.store.traces.for_target(successor, None, None, 10) == []
    envelope = await rig.store.reader.samples(successor, None, None, resolution="raw", limit=0)
    assert envelope["samples"] == []


async def test_a_failed_write_is_retried_once(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """Samples that meet a failing database are written on the next flush instead of lost."""
    target_id = await rig.target()
    real_add = rig.store.writer.add_samples
    failures = [RuntimeError("database is locked")]

    async def flaky(samples: Any) -> None:
        if failures:
            raise failures.pop()
        await real_add(samples)

    monkeypatch.setattr(rig.store.writer, "add_samples", flaky)
    ts = rig.feed(target_id, "..")
    await rig.monitor.flush()  # fails: kept for the next flush
    rig.feed(target_id, ".", ts)
    await rig.monitor.flush()
    envelope = await rig.store.reader.samples(target_id, None, None, resolution="raw", limit=0)
    assert len(envelope["samples"]) == 3
