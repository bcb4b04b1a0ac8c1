"""RTD statistics against a hand-computed week, bucket aggregation and issue events."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from docsight_server.lan.repository.rtd import read_history, read_statistics, write_buckets
from docsight_server.lan.rtd import (
    BUCKET_S,
    RtdAggregator,
    RtdBucket,
    RtdIssueTracker,
    aggregate,
    merge,
    weekly_statistics,
)
from docsight_server.lan.schema import lan_devices, lan_rtd_samples

from .support import START, Clock, ScriptedLan, lan_database, make_monitor, set_device

NOW = START
DAY = 86400
# The week of device 1 (latencies in ms, None = lost), with one bucket older than a week.
WEEK: list[tuple[int, list[float | None]]] = [
    (NOW - 8 * DAY, [100.0]),
    (NOW - 6 * DAY, [2.0, 4.0, 6.0]),
    (NOW - 3 * DAY, [1.0, None, 3.0, 10.0]),
    (NOW - 1 * DAY, [5.0, 5.0]),
    (NOW - 600, [None, 8.0, 2.0]),
]


def _week_buckets(device_id: int = 1) -> list[RtdBucket]:
    return [aggregate(device_id, ts, values) for ts, values in WEEK]


def test_aggregate_arithmetic() -> None:
    """A bucket has sent, lost and min/median/max of the answered probes."""
    bucket = aggregate(1, 600, [1.0, None, 3.0, 10.0])
    assert (bucket.sent, bucket.lost, bucket.min_ms, bucket.median_ms, bucket.max_ms) == (
        4,
        1,
        1.0,
        3.0,
        10.0,
    )
    assert bucket.loss_pct == 25.0
    assert aggregate(1, 0, [2.0, 8.0]).median_ms == 5.0
    silent = aggregate(1, 0, [None, None])
    assert (silent.min_ms, silent.median_ms, silent.max_ms, silent.loss_pct) == (
        None,
        None,
        None,
        100.0,
    )


def test_weekly_statistics_by_hand() -> None:
    """avg_* average the bucket min/median/max of the last 7 days; latest is the newest bucket."""
    stats = weekly_statistics(_week_buckets(), NOW)
    assert stats is not None
    # in the week: mins 2, 1, 5, 2; medians 4, 3, 5, 5; maxes 6, 10, 5, 8
    assert stats.avg_min == pytest.approx(10 / 4)
    assert stats.avg_median == pytest.approx(17 / 4)
    assert stats.avg_max == pytest.approx(29 / 4)
    assert stats.latest_median == 5.0
    assert (stats.latest_sent_packet_count, stats.latest_lost_packet_count) == (3, 1)
    assert stats.timestamp == NOW - 600
    assert stats.as_json()["avg_median"] == 4.25
    assert weekly_statistics(_week_buckets()[:1], NOW) is None


async def test_statistics_from_the_database_match(tmp_path: Path) -> None:
    """The SQL aggregation gives the same numbers, per device."""
    async with lan_database(tmp_path) as database:
        async with database.transaction() as connection:
            for mac in ("b8:27:eb:00:00:01", "b8:27:eb:00:00:02"):
                await connection.execute(
                    lan_devices.insert().values(
                        mac=mac, first_seen=NOW, last_seen=NOW, last_status_change=NOW
                    )
                )
            await write_buckets(connection, _week_buckets(1))
            await write_buckets(connection, [aggregate(2, NOW - 1200, [7.0, 9.0])])
        async with database.read() as connection:
            stats = await read_statistics(connection, NOW)
            history = await read_history(connection, 1, NOW - 7 * DAY, NOW)
        assert [s.device_id for s in stats] == [1, 2]
        assert stats[0] == weekly_statistics(_week_buckets(), NOW)
        assert (stats[1].avg_min, stats[1].avg_median, stats[1].avg_max) == (7.0, 8.0, 9.0)
        assert stats[1].latest_median == 8.0
        assert [b.ts for b in history] == [ts for ts, _ in WEEK[1:]]


def test_aggregator_closes_buckets_at_their_end() -> None:
    """Results gather per aligned bucket; a bucket is handed out once, after it ended."""
    aggregator = RtdAggregator(bucket_s=600)
    for offset, value in ((0, 1.0), (60, None), (599, 3.0)):
        aggregator.add(7, 6000 + offset, value)
    assert aggregator.close_due(6599) == []
    [bucket] = aggregator.close_due(6600)
    assert (bucket.device_id, bucket.ts, bucket.sent, bucket.lost, bucket.median_ms) == (
        7,
        6000,
        3,
        1,
        2.0,
    )
    assert aggregator.close_due(7000) == []
    aggregator.add(7, 6600, 4.0)
    aggregator.add(7, 7200, 5.0)  # a new bucket closes the previous one
    assert [b.ts for b in aggregator.close_due(7200)] == [6600]


def test_issue_tracker_detects_and_resolves() -> None:
    """An issue opens when median or loss crosses its threshold, and resolves once."""
    tracker = RtdIssueTracker()
    assert tracker.evaluate(aggregate(1, 0, [5.0, 6.0]), 50.0, 10.0) is None
    slow = tracker.evaluate(aggregate(1, 600, [80.0, 90.0]), 50.0, 10.0)
    assert slow is not None
    assert slow.detected
    assert tracker.evaluate(aggregate(1, 1200, [1.0, None, None]), 50.0, 10.0) is None  # lossy
    assert tracker.evaluate(aggregate(1, 1800, [None, None]), 50.0, 10.0) is None  # all lost
    resolved = tracker.evaluate(aggregate(1, 2400, [3.0, 4.0]), 50.0, 10.0)
    assert resolved is not None
    assert not resolved.detected
    lossy = tracker.evaluate(aggregate(2, 0, [1.0] * 8 + [None] * 2), 50.0, 10.0)
    assert lossy is not None
    assert lossy.detected


async def test_monitor_writes_buckets_and_raises_rtd_events(tmp_path: Path) -> None:
    """Slow answers of a VITAL device give a detected event, fast ones the resolution."""
    lan = ScriptedLan()
    clock = Clock(START - START % BUCKET_S)
    lan.put("192.168.1.10", "b8:27:eb:00:00:0a", latency=1.0)
    settings = {"lan_rtd_latency_warning_ms": 50.0, "lan_rtd_loss_warning_pct": 10.0}
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, settings)
        await monitor.run_round()
        await set_device(database, next(iter(monitor.inventory.devices)), importance="VITAL")
        found: list[str] = []
        for step in range(1, 31):  # 30 minutes of one probe a minute
            lan.answers["192.168.1.10"] = 80.0 + step if 10 <= step < 20 else 2.0
            clock.advance(60)
            found += [event["event_type"] for event in await monitor.run_round()]
        assert found == ["lan_rtd_issue_detected", "lan_rtd_issue_resolved"]
        async with database.read() as connection:
            rows = list(await connection.execute(select(lan_rtd_samples).order_by("ts")))
        assert [(row.sent, row.lost) for row in rows] == [(10, 0), (10, 0), (10, 0)]
        assert rows[0].min_ms == 1.0
        assert rows[0].max_ms == 2.0
        assert (rows[1].min_ms, rows[1].median_ms, rows[1].max_ms) == (90.0, 94.5, 99.0)


async def test_stop_keeps_the_open_bucket_and_a_restart_merges_into_it(tmp_path: Path) -> None:
    """stop() stores the partly filled bucket; the rest of that bucket later merges into it."""
    lan = ScriptedLan()
    clock = Clock(START - START % BUCKET_S)
    lan.put("192.168.1.10", "b8:27:eb:00:00:0a", latency=2.0)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock)
        for _ in range(4):  # 4 probes into the first bucket
            await monitor.run_round()
            clock.advance(60)
        await monitor.stop()
        async with database.read() as connection:
            [row] = list(await connection.execute(select(lan_rtd_samples)))
        assert (row.ts, row.sent, row.lost, row.median_ms) == (START - START % BUCKET_S, 4, 0, 2.0)

        restarted, _ = make_monitor(database, lan, clock)
        lan.answers["192.168.1.10"] = None  # lost probes after the restart
        for _ in range(7):  # the 6 remaining minutes of the bucket, then the next bucket
            await restarted.run_round()
            clock.advance(60)
        async with database.read() as connection:
            rows = list(await connection.execute(select(lan_rtd_samples).order_by("ts")))
        assert [(r.sent, r.lost, r.min_ms, r.median_ms, r.max_ms) for r in rows] == [
            (10, 6, 2.0, 2.0, 2.0)
        ]


def test_merge_weights_medians_by_answers() -> None:
    """Counts add up, min/max are exact, the median is weighted by answered probes."""
    first = aggregate(1, 0, [1.0, 2.0, 3.0, None])
    second = aggregate(1, 0, [10.0, None])
    merged = merge(first, second)
    assert (merged.sent, merged.lost, merged.min_ms, merged.max_ms) == (6, 2, 1.0, 10.0)
    assert merged.median_ms == pytest.approx((2.0 * 3 + 10.0 * 1) / 4)
    silent = merge(aggregate(1, 0, [None]), aggregate(1, 0, [None, None]))
    assert (silent.sent, silent.lost, silent.median_ms, silent.min_ms) == (3, 3, None, None)
