"""Rollup arithmetic: nearest-rank p95, bucket statistics, tier choice, blending, re-bucketing."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from docsight_server.connmon.rollup import (
    DAY,
    TIERS,
    BucketStats,
    OpenBucket,
    blend_segments,
    bucket_stats,
    choose_plan,
    loss_pct,
    merge,
    nearest_rank,
    p95_offset,
    raw_part,
    rebucket,
    rollup_all,
)


def naive_bucket(start: int, seconds: int, values: list[int | None]) -> dict[str, object]:
    """Compute a bucket the long way, independent of the module under test."""
    answered = sorted(value for value in values if value is not None)
    timeouts = len(values) - len(answered)
    return {
        "bucket_start": start,
        "sample_count": len(values),
        "timeouts": timeouts,
        "sum": sum(answered),
        "min": min(answered) if answered else None,
        "max": max(answered) if answered else None,
        "p95": answered[math.ceil(0.95 * len(answered)) - 1] if answered else None,
    }


def as_naive(stats: BucketStats) -> dict[str, object]:
    """Return the fields naive_bucket computes."""
    return {
        "bucket_start": stats.bucket_start,
        "sample_count": stats.sample_count,
        "timeouts": stats.timeouts,
        "sum": stats.latency_sum_us,
        "min": stats.min_us,
        "max": stats.max_us,
        "p95": stats.p95_us,
    }


def test_nearest_rank_p95() -> None:
    """p95 is the value at rank ceil(0.95 n) of the sorted values."""
    assert nearest_rank(list(range(1, 101))) == 95
    assert nearest_rank(list(range(1, 21))) == 19
    assert nearest_rank([5, 7, 9]) == 9
    assert nearest_rank([42]) == 42
    assert nearest_rank([]) is None
    assert [p95_offset(n) for n in (1, 2, 20, 21, 100)] == [0, 1, 18, 19, 94]


def test_timeouts_only_bucket_has_no_latency_and_full_loss() -> None:
    """A bucket of timeouts has no latency figures and 100 % loss."""
    stats = bucket_stats(600, 60, [None, None, None])
    assert stats.as_json() == {
        "timestamp": 600,
        "bucket_seconds": 60,
        "latency_ms": None,
        "avg_latency_ms": None,
        "min_latency_ms": None,
        "max_latency_ms": None,
        "p95_latency_ms": None,
        "packet_loss_pct": 100.0,
        "sample_count": 3,
    }


def test_bucket_json_converts_microseconds() -> None:
    """The API shape reports milliseconds with microsecond precision and loss with 2 decimals."""
    stats = bucket_stats(0, 300, [1000, 2500, None, 1501])
    shown = stats.as_json()
    assert shown["avg_latency_ms"] == round(5001 / 3 / 1000, 3)
    assert shown["min_latency_ms"] == 1.0
    assert shown["max_latency_ms"] == 2.5
    assert shown["p95_latency_ms"] == 2.5
    assert shown["packet_loss_pct"] == 25.0
    assert loss_pct(1, 3) == 33.33
    assert loss_pct(0, 0) is None


@pytest.mark.parametrize("seconds", list(TIERS.values()))
def test_rollup_all_matches_naive_arithmetic(seconds: int) -> None:
    """Random samples (with timeout-only stretches) bucket exactly like the naive computation."""
    rng = random.Random(seconds)
    samples: list[tuple[int, int | None]] = []
    ts_ms = 1_700_000_000_000
    for _ in range(5000):
        ts_ms += rng.randint(200, 4000)
        outage = (ts_ms // 600_000) % 7 == 3 or (ts_ms // 3_600_000) % 3 == 1
        samples.append((ts_ms, None if outage or rng.random() < 0.05 else rng.randint(1, 90_000)))
    rng.shuffle(samples)
    grouped: dict[int, list[int | None]] = {}
    for ts, value in samples:
        grouped.setdefault(ts // 1000 // seconds * seconds, []).append(value)
    expected = [naive_bucket(start, seconds, grouped[start]) for start in sorted(grouped)]
    assert [as_naive(stats) for stats in rollup_all(samples, seconds)] == expected
    assert any(entry["sample_count"] == entry["timeouts"] for entry in expected)


def test_open_bucket_equals_bucket_stats() -> None:
    """Accumulating one value at a time gives the same statistics as the batch computation."""
    values: list[int | None] = [3000, None, 1200, 99_000, None, 4500]
    state = OpenBucket(60, 60)
    for value in values:
        state.add(value)
    assert state.stats() == bucket_stats(60, 60, values)


@pytest.mark.parametrize(
    ("resolution", "span", "expected", "blended"),
    [
        ("auto", None, "raw", False),
        ("auto", 3600, "raw", False),
        ("auto", DAY, "raw", False),
        ("auto", 3 * DAY, "raw", True),
        ("auto", 20 * DAY, "1min", True),
        ("auto", 60 * DAY, "5min", True),
        ("auto", 200 * DAY, "1hr", False),
        ("raw", 200 * DAY, "raw", False),
        ("5min", 60, "5min", False),
    ],
)
def test_choose_plan(resolution: str, span: int | None, expected: str, blended: bool) -> None:
    """auto picks the tier by the span of the range; explicit tiers are kept as asked."""
    start = None if span is None else 1_000_000.0
    end = None if span is None else 1_000_000.0 + span
    plan = choose_plan(resolution, start, end)
    assert (plan.resolution, plan.blended) == (expected, blended)


def test_unknown_resolution_is_rejected() -> None:
    """A resolution outside auto|raw|1min|5min|1hr raises ValueError."""
    with pytest.raises(ValueError, match="resolution"):
        choose_plan("2min", None, None)


def test_blend_segments_cover_the_range_on_aligned_boundaries() -> None:
    """A 120-day range splits into 1hr, 5min, 1min and raw pieces on aligned, touching edges."""
    now = 1_800_000_123.0
    start, end = now - 120 * DAY, now
    pieces = blend_segments("raw", start, end, now)
    assert [piece[0] for piece in pieces] == ["1hr", "5min", "1min", "raw"]
    assert pieces[0][1] == start
    assert pieces[-1][2] == end
    for (_, _, upper), (_, lower, _) in itertools.pairwise(pieces):
        assert upper == lower
        assert lower is not None
    keep = {"raw": 7 * DAY, "1min": 30 * DAY, "5min": 90 * DAY}
    coarser = {"raw": 60, "1min": 300, "5min": 3600}
    for tier, lower, _ in pieces[1:]:
        assert lower is not None
        assert lower % coarser[tier] == 0
        assert now - keep[tier] <= lower < now - keep[tier] + coarser[tier]


def test_blend_segments_inside_one_tier() -> None:
    """A range the finest tier still holds is one piece; an old range skips to coarser tiers."""
    now = 1_800_000_000.0
    assert blend_segments("raw", now - 2 * DAY, now, now) == [("raw", now - 2 * DAY, now)]
    old = blend_segments("raw", now - 60 * DAY, now - 50 * DAY, now)
    assert [piece[0] for piece in old] == ["5min"]


def test_rebucket_limits_points_and_keeps_counts() -> None:
    """Re-bucketing keeps every sample counted and stays within max_points."""
    rng = random.Random(7)
    parts = [
        raw_part(
            1_700_000_000_000 + i * 1000, None if rng.random() < 0.1 else rng.randint(1, 50_000)
        )
        for i in range(3600)
    ]
    merged, width = rebucket(parts, 100)
    assert len(merged) <= 100
    assert width >= 36
    assert sum(bucket.sample_count for bucket in merged) == 3600
    assert sum(bucket.timeouts for bucket in merged) == sum(part.timeouts for part in parts)
    for bucket in merged:  # only raw samples merged: p95 is exact
        inside = [
            part.min_us
            for part in parts
            if bucket.bucket_start <= part.bucket_start < bucket.bucket_start + width
        ]
        expected = naive_bucket(bucket.bucket_start, width, inside)
        assert as_naive(bucket) == expected
    assert rebucket(parts, 5000) == (parts, 0)


def test_merge_of_buckets_takes_max_p95() -> None:
    """Merging aggregated buckets sums counts exactly and takes the largest p95."""
    first = bucket_stats(0, 60, [1000, 2000, 3000])
    second = bucket_stats(60, 60, [None, 500, 9000])
    combined = merge(0, 120, [first, second])
    assert combined.sample_count == 6
    assert combined.timeouts == 1
    assert combined.latency_sum_us == 15_500
    assert (combined.min_us, combined.max_us, combined.p95_us) == (500, 9000, 9000)
