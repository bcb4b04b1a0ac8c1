"""The signal part of the demo history: snapshots, channel samples and their events.

Generation is CPU work (26,000 snapshots of 31 channels); it runs in child processes, one
chunk of days each, so seeding uses every core and never holds the server's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis.assess import assess_channels
from ..analysis.device_events import device_state_events
from ..analysis.events import EventDetector
from ..analysis.health import CHANNEL_RANK
from ..analysis.records import Event
from ..analysis.summary import summarize
from ..storage.bulk import BatchWriter
from ..storage.event_repo import event_row
from ..storage.meta_repo import set_meta
from ..storage.signal_repo import NewSnapshot, snapshot_values
from .driver import DEMO_DEVICE, DEMO_WAN_IPV4
from .line import DemoLine
from .render import as_records
from .seeders import DemoPlan

if TYPE_CHECKING:
    from ..context import ServerContext

DEMO_MODULATIONS = ("16QAM", "64QAM", "128QAM", "256QAM", "512QAM", "1024QAM", "4096QAM", "OFDMA")
OLD_FIRMWARE = "Demo v1.9"
OLD_WAN_IPV4 = "198.51.100.7"
SW_UPDATE_DAYS_AGO = 180
REBOOT_DAYS_AGO = 90
IP_CHANGE_DAYS_AGO = 30
#: Counters of the months before the reboot start this long before the history.
EARLY_UPTIME_DAYS = 200
REBOOT_META_KEY = "demo_reboot_at"
WORKERS = 2

#: A modem's device info as the collector stores it (sw_version, uptime_seconds, wan_ipv4, ...).
DeviceState = dict[str, Any]


@dataclass(slots=True)
class HistoryRows:
    """Rows produced by the generator, ready for bulk insertion."""

    snapshots: list[tuple[Any, ...]] = field(default_factory=list)
    samples: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One worker's share: a time range plus what it needs to build rows."""

    start: int
    end: int
    step: int
    first_id: int
    history_start: int
    reboot_at: int
    series_ids: tuple[int, ...]
    codes: dict[str, int]
    milestones: dict[int, tuple[DeviceState, DeviceState]]


def _sample_rows(
    series_ids: tuple[int, ...], ts: int, analysis: dict[str, Any], codes: dict[str, int]
) -> list[tuple[Any, ...]]:
    """Return the sample rows of one reading (what storage.samples.sample_row builds, inlined
    because seeding makes 800,000 of them)."""
    rows = []
    records = analysis["ds_channels"] + analysis["us_channels"]
    for series_id, record in zip(series_ids, records, strict=True):
        snr = record.get("snr")
        bitrate = record["theoretical_bitrate"]
        profile = record.get("profile_modulation")
        rows.append(
            (
                series_id,
                ts,
                round(record["power"] * 100),
                None if snr is None else round(snr * 100),
                record.get("correctable_errors"),
                record.get("uncorrectable_errors"),
                codes[record["modulation"]],
                None if profile is None else codes[profile],
                None if bitrate is None else round(bitrate * 100),
                CHANNEL_RANK[record["health"]],
            )
        )
    return rows


def line_for(ts: int, history_start: int, reboot_at: int) -> DemoLine:
    """Return the line whose counters apply at ts (they restart at the reboot)."""
    if ts >= reboot_at:
        return DemoLine(reboot_at)
    return DemoLine(history_start - EARLY_UPTIME_DAYS * 86400)


def analyse_at(ts: int, history_start: int, reboot_at: int) -> dict[str, Any]:
    """Return the full analysis of the history reading at ts (as a live poll stores it)."""
    line = line_for(ts, history_start, reboot_at)
    ds, us = as_records(line, line.read(ts))
    assess_channels(ds, us)
    return {"summary": summarize(ds, us), "ds_channels": ds, "us_channels": us}


def _signature(analysis: dict[str, Any]) -> tuple[Any, ...]:
    """Return what must change before the event detector is worth running."""
    summary = analysis["summary"]
    channels = analysis["ds_channels"] + analysis["us_channels"]
    # the OFDMA profile cycles every reading; it moves no event, so it is left out
    return (
        summary["health"],
        summary["ds_total"],
        summary["us_total"],
        # power_change needs a 2 dB step: 1.5 dB buckets keep quiet drift out
        round(summary["ds_power_avg"] / 1.5),
        round(summary["us_power_avg"] / 1.5),
        (summary["ds_uncorrectable_errors"] or 0) // 1000,
        tuple(channel["modulation"] for channel in channels),
        tuple(channel.get("power_health") for channel in channels),
        tuple(channel.get("snr_health") for channel in analysis["ds_channels"]),
    )


