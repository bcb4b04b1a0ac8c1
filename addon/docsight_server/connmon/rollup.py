"""Pure rollup arithmetic: bucket statistics, nearest-rank p95, tier choice and re-bucketing.

Latencies are integer microseconds here; the store converts to milliseconds at the edges.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

DAY = 86400
#: Rollup tiers: name -> bucket seconds (each divides the next, so boundaries align).
TIERS: dict[str, int] = {"1min": 60, "5min": 300, "1hr": 3600}
TIER_SECONDS: tuple[int, ...] = tuple(TIERS.values())
TIER_NAMES: dict[int, str] = {seconds: name for name, seconds in TIERS.items()}
RESOLUTIONS = ("auto", "raw", *TIERS)
#: How long each tier is kept (None = forever); "raw" is the raw sample table.
KEEP_SECONDS: dict[str, int | None] = {"raw": 7 * DAY, "1min": 30 * DAY, "5min": 90 * DAY}
KEEP_SECONDS["1hr"] = None
#: Finest to coarsest, for stitching a blended series.
ORDER = ("raw", "1min", "5min", "1hr")
#: auto resolution: (largest span, tier, blended)
AUTO_STEPS: tuple[tuple[int, str, bool], ...] = (
    (DAY, "raw", False),
    (7 * DAY, "raw", True),
    (30 * DAY, "1min", True),
    (90 * DAY, "5min", True),
)


def nearest_rank(sorted_values: Sequence[int], percent: float = 95.0) -> int | None:
    """Return the nearest-rank percentile of ascending values (None when empty)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(len(sorted_values) * percent / 100))
    return sorted_values[rank - 1]


def p95_offset(count: int) -> int:
    """Return the zero-based index of the nearest-rank p95 among `count` sorted values."""
    return max(1, math.ceil(count * 95 / 100)) - 1


def bucket_of(ts_ms: int, seconds: int) -> int:
    """Return the epoch-second start of the bucket holding a millisecond timestamp."""
    return ts_ms // (seconds * 1000) * seconds


def to_ms(value_us: float | None) -> float | None:
    """Convert microseconds to milliseconds rounded to the microsecond (None stays None)."""
    return None if value_us is None else round(value_us / 1000, 3)


def loss_pct(timeouts: int, total: int) -> float | None:
    """Return timeouts / total in percent with 2 decimals (None without samples)."""
    return None if total <= 0 else round(100 * timeouts / total, 2)


@dataclass(frozen=True, slots=True)
class BucketStats:
    """The statistics of one bucket, exactly as computed from its raw samples."""

    bucket_start: int
    bucket_seconds: int
    sample_count: int
    timeouts: int
    latency_sum_us: int
    min_us: int | None
    max_us: int | None
    p95_us: int | None

    @property
    def answered(self) -> int:
        """Return how many probes were answered."""
        return self.sample_count - self.timeouts

    @property
    def avg_us(self) -> float | None:
        """Return the mean latency of answered probes in microseconds."""
        return self.latency_sum_us / self.answered if self.answered else None

    def as_row(self, target_id: int) -> tuple[Any, ...]:
        """Return the row for the rollup table (ROLLUP_COLUMNS order)."""
        return (
            target_id,
            self.bucket_seconds,
            self.bucket_start,
            self.sample_count,
            self.timeouts,
            self.latency_sum_us,
            self.min_us,
            self.max_us,
            self.p95_us,
        )

    def as_json(self) -> dict[str, Any]:
        """Return the API shape of an aggregated sample."""
        avg = to_ms(self.avg_us)
        return {
            "timestamp": self.bucket_start,
            "bucket_seconds": self.bucket_seconds,
            "latency_ms": avg,
            "avg_latency_ms": avg,
            "min_latency_ms": to_ms(self.min_us),
            "max_latency_ms": to_ms(self.max_us),
            "p95_latency_ms": to_ms(self.p95_us),
            "packet_loss_pct": loss_pct(self.timeouts, self.sample_count),
            "sample_count": self.sample_count,
        }


ROLLUP_COLUMNS = (
    "target_id",
    "bucket_seconds",
    "bucket_start",
    "sample_count",
    "timeouts",
    "latency_sum_us",
    "min_us",
    "max_us",
    "p95_us",
)


def bucket_stats(
    bucket_start: int, bucket_seconds: int, latencies_us: Iterable[int | None]
) -> BucketStats:
    """Compute a bucket's statistics from its raw latencies (None = timeout)."""
    values = list(latencies_us)
    answered = sorted(value for value in values if value is not None)
    return BucketStats(
        bucket_start=bucket_start,
        bucket_seconds=bucket_seconds,
        sample_count=len(values),
        timeouts=len(values) - len(answered),
        latency_sum_us=sum(answered),
        min_us=answered[0] if answered else None,
        max_us=answered[-1] if answered else None,
        p95_us=nearest_rank(answered),
    )


@dataclass(slots=True)
class OpenBucket:
    """A bucket still receiving samples (kept in memory until it closes)."""

    bucket_start: int
    bucket_seconds: int
    sample_count: int = 0
    timeouts: int = 0
    latencies: array[int] = field(default_factory=lambda: array("q"))

    def add(self, latency_us: int | None) -> None:
        """Count one probe result."""
        self.sample_count += 1
        if latency_us is None:
            self.timeouts += 1
        else:
            self.latencies.append(latency_us)

    def stats(self) -> BucketStats:
        """Return the bucket's statistics so far."""
        ordered = sorted(self.latencies)
        return BucketStats(
            bucket_start=self.bucket_start,
            bucket_seconds=self.bucket_seconds,
            sample_count=self.sample_count,
            timeouts=self.timeouts,
            latency_sum_us=sum(ordered),
            min_us=ordered[0] if ordered else None,
            max_us=ordered[-1] if ordered else None,
            p95_us=nearest_rank(ordered),
        )


