"""Local days outside UTC: where a day starts and ends, and one day's timelines."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from ..conftest import ServerFactory
from .support import (
    QUARTER,
    days_ago,
    ds30,
    get_ok,
    group_of,
    local_moment,
    store_poll,
    tables,
    us30,
    us31,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
#: Channel 1 through an afternoon, every 15 minutes from 14:00 local
AFTERNOON = ["64QAM", "64QAM", "16QAM", "16QAM", "16QAM", "16QAM", "64QAM", "64QAM", "QPSK"]
AFTERNOON.append("64QAM")


async def test_days_are_local_calendar_days(server_factory: ServerFactory) -> None:
    """Polls at 23:30 and 00:30 New York time fall on two local days (one UTC day)."""
    async with server_factory({"TZ": "America/New_York"}) as server:
        day = days_ago(NEW_YORK, 3)
        next_day = day + timedelta(days=1)
        late = local_moment(day, 23, 30, NEW_YORK)
        early = local_moment(next_day, 0, 30, NEW_YORK)
        assert early - late == 3600
        await store_poll(server, late, tables(us=[us30(1, "16QAM")]))
        await store_poll(server, early, tables(us=[us30(1, "64QAM")]))
        body = await get_ok(server, "/api/modulation/distribution?direction=us")
        days = group_of(body, "3.0")["days"]
        assert [(row["date"], row["low_qam_pct"], row["sample_count"]) for row in days] == [
            (day.isoformat(), 100.0, 1),
            (next_day.isoformat(), 0.0, 1),
        ]
        trend = await get_ok(server, "/api/modulation/trend?direction=us")
        assert [row["date"] for row in trend] == [day.isoformat(), next_day.isoformat()]

        path = f"/api/modulation/intraday?direction=us&date={day.isoformat()}"
        before_midnight = await get_ok(server, path)
        (channel,) = group_of(before_midnight, "3.0")["channels"]
        assert channel["timeline"] == [{"time": "23:30", "modulation": "16QAM"}]
        # one poll: a point in time, counted as one poll interval (15 minutes by default)
        assert channel["summary"] == "0.2h (100%) at 16QAM around 23:30"
        assert before_midnight["capacity_history"]["upstream"]["sample_count"] == 1
        path = f"/api/modulation/intraday?direction=us&date={next_day.isoformat()}"
        (channel,) = group_of(await get_ok(server, path), "3.0")["channels"]
        assert channel["timeline"] == [{"time": "00:30", "modulation": "64QAM"}]
        assert (channel["degraded"], channel["summary"]) == (False, "")


async def test_intraday_degraded_events_and_summary(server_factory: ServerFactory) -> None:
    """Channel by channel: transitions, degraded spells, summary text, only the local day."""
    async with server_factory({"TZ": "Europe/Berlin"}) as server:
        day = days_ago(BERLIN, 2)
        for index, modulation in enumerate(AFTERNOON):
            raw = tables(us=[us30(1, modulation), us30(2, "64QAM")], us_31=[us31(9, "1024QAM")])
            await store_poll(server, local_moment(day, 14, 0, BERLIN) + index * QUARTER, raw)
        outside = tables(us=[us30(1, "QPSK")], ds=[ds30(1, "16QAM")])
        await store_poll(server, local_moment(day, 0, 0, BERLIN) - 60, outside)
        await store_poll(server, local_moment(day + timedelta(days=1), 0, 0, BERLIN), outside)

        body = await get_ok(server, f"/api/modulation/intraday?date={day.isoformat()}")
        assert (body["direction"], body["date"]) == ("us", day.isoformat())
        assert [group["max_qam"] for group in body["protocol_groups"]] == ["64QAM", "1024QAM"]
        first, second = group_of(body, "3.0")["channels"]
        assert first == {
            "channel_id": 1,
            "frequency": "36.400",
            # bits 6 x 5, 4 x 4, 2 x 1 = 48 over 10 polls -> 100 · 2.8 / 4
            "health_index": 70.0,
            "degraded": True,
            "summary": (
                "1.0h (40%) at 16QAM between 14:30\u201315:15; 0.2h (10%) at 4QAM around 16:00"
            ),
            "degraded_events": [
                {
                    "start": "14:30",
                    "end": "15:15",
                    "label": "16QAM",
                    "qam": 16,
                    "count": 4,
                    "hours": 1.0,
                    "duration_minutes": 45,
                    "pct": 40,
                    "point_in_time": False,
                },
                {
                    "start": "16:00",
                    "end": "16:00",
                    "label": "4QAM",
                    "qam": 4,
                    "count": 1,
                    "hours": 0.2,
                    "duration_minutes": 0,
                    "pct": 10,
                    "point_in_time": True,
                },
            ],
            "degraded_sample_pct": 50,
            "worst_modulation": "4QAM",
            "timeline": [
                {"time": "14:00", "modulation": "64QAM"},
                {"time": "14:30", "modulation": "16QAM"},
                {"time": "15:30", "modulation": "64QAM"},
                {"time": "16:00", "modulation": "4QAM"},
                {"time": "16:15", "modulation": "64QAM"},
            ],
        }
        assert (second["channel_id"], second["degraded"], second["summary"]) == (2, False, "")
        assert (second["health_index"], second["worst_modulation"]) == (100.0, "")
        assert second["timeline"] == [{"time": "14:00", "modulation": "64QAM"}]
        (ofdma,) = group_of(body, "3.1")["channels"]
        assert (ofdma["health_index"], ofdma["degraded"]) == (100.0, False)
        capacity = body["capacity_history"]
        assert capacity["upstream"]["sample_count"] == 10
        assert capacity["downstream"]["sample_count"] == 0

        downstream = await get_ok(server, f"/api/modulation/intraday?direction=ds&date={day}")
        assert downstream["protocol_groups"] == []
