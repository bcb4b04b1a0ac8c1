"""Signal data routes: device, connection, snapshots, trends, channels, thresholds, histories."""

from __future__ import annotations

import itertools
import json
import re
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from typing import Any
from zoneinfo import ZoneInfo

from docsight_server.analysis.analyzer import analyze
from docsight_server.storage.device_repo import save_device_state
from docsight_server.storage.signal_repo import SCALAR_NAMES, NewSnapshot
from docsight_server.timeutil import iso_utc, parse_timestamp

from .conftest import ServerFactory
from .harness import RunningServer
from .test_login import login
from .test_tokens import create_token

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SELECTOR = re.compile(r"^c1_[A-Za-z0-9_-]{24}$")
PERIOD = 2**32
QUARTER = 900
DAY = 86400
HEALTH_WORDS = {"good", "tolerated", "marginal", "warning", "critical"}
TREND_KEYS = {
    *SCALAR_NAMES,
    "timestamp",
    "health_issues",
    "error_counter_coverage",
    "capacity_coverage",
    "signal_families",
}
#: Live polls store these summary parts as well (seeded demo rows do not).
LIVE_TREND_KEYS = {"error_baseline", "spike_suppression"}
HISTORY_KEYS = {
    "timestamp",
    "power",
    "snr",
    "correctable_errors",
    "uncorrectable_errors",
    "modulation",
    "health",
}
COMPARE_KEYS = (HISTORY_KEYS - {"health"}) | {"frequency"}
SNAPSHOT_KEYS = {
    "snapshot_id",
    "timestamp",
    "summary",
    "ds_channels",
    "us_channels",
    "analysis_meta",
    "raw_data",
}
DEVICE_KEYS = {
    "manufacturer",
    "model",
    "hw_version",
    "sw_version",
    "docsis_status",
    "uptime_seconds",
    "reboot_reason",
    "wan_ipv4",
    "wan_ipv6",
}
SIGNAL_ROUTES = [
    "/api/device",
    "/api/connection",
    "/api/snapshots",
    "/api/snapshots/2026-03-10T14:30:00Z",
    "/api/trends",
    "/api/channels",
    "/api/thresholds",
    "/api/channel-history?channel_id=1",
    "/api/channel-compare?channels=1,2",
]


# --- helpers ---------------------------------------------------------------------------------


def ds_channel(
    channel_id: int,
    frequency: str,
    *,
    power: float = 5.0,
    mse: float = -38.0,
    corrected: int = 0,
    uncorrected: int = 0,
) -> dict[str, Any]:
    """Return one raw DOCSIS 3.0 downstream channel as a driver reports it."""
    return {
        "channelID": channel_id,
        "frequency": frequency,
        "powerLevel": power,
        "modulation": "256QAM",
        "mse": mse,
        "corrErrors": corrected,
        "nonCorrErrors": uncorrected,
    }


def us_channel(channel_id: int, frequency: str, power: float = 44.0) -> dict[str, Any]:
    """Return one raw DOCSIS 3.0 upstream channel."""
    return {
        "channelID": channel_id,
        "frequency": frequency,
        "powerLevel": power,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
    }


