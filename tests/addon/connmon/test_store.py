"""ConnMonStore on SQLite and PostgreSQL: targets, exact incremental rollups, reads, retention."""

from __future__ import annotations

import math
import random
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from docsight_server.connmon.repository import ConnMonStore, Sample
from docsight_server.connmon.schema import cm_rollups, cm_samples, cm_trace_hops
from docsight_server.connmon.trace import Hop, TraceResult
from docsight_server.features import FEATURES
from docsight_server.registries import build_registries
from docsight_server.storage import open_database
from docsight_server.storage.database import Database
from docsight_server.storage.demo_rows import purge_demo_rows

DAY = 86400
T0 = 1_750_000_000  # a fixed "now" for the tests (2025-06-15 15:06:40 UTC)
TIERS = (60, 300, 3600)


class Clock:
    """A settable clock for the store."""

    def __init__(self, now: float) -> None:
        """Start at `now`."""
        self.now = now

    def __call__(self) -> float:
        """Return the current fake time."""
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the URL of an empty database: a SQLite file, or the emptied PostgreSQL test DB."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'cm.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """Yield the migrated database."""
    db = await open_database(database_url)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
def clock() -> Clock:
    """Return a clock standing at T0."""
    return Clock(T0)


@pytest.fixture
def store(database: Database, clock: Clock) -> ConnMonStore:
    """Return a store on the test database, in UTC, with the fake clock."""
    return ConnMonStore(database, clock=clock, zone=lambda: UTC)


async def new_target(store: ConnMonStore, label: str = "gw", host: str = "127.0.0.1") -> int:
    """Create a target with the usual settings."""
    return await store.targets.add(
        label, host, poll_interval_ms=5000, probe_method="auto", tcp_port=443
    )


def random_samples(
    target_id: int, start_ms: int, count: int, seed: int, step: tuple[int, int] = (300, 3000)
) -> list[Sample]:
    """Return samples at random spacing with random latencies, timeouts and outage stretches."""
    rng = random.Random(seed)
    samples = []
    ts_ms = start_ms
    for _ in range(count):
        ts_ms += rng.randint(*step)
        outage = (ts_ms // 120_000) % 9 == 4  # whole 1-min buckets of timeouts
        latency = None if outage or rng.random() < 0.07 else rng.randint(100, 250_000) / 1000
        samples.append(Sample(target_id, ts_ms / 1000, latency, rng.choice(["icmp", "tcp"])))
    return samples


def expected_buckets(samples: list[Sample], seconds: int) -> list[dict[str, Any]]:
    """Compute the API rows of a tier the long way from the raw samples."""
    grouped: dict[int, list[int | None]] = {}
    for sample in samples:
        ts_ms = round(sample.ts * 1000)
        value = None if sample.latency_ms is None else round(sample.latency_ms * 1000)
        grouped.setdefault(ts_ms // 1000 // seconds * seconds, []).append(value)
    rows = []
    for start in sorted(grouped):
        values = grouped[start]
        answered = sorted(value for value in values if value is not None)
        avg = round(sum(answered) / len(answered) / 1000, 3) if answered else None
        rows.append(
            {
                "timestamp": start,
                "bucket_seconds": seconds,
                "latency_ms": avg,
                "avg_latency_ms": avg,
                "min_latency_ms": answered[0] / 1000 if answered else None,
                "max_latency_ms": answered[-1] / 1000 if answered else None,
                "p95_latency_ms": (
                    answered[math.ceil(0.95 * len(answered)) - 1] / 1000 if answered else None
                ),
                "packet_loss_pct": round(100 * (len(values) - len(answered)) / len(values), 2),
                "sample_count": len(values),
            }
        )
    return rows


async def stored_rollups(database: Database, target_id: int, seconds: int) -> list[tuple[Any, ...]]:
    """Return the written rollup rows of one tier."""
    async with database.read() as connection:
        rows = await connection.execute(
            select(cm_rollups)
            .where(cm_rollups.c.target_id == target_id, cm_rollups.c.bucket_seconds == seconds)
            .order_by(cm_rollups.c.bucket_start)
        )
        return [tuple(row) for row in rows]


async def tier_rows(store: ConnMonStore, target_id: int, seconds: int) -> list[dict[str, Any]]:
    """Return every bucket of a tier through samples()."""
    name = {60: "1min", 300: "5min", 3600: "1hr"}[seconds]
    envelope = await store.reader.samples(target_id, None, None, resolution=name, limit=0)
    return list(envelope["samples"])


def in_batches(samples: list[Sample], size: int) -> list[list[Sample]]:
    """Split samples into consecutive batches."""
    return [samples[index : index + size] for index in range(0, len(samples), size)]


# --- targets ------------------------------------------------------------------------------------


async def test_target_crud(store: ConnMonStore, clock: Clock) -> None:
    """Targets are created (enabled with a host), listed, updated partially and deleted."""
    first = await new_target(store, "Router", "192.0.2.1")
    second = await store.targets.add(
        "No host yet", "  ", poll_interval_ms=1000, probe_method="tcp", tcp_port=80, is_demo=True
    )
    listed = await store.targets.all()
    assert listed == [
        {
            "id": first,
            "label": "Router",
            "host": "192.0.2.1",
            "enabled": True,
            "poll_interval_ms": 5000,
            "probe_method": "auto",
            "tcp_port": 443,
            "is_demo": False,
            "created_at": T0,
        },
        {
            "id": second,
            "label": "No host yet",
            "host": "",
            "enabled": False,
            "poll_interval_ms": 1000,
            "probe_method": "tcp",
            "tcp_port": 80,
            "is_demo": True,
            "created_at": T0,
        },
    ]
    assert await store.targets.update(second, {"host": " 127.0.0.1 ", "bogus": 1}) is True
    changed = await store.targets.get(second)
    assert changed is not None
    assert (changed["host"], changed["enabled"]) == ("127.0.0.1", True)
    assert await store.targets.update(second, {"enabled": False, "label": "lo"}) is True
    changed = await store.targets.get(second)
    assert changed is not None
    assert (changed["label"], changed["enabled"]) == ("lo", False)
    assert await store.targets.update(9999, {"label": "x"}) is False
    assert await store.targets.update(9999, {}) is False
    assert await store.targets.update(first, {}) is True
    assert await store.targets.delete(first) is True
    assert await store.targets.delete(first) is False
    assert await store.targets.get(first) is None
    assert [target["id"] for target in await store.targets.all()] == [second]


async def test_delete_target_removes_its_data(store: ConnMonStore, database: Database) -> None:
    """Deleting a target removes its samples, rollups and traceroutes; others stay."""
    gone = await new_target(store, "gone")
    kept = await new_target(store, "kept")
    start = T0 * 1000 - 3_600_000
    await store.writer.add_samples(
        random_samples(gone, start, 300, 1) + random_samples(kept, start, 300, 2)
    )
    await store.writer.flush()
    trace = TraceResult(True, (Hop(1, "127.0.0.1", "localhost", 0.5, 3),))
    await store.traces.add(gone, T0, "manual", trace)
    assert await store.targets.delete(gone) is True
    async with database.read() as connection:
        owners = set(
            (await connection.execute(select(cm_samples.c.target_id).distinct())).scalars()
        )
        rollup_owners = set(
            (await connection.execute(select(cm_rollups.c.target_id).distinct())).scalars()
        )
        hops = (await connection.execute(select(func.count()).select_from(cm_trace_hops))).scalar()
    assert owners == {kept}
    assert rollup_owners == {kept}
    assert hops == 0
    assert await store.traces.for_target(gone, None, None, 0) == []


# --- rollups ------------------------------------------------------------------------------------


async def test_incremental_rollups_equal_arithmetic_over_raw(
    store: ConnMonStore, database: Database
) -> None:
    """Random samples written in batches give rollups equal to the arithmetic over raw samples."""
    first = await new_target(store, "a")
    second = await new_target(store, "b")
    start = T0 * 1000 - 4 * 3_600_000
    samples_a = random_samples(first, start, 2500, 11)
    samples_b = random_samples(second, start, 1500, 12, step=(1000, 9000))
    merged = sorted(samples_a + samples_b, key=lambda sample: sample.ts)
    for batch in in_batches(merged, 37):
        await store.writer.add_samples(batch)
    for seconds in TIERS:  # open buckets are served from memory before any flush
        assert await tier_rows(store, first, seconds) == expected_buckets(samples_a, seconds)
    await store.writer.flush()
    for seconds in TIERS:
        assert await tier_rows(store, first, seconds) == expected_buckets(samples_a, seconds)
        assert await tier_rows(store, second, seconds) == expected_buckets(samples_b, seconds)
        stored = await stored_rollups(database, first, seconds)
        assert len(stored) == len(expected_buckets(samples_a, seconds))
    rows = expected_buckets(samples_a, 60)
    assert any(row["sample_count"] > 0 and row["packet_loss_pct"] == 100.0 for row in rows)
    assert any(row["avg_latency_ms"] is None for row in rows)


async def test_late_sample_updates_its_closed_bucket(store: ConnMonStore) -> None:
    """A sample older than the open bucket lands in its already written bucket exactly."""
    target = await new_target(store)
    base = T0 - 3600
    samples = [Sample(target, base + offset, 10.0 + offset, "icmp") for offset in range(0, 600, 5)]
    await store.writer.add_samples(samples)
    late = [
        Sample(target, base + 62.5, None, "icmp"),
        Sample(target, base + 3.25, 999.5, "tcp"),
        Sample(target, base + 400.75, 0.5, "icmp"),
    ]
    await store.writer.add_samples(late[:1])
    await store.writer.add_samples(late[1:])
    await store.writer.flush()
    everything = samples + late
    for seconds in TIERS:
        assert await tier_rows(store, target, seconds) == expected_buckets(everything, seconds)


async def test_duplicates_and_unknown_targets_are_ignored(store: ConnMonStore) -> None:
    """A sample stored twice counts once; samples of unknown targets are dropped."""
    target = await new_target(store)
    sample = Sample(target, T0 - 100.0, 5.0, "icmp")
    await store.writer.add_samples([sample, sample, Sample(4242, T0 - 100.0, 1.0, "icmp")])
    await store.writer.add_samples([sample])
    envelope = await store.reader.samples(target, None, None, resolution="raw")
    assert len(envelope["samples"]) == 1
    assert (await store.reader.samples(4242, None, None, resolution="raw"))["samples"] == []
    assert [row["sample_count"] for row in await tier_rows(store, target, 60)] == [1]


async def test_restart_rebuilds_open_buckets_from_raw(
    database: Database, store: ConnMonStore, clock: Clock
) -> None:
    """A new store (a restart without flush) rebuilds unwritten buckets and continues exactly."""
    target = await new_target(store)
    start = T0 * 1000 - 2 * 3_600_000
    samples = random_samples(target, start, 1200, 5)
    before, after = samples[:700], samples[700:]
    for batch in in_batches(before, 50):
        await store.writer.add_samples(batch)
    restarted = ConnMonStore(database, clock=clock, zone=lambda: UTC)  # no flush: a crash
    for batch in in_batches(after[:200], 50):
        await restarted.writer.add_samples(batch)
    restarted.buckets.discard()  # forgetting again is just another rebuild from raw
    for batch in in_batches(after[200:], 50):
        await restarted.writer.add_samples(batch)
    await restarted.writer.flush()
    for seconds in TIERS:
        assert await tier_rows(restarted, target, seconds) == expected_buckets(samples, seconds)


async def test_flush_with_now_closes_ended_buckets(store: ConnMonStore, database: Database) -> None:
    """flush(now) writes open buckets and keeps in memory only those still running."""
    target = await new_target(store)
    await store.writer.add_samples([Sample(target, T0 - 30.0, 3.0, "icmp")])
    assert await store.writer.flush(T0) == 3
    assert len(await stored_rollups(database, target, 60)) == 1
    assert await store.writer.flush(T0 + 120) == 3  # the 1-min bucket ends before, the others not
    assert await store.writer.flush(T0 + 120) == 2
    late = [Sample(target, T0 - 20.0, None, "tcp"), Sample(target, T0 + 130.0, 1.0, "icmp")]
    await store.writer.add_samples(late)  # the first one belongs to the 1-min bucket closed above
    everything = [Sample(target, T0 - 30.0, 3.0, "icmp"), *late]
    for seconds in TIERS:
        assert await tier_rows(store, target, seconds) == expected_buckets(everything, seconds)


async def test_demo_history_matches_incremental_rollups(database: Database, clock: Clock) -> None:
    """add_demo_history writes the same rollups as the incremental path."""
    bulk = ConnMonStore(database, clock=clock, zone=lambda: UTC)
    incremental = ConnMonStore(database, clock=clock, zone=lambda: UTC)
    first = await new_target(bulk, "bulk")
    second = await new_target(bulk, "live")
    start = T0 * 1000 - 5 * 3_600_000
    samples_bulk = random_samples(first, start, 2000, 21)
    samples_live = [Sample(second, s.ts, s.latency_ms, s.method) for s in samples_bulk]
    async with database.transaction() as connection:
        inserted = await bulk.writer.add_demo_history(connection, samples_bulk)
    assert inserted > 2000
    await incremental.writer.add_samples(samples_live)
    await incremental.writer.flush()
    for seconds in TIERS:
        assert await tier_rows(bulk, first, seconds) == expected_buckets(samples_bulk, seconds)
        assert [row[1:] for row in await stored_rollups(database, first, seconds)] == [
            row[1:] for row in await stored_rollups(database, second, seconds)
        ]


async def test_demo_seed_of_three_targets_for_seven_days(database: Database, clock: Clock) -> None:
    """3 targets x 7 days x 10 s = 181,440 samples seed in one bulk pass (time is printed)."""
    store = ConnMonStore(database, clock=clock, zone=lambda: UTC)
    targets = [
        await store.targets.add(
            f"demo {n}",
            f"demo{n}.invalid",
            poll_interval_ms=10_000,
            probe_method="icmp",
            tcp_port=443,
            is_demo=True,
        )
        for n in range(3)
    ]
    rng = random.Random(3)
    first = T0 - 7 * DAY

    def generate() -> list[Sample]:
        return [
            Sample(target, float(ts), None if rng.random() < 0.01 else 8 + rng.random() * 4, "icmp")
            for target in targets
            for ts in range(first, T0, 10)
        ]

    started = time.perf_counter()
    samples = generate()
    async with database.transaction() as connection:
        inserted = await store.writer.add_demo_history(connection, samples)
    elapsed = time.perf_counter() - started
    print(f"\nseeded {len(samples)} samples + rollups ({inserted} rows) in {elapsed:.2f} s")
    assert len(samples) == 181_440
    # T0 is not on a bucket boundary, so each tier has one partial bucket more
    assert inserted == 181_440 + 3 * (7 * 1440 + 1 + 7 * 288 + 1 + 7 * 24 + 1)
    envelope = await store.reader.samples(targets[0], T0 - 7 * DAY, T0, limit=0)
    assert envelope["meta"] == {
        "resolution": "raw",
        "bucket_seconds": None,
        "blended": True,
        "mixed": False,
        "tiers_used": ["raw"],
    }
    assert len(envelope["samples"]) == 60_480
    async with database.transaction() as connection:
        removed = await purge_demo_rows(connection, build_registries(FEATURES))
    assert removed >= inserted
    async with database.read() as connection:
        left = (await connection.execute(select(func.count()).select_from(cm_samples))).scalar()
    assert left == 0


# --- reads --------------------------------------------------------------------------------------


async def test_raw_envelope_limit_and_resolution_errors(store: ConnMonStore) -> None:
    """Raw reads: oldest first, limit (0 = all), per-sample fields; unknown resolution errors."""
    target = await new_target(store)
    samples = [
        Sample(target, T0 - 100 + index * 0.5, None if index % 4 == 0 else 1.5, "tcp")
        for index in range(40)
    ]
    await store.writer.add_samples(samples)
    envelope = await store.reader.samples(target, T0 - 200, T0, limit=10)
    assert envelope["meta"] == {
        "resolution": "raw",
        "bucket_seconds": None,
        "blended": False,
        "mixed": False,
        "tiers_used": ["raw"],
    }
    assert len(envelope["samples"]) == 10
    assert envelope["samples"][0] == {
        "timestamp": T0 - 100.0,
        "bucket_seconds": None,
        "latency_ms": None,
        "min_latency_ms": None,
        "max_latency_ms": None,
        "p95_latency_ms": None,
        "packet_loss_pct": 100.0,
        "sample_count": 1,
        "timeout": 1,
        "probe_method": "tcp",
    }
    assert envelope["samples"][1]["latency_ms"] == 1.5
    assert len((await store.reader.samples(target, None, None, limit=0))["samples"]) == 40
    window = await store.reader.samples(target, T0 - 90, T0 - 85, resolution="raw", limit=0)
    assert [row["timestamp"] for row in window["samples"]] == [
        T0 - 90 + index * 0.5 for index in range(11)
    ]
    with pytest.raises(ValueError, match="resolution"):
        await store.reader.samples(target, None, None, resolution="10s")


async def test_auto_blends_tiers_by_age(store: ConnMonStore, clock: Clock) -> None:
    """auto reads pick the tier by span and stitch coarser tiers where finer ones were dropped."""
    target = await new_target(store)
    start = T0 - 40 * DAY
    samples = [
        Sample(target, float(ts), None if (ts // 120) % 3 == 0 else 20.0, "icmp")
        for ts in range(start, T0, 120)
    ]
    async with store.database.transaction() as connection:
        await store.writer.add_demo_history(connection, samples)
    await store.retention.apply(T0, 0)
    month = await store.reader.samples(target, T0 - 35 * DAY, T0, limit=0)
    assert month["meta"] == {
        "resolution": "5min",
        "bucket_seconds": 300,
        "blended": True,
        "mixed": False,
        "tiers_used": ["5min"],
    }
    three_weeks = await store.reader.samples(target, T0 - 20 * DAY, T0, limit=0)
    meta = three_weeks["meta"]
    assert (meta["resolution"], meta["blended"], meta["mixed"]) == ("1min", True, False)
    low, high = T0 - 7 * DAY - 1800, T0 - 3600  # a 7-day span reaching past the raw tier
    week = await store.reader.samples(target, low, high, limit=0)
    assert week["meta"]["resolution"] == "raw"
    assert week["meta"]["tiers_used"] == ["raw", "1min"]
    assert week["meta"]["mixed"] is True
    rows = week["samples"]
    stamps = [row["timestamp"] for row in rows]
    assert stamps == sorted(stamps)
    assert sum(row["sample_count"] for row in rows) == len(
        [s for s in samples if low // 60 * 60 <= s.ts <= high]
    )
    first_raw = min(row["timestamp"] for row in rows if row["bucket_seconds"] is None)
    boundary = max(row["timestamp"] for row in rows if row["bucket_seconds"] == 60) + 60
    assert boundary % 60 == 0
    assert T0 - 7 * DAY <= boundary < T0 - 7 * DAY + 60
    assert boundary <= first_raw < boundary + 120


async def test_max_points_rebuckets(store: ConnMonStore) -> None:
    """max_points merges rows so no more than that many come back, counting every sample."""
    target = await new_target(store)
    samples = random_samples(target, (T0 - 3600) * 1000, 1000, 8, step=(1000, 3000))
    await store.writer.add_samples(samples)
    envelope = await store.reader.samples(target, T0 - 7200, T0, max_points=50)
    assert len(envelope["samples"]) <= 50
    assert envelope["meta"]["bucket_seconds"] >= 30
    assert sum(row["sample_count"] for row in envelope["samples"]) == 1000
    assert envelope["meta"]["resolution"] == "raw"
    hourly = await store.reader.samples(target, T0 - 7200, T0, resolution="1min", max_points=500)
    assert hourly["meta"]["bucket_seconds"] == 60
    few = await store.reader.samples(target, T0 - 7200, T0, max_points=5000, limit=5)
    assert len(few["samples"]) == 5
    assert few["meta"]["bucket_seconds"] is None
    merged = await store.reader.samples(target, T0 - 7200, T0, max_points=20, limit=3)
    assert len(merged["samples"]) == 3


async def test_stats_and_window_stats(store: ConnMonStore) -> None:
    """Range statistics match the raw arithmetic; the window covers the last seconds only."""
    first = await new_target(store, "a")
    quiet = await new_target(store, "quiet")
    latencies = [None, 4.0, 1.0, 3.0, None, 2.0, 10.0, 7.5]
    await store.writer.add_samples(
        [
            Sample(first, T0 - 80 + index * 10, value, "icmp")
            for index, value in enumerate(latencies)
        ]
    )
    stats = await store.stats.between(T0 - 100, T0)
    assert stats[str(first)] == {
        "sample_count": 8,
        "latency_count": 6,
        "avg_latency_ms": round(27.5 / 6, 3),
        "min_latency_ms": 1.0,
        "max_latency_ms": 10.0,
        "packet_loss_pct": 25.0,
        "p95_latency_ms": 10.0,
    }
    assert stats[str(quiet)] == {
        "sample_count": 0,
        "latency_count": 0,
        "avg_latency_ms": None,
        "min_latency_ms": None,
        "max_latency_ms": None,
        "packet_loss_pct": None,
        "p95_latency_ms": None,
    }
    window = await store.stats.since(T0 - 30)  # the last three samples
    assert window[first] == {
        "sample_count": 3,
        "avg_latency_ms": round(19.5 / 3, 3),
        "min_latency_ms": 2.0,
        "max_latency_ms": 10.0,
        "packet_loss_pct": 0.0,
    }
    assert window[quiet]["sample_count"] == 0


async def test_outages_from_raw(store: ConnMonStore) -> None:
    """Outage runs come from the stored raw samples."""
    target = await new_target(store)
    pattern = "..xxxxxx...xx..xxxxx"
    await store.writer.add_samples(
        [
            Sample(target, T0 - 200 + index * 5, None if mark == "x" else 3.0, "icmp")
            for index, mark in enumerate(pattern)
        ]
    )
    found = await store.reader.outages(target, None, None, 5)
    assert found == [
        {"start": T0 - 190.0, "end": T0 - 160.0, "duration_seconds": 30.0, "timeout_count": 6},
        {"start": T0 - 125.0, "end": None, "duration_seconds": 20.0, "timeout_count": 5},
    ]
    assert await store.reader.outages(target, T0 - 130, None, 6) == []


async def test_export_text(store: ConnMonStore) -> None:
    """Raw and aggregated CSV, the raw ping log; an unknown resolution is a ValueError."""
    target = await new_target(store)
    await store.writer.add_samples(
        [Sample(target, T0 - 60.0, 2.0, "icmp"), Sample(target, T0 - 50.0, None, "tcp")]
    )
    raw = await store.reader.export_text(target, "raw", None, None, UTC)
    stamp = datetime.fromtimestamp(T0 - 60, UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert raw.splitlines()[:2] == [
        "datetime,latency_ms,timeout,probe_method",
        f"{stamp},2.0,0,icmp",
    ]
    assert raw.splitlines()[2].endswith(",,1,tcp")
    hourly = await store.reader.export_text(target, "1hr", None, None, UTC)
    lines = hourly.splitlines()
    assert lines[0].startswith("datetime,avg_latency_ms")
    assert lines[1].split(",")[1:] == ["2.0", "2.0", "2.0", "2.0", "50.0", "2"]
    with pytest.raises(ValueError, match="resolution"):
        await store.reader.export_text(target, "auto", None, None, UTC)
    log = await store.reader.export_text(target, "raw", None, None, UTC, pinglog_host="192.0.2.7")
    assert log.splitlines()[1].endswith("UTC 192.0.2.7 timeout - - tcp")
    with pytest.raises(ValueError, match="raw"):
        await store.reader.export_text(target, "1min", None, None, UTC, pinglog_host="192.0.2.7")


async def test_minute_series_over_enabled_targets(store: ConnMonStore) -> None:
    """Per-minute latency and loss over all enabled targets, weighted by answered probes."""
    first = await new_target(store, "a")
    second = await new_target(store, "b")
    disabled = await new_target(store, "off")
    await store.targets.update(disabled, {"enabled": False})
    minute = (T0 - 600) // 60 * 60
    await store.writer.add_samples(
        [
            Sample(first, minute + 1, 10.0, "icmp"),
            Sample(first, minute + 2, None, "icmp"),
            Sample(second, minute + 3, 20.0, "icmp"),
            Sample(second, minute + 4, 30.0, "icmp"),
            Sample(disabled, minute + 5, 500.0, "icmp"),
            Sample(first, minute + 61, 4.0, "icmp"),
        ]
    )
    series = await store.series.per_minute(minute, minute + 120)
    assert series == [
        {
            "bucket_start": minute,
            "avg_latency_ms": 20.0,
            "packet_loss_pct": 25.0,
            "sample_count": 4,
        },
        {
            "bucket_start": minute + 60,
            "avg_latency_ms": 4.0,
            "packet_loss_pct": 0.0,
            "sample_count": 1,
        },
    ]


# --- pinned days, traces, retention -------------------------------------------------------------


async def test_pinned_days(store: ConnMonStore) -> None:
    """Pinning is idempotent (False the second time), listed newest first, and can be undone."""
    assert await store.pins.pin(date(2025, 6, 1), "outage day") is True
    assert await store.pins.pin(date(2025, 6, 1), "again") is False
    assert await store.pins.pin(date(2025, 6, 3), "") is True
    days = await store.pins.all()
    assert [day["date"] for day in days] == ["2025-06-03", "2025-06-01"]
    assert days[1] == {
        "date": "2025-06-01",
        "label": "outage day",
        "created_at": T0,
        "utc_start": int(datetime(2025, 6, 1, tzinfo=UTC).timestamp()),
        "utc_end": int(datetime(2025, 6, 2, tzinfo=UTC).timestamp()),
    }
    assert await store.pins.unpin(date(2025, 6, 1)) is True
    assert await store.pins.unpin(date(2025, 6, 1)) is False


async def test_traces(store: ConnMonStore) -> None:
    """Traceroutes are stored with hops and listed newest first."""
    target = await new_target(store)
    route = TraceResult(
        True,
        (
            Hop(1, "192.0.2.1", "gw.example", 1.25, 3),
            Hop(2, None, None, None, 0),
            Hop(3, "127.0.0.1", None, 8.5, 2),
        ),
    )
    older = await store.traces.add(target, T0 - 600, "outage", route)
    newer = await store.traces.add(target, T0 - 60, "manual", TraceResult(False, ()), is_demo=True)
    listed = await store.traces.for_target(target, None, None, 100)
    assert [trace["trace_id"] for trace in listed] == [newer, older]
    assert listed[1] == {
        "id": older,
        "trace_id": older,
        "target_id": target,
        "timestamp": datetime.fromtimestamp(T0 - 600, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "trigger_reason": "outage",
        "reached_target": True,
        "hop_count": 3,
        "route_fingerprint": route.fingerprint,
    }
    assert [
        t["trace_id"] for t in await store.traces.for_target(target, T0 - 700, T0 - 100, 10)
    ] == [older]
    assert len(await store.traces.for_target(target, None, None, 1)) == 1
    found = await store.traces.get(older)
    assert found is not None
    assert found["hops"] == [
        {
            "hop_index": 1,
            "hop_ip": "192.0.2.1",
            "hop_host": "gw.example",
            "latency_ms": 1.25,
            "probes_responded": 3,
        },
        {
            "hop_index": 2,
            "hop_ip": None,
            "hop_host": None,
            "latency_ms": None,
            "probes_responded": 0,
        },
        {
            "hop_index": 3,
            "hop_ip": "127.0.0.1",
            "hop_host": None,
            "latency_ms": 8.5,
            "probes_responded": 2,
        },
    ]
    assert await store.traces.get(newer + 1000) is None


async def test_retention_tiers_and_pinned_days(store: ConnMonStore, database: Database) -> None:
    """Raw goes after 7 days, 1-min after 30, 5-min after 90; pinned days stay; 1 h stays."""
    target = await new_target(store)
    pinned = date.fromtimestamp(T0 - 10 * DAY)
    assert await store.pins.pin(pinned, "keep")
    pinned_start = int(datetime(pinned.year, pinned.month, pinned.day, tzinfo=UTC).timestamp())
    stamps = range(T0 - 100 * DAY, T0, 1800)
    await store.writer.add_samples([Sample(target, float(ts), 5.0, "icmp") for ts in stamps])
    await store.writer.flush()
    await store.traces.add(target, T0 - 50 * DAY, "outage", TraceResult(True, ()))
    await store.traces.add(target, pinned_start + 100, "outage", TraceResult(True, ()))
    removed = await store.retention.apply(T0, 0)
    assert removed > 0
    raw = (await store.reader.samples(target, None, None, resolution="raw", limit=0))["samples"]
    kept = [row["timestamp"] for row in raw]
    assert all(ts >= T0 - 7 * DAY or pinned_start <= ts < pinned_start + DAY for ts in kept)
    assert any(pinned_start <= ts < pinned_start + DAY for ts in kept)
    minute = await tier_rows(store, target, 60)
    assert min(row["timestamp"] for row in minute) >= T0 - 30 * DAY - 60
    five = await tier_rows(store, target, 300)
    assert min(row["timestamp"] for row in five) >= T0 - 90 * DAY - 300
    hourly = await tier_rows(store, target, 3600)
    assert min(row["timestamp"] for row in hourly) <= T0 - 99 * DAY
    assert len(await store.traces.for_target(target, None, None, 0)) == 2

    await store.retention.apply(T0, 20)  # everything older than 20 days, pinned day excepted
    hourly = await tier_rows(store, target, 3600)
    assert all(
        row["timestamp"] >= T0 - 20 * DAY - 3600
        or pinned_start - 3600 < row["timestamp"] < pinned_start + DAY
        for row in hourly
    )
    traces = await store.traces.for_target(target, None, None, 0)
    assert [trace["timestamp"] for trace in traces] == [
        datetime.fromtimestamp(pinned_start + 100, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ]


@pytest.mark.parametrize("seconds", [60, 120, 600, 7200])
async def test_series_equals_the_arithmetic_over_raw_samples(
    store: ConnMonStore, seconds: int
) -> None:
    """Coarse series summed in the database from 1-min, 5-min or 1-h rollups (open buckets
    included) equal the arithmetic over the raw samples of every bucket."""
    targets = [await new_target(store, "a"), await new_target(store, "b")]
    rng = random.Random(seconds)
    begin = (T0 - 4 * 3600) // 3600 * 3600
    samples = [
        Sample(
            target,
            begin + offset + index * 0.001,
            None if rng.random() < 0.1 else round(rng.uniform(1, 80), 3),
            "icmp",
        )
        for offset in range(0, 4 * 3600, 7)
        for index, target in enumerate(targets)
    ]
    await store.writer.add_samples(samples)
    series = await store.series.per_bucket(begin, begin + 4 * 3600, seconds)
    expected: dict[int, list[Sample]] = {}
    for sample in samples:
        expected.setdefault(int(sample.ts) // seconds * seconds, []).append(sample)
    assert [row["bucket_start"] for row in series] == sorted(expected)
    for row in series:
        bucket = expected[row["bucket_start"]]
        answered = [s.latency_ms for s in bucket if s.latency_ms is not None]
        assert row["sample_count"] == len(bucket)
        assert row["packet_loss_pct"] == pytest.approx(
            100 * (len(bucket) - len(answered)) / len(bucket), abs=0.01
        )
        assert row["avg_latency_ms"] == pytest.approx(sum(answered) / len(answered), abs=0.01)


async def test_series_answers_are_reused_until_the_next_write(store: ConnMonStore) -> None:
    """A repeated series question is answered from memory; any write makes it fresh again."""
    target = await new_target(store)
    minute = (T0 - 600) // 60 * 60
    await store.writer.add_samples([Sample(target, minute + 1, 10.0, "icmp")])
    first = await store.series.per_bucket(minute, minute + 120, 60)
    assert await store.series.per_bucket(minute, minute + 120, 60) is first
    await store.writer.add_samples([Sample(target, minute + 2, 30.0, "icmp")])
    fresh = await store.series.per_bucket(minute, minute + 120, 60)
    assert fresh is not first
    assert (fresh[0]["sample_count"], fresh[0]["avg_latency_ms"]) == (2, 20.0)


@pytest.mark.parametrize("limit", [0, 1, 7, 14, 15, 29, 30, 31])
async def test_raw_reads_in_pages_keep_order_and_limit(
    store: ConnMonStore, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """Raw samples read in keyset pages (7 rows each here) come back whole, in order, limited."""
    monkeypatch.setattr("docsight_server.connmon.repository.reads.RAW_READ_PART", 7)
    target = await new_target(store)
    stamps = [T0 - 300.0 + 10 * index for index in range(30)]
    await store.writer.add_samples(
        [Sample(target, ts, 1.0 + index, "icmp") for index, ts in enumerate(stamps)]
    )
    envelope = await store.reader.samples(target, None, None, resolution="raw", limit=limit)
    got = [sample["timestamp"] for sample in envelope["samples"]]
    assert got == stamps[: limit or None]
    bounded = await store.reader.samples(target, stamps[3], stamps[20], resolution="raw", limit=0)
    assert [sample["timestamp"] for sample in bounded["samples"]] == stamps[3:21]
