"""Analysis and polling routes: gaming score, correlation, manual poll, collectors, modem test."""

from __future__ import annotations

import asyncio
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from docsight_server.analysis.analyzer import analyze
from docsight_server.config import MASK
from docsight_server.drivers import DriverAuthError, DriverUnreachableError, ModemDriver
from docsight_server.signal.routes import polling as polling_routes
from docsight_server.storage.signal_repo import NewSnapshot
from docsight_server.timeutil import iso_utc, parse_timestamp

from .conftest import ServerFactory
from .custom_features import factory_with_drivers
from .harness import RunningServer, wait_for_snapshot
from .test_login import login
from .test_tokens import create_token

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PERIOD = 2**32
HOUR = 3600
STATUS_KEYS = {
    "name",
    "enabled",
    "consecutive_failures",
    "penalty_seconds",
    "poll_interval",
    "effective_interval",
    "last_poll",
    "next_poll_in",
    "last_error",
    "primary",
    "driver",
    "driver_notes",
}
MODEM_ENTRY_KEYS = {
    "timestamp",
    "source",
    "health",
    "ds_power_avg",
    "ds_power_max",
    "ds_snr_min",
    "ds_snr_avg",
    "us_power_avg",
    "ds_correctable_errors",
    "ds_uncorrectable_errors",
}
EVENT_ENTRY_KEYS = {"timestamp", "source", "severity", "event_type", "message", "details"}
ALL_BAD = {"fps": "bad", "moba": "bad", "mmo": "bad", "strategy": "bad"}
ANALYSIS_ROUTES = [
    ("GET", "/api/gaming-score"),
    ("GET", "/api/correlation"),
    ("GET", "/api/collectors/status"),
    ("POST", "/api/poll"),
    ("POST", "/api/test-modem"),
    ("POST", "/api/test-fritz"),
]


# --- test drivers ----------------------------------------------------------------------------


class _TestDriver(ModemDriver):
    """Base of the drivers these tests register: records what it was given and closing."""

    seen: ClassVar[list[tuple[str, str, str]]] = []
    closed: ClassVar[list[str]] = []

    async def login(self) -> None:
        """Remember the credentials this driver was built with."""
        _TestDriver.seen.append((self.url, self.user, self.password))

    async def get_device_info(self) -> dict[str, Any]:
        """Return a model name."""
        return {"model": "Recorder 1"}

    async def get_connection_info(self) -> dict[str, Any]:
        """No provisioned speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """No channels."""
        return {"channelDs": {}, "channelUs": {}}

    async def close(self) -> None:
        """Remember that the driver was closed."""
        _TestDriver.closed.append(self.key)


class RecordingDriver(_TestDriver):
    """Logs in with anything and reports a model."""

    key = "test-recording"


class NamelessDriver(_TestDriver):
    """Logs in but reports no model."""

    key = "test-nameless"

    async def get_device_info(self) -> dict[str, Any]:
        """Return no model."""
        return {}


class AuthFailingDriver(_TestDriver):
    """Refuses every password with a long message."""

    key = "test-auth-fail"

    async def login(self) -> None:
        """Refuse the login."""
        raise DriverAuthError("Wrong password for user admin " + "x" * 400)


class HangingDriver(_TestDriver):
    """Never finishes logging in."""

    key = "test-hanging"

    async def login(self) -> None:
        """Wait forever."""
        await asyncio.Event().wait()


class UnreachableDriver(_TestDriver):
    """Finds nothing at the modem's address."""

    key = "test-unreachable"

    async def login(self) -> None:
        """Fail as an unreachable modem does."""
        raise DriverUnreachableError("Nothing answered at 10.255.255.1")


class GatedDriver(_TestDriver):
    """Holds its login until the test opens the gate, then fails."""

    key = "test-gated"
    entered: ClassVar[asyncio.Event]
    gate: ClassVar[asyncio.Event]

    async def login(self) -> None:
        """Signal the test, wait for the gate, then fail as an unreachable modem."""
        GatedDriver.entered.set()
        await GatedDriver.gate.wait()
        raise DriverUnreachableError("Gate closed")


