"""Demo LAN: a dozen home devices with 7 days of status, IP and round-trip delay history.

Phones leave for work on weekdays, the laptop is off at night, the NAS has one outage, the
games console gets a new address once and the Wi-Fi repeater has one evening of RTD trouble.
Times of day are UTC. Events follow the live rules: down/up and RTD issues for VITAL devices.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from ..demo.seeders import DemoPlan
from ..storage.bulk import bulk_insert
from ..storage.event_repo import event_row
from ..storage.lan_schema import lan_device_history, lan_devices, lan_rtd_samples
from .events import change_event, rtd_event
from .inventory import Change, Device, HistoryType, Status
from .rtd import BUCKET_S, RTD_COLUMNS, RtdBucket, RtdIssueTracker
from .settings import down_grace, lan_setting
from .vendor import vendor_for

if TYPE_CHECKING:
    from ..context import ServerContext

DAYS = 7
DAY_S = 86400
SEED = 61
PROBES_PER_BUCKET = 10
NET = "192.168.178."
#: The NAS outage and the repeater's RTD episode: (days after the window start, seconds).
NAS_OUTAGE = (3.41, 7800)
RTD_EPISODE = (4.82, 3000)
#: The console's lease change: (days after the window start, old address, new address).
IP_CHANGE = (2.27, NET + "70", NET + "73")
HISTORY_COLUMNS = ("device_id", "ts", "type", "old_ip", "new_ip", "is_demo")


@dataclass(frozen=True, slots=True)
class DemoDevice:
    """A demo device and how it behaves (RTD median in ms, spread as a log-normal sigma)."""

    mac: str
    ip: str
    names: dict[str, str]
    importance: str
    rtd_ms: float
    spread: float
    loss: float
    first_seen_days: float
    presence: str = "always"  # "always", "workday", "workday_sport", "night_off", "nas"
    wifi: bool = True
    user_data: dict[str, Any] = field(default_factory=dict)


DEMO_DEVICES = (
    DemoDevice(
        "3c:a6:2f:5e:81:c4",
        NET + "1",
        {"host": "fritz.box"},
        "VITAL",
        0.45,
        0.25,
        0.0,
        241.0,
        wifi=False,
    ),
    DemoDevice(
        "38:10:d5:a2:17:3b",
        NET + "2",
        {"host": "fritz.repeater"},
        "VITAL",
        3.2,
        0.3,
        0.002,
        199.5,
        user_data={"name": "Repeater upstairs", "location": "Landing"},
    ),
    DemoDevice(
        "00:11:32:8f:4c:21",
        NET + "20",
        {"host": "diskstation", "bonjour": "DiskStation"},
        "VITAL",
        0.6,
        0.3,
        0.0,
        187.2,
        "nas",
        wifi=False,
        user_data={"name": "NAS", "location": "Basement", "notes": "Backups at 02:00"},
    ),
    DemoDevice(
        "8c:77:12:3d:90:e6",
        NET + "30",
        {"bonjour": "Living-Room-TV"},
        "FLOATING",
        6.5,
        0.45,
        0.004,
        143.8,
    ),
    DemoDevice(
        "f0:18:98:6a:c2:17",
        NET + "41",
        {"host": "annas-iphone"},
        "FLOATING",
        24.0,
        0.6,
        0.01,
        96.1,
        "workday",
    ),
    DemoDevice(
        "5c:0a:5b:e1:48:92",
        NET + "42",
        {"host": "galaxy-s23"},
        "FLOATING",
        19.0,
        0.6,
        0.01,
        61.4,
        "workday_sport",
    ),
    DemoDevice(
        "a0:36:9f:17:b5:0d",
        NET + "50",
        {"host": "thinkpad", "bonjour": "thinkpad"},
        "FLOATING",
        4.0,
        0.4,
        0.002,
        83.0,
        "night_off",
    ),
    DemoDevice(
        "00:80:77:c4:5a:e8",
        NET + "60",
        {"host": "brw008077c45ae8"},
        "FLOATING",
        2.8,
        0.5,
        0.005,
        210.7,
    ),
    DemoDevice(
        "98:b6:e9:2f:d1:74",
        IP_CHANGE[1],
        {"bonjour": "Nintendo-Switch"},
        "FLOATING",
        5.5,
        0.45,
        0.004,
        38.9,
    ),
    DemoDevice(
        "a4:cf:12:9b:33:5f",
        NET + "80",
        {"host": "shelly-plug-washer"},
        "FLOATING",
        9.0,
        0.5,
        0.02,
        129.3,
        user_data={"location": "Utility room"},
    ),
    DemoDevice(
        "50:c7:bf:44:0e:a9",
        NET + "81",
        {"host": "tapo-plug-desk"},
        "FLOATING",
        11.0,
        0.5,
        0.02,
        2.15,
    ),
    DemoDevice(
        "94:9f:3e:72:6b:18", NET + "90", {"bonjour": "Kitchen"}, "FLOATING", 3.1, 0.4, 0.003, 112.6
    ),
)


@dataclass(slots=True)
class DeviceHistory:
    """What the builder works out for one demo device."""

    first_seen: int
    status: Status = Status.ONLINE
    last_seen: int = 0
    last_status_change: int = 0
    ip: str = ""
    #: (ts, type, old ips, new ips)
    changes: list[tuple[int, HistoryType, tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list
    )
    buckets: list[RtdBucket] = field(default_factory=list)


def _day_start(ts: int) -> int:
    return ts - ts % DAY_S


def _absences(
    device: DemoDevice, start: int, now: int, rng: random.Random
) -> list[tuple[int, int]]:
    """Return the device's absences (start, end) inside [start, now], oldest first."""
    found: list[tuple[int, int]] = []
    if device.presence == "nas":
        begin = start + int(NAS_OUTAGE[0] * DAY_S)
        return [(begin, begin + NAS_OUTAGE[1])]
    for day in range(_day_start(start) - DAY_S, now + DAY_S, DAY_S):
        weekday = time.gmtime(day).tm_wday
        minutes = rng.randint
        if device.presence == "workday" and weekday < 5:
            found.append(
                (day + 7 * 3600 + minutes(-25, 25) * 60, day + 16 * 3600 + minutes(20, 75) * 60)
            )
        elif device.presence == "workday_sport":
            if weekday < 5:
                found.append(
                    (day + 6 * 3600 + minutes(15, 45) * 60, day + 17 * 3600 + minutes(-20, 40) * 60)
                )
            elif weekday == 5:
                found.append(
                    (day + 9 * 3600 + minutes(0, 30) * 60, day + 12 * 3600 + minutes(30, 90) * 60)
                )
        elif device.presence == "night_off":
            found.append(
                (
                    day + 22 * 3600 + minutes(0, 80) * 60,
                    day + DAY_S + 6 * 3600 + minutes(30, 70) * 60,
                )
            )
    return [(max(a, start), min(b, now)) for a, b in found if b > start and a < now]


