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

BUCKET_S = 600
WEEK_S = 7 * 86400


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