TEST_DRIVERS: list[type[ModemDriver]] = [
    RecordingDriver,
    NamelessDriver,
    AuthFailingDriver,
    HangingDriver,
    UnreachableDriver,
    GatedDriver,
]


@pytest.fixture
def server_factory(server_factory: ServerFactory) -> ServerFactory:
    """Servers of this module also know the test drivers."""
    return factory_with_drivers(server_factory, *TEST_DRIVERS)


@pytest.fixture
def test_drivers() -> Iterator[None]:
    """Start each test with the test drivers' records empty."""
    _TestDriver.seen.clear()
    _TestDriver.closed.clear()
    return


# --- helpers ---------------------------------------------------------------------------------


def raw_tables(corrected: int, uncorrected: int, power: float = 5.0) -> dict[str, Any]:
    """Return one downstream and one upstream channel in the split driver form."""
    downstream = {
        "channelID": 1,
        "frequency": "602.000",
        "powerLevel": power,
        "modulation": "256QAM",
        "mse": -38.0,
        "corrErrors": corrected,
        "nonCorrErrors": uncorrected,
    }
    upstream = {
        "channelID": 1,
        "frequency": "30.800",
        "powerLevel": 44.0,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
    }
    return {
        "channelDs": {"docsis30": [downstream], "docsis31": []},
        "channelUs": {"docsis30": [upstream], "docsis31": []},
    }


async def store_snapshot(server: RunningServer, ts: int, raw: dict[str, Any]) -> dict[str, Any]:
    """Analyse raw tables, store them as one snapshot at ts and return the analysis."""
    context = server.context
    analysis = analyze(raw)
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analysis, None, raw, False))
    return analysis


async def store_event(server: RunningServer, ts: int, event: dict[str, Any]) -> None:
    """Store one event at ts."""
    context = server.context
    async with context.database.transaction() as connection:
        await context.events.add(connection, ts, [event])


async def get_ok(server: RunningServer, path: str) -> Any:
    """GET a path, assert 200 and return the body."""
    status, body, _ = await server.request("GET", path)
    assert status == 200, (path, body)
    return body


async def post_modem_test(server: RunningServer, body: Any, path: str = "/api/test-modem") -> Any:
    """POST a modem test, assert 200 and return the body."""
    status, answer, _ = await server.request("POST", path, json=body)
    assert status == 200, answer
    return answer


def assert_sorted_z(entries: list[dict[str, Any]]) -> None:
    """Assert UTC Z timestamps in ascending order."""
    for entry in entries:
        assert ISO_Z.match(entry["timestamp"]), entry
    stamps = [parse_timestamp(entry["timestamp"]) for entry in entries]
    assert stamps == sorted(stamps)


def expected_gaming(summary: dict[str, Any]) -> tuple[dict[str, Any], int, str]:
    """Return the DOCSIS-only components, score and grade upstream computes for a summary."""
    health_score = {"good": 100, "tolerated": 90, "marginal": 50}.get(summary["health"], 0)
    headroom = (summary["ds_snr_min"] or 0) - 33
    snr_score = 100 if headroom > 6 else 85 if headroom >= 3 else 55 if headroom >= 1 else 0
    components = {
        "docsis_health": {"score": health_score, "weight": 15},
        "snr_headroom": {"score": snr_score, "weight": 10},
    }
    score = round((health_score * 15 + snr_score * 10) / 25)
    grade = next(
        letter
        for letter, minimum in (("A", 90), ("B", 75), ("C", 50), ("D", 25), ("F", 0))
        if score >= minimum
    )
    return components, score, grade


def expected_genres(grade: str) -> dict[str, str]:
    """Return upstream's genre verdicts for a grade."""
    return {
        "fps": "ok" if grade in "AB" else "bad",
        "moba": "ok" if grade in "ABC" else "bad",
        "mmo": "ok" if grade in "ABCD" else "bad",
        "strategy": "ok" if grade in "ABC" else "warn" if grade == "D" else "bad",
    }


# --- gaming score ----------------------------------------------------------------------------


async def test_gaming_score_without_analysis(open_server: RunningServer) -> None:
    """Without an analysis there is nothing to rate: nulls, empty parts, every genre bad."""
    assert await get_ok(open_server, "/api/gaming-score") == {
        "enabled": True,
        "score": None,
        "grade": None,
        "has_speedtest": False,
        "components": {},
        "genres": ALL_BAD,
        "raw": {},
    }


