"""Statistics and raw samples read the fast way equal the arithmetic over the samples.

/stats counts in one pass and reads only the highest latencies for the maximum and the P95,
narrowed by the P95 of the last window of the same length; raw samples are encoded a column at
a time. Each test compares with the samples themselves, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import UTC
from typing import Any

import orjson

from docsight_server.connmon.repository import ConnMonStore, Sample
from docsight_server.connmon.repository.rows import RawRow, raw_json, to_us
from docsight_server.connmon.repository.sample_json import raw_array
from docsight_server.connmon.rollup import loss_pct, nearest_rank, to_ms
from docsight_server.storage.database import Database

from . import test_store as shared
from .test_read_paths import Statements
from .test_store import DAY, T0, Clock, new_target, random_samples

# The store tests' fixtures: an empty SQLite or PostgreSQL database, its store, the fake clock.
database_url = shared.database_url
database = shared.database
clock = shared.clock
store = shared.store


def test_raw_array_is_the_rows_encoded_one_by_one() -> None:
    """Column-wise encoding gives orjson's bytes for every kind of raw row."""
    rows: list[RawRow] = [
        (1_750_000_000_000, 0, 1),
        (1_750_000_000_001, None, 1),
        (1_750_000_000_010, 1, 2),
        (1_750_000_000_999, 999, 0),
        (1_750_000_001_000, 1000, 7),
        (1_750_000_001_500, 123_456_789, 2),
        (1_750_000_002_250, None, 2),
        (1_750_000_002_251, 2**31 - 1, 1),
    ]
    rng = random.Random(9)
    rows += [
        (T0 * 1000 + rng.randint(0, 10**9), rng.choice([None, rng.randint(0, 10**7)]), 1)
        for _ in range(2000)
    ]
    for part in (rows, rows[:1], rows[1:2], []):
        assert raw_array(part) == orjson.dumps([raw_json(*row) for row in part])


def stats_the_long_way(
    samples: list[Sample], targets: list[int], start: float | None, end: float | None
) -> dict[str, dict[str, Any]]:
    """Return /stats computed from the samples themselves (nearest-rank P95)."""
    low = None if start is None else round(start * 1000)
    high = None if end is None else round(end * 1000)
    found: dict[str, dict[str, Any]] = {}
    for target in targets:
        inside = [
            sample
            for sample in samples
            if sample.target_id == target
            and (low is None or round(sample.ts * 1000) >= low)
            and (high is None or round(sample.ts * 1000) <= high)
        ]
        answered = sorted(to_us(s.latency_ms) or 0 for s in inside if s.latency_ms is not None)
        count = len(inside)
        found[str(target)] = {
            "sample_count": count,
            "avg_latency_ms": to_ms(sum(answered) / len(answered)) if answered else None,
            "min_latency_ms": to_ms(answered[0]) if answered else None,
            "max_latency_ms": to_ms(answered[-1]) if answered else None,
            "packet_loss_pct": loss_pct(count - len(answered), count),
            "latency_count": len(answered),
            "p95_latency_ms": to_ms(nearest_rank(answered)),
        }
    return found


async def test_stats_equal_the_arithmetic_over_raw_samples(
    store: ConnMonStore, database: Database, clock: Clock
) -> None:
    """Counts, mean, extremes, loss and P95 over many ranges equal those of the samples."""
    targets = [await new_target(store, name) for name in ("a", "b", "silent", "lost")]
    samples = random_samples(targets[0], (T0 - DAY) * 1000, 1500, seed=21)
    samples += random_samples(targets[1], (T0 - DAY) * 1000, 700, seed=22, step=(50, 9000))
    samples += [Sample(targets[3], T0 - 500 + index, None, "tcp") for index in range(40)]
    await store.writer.add_samples(samples)
    stamps = sorted(sample.ts for sample in samples)
    rng = random.Random(23)
    ranges: list[tuple[float | None, float | None]] = [(None, None), (None, T0 - 7200.0)]
    ranges += [(stamps[10], None), (stamps[5], stamps[6]), (T0 + 10.0, T0 + 20.0)]
    for _ in range(15):
        start, end = sorted(rng.uniform(stamps[0] - 60, stamps[-1] + 60) for _ in range(2))
        ranges.append((round(start, 3), round(end, 3)))
    for start, end in ranges:
        fresh = ConnMonStore(database, clock=clock, zone=lambda: UTC)
        expected = stats_the_long_way(samples, targets, start, end)
        assert await fresh.stats.between(start, end) == expected, (start, end)
        assert await store.stats.between(start, end) == expected, (start, end)


async def test_p95_floor_from_another_window_is_checked(
    store: ConnMonStore, database: Database
) -> None:
    """The counting pass lists the latencies above the floor the last window of the same length
    left; where that floor lies above the new P95 the highest are read in a sorted pass, and the
    answer stays exact either way."""
    target = await new_target(store)
    slow = [Sample(target, T0 - 7200 + i * 10.0, 100.0 + i % 50, "icmp") for i in range(360)]
    fast = [Sample(target, T0 - 3600 + i * 10.0, 1.0 + i % 50 / 10, "icmp") for i in range(360)]
    await store.writer.add_samples(slow + fast)
    hours = [(T0 - 7200.0, T0 - 3601.0), (T0 - 3600.0, T0 - 1.0), (T0 - 7000.0, T0 - 3401.0)]
    sorted_passes: list[int] = []
    for start, end in hours:
        statements = Statements(database)
        try:
            found = await store.stats.between(start, end)
        finally:
            statements.close()
        assert found == stats_the_long_way(slow + fast, [target], start, end), (start, end)
        sorted_passes.append(len([sql for sql in statements.seen if "latency_us DESC" in sql]))
    # no floor yet; a floor from the slow hour, above the fast hour's P95; a low floor that holds
    assert sorted_passes == [1, 1, 0]
