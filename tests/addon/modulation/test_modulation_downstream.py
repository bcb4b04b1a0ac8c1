"""Downstream: each channel scored against its own best QAM, OFDM without a QAM left out."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from docsight_server.storage.device_repo import save_device_state

from ..harness import RunningServer
from ..test_config_api import post_config
from .support import days_ago, ds30, ds31, get_ok, group_of, local_moment, store_poll, tables

UTC = ZoneInfo("UTC")
#: (DOCSIS 3.0 channel 1, channel 2, DOCSIS 3.1 channel 33, channel 34) of two polls
POLLS = (("256QAM", "64QAM", "4096QAM", "1024QAM"), ("64QAM", "64QAM", "OFDM", "4096QAM"))


async def store_downstream(server: RunningServer) -> str:
    """Store POLLS yesterday at 10:00 and 10:15 UTC; return the date."""
    day = days_ago(UTC, 1)
    for index, (first, second, third, fourth) in enumerate(POLLS):
        raw = tables(
            ds=[ds30(1, first), ds30(2, second)], ds_31=[ds31(33, third), ds31(34, fourth)]
        )
        await store_poll(server, local_moment(day, 10, 15 * index, UTC), raw)
    return day.isoformat()


async def test_downstream_health_against_each_channels_best(open_server: RunningServer) -> None:
    """A channel that only ever had 64QAM is healthy at 64QAM; one that had 256QAM is not."""
    date = await store_downstream(open_server)
    body = await get_ok(open_server, "/api/modulation/distribution?direction=ds")
    scqam = group_of(body, "3.0")
    # channel 1: 256QAM scores 100, 64QAM (6-2)/(8-2) = 66.7; channel 2: 100 twice -> 91.7
    assert (scqam["health_index"], scqam["max_qam"], scqam["low_qam_pct"]) == (91.7, "256QAM", 0.0)
    assert scqam["distribution"] == {"64QAM": 75.0, "256QAM": 25.0}
    assert scqam["dominant_modulation"] == "64QAM"
    ofdm = group_of(body, "3.1")
    # channel 33: 4096QAM 100 (OFDM is no QAM); channel 34: 1024QAM 80, 4096QAM 100 -> 93.3
    assert (ofdm["health_index"], ofdm["max_qam"]) == (93.3, "4096QAM")
    assert (ofdm["sample_count"], ofdm["numeric_sample_count"]) == (4, 3)
    assert ofdm["distribution"] == {"1024QAM": 25.0, "4096QAM": 50.0, "OFDM": 25.0}
    assert ofdm["days"][0]["date"] == date
    assert body["aggregate"] == {"health_index": 92.5, "low_qam_pct": 0.0}

    path = f"/api/modulation/intraday?direction=ds&date={date}"
    first, second = group_of(await get_ok(open_server, path), "3.0")["channels"]
    assert (first["health_index"], second["health_index"]) == (83.3, 100.0)
    assert not first["degraded"]  # 64QAM is not low QAM downstream


async def test_downstream_capacity_and_tariff(open_server: RunningServer) -> None:
    """SC-QAM capacity at 6.952 MSym/s; the tariff from the modem, then from booked_download."""
    await store_downstream(open_server)
    async with open_server.context.database.transaction() as connection:
        await save_device_state(connection, {}, {"max_downstream_kbps": 90000}, 0)
    path = "/api/modulation/distribution?direction=ds"
    downstream = (await get_ok(open_server, path))["capacity_history"]["downstream"]
    # 256QAM 55.62 + 64QAM 41.71 = 97.3; 64QAM twice = 83.4
    assert (downstream["capacity_min_mbps"], downstream["capacity_max_mbps"]) == (83.4, 97.3)
    assert (downstream["capacity_avg_mbps"], downstream["capacity_current_mbps"]) == (90.3, 83.4)
    assert (downstream["tariff_mbps"], downstream["tariff_met_pct"]) == (90.0, 50.0)
    assert downstream["status"] == "below_some_samples"
    assert downstream["unsupported_channel_families"] == {"ofdm": 4}
    assert (downstream["coverage_pct"], downstream["full_coverage_sample_count"]) == (50.0, 0)
    assert (await post_config(open_server, {"booked_download": 80}))[0] == 200
    downstream = (await get_ok(open_server, path))["capacity_history"]["downstream"]
    assert (downstream["tariff_mbps"], downstream["status"]) == (80, "above_tariff_throughout")
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    assert (upstream["sample_count"], upstream["status"]) == (0, "unavailable")
