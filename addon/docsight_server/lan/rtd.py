"""Round-trip delay per device as Domotz defines it.

Probe answers are aggregated into fixed buckets (one Domotz RTD history sample each: sent, lost,
min/median/max of the answered probes). The statistics of a device are the weekly baseline (the
averages of the bucket min, median and max over the last 7 days) and the latest bucket's median
with its sent and lost counts.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.lan_schema import lan_rtd_samples

BUCKET_S = 600
WEEK_S = 7 * 86400
RTD_COLUMNS = ("device_id", "ts", "sent", "lost", "min_ms", "median_ms", "max_ms", "is_demo")


@dataclass(frozen=True, slots=True)
class RtdBucket:
    """The aggregate of one device's probes in one bucket (ts = bucket start)."""

    device_id: int
    ts: int
    sent: int
    lost: int
    min_ms: float | None
    median_ms: float | None
    max_ms: float | None

    @property
    def loss_pct(self) -> float:
        """Return the lost share of the sent probes in percent."""
        return 100.0 * self.lost / self.sent if self.sent else 0.0

    def row(self, *, is_demo: bool = False) -> tuple[Any, ...]:
        """Return the lan_rtd_samples row in RTD_COLUMNS order."""
        return (
            self.device_id,
            self.ts,
            self.sent,
            self.lost,
            self.min_ms,
            self.median_ms,
            self.max_ms,
            is_demo,
        )


def aggregate(device_id: int, ts: int, latencies: Sequence[float | None]) -> RtdBucket:
    """Return the bucket of a list of probe results (None = no answer)."""
    answered = [value for value in latencies if value is not None]
    return RtdBucket(
        device_id=device_id,
        ts=ts,
        sent=len(latencies),
        lost=len(latencies) - len(answered),
        min_ms=min(answered) if answered else None,
        median_ms=statistics.median(answered) if answered else None,
        max_ms=max(answered) if answered else None,
    )


@dataclass(slots=True)
class _Open:
    start: int
    results: list[float | None] = field(default_factory=list)


class RtdAggregator:
    """Collects probe results per device and hands out each bucket once it is over."""

    def __init__(self, bucket_s: int = BUCKET_S) -> None:
        """Use buckets of `bucket_s` seconds aligned to the epoch."""
        self.bucket_s = bucket_s
        self._open: dict[int, _Open] = {}
        self._closed: list[RtdBucket] = []

    def add(self, device_id: int, ts: float, latency_ms: float | None) -> None:
        """Record one probe result (None = timeout)."""
        start = int(ts) // self.bucket_s * self.bucket_s
        current = self._open.get(device_id)
        if current is not None and current.start != start:
            self._closed.append(aggregate(device_id, current.start, current.results))
            current = None
        if current is None:
            current = self._open[device_id] = _Open(start)
        current.results.append(latency_ms)

    def close_due(self, now: float) -> list[RtdBucket]:
        """Return (and forget) every bucket that ended at or before `now`."""
        for device_id, current in list(self._open.items()):
            if current.start + self.bucket_s <= now:
                self._closed.append(aggregate(device_id, current.start, current.results))
                del self._open[device_id]
        closed, self._closed = self._closed, []
        return closed

    def flush(self) -> list[RtdBucket]:
        """Return (and forget) every bucket, the partly filled open ones too (at shutdown)."""
        for device_id, current in self._open.items():
            self._closed.append(aggregate(device_id, current.start, current.results))
        self._open.clear()
        closed, self._closed = self._closed, []
        return closed

    def forget(self, device_id: int) -> None:
        """Drop a device's open bucket."""
        self._open.pop(device_id, None)