def _evening(ts: int) -> float:
    """Return the evening Wi-Fi load (0..1), peaking at 20:30 UTC."""
    hour = (ts % DAY_S) / 3600
    return max(0.0, math.cos((hour - 20.5) / 24 * 2 * math.pi)) ** 4


def _bucket(
    device: DemoDevice, device_id: int, ts: int, troubled: bool, rng: random.Random
) -> RtdBucket:
    """Return a plausible RTD bucket of the device (`troubled`: slow and lossy).

    The min/median/max of ten log-normal probes are drawn directly (far cheaper than drawing
    each probe); the loss count is a close approximation of the binomial one.
    """
    base, loss = device.rtd_ms, device.loss
    if device.wifi:
        base *= 1.0 + 0.35 * _evening(ts)
    if troubled:
        base, loss = 140.0 + 90.0 * rng.random(), 0.2
    draw = rng.random()
    lost = int(draw < loss * PROBES_PER_BUCKET) + int(draw < loss * loss * 45)
    if troubled:
        lost = 1 + int(draw * 4)
    elif device.importance == "VITAL":
        lost = min(lost, 1)  # the week shows exactly one RTD issue (at default thresholds)
    # a sum of three uniforms is close enough to a normal draw (mean 0, sd 1 after scaling)
    normal = (rng.random() + rng.random() + rng.random() - 1.5) * 2.0
    median = base * math.exp(device.spread * 0.35 * normal)
    low = median * math.exp(-device.spread * (0.6 + 0.8 * rng.random()))
    high = median * math.exp(device.spread * (0.8 + 1.4 * rng.random()))
    return RtdBucket(
        device_id,
        ts,
        PROBES_PER_BUCKET,
        lost,
        round(low, 3),
        round(median, 3),
        round(high, 3),
    )


