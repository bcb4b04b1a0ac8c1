"""Demo LAN: a dozen home devices with 7 days of status, IP and round-trip delay history.

The devices are in `demo_devices`, their week in `demo_history`. Events follow the live rules:
down/up and RTD issues for VITAL devices.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING, Any

from ..demo.seeders import DemoPlan
from ..storage.bulk import BATCH_ROWS, BatchWriter
from ..storage.event_repo import event_row
from .demo_devices import DEMO_DEVICES, IP_CHANGE, DemoDevice
from .demo_history import DeviceHistory, build_history
from .events import change_event, rtd_event
from .models import Change, Device, HistoryType
from .repository.inventory import HistoryEntry, insert_device, insert_history, store_state
from .repository.rtd import insert_buckets
from .rtd import BUCKET_S, RtdIssueTracker
from .settings import down_grace, lan_setting
from .vendor import vendor_for

if TYPE_CHECKING:
    from ..context import ServerContext


def _new_device(spec: DemoDevice, now: int) -> Device:
    """Return a demo device as first inserted (the id comes from the insert)."""
    return Device(
        id=0,
        mac=spec.mac,
        ip_addresses=[spec.ip],
        first_seen=now,
        last_seen=now,
        last_status_change=now,
        names=dict(spec.names),
        vendor=vendor_for(spec.mac),
        importance=spec.importance,
        user_data=dict(spec.user_data),
        is_demo=True,
    )


def _after_week(device: Device, history: DeviceHistory) -> Device:
    """Return the device as its week left it."""
    return dataclasses.replace(
        device,
        ip_addresses=[history.ip],
        status=history.status,
        first_seen=history.first_seen,
        last_seen=history.last_seen,
        last_status_change=history.last_status_change,
    )


def _history_entries(devices: list[Device], histories: list[DeviceHistory]) -> list[HistoryEntry]:
    return [
        (device.id, ts, kind, old, new)
        for device, history in zip(devices, histories, strict=True)
        for ts, kind, old, new in history.changes
    ]


def _events(
    devices: list[Device], histories: list[DeviceHistory], latency_ms: float, loss_pct: float
) -> list[tuple[Any, ...]]:
    """Return the event rows the live monitor would have written for this history."""
    rows: list[tuple[Any, ...]] = []
    for device, history in zip(devices, histories, strict=True):
        ips = [IP_CHANGE[1]] if device.ip_addresses == [IP_CHANGE[2]] else device.ip_addresses
        for ts, kind, old, new in history.changes:
            if kind is HistoryType.IP_CHANGE:
                ips = list(new)
            then = dataclasses.replace(device, ip_addresses=list(ips), last_seen=ts)
            event = change_event(Change(kind, then, ts, old, new))
            if event is not None:
                rows.append(event_row(ts, event, is_demo=True))
        tracker = RtdIssueTracker()
        for bucket in history.buckets:
            issue = tracker.evaluate(bucket, latency_ms, loss_pct)
            event = None if issue is None else rtd_event(issue, device)
            if event is not None:
                rows.append(event_row(bucket.ts + BUCKET_S, event, is_demo=True))
    return rows


async def seed_lan_devices(writer: BatchWriter, context: ServerContext, plan: DemoPlan) -> int:
    """Write the demo LAN devices, their status/IP history, RTD buckets and events."""
    settings = context.settings
    inserted = [_new_device(spec, plan.now) for spec in DEMO_DEVICES]
    async with writer.batch() as connection:
        for device in inserted:
            device.id = await insert_device(connection, device)
    histories = await asyncio.get_running_loop().run_in_executor(
        None, build_history, plan.now, [device.id for device in inserted], down_grace(settings)
    )
    devices = [
        _after_week(device, history) for device, history in zip(inserted, histories, strict=True)
    ]
    latency_ms = float(lan_setting(settings, "lan_rtd_latency_warning_ms"))
    loss_pct = float(lan_setting(settings, "lan_rtd_loss_warning_pct"))
    events = _events(devices, histories, latency_ms, loss_pct)
    async with writer.batch() as connection:
        for device in devices:
            await store_state(connection, device)
        written = await insert_history(
            connection, _history_entries(devices, histories), is_demo=True
        )
        await context.events.add_bulk(connection, events)
    buckets = [bucket for history in histories for bucket in history.buckets]
    for start in range(0, len(buckets), BATCH_ROWS):
        async with writer.batch() as connection:
            part = buckets[start : start + BATCH_ROWS]
            written += await insert_buckets(connection, part, is_demo=True)
    return len(devices) + written + len(events)
