"""The modulation routes on hand-made polls: values computed by hand, local days, bad input."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from docsight_server.analysis.modulation_health import DISCLAIMER
from docsight_server.storage.device_repo import save_device_state

from ..harness import RunningServer
from ..test_config_api import post_config
from ..test_login import login
from ..test_tokens import create_token
from .support import days_ago, get_ok, group_of, local_moment, store_poll, tables, us30, us31

UTC = ZoneInfo("UTC")
ROUTES = (
    "/api/modulation/distribution",
    "/api/modulation/intraday",
    "/api/modulation/trend",
)


def empty_capacity(name: str) -> dict[str, Any]:
    """Return capacity_history of one direction with no polls and no tariff."""
    return {
        "direction": name,
        "sample_count": 0,
        "capacity_sample_count": 0,
        "capacity_min_mbps": None,
        "capacity_avg_mbps": None,
        "capacity_max_mbps": None,
        "capacity_current_mbps": None,
        "tariff_mbps": None,
        "tariff_met_sample_count": None,
        "below_tariff_sample_count": None,
        "tariff_met_pct": None,
        "calculated_channel_samples": 0,
        "total_channel_samples": 0,
        "unsupported_channel_samples": 0,
        "unsupported_channel_families": {},
        "coverage_pct": 0,
        "full_coverage_sample_count": 0,
        "status": "unavailable",
    }


EMPTY_CAPACITY = {
    "downstream": empty_capacity("downstream"),
    "upstream": empty_capacity("upstream"),
}

#: Two days of upstream polls: (DOCSIS 3.0 channel 1, channel 2, DOCSIS 3.1 channel 9 profile)
DAY_A = (("64QAM", "64QAM", "1024QAM"), ("16QAM", "64QAM", "64QAM"))
DAY_B = (("64QAM", "64QAM", "128QAM"), ("8QAM", "32QAM", None), ("64QAM", "64QAM", "256QAM"))


async def store_upstream_days(server: RunningServer) -> tuple[str, str]:
    """Store DAY_A three days ago and DAY_B two days ago (noon, every 15 minutes, UTC)."""
    dates = []
    for days, polls in ((3, DAY_A), (2, DAY_B)):
        day = days_ago(UTC, days)
        dates.append(day.isoformat())
        for index, (first, second, profile) in enumerate(polls):
            raw = tables(us=[us30(1, first), us30(2, second)], us_31=[us31(9, profile)])
            await store_poll(server, local_moment(day, 12, 15 * index, UTC), raw)
    return dates[0], dates[1]


async def test_empty_database_answers_empty_objects(open_server: RunningServer) -> None:
    """Without polls every view answers an empty but complete object, never an error."""
    for direction in ("us", "ds"):
        body = await get_ok(open_server, f"/api/modulation/distribution?direction={direction}")
        assert body == {
            "direction": direction,
            "protocol_groups": [],
            "aggregate": {"health_index": None, "low_qam_pct": 0},
            "sample_count": 0,
            "expected_samples": 0,
            "sample_density": 0,
            "disclaimer": DISCLAIMER,
            "capacity_history": EMPTY_CAPACITY,
        }
    body = await get_ok(open_server, "/api/modulation/intraday?date=2026-03-10")
    assert body == {
        "direction": "us",
        "date": "2026-03-10",
        "protocol_groups": [],
        "disclaimer": DISCLAIMER,
        "capacity_history": EMPTY_CAPACITY,
    }
    assert await get_ok(open_server, "/api/modulation/trend") == []


async def test_bad_parameters_answer_400(open_server: RunningServer) -> None:
    """days must be a whole number and date a real calendar day; the answer says which."""
    cases = {
        "/api/modulation/distribution?days=abc": "days must be an integer",
        "/api/modulation/distribution?days=1.5": "days must be an integer",
        "/api/modulation/trend?days=7d": "days must be an integer",
        "/api/modulation/distribution?days=0": "days must be between 1 and 30",
        "/api/modulation/distribution?days=-5": "days must be between 1 and 30",
        "/api/modulation/trend?days=31": "days must be between 1 and 30",
        "/api/modulation/trend?days=" + "9" * 50: "days must be",
        "/api/modulation/intraday?date=2026-02-30": "date must be a valid calendar date",
        "/api/modulation/intraday?date=2026-13-01": "date must be a valid calendar date",
        "/api/modulation/intraday?date=yesterday": "date must be YYYY-MM-DD",
        "/api/modulation/intraday?date=9999-12-31": "date is too close to the ends",
    }
    for path, message in cases.items():
        status, body, _ = await open_server.request("GET", path)
        assert status == 400, (path, body)
        assert body["error"].startswith(message), (path, body)


async def test_direction_and_days_behave_as_upstream(open_server: RunningServer) -> None:
    """Any direction but ds means us; days count back from now (1 to 30)."""
    for ago in (2, 20, 40):
        await store_poll(
            open_server,
            local_moment(days_ago(UTC, ago), 12, 0, UTC),
            tables(us=[us30(1, "64QAM")]),
        )
    for value in ("DS", "xyz", "upstream"):
        body = await get_ok(open_server, f"/api/modulation/distribution?direction={value}")
        assert body["direction"] == "us"
    expected = {"1": 0, "7": 1, "30": 2}
    for days, polls in expected.items():
        body = await get_ok(open_server, f"/api/modulation/distribution?days={days}")
        assert body["sample_count"] == polls, days
        trend = await get_ok(open_server, f"/api/modulation/trend?days={days}")
        assert len(trend) == polls, days


async def test_routes_need_credentials(password_server: RunningServer) -> None:
    """With an admin password the routes answer 401 alone and work with a token."""
    for path in ROUTES:
        status, body, _ = await password_server.request("GET", path)
        assert (status, body) == (401, {"error": "Authentication required"}), path
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    for path in ROUTES:
        status, _, _ = await password_server.request("GET", path, token=token)
        assert status == 200, path


async def test_upstream_groups_by_hand(open_server: RunningServer) -> None:
    """Health index, low-QAM share, distribution and days of both upstream groups."""
    day_a, day_b = await store_upstream_days(open_server)
    body = await get_ok(open_server, "/api/modulation/distribution?direction=us")
    assert [group["docsis_version"] for group in body["protocol_groups"]] == ["3.0", "3.1"]
    scqam = group_of(body, "3.0")
    # channel bits 6,4 | 6,6 on day A and 6,3,6 | 6,5,6 on day B: 54 bits / 10 = 5.4 -> 85
    assert {key: value for key, value in scqam.items() if key != "days"} == {
        "docsis_version": "3.0",
        "max_qam": "64QAM",
        "channel_count": 2,
        "channel_ids": [1, 2],
        "health_index": 85.0,
        "low_qam_pct": 20.0,
        "dominant_modulation": "64QAM",
        "degraded_channel_count": 1,
        "distribution": {"8QAM": 10.0, "16QAM": 10.0, "32QAM": 10.0, "64QAM": 70.0},
        "sample_count": 10,
        "numeric_sample_count": 10,
        "low_qam_sample_count": 2,
    }
    assert [(day["date"], day["health_index"], day["low_qam_pct"]) for day in scqam["days"]] == [
        (day_a, 87.5, 25.0),
        (day_b, 83.3, 16.7),
    ]
    ofdma = group_of(body, "3.1")
    # 1024, 64, 128, 256 QAM (OFDMA without a profile is no QAM): 31 bits / 4 -> 71.9
    assert (ofdma["health_index"], ofdma["low_qam_pct"]) == (71.9, 20.0)
    assert (ofdma["sample_count"], ofdma["numeric_sample_count"]) == (5, 4)
    assert ofdma["distribution"] == dict.fromkeys(
        ("64QAM", "128QAM", "256QAM", "1024QAM", "OFDMA"), 20.0
    )
    assert ofdma["dominant_modulation"] == "1024QAM"  # a five-way tie: the highest QAM
    assert [(day["health_index"], day["low_qam_pct"]) for day in ofdma["days"]] == [
        (75.0, 50.0),
        (68.8, 0.0),
    ]
    # (85.0 x 2 channels + 71.9 x 1) / 3 = 80.6; 3 low of 15 observations
    assert body["aggregate"] == {"health_index": 80.6, "low_qam_pct": 20.0}
    assert (body["sample_count"], body["expected_samples"], body["sample_density"]) == (5, 6, 0.83)
    for group in body["protocol_groups"]:
        for shares in [group["distribution"], *(day["distribution"] for day in group["days"])]:
            assert round(sum(shares.values()) * 10) == 1000


async def test_trend_rows_by_hand(open_server: RunningServer) -> None:
    """One row a day over both groups, weighted by observations."""
    day_a, day_b = await store_upstream_days(open_server)
    assert await get_ok(open_server, "/api/modulation/trend?direction=us&days=7") == [
        {
            "date": day_a,
            "health_index": 83.3,  # (87.5 x 4 + 75.0 x 2) / 6
            "low_qam_pct": 33.3,
            "dominant_modulation": "64QAM",
            "sample_count": 6,
        },
        {
            "date": day_b,
            "health_index": 78.5,  # (83.3 x 6 + 68.8 x 3) / 9
            "low_qam_pct": 11.1,
            "dominant_modulation": "64QAM",
            "sample_count": 9,
        },
    ]


async def test_upstream_capacity_against_the_booked_tariff(open_server: RunningServer) -> None:
    """Without a tariff the capacity is only observed; below it some polls, above it all."""
    await store_upstream_days(open_server)
    path = "/api/modulation/distribution?direction=us"
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    # SC-QAM at 5.12 MSym/s: 64QAM 30.72, 32QAM 25.6, 16QAM 20.48, 8QAM 15.36 Mbit/s
    assert upstream == {
        **empty_capacity("upstream"),
        "sample_count": 5,
        "capacity_sample_count": 5,
        "capacity_min_mbps": 41.0,
        "capacity_avg_mbps": 55.3,  # (61.4 + 51.2 + 61.4 + 41.0 + 61.4) / 5
        "capacity_max_mbps": 61.4,
        "capacity_current_mbps": 61.4,
        "calculated_channel_samples": 10,
        "total_channel_samples": 15,
        "unsupported_channel_samples": 5,
        "unsupported_channel_families": {"ofdma": 5},
        "coverage_pct": 66.7,
        "status": "observed",
    }
    assert (await post_config(open_server, {"booked_upload": 50}))[0] == 200
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    assert upstream["tariff_mbps"] == 50
    assert (upstream["tariff_met_sample_count"], upstream["below_tariff_sample_count"]) == (4, 1)
    assert (upstream["tariff_met_pct"], upstream["status"]) == (80.0, "below_some_samples")
    assert (await post_config(open_server, {"booked_upload": 40}))[0] == 200
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    assert (upstream["tariff_met_pct"], upstream["status"]) == (100.0, "above_tariff_throughout")
    downstream = (await get_ok(open_server, path))["capacity_history"]["downstream"]
    assert downstream == empty_capacity("downstream")


async def test_tariff_falls_back_to_the_modem_connection_info(
    open_server: RunningServer,
) -> None:
    """With booked_upload 0 the tariff is the modem's provisioned kbit/s / 1000."""
    await store_upstream_days(open_server)
    context = open_server.context
    async with context.database.transaction() as connection:
        await save_device_state(connection, {}, {"max_upstream_kbps": 55000}, 0)
    body = await get_ok(open_server, "/api/modulation/trend")
    assert len(body) == 2
    path = "/api/modulation/distribution"
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    assert (upstream["tariff_mbps"], upstream["tariff_met_sample_count"]) == (55.0, 3)
    assert upstream["status"] == "below_some_samples"
    assert (await post_config(open_server, {"booked_upload": 30}))[0] == 200
    upstream = (await get_ok(open_server, path))["capacity_history"]["upstream"]
    assert (upstream["tariff_mbps"], upstream["status"]) == (30, "above_tariff_throughout")


