"""The period aggregation against hand-computed values, on snapshots stored through the store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docsight_server.analysis.period import unhealthy_ranges
from docsight_server.storage import period_reads
from docsight_server.storage.period_reads import aggregate_snapshot_period
from docsight_server.timeutil import iso_utc, parse_timestamp

from ..conftest import ServerFactory
from ..harness import RunningServer
from .lines import QUARTER, T0, ds, store, tables, us

EMPTY_WORST = {
    "ds_power_max": None,
    "ds_power_min": None,
    "us_power_max": None,
    "ds_snr_min": None,
    "ds_snr_warn_min": None,
    "ds_uncorrectable_max": None,
    "ds_correctable_max": None,
    "health_critical_count": 0,
    "health_marginal_count": 0,
    "health_tolerated_count": 0,
    "total_snapshots": 0,
}


async def store_three(server: RunningServer) -> None:
    """Store the hand-computed window: two critical snapshots, then one without counters."""
    # downstream channel 2 at -9.0 dBmV is below the 256QAM critical band (-8 .. 16)
    await store(
        server,
        T0,
        tables(
            [ds(1, 5.0, 38.0, errors=(10, 1)), ds(2, -9.0, 38.0, errors=(20, 2))], [us(1, 44.0)]
        ),
    )
    # SNR 28 dB is below the 256QAM critical minimum (29); 54 dBmV above the upstream 53
    await store(
        server,
        T0 + QUARTER,
        tables([ds(1, 7.0, 28.0, errors=(40, 5)), ds(2, 3.0, 38.0, errors=(60, 6))], [us(1, 54.0)]),
    )
    await store(
        server,
        T0 + 2 * QUARTER,
        tables([ds(1, 4.0, 38.0, errors=None), ds(2, 2.0, 36.0, errors=None)], [us(1, 45.0)]),
    )


def assert_three(result: dict[str, Any]) -> None:
    """Assert the aggregation of `store_three`, computed by hand."""
    assert result["snapshot_count"] == 3
    assert result["first_observed_at"] == iso_utc(T0)
    assert result["last_observed_at"] == iso_utc(T0 + 2 * QUARTER)
    assert result["health_distribution"] == {"critical": 2, "good": 1}
    assert result["worst"] == {
        "ds_power_max": 7.0,  # of the per-snapshot maxima 5, 7, 4
        "ds_power_min": -9.0,  # of the minima -9, 3, 2 the largest magnitude, negative
        "us_power_max": 54.0,
        "ds_snr_min": 28.0,
        "ds_snr_warn_min": 31.0,  # the 256QAM warning minimum of the channel that had 28 dB
        "ds_uncorrectable_max": 11,  # 5 + 6
        "ds_correctable_max": 100,  # 40 + 60
        "health_critical_count": 2,
        "health_marginal_count": 0,
        "health_tolerated_count": 0,
        "total_snapshots": 3,
    }
    # means of the per-snapshot averages: (-2 + 5 + 3) / 3, (38 + 33 + 37) / 3, (44 + 54 + 45) / 3
    assert result["averages"] == {"ds_power": 2.0, "ds_snr": 36.0, "us_power": 47.67}
    assert result["totals"] == {
        "ds_correctable_errors": 130,  # cumulative totals added up, not deltas: 30 + 100
        "ds_uncorrectable_errors": 14,  # 3 + 11
        "correctable_supported": True,
        "uncorrectable_supported": True,
        "errors_supported": True,
    }
    assert result["worst_channels"] == {"ds": [[1, 1], [2, 1]], "us": [[1, 1]]}
    assert result["diagnostic_notes"] == [
        note("us", 1, "36 MHz", "us_power_high", 54.0, 53.0),
        note("ds", 2, "130 MHz", "ds_power_low", -9.0, -8.0),
        note("ds", 1, "122 MHz", "snr_low", 28.0, 29.0),
    ]
    assert [row["uncorr_errors"] for row in result["samples"]] == [3, 11, None]
    assert result["samples"][1] == {
        "timestamp": iso_utc(T0 + QUARTER),
        "ds_power_avg": 5.0,
        "ds_snr_avg": 33.0,
        "us_power_avg": 54.0,
        "uncorr_errors": 11,
        "health": "critical",
    }
    assert result["metric_coverage"] == {
        "ds_power": 3,
        "ds_snr": 3,
        "us_power": 3,
        "ds_correctable_errors": 2,
        "ds_uncorrectable_errors": 2,
    }
    provenance = result["provenance"]
    assert provenance["threshold_profile"]["id"] == "docsight.thresholds_vfkd"
    first, last = provenance["snapshot_ids"]["first"], provenance["snapshot_ids"]["last"]
    assert isinstance(first, int)
    assert isinstance(last, int)
    assert last > first


def note(
    direction: str, channel_id: int, frequency: str, kind: str, value: float, limit: float
) -> dict[str, Any]:
    """Return the diagnostic note of one channel crossing a boundary once."""
    return {
        "direction": direction,
        "channel_id": channel_id,
        "frequency": frequency,
        "type": kind,
        "value": value,
        "limit": limit,
        "deviation": round(abs(value - limit), 2),
        "count": 1,
    }


async def test_an_empty_window_has_counts_of_zero_and_no_values(open_server: RunningServer) -> None:
    """Without snapshots every figure is None, every count 0 and every list empty."""
    result = await aggregate_snapshot_period(open_server.context, T0, T0 + 86400)
    assert result["snapshot_count"] == 0
    assert result["first_observed_at"] is None
    assert result["last_observed_at"] is None
    assert result["health_distribution"] == {}
    assert result["worst"] == EMPTY_WORST
    assert result["averages"] == {"ds_power": None, "ds_snr": None, "us_power": None}
    assert result["totals"] == {
        "ds_correctable_errors": None,
        "ds_uncorrectable_errors": None,
        "correctable_supported": False,
        "uncorrectable_supported": False,
        "errors_supported": False,
    }
    assert result["worst_channels"] == {"ds": [], "us": []}
    assert result["samples"] == []
    assert result["diagnostic_notes"] == []
    assert result["provenance"]["snapshot_ids"] == {"first": None, "last": None}
    assert result["provenance"]["window"] == {"start": iso_utc(T0), "end": iso_utc(T0 + 86400)}


async def test_hand_computed_window(open_server: RunningServer) -> None:
    """Worst values, averages, totals, unhealthy channels and notes match hand-made figures."""
    await store_three(open_server)
    assert_three(await aggregate_snapshot_period(open_server.context, T0, T0 + 2 * QUARTER))


async def test_the_window_bounds_are_inclusive(open_server: RunningServer) -> None:
    """A snapshot exactly at start or end counts; one second inside excludes it."""
    await store_three(open_server)
    context = open_server.context
    edges = await aggregate_snapshot_period(context, T0 + QUARTER, T0 + 2 * QUARTER)
    assert edges["snapshot_count"] == 2
    single = await aggregate_snapshot_period(context, T0 + 1, T0 + 2 * QUARTER - 1)
    assert single["snapshot_count"] == 1
    assert single["first_observed_at"] == single["last_observed_at"] == iso_utc(T0 + QUARTER)
    # one snapshot: its own figures are the worst values and the averages
    assert single["worst"]["ds_power_max"] == 7.0
    assert single["worst"]["ds_power_min"] == 3.0
    assert single["averages"] == {"ds_power": 5.0, "ds_snr": 33.0, "us_power": 54.0}
    assert single["totals"]["ds_uncorrectable_errors"] == 11
    assert single["worst_channels"] == {"ds": [[1, 1]], "us": [[1, 1]]}
    assert [n["type"] for n in single["diagnostic_notes"]] == ["us_power_high", "snr_low"]


async def test_counters_missing_everywhere_are_unsupported(open_server: RunningServer) -> None:
    """A window whose snapshots have no error counters reports totals None, supported false."""
    await store_three(open_server)
    result = await aggregate_snapshot_period(open_server.context, T0 + 2 * QUARTER, T0 + 86400)
    assert result["totals"] == {
        "ds_correctable_errors": None,
        "ds_uncorrectable_errors": None,
        "correctable_supported": False,
        "uncorrectable_supported": False,
        "errors_supported": False,
    }
    assert result["worst"]["ds_uncorrectable_max"] is None
    assert result["samples"][0]["uncorr_errors"] is None
    assert result["worst_channels"] == {"ds": [], "us": []}
    assert result["worst"]["ds_snr_warn_min"] == 31.0  # 36 dB on a 256QAM channel


async def test_snapshots_without_channels_are_not_measurements(open_server: RunningServer) -> None:
    """The analyzer's 0.0 for a direction without channels does not pull averages or worsts."""
    await store(open_server, T0, tables([], [us(1, 46.0)]))
    await store(open_server, T0 + QUARTER, tables([ds(1, -3.0, 35.0)], []))
    result = await aggregate_snapshot_period(open_server.context, T0, T0 + QUARTER)
    assert result["averages"] == {"ds_power": -3.0, "ds_snr": 35.0, "us_power": 46.0}
    assert result["worst"]["ds_power_max"] == -3.0
    assert result["worst"]["us_power_max"] == 46.0
    assert result["metric_coverage"]["ds_power"] == 1
    assert result["metric_coverage"]["us_power"] == 1
    assert [row["ds_power_avg"] for row in result["samples"]] == [None, -3.0]
    assert [row["us_power_avg"] for row in result["samples"]] == [46.0, None]