async def test_gaming_score_follows_the_current_summary(demo_server: RunningServer) -> None:
    """The demo score is the DOCSIS-only index of the live summary."""
    summary = demo_server.context.state.analysis["summary"]
    body = await get_ok(demo_server, "/api/gaming-score")
    components, score, grade = expected_gaming(summary)
    assert body == {
        "enabled": True,
        "score": score,
        "grade": grade,
        "has_speedtest": False,
        "components": components,
        "genres": expected_genres(grade),
        "raw": {"docsis_health": summary["health"], "ds_snr_min": summary["ds_snr_min"]},
    }


async def test_gaming_score_grades_and_genres(open_server: RunningServer) -> None:
    """Each health and SNR headroom maps to upstream's score, grade and genre verdicts."""
    cases = [
        ("good", 40.0, 100, "A"),
        ("good", 37.0, 94, "A"),
        ("tolerated", 34.5, 76, "B"),
        ("marginal", 36.0, 64, "C"),
        ("marginal", 30.0, 30, "D"),
        ("critical", 28.0, 0, "F"),
    ]
    for health, snr_min, score, grade in cases:
        summary = {"health": health, "ds_snr_min": snr_min}
        open_server.context.state.analysis = {
            "summary": summary,
            "ds_channels": [],
            "us_channels": [],
        }
        body = await get_ok(open_server, "/api/gaming-score")
        assert (body["score"], body["grade"]) == (score, grade), (health, snr_min, body)
        assert body["components"] == expected_gaming(summary)[0]
        assert body["genres"] == expected_genres(grade)
        assert body["raw"] == {"docsis_health": health, "ds_snr_min": snr_min}


