"""Demo mode: three connection-monitor targets with 7 days of samples, outages and traces."""

from __future__ import annotations

import random
import shutil
import time
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from docsight_server.connmon.demo import DAYS, DEMO_TARGETS, OUTAGES, STEP_S, build_history
from docsight_server.connmon.demo_feed import BACKFILL_LIMIT_S, DemoFeed, demo_samples
from docsight_server.connmon.events import RECOVERED, UNREACHABLE
from docsight_server.connmon.keys import CONNECTION_MONITOR, DEMO_FEED
from docsight_server.context import ServerContext

from ..conftest import ServerFactory
from ..harness import RunningServer

pytestmark = pytest.mark.usefixtures("socket_enabled")

BASE = "/api/connection-monitor"
WEEK_OF_SAMPLES = DAYS * 86400 // STEP_S


async def test_demo_targets_samples_and_outages(demo_server: RunningServer) -> None:
    """Three demo targets, a week of 10-second samples each, outages with traces and events."""
    feed = demo_server.context.services[DEMO_FEED]
    assert feed is not None
    assert feed.running
    await feed.tick()  # whatever the feed's own first tick has not written yet
    _, targets, _ = await demo_server.request("GET", f"{BASE}/targets")
    assert [target["label"] for target in targets] == [target.label for target in DEMO_TARGETS]
    assert all(target["is_demo"] and target["enabled"] for target in targets)
    start = time.time() - DAYS * 86400 - 3600
    line_outages = sum(1 for outage in OUTAGES if outage[2] == "line")
    for target, spec in zip(targets, DEMO_TARGETS, strict=True):
        _, envelope, _ = await demo_server.request(
            "GET", f"{BASE}/samples/{target['id']}?resolution=raw&limit=0&start={start:.0f}"
        )
        samples = envelope["samples"]
        # the seeded week, then the live feed since seeding on the same grid
        assert len(samples) >= WEEK_OF_SAMPLES - 1
        gaps = {b["timestamp"] - a["timestamp"] for a, b in pairwise(samples)}
        assert gaps == {STEP_S}
        assert samples[-1]["timestamp"] > time.time() - 2 * STEP_S
        _, outages, _ = await demo_server.request("GET", f"{BASE}/outages/{target['id']}")
        expected = len(OUTAGES) if spec.internet else len(OUTAGES) - line_outages
        assert len(outages) == expected
        assert all(outage["end"] is not None for outage in outages)
        _, traces, _ = await demo_server.request("GET", f"{BASE}/traces/{target['id']}?limit=1000")
        reasons = [trace["trigger_reason"] for trace in traces]
        assert reasons.count("outage") == expected
        outage_trace = next(trace for trace in traces if trace["trigger_reason"] == "outage")
        _, stored, _ = await demo_server.request("GET", f"{BASE}/trace/{outage_trace['id']}")
        assert stored["reached_target"] is False
        assert len(stored["hops"]) == stored["hop_count"]
    _, stats, _ = await demo_server.request("GET", f"{BASE}/stats?start={start:.0f}")
    router, cloudflare, _google = (stats[str(target["id"])] for target in targets)
    assert router["avg_latency_ms"] < cloudflare["avg_latency_ms"]
    assert 0 < cloudflare["packet_loss_pct"] < 5
    _, body, _ = await demo_server.request("GET", "/api/events?event_prefix=cm_&limit=1000")
    kinds = [event["event_type"] for event in body["events"]]
    total = 2 * len(OUTAGES) + (len(OUTAGES) - line_outages)
    assert kinds.count(UNREACHABLE) == kinds.count(RECOVERED) == total
    _, summary, _ = await demo_server.request("GET", f"{BASE}/summary")
    assert set(summary) == {str(target["id"]) for target in targets}
    assert all(entry["sample_count"] >= 5 for entry in summary.values())
    assert summary[str(targets[0]["id"])]["avg_latency_ms"] < 5  # the router, not the line
    status, answer, _ = await demo_server.request("POST", f"{BASE}/traceroute/{targets[1]['id']}")
    assert (status, answer["error"]) == (400, "Demo targets are not traced")


async def test_demo_targets_are_never_probed(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """Even with the monitor enabled, demo targets (public hosts) are not probed."""
    data_dir = tmp_path / "demo-probe"
    shutil.copytree(seeded_demo_dir, data_dir)
    env = {"DEMO_MODE": "true", "CONNECTION_MONITOR_ENABLED": "true"}
    async with server_factory(env, data_dir=data_dir) as server:
        monitor = server.context.services[CONNECTION_MONITOR]
        assert monitor is not None
        assert monitor.running
        assert monitor.probed_targets() == {}


def test_history_is_deterministic() -> None:
    """The generator gives the same week for the same "now" (a seeded random source)."""
    first = build_history(1_800_000_000, [1, 2, 3], 5, 2.0)
    second = build_history(1_800_000_000, [1, 2, 3], 5, 2.0)
    assert first.samples == second.samples
    assert first.events == second.events
    assert len(first.samples) == 3 * (WEEK_OF_SAMPLES)


def test_feed_continues_the_grid_and_caps_the_backfill() -> None:
    """Live demo samples start one step after the last one and never fill more than a day."""
    model = DEMO_TARGETS[1]
    rng = random.Random(1)
    samples = demo_samples(7, model, 1_800_000_000.0, 1_800_000_065.5, rng)
    assert [sample.ts for sample in samples] == [1_800_000_000.0 + STEP_S * n for n in range(1, 7)]
    assert all(sample.target_id == 7 for sample in samples)
    answered = [sample.latency_ms for sample in samples if sample.latency_ms is not None]
    assert answered
    assert min(answered) >= model.base_ms
    long_gap = demo_samples(7, model, 1_700_000_000.0, 1_800_000_000.0, rng)
    assert len(long_gap) == BACKFILL_LIMIT_S // STEP_S
    assert long_gap[-1].ts == 1_800_000_000.0
    assert demo_samples(7, model, 1_800_000_000.0, 1_800_000_009.0, rng) == []


async def test_feed_follows_demo_mode(demo_server: RunningServer) -> None:
    """The feed runs while demo mode is on and stops when it is switched off."""
    monitor = demo_server.context.services[CONNECTION_MONITOR]
    assert monitor is not None
    settings = SimpleNamespace(demo_mode=True)
    feed = DemoFeed(cast("ServerContext", SimpleNamespace(settings=settings)), monitor.store)
    await feed.start()
    assert feed.running
    settings.demo_mode = False
    await feed.reload()
    assert not feed.running