def build_history(now: int, device_ids: list[int], grace: int) -> list[DeviceHistory]:
    """Return the history of every demo device (pure and CPU-bound: run it in an executor)."""
    rng = random.Random(SEED)
    start = now - DAYS * DAY_S
    episode = start + int(RTD_EPISODE[0] * DAY_S)
    episode_end = episode + RTD_EPISODE[1]
    change_at = start + int(IP_CHANGE[0] * DAY_S)
    last_bucket = now - now % BUCKET_S - BUCKET_S  # the newest bucket that is over
    result = []
    for device, device_id in zip(DEMO_DEVICES, device_ids, strict=True):
        first_seen = now - int(device.first_seen_days * DAY_S)
        history = DeviceHistory(first_seen, last_seen=now, last_status_change=first_seen)
        history.ip = device.ip
        history.changes.append((first_seen, HistoryType.CREATED, (), (device.ip,)))
        begin = max(start, first_seen)
        absences = _absences(device, begin, now, rng)
        for away, back in absences:
            if back - away < grace:
                continue  # shorter than the grace period: never DOWN
            history.changes.append((away + grace, HistoryType.DOWN, (), ()))
            history.last_status_change = away + grace
            if back < now:
                history.changes.append((back, HistoryType.UP, (), ()))
                history.last_status_change = back
            else:
                history.status, history.last_seen = Status.DOWN, away
        if device.ip == IP_CHANGE[1]:
            history.ip = IP_CHANGE[2]
            history.changes.append(
                (change_at, HistoryType.IP_CHANGE, (IP_CHANGE[1],), (IP_CHANGE[2],))
            )
        history.changes.sort(key=lambda change: change[0])
        absent = iter(absences)
        current = next(absent, None)
        first_bucket = begin - begin % BUCKET_S + BUCKET_S
        for ts in range(first_bucket, last_bucket + 1, BUCKET_S):
            while current is not None and current[1] <= ts:
                current = next(absent, None)
            if current is not None and current[0] < ts + BUCKET_S:
                continue  # away for some of the bucket: no RTD sample
            troubled = device.ip == NET + "2" and episode <= ts < episode_end
            history.buckets.append(_bucket(device, device_id, ts, troubled, rng))
        result.append(history)
    return result


def _device(spec: DemoDevice, device_id: int, history: DeviceHistory) -> Device:
    return Device(
        id=device_id,
        mac=spec.mac,
        ip_addresses=[history.ip],
        first_seen=history.first_seen,
        last_seen=history.last_seen,
        last_status_change=history.last_status_change,
        status=history.status,
        names=dict(spec.names),
        vendor=vendor_for(spec.mac),
        importance=spec.importance,
        user_data=dict(spec.user_data),
        is_demo=True,
    )


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


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


async def seed_lan_devices(
    connection: AsyncConnection, context: ServerContext, plan: DemoPlan
) -> int:
    """Write the demo LAN devices, their status/IP history, RTD buckets and events."""
    settings = context.settings
    grace = down_grace(settings)
    device_ids: list[int] = []
    for spec in DEMO_DEVICES:
        result = await connection.execute(
            lan_devices.insert().values(
                mac=spec.mac,
                ip_addresses=_dumps([spec.ip]),
                names=_dumps(spec.names),
                vendor=vendor_for(spec.mac),
                status=Status.ONLINE.value,
                importance=spec.importance,
                user_data=_dumps(spec.user_data),
                first_seen=plan.now,
                last_seen=plan.now,
                last_status_change=plan.now,
                is_demo=True,
            )
        )
        device_ids.append(int(result.inserted_primary_key[0]))
    histories = await asyncio.get_running_loop().run_in_executor(
        None, build_history, plan.now, device_ids, grace
    )
    devices = [
        _device(spec, device_id, history)
        for spec, device_id, history in zip(DEMO_DEVICES, device_ids, histories, strict=True)
    ]
    for device in devices:
        await connection.execute(
            lan_devices.update()
            .where(lan_devices.c.id == device.id)
            .values(
                ip_addresses=_dumps(device.ip_addresses),
                status=device.status.value,
                first_seen=device.first_seen,
                last_seen=device.last_seen,
                last_status_change=device.last_status_change,
            )
        )
    history_rows = [
        (
            device.id,
            ts,
            kind.value,
            _dumps(list(old)) if kind is HistoryType.IP_CHANGE else None,
            _dumps(list(new)) if kind is HistoryType.IP_CHANGE else None,
            True,
        )
        for device, history in zip(devices, histories, strict=True)
        for ts, kind, old, new in history.changes
    ]
    await bulk_insert(connection, lan_device_history, HISTORY_COLUMNS, history_rows)
    rtd_rows = [bucket.row(is_demo=True) for history in histories for bucket in history.buckets]
    await bulk_insert(connection, lan_rtd_samples, RTD_COLUMNS, rtd_rows)
    latency_ms = float(lan_setting(settings, "lan_rtd_latency_warning_ms"))
    loss_pct = float(lan_setting(settings, "lan_rtd_loss_warning_pct"))
    events = _events(devices, histories, latency_ms, loss_pct)
    await context.events.add_bulk(connection, events)
    return len(devices) + len(history_rows) + len(rtd_rows) + len(events)