def raw_tables(
    downstream: list[dict[str, Any]], upstream: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Return channel tables in the split driver form (all DOCSIS 3.0)."""
    return {
        "channelDs": {"docsis30": downstream, "docsis31": []},
        "channelUs": {"docsis30": upstream or [], "docsis31": []},
    }


async def store_snapshot(server: RunningServer, ts: int, raw: dict[str, Any]) -> None:
    """Analyse raw tables and store them as one snapshot at ts."""
    context = server.context
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analyze(raw), None, raw, False))


async def get_ok(server: RunningServer, path: str) -> Any:
    """GET a path, assert 200 and return the body."""
    status, body, _ = await server.request("GET", path)
    assert status == 200, (path, body)
    return body


def minute_now() -> int:
    """Return the current epoch second rounded down to the minute."""
    now = int(time.time())
    return now - now % 60


def epochs(rows: list[dict[str, Any]]) -> list[int]:
    """Return the timestamps of rows as epoch seconds, asserting the UTC Z form."""
    for row in rows:
        assert ISO_Z.match(row["timestamp"]), row["timestamp"]
    return [parse_timestamp(row["timestamp"]) for row in rows]


def assert_oldest_first(rows: list[dict[str, Any]]) -> None:
    """Assert that row timestamps are Z-suffixed and strictly ascending."""
    stamps = epochs(rows)
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)


async def demo_channels(server: RunningServer) -> dict[str, Any]:
    """Return the /api/channels body of a demo server."""
    return await get_ok(server, "/api/channels")


def channel_by_id(channels: list[dict[str, Any]], channel_id: int) -> dict[str, Any]:
    """Return the channel with an id from a channel list."""
    return next(channel for channel in channels if channel["channel_id"] == channel_id)


# --- empty database --------------------------------------------------------------------------


async def test_empty_database_answers_empty_values(open_server: RunningServer) -> None:
    """Without any poll the routes answer {}, nulls, [] or 404, never an error."""
    assert await get_ok(open_server, "/api/device") == {}
    assert await get_ok(open_server, "/api/connection") == {
        "isp_name": None,
        "connection_type": None,
        "max_downstream_kbps": None,
        "max_upstream_kbps": None,
    }
    assert await get_ok(open_server, "/api/snapshots") == []
    assert await get_ok(open_server, "/api/channels") == {
        "ds_channels": [],
        "us_channels": [],
        "summary": None,
    }
    for query in ("", "?range=1h", "?range=90d", "?range=day", "?range=month&date=2026-01-31"):
        assert await get_ok(open_server, f"/api/trends{query}") == [], query
    for query in ("channel_id=1", "selector=c1_nothing&direction=us"):  # never seen: 404
        status, body, _ = await open_server.request("GET", f"/api/channel-history?{query}")
        assert (status, body) == (404, {"error": "Unknown channel"}), query
    assert await get_ok(open_server, "/api/channel-compare?channels=1,2") == {"1": [], "2": []}
    assert await get_ok(open_server, "/api/channel-compare?selectors=c1_a,c1_b") == {
        "c1_a": [],
        "c1_b": [],
    }
    status, body, _ = await open_server.request("GET", "/api/snapshots/2026-03-10T14:30:00Z")
    assert (status, body) == (404, {"error": "Snapshot not found"})


async def test_thresholds_are_the_public_vfkd_profile(open_server: RunningServer) -> None:
    """The active profile carries upstream's numbers and no private `_` keys."""
    profile = await get_ok(open_server, "/api/thresholds")

    def private_keys(value: Any) -> list[str]:
        if not isinstance(value, dict):
            return []
        found = [key for key in value if key.startswith("_")]
        for item in value.values():
            found += private_keys(item)
        return found

    assert private_keys(profile) == []
    assert (profile["id"], profile["version"]) == ("docsight.thresholds_vfkd", "1.1.0")
    assert set(profile["downstream_power"]) == {"64QAM", "256QAM", "1024QAM", "4096QAM", "ofdm"}
    assert profile["downstream_power"]["256QAM"] == {
        "good": [-4, 13],
        "warning": [-6, 15],
        "critical": [-8, 16],
    }
    assert profile["upstream_power"]["ofdma"]["good"] == [44.1, 47.0]
    assert profile["snr"]["ofdm"] == {"good_min": 27, "warning_min": 25.5, "critical_min": 24.5}
    assert profile["upstream_modulation"] == {"critical_max_qam": 4, "warning_max_qam": 16}
    assert profile["errors"] == {
        "uncorrectable_pct": {"warning": 1.0, "critical": 3.0},
        "spike_expiry_hours": 48,
    }


async def test_stored_device_state_is_served_before_the_first_poll(
    server_factory: ServerFactory,
) -> None:
    """Device and connection info come from the database until a poll; isp_name is a setting."""
    async with server_factory({"ISP_NAME": "Example Cable"}) as server:
        info = {"manufacturer": "AVM", "model": "FRITZ!Box 6690", "sw_version": "8.02"}
        connection_info = {
            "connection_type": "Cable",
            "max_downstream_kbps": 1000000,
            "max_upstream_kbps": 50000,
        }
        async with server.context.database.transaction() as connection:
            await save_device_state(connection, info, connection_info, int(time.time()))
        assert server.context.state.device_info == {}
        assert await get_ok(server, "/api/device") == info
        assert await get_ok(server, "/api/connection") == {
            "isp_name": "Example Cable",
            **connection_info,
        }


# --- parameter validation and auth -----------------------------------------------------------


async def test_bad_parameters_answer_400_naming_the_problem(open_server: RunningServer) -> None:
    """Every invalid parameter gets a 400 whose message names the parameter."""
    many = ",".join(str(number) for number in range(1, 66))
    cases = [
        ("/api/trends?range=bogus", "Invalid range"),
        ("/api/trends?range=", "Invalid range"),
        ("/api/trends?range=day&date=2026-13-01", "date must be YYYY-MM-DD"),
        ("/api/trends?range=week&date=yesterday", "date must be YYYY-MM-DD"),
        ("/api/trends?range=month&date=2026-02-30", "date must be YYYY-MM-DD"),
        ("/api/channel-history", "selector or channel_id is required"),
        ("/api/channel-history?direction=us&days=3", "selector or channel_id is required"),
        ("/api/channel-history?channel_id=abc", "channel_id must be an integer"),
        ("/api/channel-history?channel_id=1.5", "channel_id must be an integer"),
        ("/api/channel-history?channel_id=1&direction=xx", "direction must be one of ds, us"),
        ("/api/channel-history?selector=c1_x&direction=DS", "direction must be one of ds, us"),
        ("/api/channel-history?channel_id=1&days=abc", "days must be an integer"),
        ("/api/channel-history?channel_id=1&range=bogus", "Invalid range"),
        ("/api/channel-history?channel_id=1&range=day", "Invalid range"),
        ("/api/channel-compare", "selectors or channels is required"),
        ("/api/channel-compare?direction=us", "selectors or channels is required"),
        ("/api/channel-compare?channels=a,b", "channels must be integers"),
        ("/api/channel-compare?channels=1,x", "channels must be integers"),
        ("/api/channel-compare?channels=1&direction=xx", "direction must be one of ds, us"),
        ("/api/channel-compare?channels=1&days=abc", "days must be an integer"),
        ("/api/channel-compare?channels=1&range=5y", "Invalid range"),
        (f"/api/channel-compare?channels={many}", "At most 64 channels"),
        (f"/api/channel-compare?selectors={many}", "At most 64 channels"),
        ("/api/channel-compare?selectors=,,", "At least one channel"),
        ("/api/channel-compare?channels=,", "At least one channel"),
        ("/api/snapshots/garbage", "timestamp must be ISO 8601"),
        ("/api/snapshots/2026-02-30T00:00:00Z", "timestamp must be ISO 8601"),
        ("/api/snapshots/1741617000", "timestamp must be ISO 8601"),
    ]
    for path, message in cases:
        status, body, _ = await open_server.request("GET", path)
        assert status == 400, (path, status, body)
        assert set(body) == {"error"}, (path, body)
        assert message in body["error"], (path, body)
    # The rolling-only routes do not offer the legacy views they refuse.
    _, body, _ = await open_server.request("GET", "/api/channel-history?channel_id=1&range=day")
    assert "day" not in body["error"]
    _, body, _ = await open_server.request("GET", "/api/trends?range=bogus")
    assert "day, week, month" in body["error"]
    sixty_four = ",".join(str(number) for number in range(1, 65))
    assert len(await get_ok(open_server, f"/api/channel-compare?channels={sixty_four}")) == 64


async def test_signal_routes_need_credentials(password_server: RunningServer) -> None:
    """With an admin password every signal route answers 401 alone and works with a token."""
    for path in SIGNAL_ROUTES:
        status, body, _ = await password_server.request("GET", path)
        assert (status, body) == (401, {"error": "Authentication required"}), path
        status, _, _ = await password_server.request("GET", path, token="dsk_" + "0" * 64)
        assert status == 401, path
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    for path in SIGNAL_ROUTES:
        status, body, _ = await password_server.request("GET", path, token=token)
        expected = 404 if path.startswith(("/api/snapshots/", "/api/channel-history")) else 200
        assert status == expected, (path, status, body)


# --- hand-made history -----------------------------------------------------------------------


async def test_uint32_rollover_is_unwrapped_in_trends_and_histories(
    open_server: RunningServer,
) -> None:
    """Counter roll-overs past 2^32 continue upwards in responses; a real reset starts over."""
    base = minute_now()
    # (ts, channel 1 corrected, channel 1 uncorrected, channel 2 corrected)
    polls = [
        (base - 2 * DAY, PERIOD - 296, PERIOD - 6, 1000),
        (base - 3 * 3600, 100, 5, 1100),
        (base - 2 * 3600, 400, 9, 1200),
        (base - 3600, 50, 2, 20),  # modem restart: every counter is small again
    ]
    for ts, corrected, uncorrected, other in polls:
        downstream = [
            ds_channel(1, "602.000", corrected=corrected, uncorrected=uncorrected),
            ds_channel(2, "610.000", corrected=other),
        ]
        await store_snapshot(open_server, ts, raw_tables(downstream, [us_channel(1, "30.800")]))

    week = await get_ok(open_server, "/api/trends?range=7d")
    assert epochs(week) == [ts for ts, *_ in polls]
    # The sum of both channels rolls over although channel 2 keeps growing.
    assert [row["ds_correctable_errors"] for row in week] == [
        PERIOD + 704,
        PERIOD + 1200,
        PERIOD + 1600,
        70,
    ]
    assert [row["ds_uncorrectable_errors"] for row in week] == [
        PERIOD - 6,
        PERIOD + 5,
        PERIOD + 9,
        2,
    ]
    # A window that starts after the roll-over is anchored on the older history.
    day = await get_ok(open_server, "/api/trends?range=1d")
    assert [row["ds_correctable_errors"] for row in day] == [PERIOD + 1200, PERIOD + 1600, 70]
    assert [row["ds_uncorrectable_errors"] for row in day] == [PERIOD + 5, PERIOD + 9, 2]

    history = await get_ok(open_server, "/api/channel-history?channel_id=1&days=7")
    assert [point["correctable_errors"] for point in history] == [
        PERIOD - 296,
        PERIOD + 100,
        PERIOD + 400,
        50,
    ]
    assert [point["uncorrectable_errors"] for point in history] == [
        PERIOD - 6,
        PERIOD + 5,
        PERIOD + 9,
        2,
    ]
    compare = await get_ok(open_server, "/api/channel-compare?channels=1,2&days=7")
    assert [point["correctable_errors"] for point in compare["1"]] == [
        point["correctable_errors"] for point in history
    ]
    assert [point["correctable_errors"] for point in compare["2"]] == [1000, 1100, 1200, 20]

    # Stored data is never changed: the snapshot keeps the raw counters.
    detail = await get_ok(open_server, f"/api/snapshots/{iso_utc(polls[1][0])}")
    assert detail["summary"]["ds_correctable_errors"] == 1200
    assert detail["ds_channels"][0]["correctable_errors"] == 100


async def test_unsupported_counters_are_null_and_keep_the_chain(
    open_server: RunningServer,
) -> None:
    """A poll without error counters shows nulls; the roll-over across it is still unwrapped."""
    base = minute_now()
    counters = [PERIOD - 10, None, 20]
    for offset, value in enumerate(counters):
        channel = ds_channel(1, "602.000", corrected=value or 0, uncorrected=value or 0)
        if value is None:
            del channel["corrErrors"], channel["nonCorrErrors"]
        await store_snapshot(open_server, base - (3 - offset) * 900, raw_tables([channel]))
    rows = await get_ok(open_server, "/api/trends?range=1h")
    assert [row["ds_correctable_errors"] for row in rows] == [PERIOD - 10, None, PERIOD + 20]
    assert [row["ds_uncorrectable_errors"] for row in rows] == [PERIOD - 10, None, PERIOD + 20]
    assert [row["errors_supported"] for row in rows] == [True, False, True]
    history = await get_ok(open_server, "/api/channel-history?channel_id=1&range=1h")
    assert [point["correctable_errors"] for point in history] == [PERIOD - 10, None, PERIOD + 20]
    detail = await get_ok(open_server, f"/api/snapshots/{iso_utc(base - 1800)}")
    assert detail["summary"]["ds_correctable_errors"] is None
    assert detail["summary"]["ds_uncorrectable_errors"] is None
    assert detail["ds_channels"][0]["correctable_errors"] is None


async def test_hand_made_snapshots_detail_channels_and_history(open_server: RunningServer) -> None:
    """Stored snapshots are listed newest first and read back with per-channel health."""
    base = minute_now()
    older = raw_tables(
        [ds_channel(1, "602.000", power=4.0), ds_channel(2, "610.000", power=3.0)],
        [us_channel(1, "30.800", 43.0)],
    )
    newer = raw_tables(
        [ds_channel(1, "602.000", power=6.5), ds_channel(2, "610.000", power=17.5, mse=-28.0)],
        [us_channel(1, "30.800", 45.5)],
    )
    await store_snapshot(open_server, base - 1800, older)
    await store_snapshot(open_server, base - 900, newer)

    assert await get_ok(open_server, "/api/snapshots") == [
        iso_utc(base - 900),
        iso_utc(base - 1800),
    ]
    detail = await get_ok(open_server, f"/api/snapshots/{iso_utc(base - 900)}")
    assert set(detail) == SNAPSHOT_KEYS
    assert detail["timestamp"] == iso_utc(base - 900)
    assert detail["raw_data"] == newer
    summary = detail["summary"]
    assert (summary["ds_total"], summary["us_total"], summary["health"]) == (2, 1, "critical")
    assert "ds_power_critical" in summary["health_issues"]
    assert set(summary["signal_families"]) == {"downstream", "upstream"}
    bad = channel_by_id(detail["ds_channels"], 2)
    assert (bad["power"], bad["snr"]) == (17.5, 28.0)
    assert (bad["health"], bad["power_health"], bad["snr_health"]) == (
        "critical",
        "critical",
        "critical",
    )
    assert "power critical" in bad["health_detail"]
    good = channel_by_id(detail["ds_channels"], 1)
    assert (good["health"], good["health_detail"], good["modulation_health"]) == (
        "good",
        "",
        "good",
    )
    # Another spelling of the same instant finds the same snapshot.
    local = datetime.fromtimestamp(base - 900, ZoneInfo("Europe/Berlin")).isoformat()
    same = await get_ok(open_server, f"/api/snapshots/{local.replace('+', '%2B')}")
    assert same["snapshot_id"] == detail["snapshot_id"]

    channels = await get_ok(open_server, "/api/channels")
    assert open_server.context.state.analysis is None
    assert channels["summary"]["ds_total"] == 2  # from the newest stored snapshot
    assert [channel["power"] for channel in channels["ds_channels"]] == [6.5, 17.5]
    history = await get_ok(open_server, "/api/channel-history?channel_id=2&range=1d")
    assert [(point["power"], point["snr"], point["health"]) for point in history] == [
        (3.0, 38.0, "good"),
        (17.5, 28.0, "critical"),
    ]
    assert all(set(point) == HISTORY_KEYS for point in history)
    upstream = await get_ok(open_server, "/api/channel-history?channel_id=1&direction=us")
    assert [(point["power"], point["snr"], point["modulation"]) for point in upstream] == [
        (43.0, None, "64QAM"),
        (45.5, None, "64QAM"),
    ]
    assert [point["correctable_errors"] for point in upstream] == [None, None]
    # days spans 1..90: a 2-day-old snapshot is outside days=1 but inside days=90.
    await store_snapshot(open_server, base - 2 * DAY, older)
    await store_snapshot(open_server, base - 95 * DAY, older)
    assert len(await get_ok(open_server, "/api/channel-history?channel_id=1&days=1")) == 2
    assert len(await get_ok(open_server, "/api/channel-history?channel_id=1&days=90")) == 3
    assert len(await get_ok(open_server, "/api/channel-history?channel_id=1")) == 3


async def test_channel_id_matching_two_channels_at_one_time_is_400(
    open_server: RunningServer,
) -> None:
    """A duplicated channel id needs selectors; the ids themselves are refused with 400."""
    base = minute_now()
    raw = raw_tables(
        [
            ds_channel(7, "602.000", power=1.0),
            ds_channel(7, "610.000", power=2.0),
            ds_channel(8, "618.000", power=3.0),
        ]
    )
    await store_snapshot(open_server, base - 1800, raw)
    await store_snapshot(open_server, base - 900, raw)

    channels = (await get_ok(open_server, "/api/channels"))["ds_channels"]
    twins = [channel for channel in channels if channel["channel_id"] == 7]
    assert len(twins) == 2
    assert all(channel["selector_required"] is True for channel in twins)
    assert all(channel["legacy_channel_id"] == 7 for channel in twins)
    assert twins[0]["selector"] != twins[1]["selector"]
    single = channel_by_id(channels, 8)
    assert (single["selector_required"], single["legacy_channel_id"]) == (False, 8)

    status, body, _ = await open_server.request("GET", "/api/channel-history?channel_id=7")
    assert status == 400
    assert "channel_id" in body["error"]
    assert "selector" in body["error"]
    status, body, _ = await open_server.request("GET", "/api/channel-compare?channels=8,7")
    assert status == 400
    assert "7" in body["error"]
    assert "selector" in body["error"]

    for channel in twins:
        points = await get_ok(
            open_server, f"/api/channel-history?selector={channel['selector']}&range=1d"
        )
        assert [point["power"] for point in points] == [channel["power"]] * 2
    selectors = ",".join(channel["selector"] for channel in twins)
    compare = await get_ok(open_server, f"/api/channel-compare?selectors={selectors}")
    assert {key: [point["frequency"] for point in points] for key, points in compare.items()} == {
        channel["selector"]: [channel["frequency"]] * 2 for channel in twins
    }
    assert len(await get_ok(open_server, "/api/channel-history?channel_id=8")) == 2


async def test_channel_id_follows_a_channel_across_a_frequency_change(
    open_server: RunningServer,
) -> None:
    """An id that names one channel per snapshot spans its frequency change."""
    base = minute_now()
    await store_snapshot(open_server, base - 1800, raw_tables([ds_channel(3, "602.000")]))
    await store_snapshot(open_server, base - 900, raw_tables([ds_channel(3, "610.000")]))
    history = await get_ok(open_server, "/api/channel-history?channel_id=3")
    assert epochs(history) == [base - 1800, base - 900]
    compare = await get_ok(open_server, "/api/channel-compare?channels=3")
    assert [point["frequency"] for point in compare["3"]] == ["602.000", "610.000"]
    assert all(set(point) == COMPARE_KEYS for point in compare["3"])


# --- demo history ----------------------------------------------------------------------------


async def test_demo_device_and_connection(demo_server: RunningServer) -> None:
    """The demo modem reports its identity and provisioned speeds like upstream's demo."""
    device = await get_ok(demo_server, "/api/device")
    assert device
    assert set(device) <= DEVICE_KEYS
    assert device == demo_server.context.state.device_info
    assert await get_ok(demo_server, "/api/connection") == {
        "isp_name": None,
        "connection_type": "Cable",
        "max_downstream_kbps": 250000,
        "max_upstream_kbps": 40000,
    }


async def test_demo_snapshot_list_and_detail(demo_server: RunningServer) -> None:
    """The list is every snapshot newest first; the detail carries the full summary."""
    stamps = await get_ok(demo_server, "/api/snapshots")
    assert len(stamps) >= 270 * 96
    seconds = epochs([{"timestamp": stamp} for stamp in stamps])
    assert seconds == sorted(seconds, reverse=True)
    assert len(set(seconds)) == len(seconds)
    assert seconds[-1] <= time.time() - 269 * DAY

    context = demo_server.context
    detail = await get_ok(demo_server, f"/api/snapshots/{stamps[0]}")
    assert set(detail) == SNAPSHOT_KEYS
    assert detail["timestamp"] == stamps[0]
    assert detail["snapshot_id"] == context.state.snapshot_id
    summary = detail["summary"]
    live = context.state.analysis["summary"]
    for key in (*SCALAR_NAMES, "health_issues"):
        assert summary[key] == live[key], key
    assert set(summary["signal_families"]) == {"downstream", "upstream"}
    assert summary["signal_families"]["downstream"]["families"]
    assert {"error_counter_coverage", "capacity_coverage"} <= set(summary)
    assert len(detail["ds_channels"]) == summary["ds_total"]
    assert len(detail["us_channels"]) == summary["us_total"]
    for channel in detail["ds_channels"] + detail["us_channels"]:
        assert channel["health"] in HEALTH_WORDS
        assert channel["modulation_health"] in HEALTH_WORDS
        assert isinstance(channel["health_detail"], str)
    assert detail["analysis_meta"]["analyzer_schema"] == 3
    assert set(detail["raw_data"]) >= {"channelDs", "channelUs"}

    old = await get_ok(demo_server, f"/api/snapshots/{stamps[5000]}")
    assert old["timestamp"] == stamps[5000]
    assert old["snapshot_id"] != detail["snapshot_id"]
    status, body, _ = await demo_server.request("GET", "/api/snapshots/2000-01-01T00:00:00Z")
    assert (status, body) == (404, {"error": "Snapshot not found"})


async def test_demo_trends_rolling_ranges(demo_server: RunningServer) -> None:
    """Rolling ranges return one flat row per 15-minute snapshot, oldest first."""
    stamps = await get_ok(demo_server, "/api/snapshots")
    now = time.time()
    expected_sizes = {"1h": 4, "6h": 24, "1d": 96, "7d": 672, "30d": 2880, "90d": 8640}
    for name, size in expected_sizes.items():
        every_row = await get_ok(demo_server, f"/api/trends?range={name}")
        rows = [row for row in every_row if "source" not in row]  # modem rows only
        span = int(name[:-1]) * (3600 if name.endswith("h") else DAY)
        stored = sum(1 for stamp in stamps if parse_timestamp(stamp) >= now - span)
        assert abs(len(rows) - stored) <= 1, name
        assert size - 24 <= len(rows) <= size + 2, (name, len(rows))
        assert_oldest_first(rows)
        seconds = epochs(rows)
        assert seconds[0] >= now - span - 5
        gaps = {later - earlier for earlier, later in itertools.pairwise(seconds[:-1])}
        assert gaps <= {QUARTER}, name
        assert all(TREND_KEYS <= set(row) <= TREND_KEYS | LIVE_TREND_KEYS for row in rows), name
        assert all(isinstance(row["health_issues"], list) for row in rows)
    default = [row for row in await get_ok(demo_server, "/api/trends") if "source" not in row]
    one_day = await get_ok(demo_server, "/api/trends?range=1d")
    assert abs(len(default) - len([row for row in one_day if "source" not in row])) <= 1
    newest = default[-1]
    live = demo_server.context.state.analysis["summary"]
    assert newest["timestamp"] == stamps[0]
    assert {key: newest[key] for key in SCALAR_NAMES} == {key: live[key] for key in SCALAR_NAMES}
    # A date is meaningless for rolling ranges and ignored.
    assert len(await get_ok(demo_server, "/api/trends?range=6h&date=2020-01-01")) >= 20


async def test_demo_trends_legacy_views(demo_server: RunningServer) -> None:
    """day/week/month cover whole local days ending on `date` (UTC unless a zone is set)."""
    last_day = (datetime.now(UTC) - timedelta(days=10)).date()
    views = {"day": 1, "week": 7, "month": 30}
    for name, days in views.items():
        rows = await get_ok(demo_server, f"/api/trends?range={name}&date={last_day}")
        first_day = last_day - timedelta(days=days - 1)
        assert len(rows) == days * 96, name
        assert rows[0]["timestamp"] == f"{first_day}T00:00:00Z"
        assert rows[-1]["timestamp"] == f"{last_day}T23:45:00Z"
        assert_oldest_first(rows)
        assert all(TREND_KEYS <= set(row) <= TREND_KEYS | LIVE_TREND_KEYS for row in rows)
    today = await get_ok(demo_server, "/api/trends?range=day")
    assert today
    assert {row["timestamp"][:10] for row in today} == {str(datetime.now(UTC).date())}

    status, _, _ = await demo_server.request(
        "POST", "/api/config", json={"timezone": "Europe/Berlin"}
    )
    assert status == 200
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime.combine(last_day, day_time.min, berlin).astimezone(UTC)
    rows = await get_ok(demo_server, f"/api/trends?range=day&date={last_day}")
    assert len(rows) == 96
    assert rows[0]["timestamp"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert rows[-1]["timestamp"] == (start + timedelta(hours=23, minutes=45)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    future = date.today() + timedelta(days=400)
    assert await get_ok(demo_server, f"/api/trends?range=week&date={future}") == []


async def test_demo_channels_carry_selectors(demo_server: RunningServer) -> None:
    """Channels come from the newest snapshot with selector, selector_required, legacy id."""
    body = await demo_channels(demo_server)
    live = demo_server.context.state.analysis
    assert body["summary"]["ds_total"] == len(body["ds_channels"]) == len(live["ds_channels"])
    assert body["summary"]["health"] == live["summary"]["health"]
    assert len(body["us_channels"]) == len(live["us_channels"])
    for lane in ("ds_channels", "us_channels"):
        selectors = [channel["selector"] for channel in body[lane]]
        assert len(set(selectors)) == len(selectors)
        for channel in body[lane]:
            assert SELECTOR.match(channel["selector"]), channel
            assert channel["selector_required"] is False
            assert channel["legacy_channel_id"] == channel["channel_id"]
            assert channel["health"] in HEALTH_WORDS


async def test_demo_channel_history_by_selector_and_id(demo_server: RunningServer) -> None:
    """Selectors from /api/channels work in channel-history; the legacy id gives the same."""
    body = await demo_channels(demo_server)
    checked = [
        ("ds", body["ds_channels"][0]),
        ("ds", body["ds_channels"][-1]),  # an OFDM channel
        ("us", body["us_channels"][0]),
    ]
    for direction, channel in checked:
        by_selector = await get_ok(
            demo_server,
            f"/api/channel-history?selector={channel['selector']}&direction={direction}&days=1",
        )
        assert 90 <= len(by_selector) <= 98, channel
        assert_oldest_first(by_selector)
        assert all(set(point) == HISTORY_KEYS for point in by_selector)
        newest = by_selector[-1]
        assert (newest["power"], newest["modulation"], newest["health"]) == (
            channel["power"],
            channel["modulation"],
            channel["health"],
        )
        if direction == "us":
            assert {point["snr"] for point in by_selector} == {None}
        else:
            assert newest["snr"] == channel["snr"]
            assert newest["correctable_errors"] >= by_selector[0]["correctable_errors"]
        by_id = await get_ok(
            demo_server,
            f"/api/channel-history?channel_id={channel['legacy_channel_id']}"
            f"&direction={direction}&days=1",
        )
        assert by_id == by_selector
        week = await get_ok(
            demo_server,
            f"/api/channel-history?selector={channel['selector']}&direction={direction}",
        )
        assert 660 <= len(week) <= 674
    upstream_selector = body["us_channels"][0]["selector"]
    wrong_lane = f"/api/channel-history?selector={upstream_selector}&direction=ds"
    status, body, _ = await demo_server.request("GET", wrong_lane)
    assert (status, body) == (404, {"error": "Unknown channel"})


async def test_demo_history_window(demo_server: RunningServer) -> None:
    """days spans 1..90 (outside is a 400); range wins over days."""
    base = "/api/channel-history?channel_id=1"
    one = len(await get_ok(demo_server, f"{base}&days=1"))
    assert 90 <= one <= 98
    ninety = await get_ok(demo_server, f"{base}&days=90")
    assert 8600 <= len(ninety) <= 8642
    assert epochs(ninety)[0] >= time.time() - 90 * DAY - 5
    default = len(await get_ok(demo_server, base))
    assert abs(default - len(await get_ok(demo_server, f"{base}&days=7"))) <= 1
    by_range = await get_ok(demo_server, f"{base}&range=6h&days=90")
    assert 20 <= len(by_range) <= 26
    compare = await get_ok(demo_server, "/api/channel-compare?channels=1&days=90")
    assert abs(len(compare["1"]) - len(ninety)) <= 1


async def test_demo_channel_compare(demo_server: RunningServer) -> None:
    """Compare keys the answer by the requested selector or id string, with frequencies."""
    body = await demo_channels(demo_server)
    first, second = body["ds_channels"][0], body["ds_channels"][1]
    selectors = f"{first['selector']},{second['selector']}"
    by_selector = await get_ok(demo_server, f"/api/channel-compare?selectors={selectors}&range=1d")
    assert list(by_selector) == [first["selector"], second["selector"]]
    for channel in (first, second):
        points = by_selector[channel["selector"]]
        assert 90 <= len(points) <= 98
        assert_oldest_first(points)
        assert all(set(point) == COMPARE_KEYS for point in points)
        assert {point["frequency"] for point in points} == {channel["frequency"]}
        assert points[-1]["power"] == channel["power"]
    ids = f"{first['legacy_channel_id']},{second['legacy_channel_id']}"
    by_id = await get_ok(demo_server, f"/api/channel-compare?channels={ids}&range=1d")
    assert set(by_id) == {str(first["channel_id"]), str(second["channel_id"])}
    assert by_id[str(first["channel_id"])] == by_selector[first["selector"]]

    upstream = body["us_channels"][0]
    us_points = await get_ok(
        demo_server,
        f"/api/channel-compare?selectors={upstream['selector']}&direction=us&range=1d",
    )
    assert {point["snr"] for point in us_points[upstream["selector"]]} == {None}
    assert {point["frequency"] for point in us_points[upstream["selector"]]} == {
        upstream["frequency"]
    }
    unknown = await get_ok(demo_server, "/api/channel-compare?channels=999&range=1d")
    assert unknown == {"999": []}


async def test_sqlite_built_history_equals_the_python_built_one(
    demo_server: RunningServer,
) -> None:
    """The JSON SQLite builds for one channel is exactly what the general path builds."""
    from docsight_server.signal.history import channel_points, merge_samples

    store = demo_server.context.signal
    newest = max(await store.timestamps())
    start = newest - 30 * 86400
    for series in (await store.all_series())[:3] + (await store.all_series())[-2:]:
        text = await store.history_json(series.id, start, newest)
        assert text is not None  # the demo counters only grow in these 30 days
        grouped = await store.samples([series.id], start, newest)
        points = channel_points(
            store, merge_samples(grouped, [series]), with_frequency=False, with_health=True
        )
        assert json.loads(text) == points
        assert len(points) > 2800


async def test_channel_history_answer_follows_new_samples(demo_server: RunningServer) -> None:
    """A repeated request is answered from the cache until a new sample is stored."""
    context = demo_server.context
    _, channels, _ = await demo_server.request("GET", "/api/channels")
    path = f"/api/channel-history?selector={channels['ds_channels'][0]['selector']}&range=6h"
    _, before, _ = await demo_server.request("GET", path)
    _, again, _ = await demo_server.request("GET", path)
    assert again == before
    latest = await context.signal.latest()
    assert latest is not None
    analysis = {key: latest[key] for key in ("summary", "ds_channels", "us_channels")}
    analysis["ds_channels"][0]["power"] = 12.34
    ts = latest["ts"] - 60
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analysis))
    _, after, _ = await demo_server.request("GET", path)
    assert len(after) == len(before) + 1
    added = next(point for point in after if point["timestamp"] == iso_utc(ts))
    assert added["power"] == 12.34


async def test_snapshots_in_taken_seconds_move_to_the_next_free_one(
    open_server: RunningServer,
) -> None:
    """Snapshots are addressed by second: a taken second moves a poll to the next free one."""
    base = minute_now() - 3600
    raw = raw_tables([ds_channel(1, "602.000")], [us_channel(1, "30.800", 43.0)])
    for ts in (base, base + 1, base + 2, base + 4, base, base, base + 100, base + 100):
        await store_snapshot(open_server, ts, raw)
    listed = await get_ok(open_server, "/api/snapshots")
    expected = [base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 100, base + 101]
    assert listed == [iso_utc(ts) for ts in reversed(expected)]


async def test_channel_history_tells_never_seen_from_an_empty_window(
    open_server: RunningServer,
) -> None:
    """Issue 13: a channel seen only before the window answers no points, also once retention
    dropped its samples; a channel never seen in that direction is 404 "Unknown channel"."""
    base = minute_now()
    raw = raw_tables([ds_channel(5, "602.000")], [us_channel(2, "37.000")])
    await store_snapshot(open_server, base - 3 * DAY, raw)
    selector = (await get_ok(open_server, "/api/channels"))["ds_channels"][0]["selector"]
    assert len(await get_ok(open_server, "/api/channel-history?channel_id=5&days=7")) == 1
    assert await get_ok(open_server, "/api/channel-history?channel_id=5&range=1d") == []
    context = open_server.context
    async with context.database.transaction() as connection:
        assert await context.signal.delete_before(connection, base, ()) == 1
    for query in ("channel_id=5&days=7", f"selector={selector}&range=90d"):
        assert await get_ok(open_server, f"/api/channel-history?{query}") == [], query
    for query in ("channel_id=6", "channel_id=5&direction=us", f"selector={selector}&direction=us"):
        status, body, _ = await open_server.request("GET", f"/api/channel-history?{query}")
        assert (status, body) == (404, {"error": "Unknown channel"}), query
    status, document, _ = await open_server.request("GET", "/api/openapi.json")
    assert status == 200
    assert "404" in document["paths"]["/api/channel-history"]["get"]["responses"]