async def test_days_are_recounted_when_their_polls_change(open_server: RunningServer) -> None:
    """A poll stored into a finished day, or a bulk change, shows in the next answer."""
    day_a, _day_b = await store_upstream_days(open_server)
    path = "/api/modulation/distribution?direction=us"
    before = group_of(await get_ok(open_server, path), "3.0")["days"][0]
    assert (before["date"], before["sample_count"]) == (day_a, 4)
    late = local_moment(days_ago(UTC, 3), 18, 0, UTC)
    await store_poll(open_server, late, tables(us=[us30(1, "QPSK"), us30(2, "QPSK")]))
    after = group_of(await get_ok(open_server, path), "3.0")["days"][0]
    assert (after["sample_count"], after["low_qam_sample_count"]) == (6, 3)
    open_server.context.signal.invalidate()
    again = group_of(await get_ok(open_server, path), "3.0")["days"][0]
    assert again == after


async def test_sample_density_is_capped_at_one(open_server: RunningServer) -> None:
    """Expected polls are days x the median a day: a busier day cannot push density above 1."""
    raw = tables(us=[us30(1, "64QAM")])
    for ago, polls in ((4, 3), (3, 1), (2, 1)):
        for index in range(polls):
            await store_poll(open_server, local_moment(days_ago(UTC, ago), 9, index, UTC), raw)
    body = await get_ok(open_server, "/api/modulation/distribution")
    # daily polls 3, 1, 1: median 1 -> 3 expected, 5 seen
    assert (body["sample_count"], body["expected_samples"], body["sample_density"]) == (5, 3, 1.0)
