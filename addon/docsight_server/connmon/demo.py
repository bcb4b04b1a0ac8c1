"""Demo history: three targets with 7 days of 10-second samples, outages, loss and traces."""

from __future__ import annotations

import asyncio
import math
import random
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from ..demo.seeders import DemoPlan
from ..storage.bulk import BatchWriter
from ..storage.event_repo import event_row
from .detector import LOSS_WINDOW_S, Finding, TargetState, observe
from .keys import CONNECTION_MONITOR
from .repository import Sample
from .repository.traces import insert_trace
from .schema import cm_targets
from .trace import Hop, TraceResult

if TYPE_CHECKING:
    from ..context import ServerContext

DAYS = 7
STEP_S = 10
SEED = 6
#: Rare single lost probes everywhere (never enough in a row for an outage; each one is a
#: short packet-loss warning, so a healthy week has only a few).
BASE_LOSS = 0.000005
ROUTER = "192.168.178.1"
# Documentation address ranges (RFC 5737) stand in for the provider's routers.
ISP_HOPS = ("198.51.100.1", "198.51.100.33", "203.0.113.9")
#: Seeding writes the samples of this many seconds per batch (whole hourly rollup buckets).
SLICE_S = 2 * 3600


@dataclass(frozen=True, slots=True)
class DemoTarget:
    """A demo target and how its latency behaves (ms)."""

    label: str
    host: str
    base_ms: float
    evening_ms: float
    jitter_ms: float
    internet: bool


DEMO_TARGETS = (
    DemoTarget("Router", ROUTER, 0.6, 0.2, 0.25, False),
    DemoTarget("Cloudflare DNS", "1.1.1.1", 9.5, 7.0, 1.8, True),
    DemoTarget("Google DNS", "8.8.8.8", 12.5, 8.0, 2.2, True),
)
#: (days after the first sample, seconds, "line" = internet targets only, "lan" = all targets)
OUTAGES = ((1.37, 240, "line"), (2.61, 60, "lan"), (6.12, 540, "line"))
#: (days after the first sample, seconds, loss probability, extra latency ms) on the line
LOSS_EPISODES = ((5.55, 420, 0.15, 30.0),)


@dataclass(slots=True)
class DemoHistory:
    """Everything the seeder writes, built off the event loop."""

    samples: list[Sample] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    traces: list[tuple[int, float, str, TraceResult]] = field(default_factory=list)


def _evening_curve() -> list[float]:
    """Return the evening load (0..1) per quarter hour of the day, peaking at 20:30."""
    curve = []
    for quarter in range(96):
        hour = quarter / 4
        phase = math.cos((hour - 20.5) / 24 * 2 * math.pi)
        curve.append(max(0.0, phase) ** 4)
    return curve


_EVENING = _evening_curve()


