"""GET /api/evidence/checklist on a real server: forms, errors, stored evidence and the demo."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from docsight_server.journal.schema import incidents, journal_entries
from docsight_server.timeutil import iso_utc, now_epoch, parse_timestamp

from ..conftest import ServerFactory
from ..harness import RunningServer
from ..test_login import login
from .lines import T0, good_line, store

HOUR = 3600
PATH = "/api/evidence/checklist"
EVENT = {"severity": "warning", "event_type": "snr_drop", "message": "SNR dropped"}


async def checklist(server: RunningServer, **query: Any) -> tuple[int, Any]:
    """GET the checklist with a query; return status and body."""
    status, body, _ = await server.request("GET", f"{PATH}?{urlencode(query)}")
    return status, body


def around(ts: int, before: int = HOUR, after: int = HOUR) -> dict[str, str]:
    """Return from/to around a moment."""
    return {"from": iso_utc(ts - before), "to": iso_utc(ts + after)}


def by_key(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the items by key."""
    return {entry["key"]: entry for entry in body["items"]}


def statuses(body: dict[str, Any]) -> dict[str, str]:
    """Return each item's status by key."""
    return {entry["key"]: entry["status"] for entry in body["items"]}


async def add_incident(
    server: RunningServer, name: str, start_date: str | None, end_date: str | None
) -> int:
    """Insert an incident row (the journal's tables are the shared contract)."""
    values = {
        "name": name,
        "description": "",
        "status": "open",
        "start_date": start_date,
        "end_date": end_date,
        "created_at": T0,
        "updated_at": T0,
    }
    async with server.context.database.transaction() as connection:
        result = await connection.execute(incidents.insert().values(**values))
    return int(result.inserted_primary_key[0])


async def add_entry(server: RunningServer, day: str, incident_id: int | None = None) -> None:
    """Insert a journal entry on a local date, optionally assigned to an incident."""
    values = {
        "date": day,
        "title": "Internet slow",
        "description": "",
        "incident_id": incident_id,
        "created_at": T0,
        "updated_at": T0,
    }
    async with server.context.database.transaction() as connection:
        await connection.execute(journal_entries.insert().values(**values))


async def add_event(server: RunningServer, ts: int) -> None:
    """Store one event at ts."""
    async with server.context.database.transaction() as connection:
        await server.context.events.add(connection, ts, [EVENT])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "incident_id or from and to are required"),
        ({"incident_id": "1", "from": "2026-01-01T00:00:00Z"}, "Choose incident_id or from/to"),
        ({"from": "2026-01-01T00:00:00Z"}, "from and to are required together"),
        ({"to": "2026-01-01T00:00:00Z"}, "from and to are required together"),
        ({"incident_id": "abc"}, "incident_id must be an integer"),
        ({"incident_id": "0"}, "incident_id must be between 1"),
        ({"incident_id": "99999999999"}, "incident_id must be between 1"),
        ({"from": "soon", "to": "2026-01-01T00:00:00Z"}, "from must be an ISO 8601 time"),
        ({"from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"}, "from must not be"),
    ],
)
async def test_exactly_one_well_formed_form_is_accepted(
    open_server: RunningServer, query: dict[str, str], message: str
) -> None:
    """Neither form, both, half a range or bad values: 400 saying what is wrong."""
    status, body = await checklist(open_server, **query)
    assert status == 400
    assert body["error"].startswith(message), body


async def test_signing_in_is_required(password_server: RunningServer) -> None:
    """Without credentials 401; signed in 200."""
    status, _ = await checklist(password_server, **around(T0))
    assert status == 401
    await login(password_server)
    status, _ = await checklist(password_server, **around(T0))
    assert status == 200


async def test_unknown_incidents_and_incidents_without_a_start(open_server: RunningServer) -> None:
    """An unknown incident is 404; one without start_date has no window: 400."""
    status, body = await checklist(open_server, incident_id=42)
    assert (status, body) == (404, {"error": "Incident not found"})
    undated = await add_incident(open_server, "Undated", None, None)
    status, body = await checklist(open_server, incident_id=undated)
    assert status == 400
    assert "start_date" in body["error"]