def rollup_all(samples: Iterable[tuple[int, int | None]], seconds: int) -> list[BucketStats]:
    """Bucket (ts_ms, latency_us|None) pairs at one tier; returns buckets in time order."""
    buckets: dict[int, list[int | None]] = {}
    for ts_ms, latency in samples:
        start = ts_ms // (seconds * 1000) * seconds
        values = buckets.get(start)
        if values is None:
            buckets[start] = [latency]
        else:
            values.append(latency)
    return [bucket_stats(start, seconds, buckets[start]) for start in sorted(buckets)]


@dataclass(frozen=True, slots=True)
class Plan:
    """Which tier a samples request reads and whether coarser tiers fill older spans."""

    resolution: str
    blended: bool


def choose_plan(resolution: str, start: float | None, end: float | None) -> Plan:
    """Resolve a requested resolution (auto picks by span); ValueError for unknown names."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {', '.join(RESOLUTIONS)}")
    if resolution != "auto":
        return Plan(resolution, False)
    if start is None or end is None:
        return Plan("raw", False)
    span = end - start
    for limit, tier, blended in AUTO_STEPS:
        if span <= limit:
            return Plan(tier, blended)
    return Plan("1hr", False)


def blend_segments(
    finest: str, start: float | None, end: float | None, now: float
) -> list[tuple[str, float | None, float | None]]:
    """Split [start, end] into (tier, seg_start, seg_end) pieces, oldest first.

    A tier covers what it keeps (now - KEEP_SECONDS); the part of the range older than that comes
    from the next coarser tier. Each boundary is aligned up to the coarser bucket so no bucket is
    counted twice (seg_end is exclusive except for the newest piece).
    """
    pieces: list[tuple[str, float | None, float | None]] = []
    upper = end
    for index in range(ORDER.index(finest), len(ORDER)):
        tier = ORDER[index]
        keep = KEEP_SECONDS[tier]
        if keep is None or index == len(ORDER) - 1:
            pieces.append((tier, start, upper))
            break
        coarser = TIERS[ORDER[index + 1]]
        boundary = math.ceil((now - keep) / coarser) * coarser
        if start is not None and start >= now - keep:
            pieces.append((tier, start, upper))
            break
        if upper is None or upper >= boundary:
            pieces.append((tier, boundary, upper))
        upper = boundary if upper is None else min(upper, boundary)
    pieces.reverse()
    return [
        piece for piece in pieces if piece[1] is None or piece[2] is None or piece[1] <= piece[2]
    ]


def raw_part(ts_ms: int, latency_us: int | None) -> BucketStats:
    """Return one raw sample as a one-sample bucket (bucket_seconds 0), for re-bucketing."""
    return BucketStats(
        bucket_start=ts_ms // 1000,
        bucket_seconds=0,
        sample_count=1,
        timeouts=1 if latency_us is None else 0,
        latency_sum_us=latency_us or 0,
        min_us=latency_us,
        max_us=latency_us,
        p95_us=latency_us,
    )


def rebucket_width(parts: Sequence[BucketStats], max_points: int) -> int:
    """Return the narrowest bucket width (a multiple of the widest part) giving <= max_points."""
    base = max(1, *(part.bucket_seconds for part in parts))
    first = parts[0].bucket_start
    last = parts[-1].bucket_start
    width = max(base, math.ceil(max(last - first, 1) / max_points))
    width = math.ceil(width / base) * base
    while last // width - first // width + 1 > max_points:
        width += base
    return width


def rebucket(parts: Sequence[BucketStats], max_points: int) -> tuple[list[BucketStats], int]:
    """Merge consecutive parts (time order) into wider buckets so at most max_points remain.

    Returns the buckets and their width (0 when nothing had to change). Counts, sums, minima and
    maxima merge exactly; p95 is exact when only raw samples merge, else the max of the parts.
    """
    if max_points <= 0 or len(parts) <= max_points:
        return list(parts), 0
    width = rebucket_width(parts, max_points)
    groups: dict[int, list[BucketStats]] = {}
    for part in parts:
        groups.setdefault(part.bucket_start // width * width, []).append(part)
    return [merge(start, width, groups[start]) for start in sorted(groups)], width


def merge(start: int, width: int, parts: Sequence[BucketStats]) -> BucketStats:
    """Combine buckets into one (exact except p95 when a part holds more than one sample)."""
    lows = [part.min_us for part in parts if part.min_us is not None]
    highs = [part.max_us for part in parts if part.max_us is not None]
    if all(part.sample_count <= 1 for part in parts):
        p95 = nearest_rank(sorted(lows))
    else:
        p95s = [part.p95_us for part in parts if part.p95_us is not None]
        p95 = max(p95s) if p95s else None
    return BucketStats(
        bucket_start=start,
        bucket_seconds=width,
        sample_count=sum(part.sample_count for part in parts),
        timeouts=sum(part.timeouts for part in parts),
        latency_sum_us=sum(part.latency_sum_us for part in parts),
        min_us=min(lows) if lows else None,
        max_us=max(highs) if highs else None,
        p95_us=p95,
    )
