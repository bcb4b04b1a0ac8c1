"""The demo LAN's week: each device's absences, status and IP history, and RTD buckets.

Pure and seeded (the same week every time); times of day are UTC.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

from .demo_devices import DEMO_DEVICES, IP_CHANGE, NAS_OUTAGE, RTD_EPISODE, TROUBLED_IP, DemoDevice
from .models import HistoryType, Status
from .rtd import BUCKET_S, RtdBucket

DAYS = 7
DAY_S = 86400
SEED = 61
PROBES_PER_BUCKET = 10


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


@dataclass(frozen=True, slots=True)
class _Week:
    """The demo window and its fixed moments."""

    now: int
    start: int
    grace: int
    episode: tuple[int, int]
    change_at: int
    last_bucket: int


def build_history(now: int, device_ids: list[int], grace: int) -> list[DeviceHistory]:
    """Return the history of every demo device (pure and CPU-bound: run it in an executor)."""
    rng = random.Random(SEED)
    start = now - DAYS * DAY_S
    episode = start + int(RTD_EPISODE[0] * DAY_S)
    week = _Week(
        now=now,
        start=start,
        grace=grace,
        episode=(episode, episode + RTD_EPISODE[1]),
        change_at=start + int(IP_CHANGE[0] * DAY_S),
        last_bucket=now - now % BUCKET_S - BUCKET_S,  # the newest bucket that is over
    )
    # one generator for all devices, in catalogue order: the week is the same every time
    return [
        _device_history(device, device_id, week, rng)
        for device, device_id in zip(DEMO_DEVICES, device_ids, strict=True)
    ]


def _device_history(
    device: DemoDevice, device_id: int, week: _Week, rng: random.Random
) -> DeviceHistory:
    first_seen = week.now - int(device.first_seen_days * DAY_S)
    history = DeviceHistory(
        first_seen, last_seen=week.now, last_status_change=first_seen, ip=device.ip
    )
    history.changes.append((first_seen, HistoryType.CREATED, (), (device.ip,)))
    begin = max(week.start, first_seen)
    absences = _absences(device, begin, week.now, rng)
    _add_absences(history, absences, week)
    if device.ip == IP_CHANGE[1]:
        history.ip = IP_CHANGE[2]
        history.changes.append(
            (week.change_at, HistoryType.IP_CHANGE, (IP_CHANGE[1],), (IP_CHANGE[2],))
        )
    history.changes.sort(key=lambda change: change[0])
    history.buckets = _buckets(device, device_id, begin, absences, week, rng)
    return history


def _add_absences(history: DeviceHistory, absences: list[tuple[int, int]], week: _Week) -> None:
    """Add DOWN (after the grace period) and UP changes for the absences."""
    grace = week.grace
    for away, back in absences:
        if back - away < grace:
            continue  # shorter than the grace period: never DOWN
        history.changes.append((away + grace, HistoryType.DOWN, (), ()))
        history.last_status_change = away + grace
        if back < week.now:
            history.changes.append((back, HistoryType.UP, (), ()))
            history.last_status_change = back
        else:
            history.status, history.last_seen = Status.DOWN, away


def _buckets(
    device: DemoDevice,
    device_id: int,
    begin: int,
    absences: list[tuple[int, int]],
    week: _Week,
    rng: random.Random,
) -> list[RtdBucket]:
    """Return the device's RTD buckets from `begin` on, none while it is away."""
    buckets: list[RtdBucket] = []
    absent = iter(absences)
    current = next(absent, None)
    first_bucket = begin - begin % BUCKET_S + BUCKET_S
    for ts in range(first_bucket, week.last_bucket + 1, BUCKET_S):
        while current is not None and current[1] <= ts:
            current = next(absent, None)
        if current is not None and current[0] < ts + BUCKET_S:
            continue  # away for some of the bucket: no RTD sample
        troubled = device.ip == TROUBLED_IP and week.episode[0] <= ts < week.episode[1]
        buckets.append(_bucket(device, device_id, ts, troubled, rng))
    return buckets
