"""The modulation views on the seeded 270-day demo line."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from docsight_server.demo.episodes import DAY, EPISODE_BLOCK_DAYS, Episode, block_episode

from ..harness import RunningServer
from .support import get_ok, group_of

SUMMARY = re.compile(
    r"^\d+\.\dh \(\d+%\) at 16QAM (between \d\d:\d\d\u2013\d\d:\d\d|around \d\d:\d\d)"
)
HISTORY_DAYS = 270


def latest_severe_episode(now: int) -> Episode:
    """Return the newest severe episode that ended over a day ago inside the seeded history."""
    first = (now - (HISTORY_DAYS - 2) * DAY) // DAY // EPISODE_BLOCK_DAYS
    episodes = [block_episode(block) for block in range(first, now // DAY // EPISODE_BLOCK_DAYS)]
    severe = [
        episode
        for episode in episodes
        if episode.severe and now - (HISTORY_DAYS - 2) * DAY < episode.start < now - 2 * DAY
    ]
    assert severe, "the demo history holds no severe episode"
    return severe[-1]


async def test_severe_episode_lowers_upstream_modulation(demo_server: RunningServer) -> None:
    """On a severe evening the SC-QAM channel 1 drops to 16QAM and the OFDMA profile to 64QAM."""
    zone = demo_server.context.local_zone()
    episode = latest_severe_episode(int(time.time()))
    date = datetime.fromtimestamp(episode.start, zone).date().isoformat()
    body = await get_ok(demo_server, f"/api/modulation/intraday?direction=us&date={date}")
    scqam = {channel["channel_id"]: channel for channel in group_of(body, "3.0")["channels"]}
    assert sorted(scqam) == [1, 2, 3, 4]
    assert scqam[1]["degraded"]
    assert scqam[1]["worst_modulation"] == "16QAM"
    assert SUMMARY.match(scqam[1]["summary"]), scqam[1]["summary"]
    assert scqam[1]["health_index"] < 100
    assert not any(scqam[channel]["degraded"] for channel in (2, 3, 4))
    (ofdma,) = group_of(body, "3.1")["channels"]
    assert ofdma["degraded"]
    assert ofdma["worst_modulation"] == "64QAM"
    assert {event["label"] for event in ofdma["degraded_events"]} == {"64QAM"}

    downstream = await get_ok(demo_server, f"/api/modulation/intraday?direction=ds&date={date}")
    ofdm = group_of(downstream, "3.1")["channels"]
    assert {channel["channel_id"] for channel in ofdm} == {33, 34}
    assert all(channel["health_index"] < 100 for channel in ofdm)  # 1024QAM for a while
    assert not any(channel["degraded"] for channel in ofdm)  # but not low QAM

    trend = await get_ok(demo_server, "/api/modulation/trend?direction=us&days=30")
    assert len(trend) == 31
    assert all(row["health_index"] is not None and row["sample_count"] for row in trend)


async def test_thirty_days_of_the_demo(demo_server: RunningServer) -> None:
    """Both directions: groups, consecutive local days, shares adding up, capacity above tariff."""
    zone = demo_server.context.local_zone()
    today = datetime.now(zone).date()
    expected_days = [(today - timedelta(days=n)).isoformat() for n in range(30, -1, -1)]
    for direction, versions in (("ds", ["3.0", "3.1"]), ("us", ["3.0", "3.1"])):
        path = f"/api/modulation/distribution?days=30&direction={direction}"
        body = await get_ok(demo_server, path)
        assert [group["docsis_version"] for group in body["protocol_groups"]] == versions
        for group in body["protocol_groups"]:
            assert [day["date"] for day in group["days"]] == expected_days
            for shares in [group["distribution"], *(day["distribution"] for day in group["days"])]:
                assert round(sum(shares.values()) * 10) == 1000
        assert 2800 <= body["sample_count"] <= body["expected_samples"] + 96
        assert 0.9 <= body["sample_density"] <= 1
        for capacity in body["capacity_history"].values():
            assert capacity["status"] == "above_tariff_throughout"
            assert capacity["tariff_met_pct"] == 100.0
    upstream = await get_ok(demo_server, "/api/modulation/distribution?days=30&direction=us")
    assert group_of(upstream, "3.0")["channel_ids"] == [1, 2, 3, 4]
    assert group_of(upstream, "3.1")["dominant_modulation"] == "256QAM"
    assert upstream["capacity_history"]["upstream"]["tariff_mbps"] == 40.0