async def test_an_empty_database(open_server: RunningServer) -> None:
    """Nothing stored, nothing configured: missing must-haves, optional extras, no report."""
    status, body = await checklist(open_server, **around(T0))
    assert status == 200
    assert body["window"] == {
        "kind": "range",
        "label": f"{iso_utc(T0 - HOUR)} – {iso_utc(T0 + HOUR)}",
        "from": iso_utc(T0 - HOUR),
        "to": iso_utc(T0 + HOUR),
    }
    assert body["capabilities"] == {
        "docsis_supported": True,
        "speedtest_configured": False,
        "bqm_configured": False,
        "connection_monitor_configured": False,
        "demo_mode": False,
    }
    assert statuses(body) == {
        "signal": "missing",
        "speedtest": "optional",
        "latency": "optional",
        "events": "missing",
        "journal": "missing",
        "bnetz": "optional",
        "comparison": "optional",
        "review": "optional",
        "report": "missing",
    }
    assert body["summary"] == {
        "present": 0,
        "stale": 0,
        "missing": 4,
        "optional": 5,
        "not_applicable": 0,
        "unavailable": 0,
    }
    assert all(entry["count"] == 0 and entry["last_ts"] is None for entry in body["items"])


async def test_stored_evidence_is_present_then_stale(open_server: RunningServer) -> None:
    """A snapshot, an event and a journal entry in the window are present; a window ending
    more than two hours after the newest snapshot makes the signal stale."""
    await store(open_server, T0, good_line())
    await store(open_server, T0 - 900, good_line())
    await add_event(open_server, T0 - 600)
    await add_entry(open_server, "2026-01-01")
    await add_entry(open_server, "2025-12-30")  # outside the window's dates
    _, body = await checklist(open_server, **around(T0, after=2 * HOUR))
    items = by_key(body)
    assert items["signal"]["status"] == "present"
    assert items["signal"]["count"] == 2
    assert items["signal"]["last_ts"] == iso_utc(T0)
    assert (items["events"]["status"], items["events"]["count"]) == ("present", 1)
    assert items["events"]["last_ts"] == iso_utc(T0 - 600)
    assert (items["journal"]["status"], items["journal"]["count"]) == ("present", 1)
    assert items["journal"]["last_ts"] == "2026-01-01T00:00:00Z"  # TZ unset: UTC midnight
    assert items["report"]["status"] == "present"
    _, later = await checklist(open_server, **around(T0, after=2 * HOUR + 1))
    assert by_key(later)["signal"]["status"] == "stale"
    assert later["summary"]["stale"] == 1


async def test_a_generic_router_and_configured_sources_without_reader(
    server_factory: ServerFactory,
) -> None:
    """modem_type generic: signal and events do not apply; a configured speed-test tracker
    and BQM that nothing here reads are unavailable."""
    env = {
        "MODEM_TYPE": "generic",
        "SPEEDTEST_TRACKER_URL": "http://192.0.2.10",
        "BQM_URL": "https://www.thinkbroadband.com/broadband/monitoring/quality/share/x.png",
    }
    async with server_factory(env) as server:
        status, body = await checklist(server, **around(T0))
    assert status == 200
    caps = body["capabilities"]
    assert not caps["docsis_supported"]
    assert caps["speedtest_configured"]
    assert caps["bqm_configured"]
    found = statuses(body)
    assert found["signal"] == found["events"] == "not_applicable"
    assert found["speedtest"] == "unavailable"
    latency = by_key(body)["latency"]
    assert latency["status"] == "missing"
    assert latency["sources"][1] == {
        "key": "bqm",
        "status": "unavailable",
        "count": 0,
        "last_ts": None,
    }
    assert body["summary"]["not_applicable"] == 2
    assert body["summary"]["unavailable"] == 1