# downstream power per channel and snapshot: -9 is critical, -7 warning, -5 only tolerated
TIE_LINES = (
    {1: -9.0, 2: -9.0, 3: -7.0, 5: -7.0, 7: -9.0, 4: -5.0, 6: -9.0},
    {1: -7.0, 2: -9.0, 3: -9.0, 5: -9.0, 7: -9.0, 4: -9.0, 6: 3.0},
    {1: 3.0, 2: -9.0, 3: 3.0, 5: 3.0, 7: -9.0, 4: -5.0, 6: -5.0},
)


async def store_ties(server: RunningServer) -> None:
    """Store three snapshots whose unhealthy counts per channel are 2,3,2,1,2,1,3 (ids 1..7)."""
    for index, powers in enumerate(TIE_LINES):
        channels = [ds(channel_id, power, 38.0) for channel_id, power in powers.items()]
        await store(server, T0 + index * QUARTER, tables(channels, [us(1, 44.0)]))


async def test_worst_channels_rank_by_count_then_channel_id(open_server: RunningServer) -> None:
    """Top five by warning/critical samples; tolerated does not count; ties by lower id."""
    await store_ties(open_server)
    result = await aggregate_snapshot_period(open_server.context, T0, T0 + 2 * QUARTER)
    assert result["worst_channels"] == {
        "ds": [[2, 3], [7, 3], [1, 2], [3, 2], [5, 2]],
        "us": [],
    }
    lows = [n for n in result["diagnostic_notes"] if n["type"] == "ds_power_low"]
    # warnings make no notes: channel 1 was critical once and warning once
    assert {n["channel_id"]: n["count"] for n in lows} == {1: 1, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1, 7: 3}
    assert all(n["value"] == -9.0 and n["limit"] == -8.0 for n in lows)
    # equal deviations: the lower channel id first
    assert [n["channel_id"] for n in lows] == [1, 2, 3, 4, 5, 6, 7]