async def test_gaming_score_is_computed_while_disabled(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """gaming_quality_enabled=false only flips `enabled`; the index is still computed."""
    data_dir = tmp_path / "demo-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    env = {"DEMO_MODE": "true", "GAMING_QUALITY_ENABLED": "false"}
    async with server_factory(env, data_dir=data_dir) as server:
        summary = (await wait_for_snapshot(server.context))["summary"]
        body = await get_ok(server, "/api/gaming-score")
        _, score, grade = expected_gaming(summary)
        assert body["enabled"] is False
        assert (body["score"], body["grade"]) == (score, grade)


# --- correlation -----------------------------------------------------------------------------


async def test_correlation_merges_modem_rows_and_events(open_server: RunningServer) -> None:
    """Modem rows and events interleave by time; counters are unwrapped; old rows drop out."""
    now = int(time.time())
    base = now - now % 60 - 60
    first = await store_snapshot(open_server, base - 3 * HOUR, raw_tables(PERIOD - 100, 7))
    second = await store_snapshot(open_server, base - HOUR, raw_tables(50, 3, power=9.5))
    await store_snapshot(open_server, base - 30 * HOUR, raw_tables(10, 1))
    reboot = {"severity": "warning", "event_type": "device_reboot", "message": "Modem rebooted"}
    change = {
        "severity": "critical",
        "event_type": "health_change",
        "message": "Health changed from good to critical",
        "details": {"prev": "good", "current": "critical"},
    }
    await store_event(open_server, base - 4 * HOUR, reboot)
    await store_event(open_server, base - 2 * HOUR, change)
    await store_event(open_server, base - 40 * HOUR, change)

    def modem_entry(ts: int, analysis: dict[str, Any], corrected: int, uncorrected: int) -> dict:
        summary = analysis["summary"]
        return {
            "timestamp": iso_utc(ts),
            "source": "modem",
            "health": summary["health"],
            "ds_power_avg": summary["ds_power_avg"],
            "ds_power_max": summary["ds_power_max"],
            "ds_snr_min": summary["ds_snr_min"],
            "ds_snr_avg": summary["ds_snr_avg"],
            "us_power_avg": summary["us_power_avg"],
            "ds_correctable_errors": corrected,
            "ds_uncorrectable_errors": uncorrected,
        }

    entries = await get_ok(open_server, "/api/correlation")
    assert entries == [
        {"timestamp": iso_utc(base - 4 * HOUR), "source": "event", **reboot},
        modem_entry(base - 3 * HOUR, first, PERIOD - 100, 7),
        {"timestamp": iso_utc(base - 2 * HOUR), "source": "event", **change},
        modem_entry(base - HOUR, second, PERIOD + 50, 3),
    ]
    assert set(entries[1]) == MODEM_ENTRY_KEYS
    assert second["summary"]["ds_power_avg"] == 9.5

    assert len(await get_ok(open_server, "/api/correlation?hours=48")) == 6
    assert await get_ok(open_server, "/api/correlation?sources=modem") == [
        entries[1],
        entries[3],
    ]
    assert await get_ok(open_server, "/api/correlation?sources=events") == [
        entries[0],
        entries[2],
    ]
    assert await get_ok(open_server, "/api/correlation?sources=+events+,bogus") == [
        entries[0],
        entries[2],
    ]
    assert await get_ok(open_server, "/api/correlation?sources=bogus,nothing") == entries
    assert await get_ok(open_server, "/api/correlation?sources=") == entries
    assert await get_ok(open_server, "/api/correlation?sources=speedtest,bnetz") == []
    assert await get_ok(open_server, "/api/correlation?hours=1") == []


async def test_correlation_parameters(open_server: RunningServer) -> None:
    """hours must be an integer from 1 to 2160; outside that range it is refused."""
    for value in ("abc", "1.5", "24h"):
        status, body, _ = await open_server.request("GET", f"/api/correlation?hours={value}")
        assert (status, body) == (400, {"error": "hours must be an integer"}), value
    for value in ("0", "-5", "99999"):
        status, body, _ = await open_server.request("GET", f"/api/correlation?hours={value}")
        assert (status, body) == (400, {"error": "hours must be between 1 and 2160"}), value
    for value in ("1", "2160"):
        assert await get_ok(open_server, f"/api/correlation?hours={value}") == []
    assert await get_ok(open_server, "/api/correlation") == []


async def test_correlation_on_demo_history(demo_server: RunningServer) -> None:
    """hours spans 1..2160; modem and event rows are sorted, Z-suffixed and filterable."""
    now = time.time()
    one_hour = await get_ok(demo_server, "/api/correlation?hours=1&sources=modem")
    assert 1 <= len(one_hour) <= 5
    assert parse_timestamp(one_hour[0]["timestamp"]) >= now - HOUR - 5

    full = await get_ok(demo_server, "/api/correlation?hours=2160")
    assert_sorted_z(full)
    assert parse_timestamp(full[0]["timestamp"]) >= now - 2160 * HOUR - 5
    sources = {entry["source"] for entry in full}
    assert sources == {"modem", "event", "connection_monitor"}
    modem = [entry for entry in full if entry["source"] == "modem"]
    assert 8600 <= len(modem) <= 8642
    assert all(set(entry) == MODEM_ENTRY_KEYS for entry in modem)

    events = await get_ok(demo_server, "/api/correlation?hours=2160&sources=events")
    assert events
    assert_sorted_z(events)
    assert {entry["source"] for entry in events} == {"event"}
    for entry in events:
        assert set(entry) <= EVENT_ENTRY_KEYS
        assert entry["severity"] in {"info", "warning", "critical"}
    monitor = [entry for entry in full if entry["source"] == "connection_monitor"]
    assert len(events) + len(modem) + len(monitor) - len(full) in (-1, 0, 1)

    default = await get_ok(demo_server, "/api/correlation")
    trends = [
        row for row in await get_ok(demo_server, "/api/trends?range=1d") if "source" not in row
    ]
    assert abs(len([e for e in default if e["source"] == "modem"]) - len(trends)) <= 1
    unknown = await get_ok(demo_server, "/api/correlation?sources=nope")
    assert abs(len(unknown) - len(default)) <= 1


# --- polling ---------------------------------------------------------------------------------


async def test_poll_without_collector_is_503(open_server: RunningServer) -> None:
    """An unconfigured instance has nothing to poll."""
    status, body, _ = await open_server.request("POST", "/api/poll")
    assert (status, body) == (503, {"error": "No modem collector is running", "success": False})
    assert await get_ok(open_server, "/api/collectors/status") == []


async def test_poll_demo_then_rate_limited(demo_server: RunningServer) -> None:
    """A manual poll returns the analysis; a second within 10 s answers 429 with Retry-After."""
    context = demo_server.context
    before = await get_ok(demo_server, "/api/collectors/status")
    count = len(await get_ok(demo_server, "/api/snapshots"))
    previous_id = context.state.snapshot_id

    status, body, _ = await demo_server.request("POST", "/api/poll")
    assert status == 200, body
    assert body["success"] is True
    analysis = body["analysis"]
    assert set(analysis) >= {"summary", "ds_channels", "us_channels"}
    assert analysis["summary"]["ds_total"] == len(analysis["ds_channels"]) > 0
    assert analysis["summary"] == context.state.analysis["summary"]
    assert context.state.snapshot_id != previous_id
    assert len(await get_ok(demo_server, "/api/snapshots")) == count + 1

    status, body, response = await demo_server.request("POST", "/api/poll")
    assert status == 429, body
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 10
    assert body["success"] is False
    assert body["error"]
    # The manual poll is the collector's last poll; the automatic schedule stays as it was.
    after = await get_ok(demo_server, "/api/collectors/status")
    assert after[0]["last_poll"] > before[0]["last_poll"]
    assert after[0]["next_poll_in"] <= before[0]["next_poll_in"]


async def test_collectors_status_keys(demo_server: RunningServer) -> None:
    """Each collector reports upstream's keys plus last_error."""
    [status] = await get_ok(demo_server, "/api/collectors/status")
    assert set(status) == STATUS_KEYS
    assert (status["name"], status["enabled"], status["primary"]) == ("demo", True, True)
    assert (status["driver"], status["driver_notes"]) == ("demo", [])
    assert (status["consecutive_failures"], status["penalty_seconds"]) == (0, 0)
    assert status["poll_interval"] == status["effective_interval"] == 900
    assert status["last_error"] is None
    assert time.time() - 600 < status["last_poll"] <= time.time()
    assert 0 <= status["next_poll_in"] <= 900


async def test_poll_failure_is_502_and_reported(
    server_factory: ServerFactory, test_drivers: None
) -> None:
    """A modem that fails makes the manual poll a 502; the scheduled failure shows in status."""
    async with server_factory({"MODEM_TYPE": UnreachableDriver.key}) as server:
        scheduler = server.context.scheduler
        ran = asyncio.Event()
        scheduler.on_status(lambda _status: ran.set())
        if not scheduler.status()[0]["last_poll"]:
            async with asyncio.timeout(30):
                await ran.wait()
        [status] = await get_ok(server, "/api/collectors/status")
        assert status["name"] == "modem"
        assert status["consecutive_failures"] >= 1
        assert status["penalty_seconds"] > 0
        assert status["last_error"] == "DriverUnreachableError: Nothing answered at 10.255.255.1"
        for _ in range(2):  # a failed poll does not start the 10 s cool-down
            status_code, body, _ = await server.request("POST", "/api/poll")
            assert status_code == 502, body
            assert body == {
                "error": "DriverUnreachableError: Nothing answered at 10.255.255.1",
                "success": False,
            }


async def test_poll_while_collecting_is_429_busy(
    server_factory: ServerFactory, test_drivers: None
) -> None:
    """A manual poll during a running collection is refused without a Retry-After."""
    GatedDriver.entered = asyncio.Event()
    GatedDriver.gate = asyncio.Event()
    async with server_factory({"MODEM_TYPE": GatedDriver.key}) as server:
        try:
            async with asyncio.timeout(30):
                await GatedDriver.entered.wait()
            status, body, response = await server.request("POST", "/api/poll")
            assert (status, body) == (429, {"error": "Poll already in progress", "success": False})
            assert "Retry-After" not in response.headers
        finally:
            GatedDriver.gate.set()
        status, body, _ = await server.request("POST", "/api/poll")
        assert (status, body["error"]) == (502, "DriverUnreachableError: Gate closed")


# --- modem connection test -------------------------------------------------------------------


async def test_test_modem_with_the_generic_driver(open_server: RunningServer) -> None:
    """The generic driver always connects; the deprecated alias answers the same."""
    for path in ("/api/test-modem", "/api/test-fritz"):
        body = await post_modem_test(open_server, {"modem_type": "generic"}, path)
        assert body == {"success": True, "model": "Generic Router"}


async def test_test_modem_failures_are_200_with_an_error(
    open_server: RunningServer, test_drivers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown types, refused logins and timeouts answer success false, closing the driver."""
    body = await post_modem_test(open_server, {"modem_type": "no-such-modem"})
    assert body == {
        "success": False,
        "error": "Unknown modem type: no-such-modem",
        "error_kind": "unknown_type",
    }

    for path in ("/api/test-modem", "/api/test-fritz"):
        body = await post_modem_test(open_server, {"modem_type": AuthFailingDriver.key}, path)
        assert body["success"] is False
        assert body["error"].startswith("DriverAuthError: Wrong password for user admin x")
        assert len(body["error"]) == polling_routes.ERROR_CHARS
        assert set(body) == {"success", "error", "error_kind"}
        assert body["error_kind"] == "auth"
    assert _TestDriver.closed == [AuthFailingDriver.key] * 2

    monkeypatch.setattr(polling_routes, "TEST_TIMEOUT_SECONDS", 0.2)
    body = await post_modem_test(open_server, {"modem_type": HangingDriver.key})
    assert body["success"] is False
    assert body["error"].startswith("TimeoutError")
    assert body["error_kind"] == "timeout"
    assert _TestDriver.closed[-1] == HangingDriver.key

    body = await post_modem_test(open_server, {"modem_type": NamelessDriver.key})
    assert body == {"success": True, "model": "OK"}


async def test_test_modem_rejects_bad_json(open_server: RunningServer) -> None:
    """A body that is not a JSON object is a 400 on both paths."""
    for path in ("/api/test-modem", "/api/test-fritz"):
        status, body, _ = await open_server.request(
            "POST", path, data="{not json", headers={"Content-Type": "application/json"}
        )
        assert status == 400, body
        assert body["error"].startswith("Invalid JSON")
        status, body, _ = await open_server.request("POST", path, json=["generic"])
        assert (status, body) == (400, {"error": "Request body must be a JSON object"})


async def test_test_modem_mask_uses_the_stored_password(
    server_factory: ServerFactory, test_drivers: None
) -> None:
    """The mask stands for the stored password; anything else is used as sent."""
    async with server_factory({"MODEM_PASSWORD": "stored secret"}) as server:
        request = {
            "modem_type": RecordingDriver.key,
            "modem_url": "http://10.0.0.1/",
            "modem_user": "admin",
            "modem_password": MASK,
        }
        body = await post_modem_test(server, request)
        assert body == {"success": True, "model": "Recorder 1"}
        body = await post_modem_test(
            server, {**request, "modem_password": "typed"}, "/api/test-fritz"
        )
        assert body == {"success": True, "model": "Recorder 1"}
        await post_modem_test(server, {"modem_type": RecordingDriver.key})
        assert _TestDriver.seen == [
            ("http://10.0.0.1", "admin", "stored secret"),
            ("http://10.0.0.1", "admin", "typed"),
            ("http://192.168.100.1", "", ""),
        ]
        assert _TestDriver.closed == [RecordingDriver.key] * 3


# --- auth ------------------------------------------------------------------------------------


async def test_analysis_routes_need_credentials(password_server: RunningServer) -> None:
    """With an admin password the routes answer 401 alone and work with a bearer token."""
    for method, path in ANALYSIS_ROUTES:
        status, body, _ = await password_server.request(method, path, json={})
        assert (status, body) == (401, {"error": "Authentication required"}), path
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    expected = {
        "/api/gaming-score": 200,
        "/api/correlation": 200,
        "/api/collectors/status": 200,
        "/api/poll": 503,
        "/api/test-modem": 200,
        "/api/test-fritz": 200,
    }
    for method, path in ANALYSIS_ROUTES:
        status, body, _ = await password_server.request(
            method, path, token=token, json={"modem_type": "generic"}
        )
        assert status == expected[path], (path, status, body)
    _, body, _ = await password_server.request(
        "POST", "/api/test-modem", token=token, json={"modem_type": "generic"}
    )
    assert body == {"success": True, "model": "Generic Router"}