def evening_load(ts: float) -> float:
    """Return the evening load (0..1) at an epoch second (UTC quarter hours)."""
    return _EVENING[int(ts % 86400) // 900]


def demo_latency(target: DemoTarget, evening: float, rng: random.Random) -> float:
    """Return one answered probe's latency (ms) for a demo target at an evening load."""
    return target.base_ms + evening * target.evening_ms + rng.expovariate(1.0 / target.jitter_ms)


def _marks(count: int) -> tuple[bytearray, bytearray, array[float], array[float]]:
    """Return per-step line/LAN outage flags and line loss probability / extra latency."""
    line_down = bytearray(count)
    lan_down = bytearray(count)
    loss = array("d", [0.0]) * count
    extra = array("d", [0.0]) * count
    for days, seconds, scope in OUTAGES:
        first = int(days * 86400 / STEP_S)
        steps = min(seconds // STEP_S, count - first)
        flags = lan_down if scope == "lan" else line_down
        flags[first : first + steps] = b"\x01" * steps
    for days, seconds, probability, latency in LOSS_EPISODES:
        first = int(days * 86400 / STEP_S)
        for index in range(first, min(first + seconds // STEP_S, count)):
            loss[index] = probability
            extra[index] = latency
    return line_down, lan_down, loss, extra


def demo_route(target: DemoTarget, reached: bool, lan_up: bool, slow: bool) -> TraceResult:
    """Return a plausible route to a demo target (silent hops past a broken link)."""
    if not lan_up:
        return TraceResult(False, tuple(Hop(index, None, None, None, 0) for index in (1, 2, 3)))
    hops = [Hop(1, ROUTER, "fritz.box", 0.7, 3)]
    if not target.internet:
        return TraceResult(True, tuple(hops))
    for index, address in enumerate(ISP_HOPS, start=2):
        if reached:
            latency = 6.0 + 2.0 * index + (25.0 if slow and index >= 3 else 0.0)
            hops.append(Hop(index, address, None, latency, 2 if slow else 3))
        else:
            hops.append(Hop(index, None, None, None, 0))
    if reached:
        hops.append(Hop(len(hops) + 1, target.host, None, target.base_ms + 1.0, 3))
    return TraceResult(reached, tuple(hops))


def build_history(
    now: int, target_ids: list[int], threshold: int, loss_warning_pct: float
) -> DemoHistory:
    """Generate the samples and run the live outage/loss detection over them (CPU only)."""
    first = (now - DAYS * 86400) // STEP_S * STEP_S + STEP_S
    count = (now - first) // STEP_S + 1
    line_down, lan_down, loss, extra = _marks(count)
    stamps = [float(first + index * STEP_S) for index in range(count)]
    evening = [evening_load(ts) for ts in stamps]
    history = DemoHistory()
    samples = history.samples
    for target_id, target, salt in zip(target_ids, DEMO_TARGETS, range(3), strict=True):
        rng = random.Random(SEED * 100 + salt)
        down = (
            lan_down
            if not target.internet
            else bytes(a | b for a, b in zip(lan_down, line_down, strict=True))
        )
        timeouts: list[int] = []
        for index, ts in enumerate(stamps):
            lost = down[index] or rng.random() < BASE_LOSS
            if not lost and target.internet and loss[index]:
                lost = rng.random() < loss[index]
            if lost:
                timeouts.append(index)
                samples.append(Sample(target_id, ts, None, "icmp"))
                continue
            latency = demo_latency(target, evening[index], rng)
            if target.internet:
                latency += extra[index]
            samples.append(Sample(target_id, ts, latency, "icmp"))
        _detect(
            history,
            target_id,
            target,
            timeouts,
            stamps,
            lan_down,
            down,
            threshold,
            loss_warning_pct,
        )
    return history


def _detect(
    history: DemoHistory,
    target_id: int,
    target: DemoTarget,
    timeouts: list[int],
    stamps: list[float],
    lan_down: bytearray,
    down: bytes | bytearray,
    threshold: int,
    loss_warning_pct: float,
) -> None:
    """Run the live detection over the samples near timeouts (elsewhere it finds nothing)."""
    # A result's loss window spans the 6 results before it, so feeding every result within
    # 6 steps of a timeout gives the same findings as feeding all of them.
    reach = LOSS_WINDOW_S // STEP_S
    lost = set(timeouts)
    fed: set[int] = set()
    for index in timeouts:
        fed.update(range(max(0, index - reach), min(len(stamps), index + reach + 1)))
    state = TargetState(target.host)
    for index in sorted(fed):
        ts = stamps[index]
        for found in observe(state, target_id, ts, index in lost, threshold, loss_warning_pct):
            _record(history, target_id, target, found, not lan_down[index], bool(down[index]))


def _record(
    history: DemoHistory,
    target_id: int,
    target: DemoTarget,
    found: Finding,
    lan_up: bool,
    down: bool,
) -> None:
    history.events.append(event_row(int(found.ts), found.event, is_demo=True))
    if found.trace_reason is not None:
        slow = found.trace_reason == "packet_loss"
        route = demo_route(target, not down, lan_up, slow)
        history.traces.append((target_id, found.ts, found.trace_reason, route))


async def _insert_targets(connection: AsyncConnection, created_at: int) -> list[int]:
    ids = []
    for target in DEMO_TARGETS:
        result = await connection.execute(
            insert(cm_targets).values(
                label=target.label,
                host=target.host,
                enabled=True,
                poll_interval_ms=STEP_S * 1000,
                probe_method="auto",
                tcp_port=443,
                is_demo=True,
                created_at=created_at,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        ids.append(int(key[0]))
    return ids


async def _insert_traces(
    connection: AsyncConnection, traces: list[tuple[int, float, str, TraceResult]]
) -> int:
    rows = 0
    for target_id, ts, reason, route in traces:
        await insert_trace(connection, target_id, ts, reason, route, is_demo=True)
        rows += 1 + len(route.hops)
    return rows


def time_slices(samples: list[Sample]) -> list[list[Sample]]:
    """Group samples into SLICE_S windows, oldest first (every rollup bucket in one window)."""
    slices: dict[int, list[Sample]] = {}
    for sample in samples:
        slices.setdefault(int(sample.ts) // SLICE_S, []).append(sample)
    return [slices[key] for key in sorted(slices)]


async def seed_connection_monitor(
    writer: BatchWriter, context: ServerContext, plan: DemoPlan
) -> int:
    """Write the demo targets, their samples with rollups, traces and events, batch by batch."""
    first = plan.now - DAYS * 86400
    async with writer.batch() as connection:
        target_ids = await _insert_targets(connection, first)
    threshold = max(1, int(context.settings.get("connection_monitor_outage_threshold") or 5))
    loss_pct = float(context.settings.get("connection_monitor_loss_warning_pct") or 2.0)
    history = await asyncio.get_running_loop().run_in_executor(
        None, build_history, plan.now, target_ids, threshold, loss_pct
    )
    samples = context.services[CONNECTION_MONITOR].store.writer
    rows = 0
    for window in time_slices(history.samples):
        async with writer.batch() as connection:
            rows += await samples.add_demo_history(connection, window)
    async with writer.batch() as connection:
        rows += await _insert_traces(connection, history.traces)
        await context.events.add_bulk(connection, history.events)
    return len(target_ids) + rows + len(history.events)