async def test_split_reads_give_the_same_answer(
    open_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading each unhealthy stretch on its own adds up to one read over the whole window."""
    await store_ties(open_server)
    await store(open_server, T0 + 5 * QUARTER, tables([ds(1, 3.0, 38.0)], [us(1, 44.0)]))
    await store(open_server, T0 + 6 * QUARTER, tables([ds(2, -9.0, 38.0)], [us(1, 55.0)]))
    context = open_server.context
    whole = await aggregate_snapshot_period(context, T0, T0 + 6 * QUARTER)
    monkeypatch.setattr(period_reads, "MIN_SKIPPED_SNAPSHOTS", 0)
    split = await aggregate_snapshot_period(context, T0, T0 + 6 * QUARTER)
    assert split == whole
    assert whole["worst_channels"]["ds"][0] == [2, 4]
    assert whole["worst_channels"]["us"] == [[1, 1]]


def test_unhealthy_ranges_split_at_the_longest_healthy_runs() -> None:
    """Stretches cover every marginal/critical snapshot and split where the gaps are widest."""
    ts = list(range(100, 100 + 12))
    health = ["good", "marginal", "good", "good", "good", "critical", "critical"]
    health += ["good", "tolerated", "good", "good", "marginal"]
    assert unhealthy_ranges(ts, ["good"] * 12, 8, 0) == []
    assert unhealthy_ranges(ts, health, 8, 0) == [(101, 101), (105, 106), (111, 111)]
    assert unhealthy_ranges(ts, health, 2, 0) == [(101, 106), (111, 111)]
    assert unhealthy_ranges(ts, health, 1, 0) == [(101, 111)]
    # runs of up to min_gap healthier snapshots are read through
    assert unhealthy_ranges(ts, health, 8, 4) == [(101, 111)]
    assert unhealthy_ranges(ts, health, 8, 3) == [(101, 106), (111, 111)]


async def test_the_demo_month_agrees_with_the_trend_rows(demo_server: RunningServer) -> None:
    """On the 270-day demo the figures equal what the trend rows of the same window give."""
    _, rows, _ = await demo_server.request("GET", "/api/trends?range=30d")
    start, end = parse_timestamp(rows[0]["timestamp"]), parse_timestamp(rows[-1]["timestamp"])
    result = await aggregate_snapshot_period(demo_server.context, start, end)
    assert result["snapshot_count"] == len(rows) == len(result["samples"])
    assert result["health_distribution"] == dict(Counter(row["health"] for row in rows))
    measured = [row for row in rows if row["ds_total"]]
    mean = sum(row["ds_power_avg"] for row in measured) / len(measured)
    assert result["averages"]["ds_power"] == round(mean, 2)
    assert result["worst"]["us_power_max"] == max(row["us_power_max"] for row in rows)
    assert result["worst"]["ds_snr_min"] == min(row["ds_snr_min"] for row in measured)
    assert result["worst"]["ds_snr_warn_min"] is not None
    unhealthy = sum(1 for row in rows if row["health"] in ("marginal", "critical"))
    assert (unhealthy > 0) == bool(result["worst_channels"]["ds"] or result["worst_channels"]["us"])
    for item in result["diagnostic_notes"]:
        beyond = item["value"] - item["limit"]
        assert beyond > 0 if item["type"].endswith("_high") else beyond < 0
        assert item["count"] > 0


async def test_postgresql_gives_the_same_figures(
    server_factory: ServerFactory, postgres_url: str, tmp_path: Path
) -> None:
    """The grouped channel query and the key lookups work on PostgreSQL too."""
    async with server_factory({"DATABASE_URL": postgres_url}, data_dir=tmp_path / "pg") as server:
        assert server.context.database.dialect == "postgresql"
        await store_three(server)
        assert_three(await aggregate_snapshot_period(server.context, T0, T0 + 2 * QUARTER))
