"""Demo mode: 270 days of seeded history, its events, live polls and leaving demo mode."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from docsight_server.analysis.analyzer import analyze_records
from docsight_server.demo.episodes import EPISODE_BLOCK_DAYS, SEVERE_EVERY, badness, episode_at
from docsight_server.demo.line import DemoLine
from docsight_server.demo.seeders import HISTORY_DAYS, STEP_SECONDS, DemoPlan
from docsight_server.demo.signal_history import (
    IP_CHANGE_DAYS_AGO,
    REBOOT_DAYS_AGO,
    SW_UPDATE_DAYS_AGO,
    split,
)
from docsight_server.storage.event_repo import EventFilter
from docsight_server.storage.schema import channel_samples, channel_series, events, snapshots
from docsight_server.storage.signal_repo import SCALAR_NAMES

from .conftest import ServerFactory
from .harness import RunningServer, wait_for_snapshot

DAY = 86400
HEALTH = SCALAR_NAMES.index("health") + 1  # position in summary rows (ts first)


async def _count(server: RunningServer, table: object) -> int:
    async with server.context.database.read() as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar())


async def test_history_spans_270_days_of_15_minute_snapshots(demo_server: RunningServer) -> None:
    """About 25,900 snapshots, 15 minutes apart, ending at the live poll."""
    stamps = await demo_server.context.signal.timestamps()
    history = [ts for ts in stamps if ts % STEP_SECONDS == 0]
    assert 25_900 <= len(history) <= HISTORY_DAYS * 96
    oldest, newest = min(history), max(history)
    assert HISTORY_DAYS * DAY - 2 * STEP_SECONDS <= newest - oldest <= HISTORY_DAYS * DAY
    gaps = Counter(b - a for a, b in itertools.pairwise(sorted(history)))
    assert set(gaps) == {STEP_SECONDS}


async def test_every_snapshot_has_the_full_channel_plan(demo_server: RunningServer) -> None:
    """24 DS SC-QAM + 2 OFDM and 4 US SC-QAM + 1 OFDMA in every snapshot."""
    snapshot_count = await _count(demo_server, snapshots)
    assert await _count(demo_server, channel_samples) == snapshot_count * 31
    latest = await demo_server.context.signal.latest()
    assert latest is not None
    families = Counter(
        (channel["docsis_version"], channel["channel_family"]) for channel in latest["ds_channels"]
    )
    assert families == {("3.0", "sc_qam"): 24, ("3.1", "ofdm"): 2}
    families = Counter(
        (channel["docsis_version"], channel["channel_family"]) for channel in latest["us_channels"]
    )
    assert families == {("3.0", "sc_qam"): 4, ("3.1", "ofdma"): 1}


async def test_episodes_show_in_health_and_the_rest_is_good(demo_server: RunningServer) -> None:
    """One bad evening per block of days: severe ones critical, mild ones not good."""
    store = demo_server.context.signal
    stamps = sorted(await store.timestamps())
    rows = await store.summary_rows(stamps[0], stamps[-1])
    full = [(row, episode_at(row[0])) for row in rows if badness(row[0]) == 1.0]
    quiet = [row for row in rows if badness(row[0]) == 0]
    episodes = {episode for _, episode in full}
    assert abs(len(episodes) - HISTORY_DAYS / EPISODE_BLOCK_DAYS) <= 1.5
    severe = {episode for episode in episodes if episode is not None and episode.severe}
    assert abs(len(severe) - len(episodes) / SEVERE_EVERY) <= 1
    for row, episode in full:
        assert episode is not None
        assert row[HEALTH] == ("critical" if episode.severe else "marginal"), row[0]
    assert sum(row[HEALTH] == "good" for row in quiet) / len(quiet) > 0.99


async def test_stored_summaries_match_a_full_reanalysis(demo_server: RunningServer) -> None:
    """The seeding fast path stores what the analyzer computes from the same channels."""
    store = demo_server.context.signal
    stamps = sorted(await store.timestamps())
    bad = [ts for ts in stamps if badness(ts) > 0.9][:3]
    for ts in [stamps[0], stamps[len(stamps) // 2], *bad]:
        snapshot = await store.at(ts)
        assert snapshot is not None
        fresh = analyze_records(
            [dict(channel) for channel in snapshot["ds_channels"]],
            [dict(channel) for channel in snapshot["us_channels"]],
        )["summary"]
        for name in SCALAR_NAMES:
            assert snapshot["summary"][name] == fresh[name], (ts, name)
        assert snapshot["summary"]["health_issues"] == fresh["health_issues"]


async def test_scripted_device_events_and_detected_events(demo_server: RunningServer) -> None:
    """Software update, reboot and IP change at their days; signal events in the episodes."""
    listed = await demo_server.context.events.list(EventFilter(), limit=None)
    by_type = Counter(event["event_type"] for event in listed)
    for event_type in ("device_sw_update", "device_reboot", "device_ip_change"):
        assert by_type[event_type] == 1, by_type
    episodes = HISTORY_DAYS // EPISODE_BLOCK_DAYS
    severe = episodes // SEVERE_EVERY
    # every episode: worse health and SNR, then recovery in steps
    assert by_type["health_change"] >= 3 * episodes, by_type
    assert by_type["snr_change"] >= episodes, by_type
    # severe episodes only: lower modulations (and back) and one burst of uncorrectables
    assert by_type["modulation_change"] >= 3 * severe, by_type
    assert severe <= by_type["error_spike"] <= severe + 2, by_type
    assert by_type["monitoring_started"] == 1
    newest = max(await demo_server.context.signal.timestamps())
    expected = {
        "device_sw_update": SW_UPDATE_DAYS_AGO,
        "device_reboot": REBOOT_DAYS_AGO,
        "device_ip_change": IP_CHANGE_DAYS_AGO,
    }
    for event in listed:
        if event["event_type"] in expected:
            age = (newest - _epoch(event["timestamp"])) / DAY
            assert abs(age - expected[event["event_type"]]) < 1.1, event


async def test_event_rate_is_plausible_for_a_good_line(demo_server: RunningServer) -> None:
    """About 100-200 events in 270 days (upstream's demo has 134), mostly info.

    Every signal warning or critical falls in one of the line's bad episodes; the others come
    from the connection monitor's and the LAN's scripted weeks, or the modem's reboot.
    """
    listed = await demo_server.context.events.list(EventFilter(), limit=None)
    severity = Counter(event["severity"] for event in listed)
    assert 100 <= len(listed) <= 200, severity
    assert severity["info"] > severity["warning"] + severity["critical"], severity
    assert severity["critical"] <= 25, severity
    weekly = ("cm_", "lan_")
    for event in listed:
        if event["severity"] == "info" or event["event_type"].startswith(weekly):
            continue
        if event["event_type"] == "device_reboot":
            continue
        ts = _epoch(event["timestamp"])
        assert episode_at(ts) is not None, event


async def test_counters_restart_at_the_reboot(demo_server: RunningServer) -> None:
    """Correctable totals grow, drop to near zero at the reboot, and grow again."""
    store = demo_server.context.signal
    stamps = sorted(await store.timestamps())
    rows = await store.counter_rows(stamps[0], stamps[-1])
    drops = [(before, after) for before, after in itertools.pairwise(rows) if after[1] < before[1]]
    assert len(drops) == 1
    assert abs((stamps[-1] - drops[0][1][0]) / DAY - REBOOT_DAYS_AGO) < 1.1


async def test_live_polls_continue_the_history(demo_server: RunningServer) -> None:
    """A live poll adds one snapshot whose counters continue from the seeded ones."""
    store = demo_server.context.signal
    before = await store.count()
    status, body, _ = await demo_server.request("POST", "/api/poll")
    assert status == 200
    assert await store.count() == before + 1
    latest = await store.latest()
    assert latest is not None
    assert (
        latest["summary"]["ds_correctable_errors"]
        == body["analysis"]["summary"]["ds_correctable_errors"]
    )
    history = await store.counter_rows(latest["ts"] - 2 * STEP_SECONDS, latest["ts"] - 1)
    assert history
    assert latest["summary"]["ds_correctable_errors"] >= history[-1][1]


async def test_env_forced_demo_cannot_be_left(demo_server: RunningServer) -> None:
    """DEMO_MODE from the environment keeps the demo (409) and its rows."""
    before = await _count(demo_server, snapshots)
    status, body, _ = await demo_server.request("POST", "/api/demo/migrate", json={})
    assert (status, body["error"]) == (409, "demo_mode_forced")
    assert await _count(demo_server, snapshots) == before


async def test_migrate_purges_every_demo_row(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """Leaving demo mode removes snapshots, samples, series and events, and stops the demo."""
    data_dir = tmp_path / "copy"
    shutil.copytree(seeded_demo_dir, data_dir)
    async with server_factory(data_dir=data_dir) as server:
        status, _, _ = await server.request("POST", "/api/demo/start", json={})
        assert status == 200
        await wait_for_snapshot(server.context)
        seeded = await _count(server, snapshots)
        assert seeded > 25_900  # the copied history was reused, not seeded again
        _, listed, _ = await server.request("GET", "/api/snapshots")
        assert len(listed) == seeded
        status, body, _ = await server.request("POST", "/api/demo/migrate", json={})
        assert status == 200
        assert body["purged"] > seeded * 32
        for table in (snapshots, channel_samples, channel_series, events):
            assert await _count(server, table) == 0, table.name
        assert server.context.scheduler.collectors == []
        status, body, _ = await server.request("GET", "/api/snapshots")
        assert (status, body) == (200, [])


def test_history_chunks_cover_the_span_without_overlap() -> None:
    """Worker chunks are step-aligned, contiguous and cover every reading."""
    plan = DemoPlan(1_800_000_123, DemoLine(0))
    parts = split(plan, 3)
    assert parts[0][0] == plan.start
    assert parts[-1][1] == plan.now
    for (_, end), (start, _) in itertools.pairwise(parts):
        assert end == start
        assert start % plan.step == 0
    total = sum(len(range(start, end, plan.step)) for start, end in parts)
    assert total == len(range(plan.start, plan.now, plan.step))


def _epoch(text: str) -> int:
    from docsight_server.timeutil import parse_timestamp

    return parse_timestamp(text)