async def test_an_incident_window_uses_its_local_days_and_its_entries(
    server_factory: ServerFactory,
) -> None:
    """The window runs from the local start of start_date to the local end of end_date; the
    journal item counts the entries assigned to the incident, not those on the same days."""
    async with server_factory({"TZ": "Europe/Berlin"}) as server:
        incident_id = await add_incident(server, "Evening drops", "2026-01-01", "2026-01-02")
        await add_entry(server, "2026-01-01", incident_id)
        await add_entry(server, "2026-01-02", incident_id)
        await add_entry(server, "2026-01-02")  # same day, not assigned
        await store(server, T0 + 40 * HOUR, good_line())  # 2026-01-02T16:00Z
        status, body = await checklist(server, incident_id=incident_id)
    assert status == 200
    assert body["window"] == {
        "kind": "incident",
        "incident_id": incident_id,
        "label": "Evening drops",
        "from": "2025-12-31T23:00:00Z",
        "to": "2026-01-02T22:59:59Z",
        "start_date": "2026-01-01",
        "end_date": "2026-01-02",
        "truncated": False,
    }
    items = by_key(body)
    assert (items["journal"]["status"], items["journal"]["count"]) == ("present", 2)
    assert items["journal"]["last_ts"] == "2026-01-01T23:00:00Z"  # local midnight of Jan 2
    # the newest snapshot is seven hours before the window's end
    assert (items["signal"]["status"], items["signal"]["count"]) == ("stale", 1)


async def test_an_open_incident_runs_until_now(open_server: RunningServer) -> None:
    """Without end_date the window ends now, not tonight (journal/windows.py's rule, shared
    with the timeline and the PDF)."""
    start_date = iso_utc(now_epoch() - 10 * 86400)[:10]
    incident_id = await add_incident(open_server, "Still bad", start_date, None)
    await store(open_server, now_epoch() - 60, good_line())
    before = now_epoch()
    status, body = await checklist(open_server, incident_id=incident_id)
    after = now_epoch()
    assert status == 200
    window = body["window"]
    assert before <= parse_timestamp(window["to"]) <= after
    assert window["end_date"] == iso_utc(parse_timestamp(window["to"]))[:10]
    assert (window["from"], window["truncated"]) == (start_date + "T00:00:00Z", False)
    assert by_key(body)["signal"]["status"] == "present"


async def test_a_long_incident_keeps_its_newest_90_days(open_server: RunningServer) -> None:
    """An incident of 200 days: the window is its last 90 days, marked truncated."""
    incident_id = await add_incident(open_server, "Long", "2025-01-01", "2025-07-19")
    status, body = await checklist(open_server, incident_id=incident_id)
    assert status == 200
    window = body["window"]
    assert (window["from"], window["to"]) == ("2025-04-21T00:00:00Z", "2025-07-19T23:59:59Z")
    assert (window["start_date"], window["end_date"], window["truncated"]) == (
        "2025-01-01",
        "2025-07-19",
        True,
    )


async def test_an_end_date_before_the_start_is_an_empty_window(
    open_server: RunningServer,
) -> None:
    """Dates in the wrong order (written past the API) are not quietly turned into one day:
    the window is empty, so nothing counts as present."""
    incident_id = await add_incident(open_server, "Reversed", "2026-01-02", "2026-01-01")
    await store(open_server, T0 + 30 * HOUR, good_line())  # 2026-01-02T06:00Z
    status, body = await checklist(open_server, incident_id=incident_id)
    assert status == 200
    assert parse_timestamp(body["window"]["to"]) < parse_timestamp(body["window"]["from"])
    assert by_key(body)["signal"]["count"] == 0


async def test_the_demo_has_signal_and_latency(demo_server: RunningServer) -> None:
    """On the demo the last hours hold snapshots and connection-monitor samples."""
    now = now_epoch()
    status, body = await checklist(
        demo_server, **{"from": iso_utc(now - 6 * HOUR), "to": iso_utc(now)}
    )
    assert status == 200
    assert body["capabilities"]["demo_mode"]
    assert body["capabilities"]["connection_monitor_configured"]
    items = by_key(body)
    assert items["signal"]["status"] == "present"
    assert 18 <= items["signal"]["count"] <= 26
    assert items["latency"]["status"] == "present"
    assert items["latency"]["sources"][0]["status"] == "present"
    assert items["latency"]["sources"][0]["count"] > 0
    assert items["report"]["status"] == "present"
    assert all(entry["demo"] for entry in body["items"])