def generate_chunk(chunk: Chunk, batch_size: int) -> Iterator[HistoryRows]:
    """Yield the rows of one chunk in batches of `batch_size` snapshots (runs in a child)."""
    detector = EventDetector()
    snapshot_id = chunk.first_id
    previous: tuple[dict[str, Any], int] | None = None
    if chunk.start > chunk.history_start:  # continue the comparison across chunk borders
        before = analyse_at(chunk.start - chunk.step, chunk.history_start, chunk.reboot_at)
        previous = (before, snapshot_id - 1)
    last_signature = None if previous is None else _signature(previous[0])
    rows = HistoryRows()
    for ts in range(chunk.start, chunk.end, chunk.step):
        analysis = analyse_at(ts, chunk.history_start, chunk.reboot_at)
        rows.snapshots.append(
            (snapshot_id, *snapshot_values(ts, NewSnapshot(ts, analysis, is_demo=True)))
        )
        rows.samples.extend(_sample_rows(chunk.series_ids, ts, analysis, chunk.codes))
        new_events: list[Event] = []
        if ts in chunk.milestones:
            new_events += device_state_events(*chunk.milestones[ts])
        signature = _signature(analysis)
        # quiet readings cannot raise events; skipping them keeps seeding fast. The detector
        # still compares with the reading just before, as a live poll would.
        if signature != last_signature or ts in chunk.milestones:
            if previous is not None:
                detector.seed(*previous)
            new_events += detector.check(analysis, snapshot_id)
            last_signature = signature
        rows.events.extend(event_row(ts, event, is_demo=True) for event in new_events)
        previous = (analysis, snapshot_id)
        snapshot_id += 1
        if len(rows.snapshots) >= batch_size:
            yield rows
            rows = HistoryRows()
    if rows.snapshots:
        yield rows


def device_milestones(plan: DemoPlan) -> dict[int, tuple[DeviceState, DeviceState]]:
    """Return {ts: (previous device state, new device state)} for the scripted device events."""
    base = {**DEMO_DEVICE, "wan_ipv4": OLD_WAN_IPV4, "uptime_seconds": 400 * 86400}
    old_fw = {**base, "sw_version": OLD_FIRMWARE}
    updated = {**base, "uptime_seconds": 120}
    before_reboot = {**updated, "uptime_seconds": (SW_UPDATE_DAYS_AGO - REBOOT_DAYS_AGO) * 86400}
    rebooted = {**updated, "uptime_seconds": 300, "reboot_reason": "Power cycle"}
    before_ip = {**rebooted, "uptime_seconds": (REBOOT_DAYS_AGO - IP_CHANGE_DAYS_AGO) * 86400}
    new_ip = {**before_ip, "wan_ipv4": DEMO_WAN_IPV4}
    return {
        plan.days_ago(SW_UPDATE_DAYS_AGO): (old_fw, updated),
        plan.days_ago(REBOOT_DAYS_AGO): (before_reboot, rebooted),
        plan.days_ago(IP_CHANGE_DAYS_AGO): (before_ip, new_ip),
    }


def split(plan: DemoPlan, parts: int) -> list[tuple[int, int]]:
    """Return [start, end) ranges, step-aligned, covering the history."""
    total = len(range(plan.start, plan.now, plan.step))
    size = -(-total // parts)
    bounds = []
    for part in range(parts):
        first = plan.start + part * size * plan.step
        last = min(plan.now, first + size * plan.step)
        if first < last:
            bounds.append((first, last))
    return bounds


async def insert_streams(writer: BatchWriter, context: ServerContext, chunks: list[Chunk]) -> int:
    """Run every chunk in its own child process and insert each batch as it arrives.

    Every batch is its own short transaction; a stop between two batches ends the workers.
    """
    from .worker import stream_chunk

    # the queue itself is unbounded so a stopped pump can always post its end mark;
    # the semaphore keeps at most two batches per worker waiting in memory
    queue: asyncio.Queue[HistoryRows | None] = asyncio.Queue()
    room = asyncio.Semaphore(len(chunks) * 2)

    async def pump(chunk: Chunk) -> None:
        try:
            # closed at once on cancellation: the generator ends its child process
            async with contextlib.aclosing(stream_chunk(chunk)) as batches:
                async for batch in batches:
                    await room.acquire()
                    queue.put_nowait(batch)
        finally:
            queue.put_nowait(None)

    pumps = [asyncio.create_task(pump(chunk)) for chunk in chunks]
    rows = 0
    finished = 0
    try:
        while finished < len(pumps):
            batch = await queue.get()
            if batch is None:
                finished += 1
                continue
            async with writer.batch() as connection:
                await context.signal.save_prepared(connection, batch.snapshots, batch.samples)
                await context.events.add_bulk(connection, batch.events)
            room.release()
            rows += len(batch.snapshots) + len(batch.samples)
        for task in pumps:
            await task  # re-raises a worker failure
    finally:
        for task in pumps:
            task.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)
    return rows


async def seed_signal_history(writer: BatchWriter, context: ServerContext, plan: DemoPlan) -> int:
    """Seed the snapshots, channel samples and events of the demo line."""
    store = context.signal
    reboot_at = plan.days_ago(REBOOT_DAYS_AGO)
    sample = analyse_at(plan.start, plan.start, reboot_at)
    async with writer.batch() as connection:
        await store.prepare(connection, [sample])
        await store.modulations.ensure(connection, set(DEMO_MODULATIONS))
        first_id = await store.next_id(connection)
    series_ids = tuple(
        store.series.known(direction, record).id
        for direction, lane in ((0, sample["ds_channels"]), (1, sample["us_channels"]))
        for record in lane
    )
    codes = {name: store.modulations.code(name) for name in DEMO_MODULATIONS}
    step_count = 0
    chunks = []
    for start, end in split(plan, WORKERS):
        chunks.append(
            Chunk(
                start,
                end,
                plan.step,
                first_id + step_count,
                plan.start,
                reboot_at,
                series_ids,
                codes,
                device_milestones(plan),
            )
        )
        step_count += len(range(start, end, plan.step))
    rows = await insert_streams(writer, context, chunks)
    async with writer.batch() as connection:
        await set_meta(connection, REBOOT_META_KEY, str(reboot_at))
    plan.line.counters_since = reboot_at
    return rows