@dataclass(frozen=True, slots=True)
class RtdStatistics:
    """Domotz DeviceRTDStatistics in numbers (milliseconds)."""

    device_id: int
    avg_min: float | None
    avg_median: float | None
    avg_max: float | None
    latest_median: float | None
    latest_sent_packet_count: int
    latest_lost_packet_count: int
    timestamp: int

    def as_json(self) -> dict[str, Any]:
        """Return the API shape (timestamp as epoch seconds; the API formats it)."""
        return {
            "device_id": self.device_id,
            "avg_min": _round(self.avg_min),
            "avg_median": _round(self.avg_median),
            "avg_max": _round(self.avg_max),
            "latest_median": _round(self.latest_median),
            "latest_sent_packet_count": self.latest_sent_packet_count,
            "latest_lost_packet_count": self.latest_lost_packet_count,
            "timestamp": self.timestamp,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.fmean(present) if present else None


def weekly_statistics(buckets: Sequence[RtdBucket], now: int) -> RtdStatistics | None:
    """Return one device's statistics from its buckets (those of the last 7 days count)."""
    recent = sorted((b for b in buckets if now - WEEK_S <= b.ts <= now), key=lambda b: b.ts)
    if not recent:
        return None
    latest = recent[-1]
    return RtdStatistics(
        device_id=latest.device_id,
        avg_min=_mean(b.min_ms for b in recent),
        avg_median=_mean(b.median_ms for b in recent),
        avg_max=_mean(b.max_ms for b in recent),
        latest_median=latest.median_ms,
        latest_sent_packet_count=latest.sent,
        latest_lost_packet_count=latest.lost,
        timestamp=latest.ts,
    )


@dataclass(frozen=True, slots=True)
class RtdIssue:
    """An RTD issue detected or resolved for a device."""

    device_id: int
    detected: bool
    bucket: RtdBucket
    latency_threshold_ms: float
    loss_threshold_pct: float


class RtdIssueTracker:
    """Raises an issue when a bucket's median or loss crosses a threshold, resolves it after.

    Buckets with no answer at all are skipped: that is the device being DOWN, not slow.
    """

    def __init__(self) -> None:
        """Start with no open issues."""
        self.open: set[int] = set()

    def evaluate(
        self, bucket: RtdBucket, latency_threshold_ms: float, loss_threshold_pct: float
    ) -> RtdIssue | None:
        """Return a detected/resolved issue when the bucket changes the device's state."""
        if bucket.sent == 0 or bucket.median_ms is None:
            return None
        bad = bucket.median_ms > latency_threshold_ms or bucket.loss_pct > loss_threshold_pct
        was_bad = bucket.device_id in self.open
        if bad == was_bad:
            return None
        if bad:
            self.open.add(bucket.device_id)
        else:
            self.open.discard(bucket.device_id)
        return RtdIssue(bucket.device_id, bad, bucket, latency_threshold_ms, loss_threshold_pct)

    def forget(self, device_id: int) -> None:
        """Drop a device's open issue (the device was deleted)."""
        self.open.discard(device_id)


def bucket_from_row(row: Any) -> RtdBucket:
    """Return the RtdBucket of a lan_rtd_samples row."""
    return RtdBucket(
        int(row.device_id),
        int(row.ts),
        int(row.sent),
        int(row.lost),
        row.min_ms,
        row.median_ms,
        row.max_ms,
    )


def _answered(bucket: RtdBucket) -> int:
    return bucket.sent - bucket.lost


def merge(stored: RtdBucket, new: RtdBucket) -> RtdBucket:
    """Return one bucket from two parts of the same bucket (a restart split it).

    Counts, min and max are exact; the median becomes the mean of both medians weighted by
    their answered probes, since the single answers are not kept.
    """
    medians = [(b.median_ms, _answered(b)) for b in (stored, new) if b.median_ms is not None]
    weight = sum(count for _median, count in medians)
    median = (
        sum(value * count for value, count in medians) / weight
        if weight
        else (medians[0][0] if medians else None)
    )
    minimums = [b.min_ms for b in (stored, new) if b.min_ms is not None]
    maximums = [b.max_ms for b in (stored, new) if b.max_ms is not None]
    return RtdBucket(
        stored.device_id,
        stored.ts,
        stored.sent + new.sent,
        stored.lost + new.lost,
        min(minimums) if minimums else None,
        median,
        max(maximums) if maximums else None,
    )


async def write_buckets(
    connection: AsyncConnection, buckets: Sequence[RtdBucket], *, is_demo: bool = False
) -> None:
    """Store buckets inside the caller's transaction, merging into rows already stored."""
    if not buckets:
        return
    table = lan_rtd_samples
    existing_rows = await connection.execute(
        select(table).where(
            table.c.device_id.in_(sorted({b.device_id for b in buckets})),
            table.c.ts.in_(sorted({b.ts for b in buckets})),
        )
    )
    existing = {(int(row.device_id), int(row.ts)): bucket_from_row(row) for row in existing_rows}
    fresh: list[RtdBucket] = []
    for bucket in buckets:
        stored = existing.get((bucket.device_id, bucket.ts))
        if stored is None:
            fresh.append(bucket)
            continue
        merged = existing[(bucket.device_id, bucket.ts)] = merge(stored, bucket)
        await connection.execute(
            update(table)
            .where(table.c.device_id == merged.device_id, table.c.ts == merged.ts)
            .values(
                sent=merged.sent,
                lost=merged.lost,
                min_ms=merged.min_ms,
                median_ms=merged.median_ms,
                max_ms=merged.max_ms,
            )
        )
    if fresh:
        await connection.execute(
            table.insert(),
            [dict(zip(RTD_COLUMNS, b.row(is_demo=is_demo), strict=True)) for b in fresh],
        )


async def read_statistics(connection: AsyncConnection, now: int) -> list[RtdStatistics]:
    """Return the statistics of every device with RTD samples in the last 7 days."""
    table = lan_rtd_samples
    since = now - WEEK_S
    in_week = (table.c.ts >= since) & (table.c.ts <= now)
    averages = await connection.execute(
        select(
            table.c.device_id,
            func.avg(table.c.min_ms).label("avg_min"),
            func.avg(table.c.median_ms).label("avg_median"),
            func.avg(table.c.max_ms).label("avg_max"),
            func.max(table.c.ts).label("latest_ts"),
        )
        .where(in_week)
        .group_by(table.c.device_id)
        .order_by(table.c.device_id)
    )
    found = list(averages)
    if not found:
        return []
    latest_rows = await connection.execute(
        # rows of other devices at the same times come along; the lookup below ignores them
        select(table).where(table.c.ts.in_(sorted({int(row.latest_ts) for row in found})))
    )
    latest = {(int(row.device_id), int(row.ts)): bucket_from_row(row) for row in latest_rows}
    result = []
    for row in found:
        bucket = latest[(int(row.device_id), int(row.latest_ts))]
        result.append(
            RtdStatistics(
                device_id=int(row.device_id),
                avg_min=None if row.avg_min is None else float(row.avg_min),
                avg_median=None if row.avg_median is None else float(row.avg_median),
                avg_max=None if row.avg_max is None else float(row.avg_max),
                latest_median=bucket.median_ms,
                latest_sent_packet_count=bucket.sent,
                latest_lost_packet_count=bucket.lost,
                timestamp=bucket.ts,
            )
        )
    return result


async def read_history(
    connection: AsyncConnection, device_id: int, start: int, end: int
) -> list[RtdBucket]:
    """Return one device's RTD buckets between start and end, oldest first."""
    rows = await connection.execute(
        select(lan_rtd_samples)
        .where(
            lan_rtd_samples.c.device_id == device_id,
            lan_rtd_samples.c.ts >= start,
            lan_rtd_samples.c.ts <= end,
        )
        .order_by(lan_rtd_samples.c.ts)
    )
    return [bucket_from_row(row) for row in rows]


async def delete_before(connection: AsyncConnection, cutoff: int) -> int:
    """Delete RTD buckets older than cutoff; return how many."""
    result = await connection.execute(delete(lan_rtd_samples).where(lan_rtd_samples.c.ts < cutoff))
    return max(result.rowcount, 0)
