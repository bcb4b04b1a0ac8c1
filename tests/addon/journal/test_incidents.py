"""Incidents over the real server: CRUD, dates, assign/unassign and the timeline."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from ..conftest import ServerFactory
from ..harness import RunningServer
from .support import new_entry, new_incident


async def test_incident_crud_and_entry_counts(open_server: RunningServer) -> None:
    """Create, read, change (only the given fields), list newest first with counts, delete."""
    first = await new_incident(
        open_server, start_date="2025-01-05", end_date="2025-01-09", description="Evenings"
    )
    second = await new_incident(open_server, name="Slow speeds", status="escalated", icon="🐢")
    await new_entry(open_server, incident_id=first)
    await new_entry(open_server, incident_id=first)
    status, incident, _ = await open_server.request("GET", f"/api/incidents/{first}")
    assert status == 200
    assert (incident["status"], incident["entry_count"], incident["end_date"]) == (
        "open",
        2,
        "2025-01-09",
    )
    assert incident["created_at"].endswith("Z")
    status, body, _ = await open_server.request(
        "PUT", f"/api/incidents/{first}", json={"status": "resolved"}
    )
    assert (status, body) == (200, {"success": True})
    _, incident, _ = await open_server.request("GET", f"/api/incidents/{first}")
    assert (incident["status"], incident["description"]) == ("resolved", "Evenings")
    _, listed, _ = await open_server.request("GET", "/api/incidents")
    assert [item["id"] for item in listed] == [second, first]
    _, listed, _ = await open_server.request("GET", "/api/incidents?status=resolved")
    assert [item["id"] for item in listed] == [first]
    status, body, _ = await open_server.request("DELETE", f"/api/incidents/{second}")
    assert (status, body) == (200, {"success": True})
    for method in ("GET", "PUT", "DELETE"):
        status, body, _ = await open_server.request(
            method, f"/api/incidents/{second}", json={"name": "x"} if method == "PUT" else None
        )
        assert (status, body["error"]) == (404, "Incident not found")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "name is required"),
        ({"name": "  "}, "name is required"),
        ({"name": "x" * 201}, "name must be at most 200"),
        ({"name": "x", "description": "d" * 5001}, "description must be at most 5000"),
        ({"name": "x", "status": "closed"}, "status must be one of open, resolved, escalated"),
        ({"name": "x", "start_date": "2025-02-29"}, "start_date must be a valid calendar date"),
        (
            {"name": "x", "start_date": "2025-03-02", "end_date": "2025-03-01"},
            "end_date must not be before start_date",
        ),
        ({"name": "x", "end_date": "2025-03-01"}, "end_date needs a start_date"),
    ],
)
async def test_bad_incidents_are_refused(
    open_server: RunningServer, body: dict[str, object], message: str
) -> None:
    """Invalid fields and inconsistent dates are a 400 naming the problem."""
    status, answer, _ = await open_server.request("POST", "/api/incidents", json=body)
    assert status == 400
    assert message in answer["error"]
    assert (await open_server.request("GET", "/api/incidents"))[1] == []


async def test_changed_dates_are_checked_with_the_stored_ones(open_server: RunningServer) -> None:
    """An end_date before the stored start_date is refused; the incident stays as it was."""
    incident = await new_incident(open_server, start_date="2025-03-10")
    status, body, _ = await open_server.request(
        "PUT", f"/api/incidents/{incident}", json={"end_date": "2025-03-01"}
    )
    assert (status, body["error"]) == (400, "end_date must not be before start_date")
    status, body, _ = await open_server.request("GET", "/api/incidents?status=bogus")
    assert status == 400
    _, stored, _ = await open_server.request("GET", f"/api/incidents/{incident}")
    assert stored["end_date"] is None


async def test_assign_and_delete_unassigns(open_server: RunningServer) -> None:
    """Assign moves entries; an unknown entry id refuses all; deleting the incident keeps
    its entries, unassigned."""
    first = await new_incident(open_server)
    second = await new_incident(open_server, name="Other")
    entries = [await new_entry(open_server, title=f"E{n}") for n in range(3)]
    status, body, _ = await open_server.request(
        "POST", f"/api/incidents/{first}/assign", json={"entry_ids": entries[:2]}
    )
    assert (status, body) == (200, {"updated": 2})
    status, body, _ = await open_server.request(
        "POST", f"/api/incidents/{second}/assign", json={"entry_ids": [entries[2], 999]}
    )
    assert (status, body["error"]) == (400, "No journal entry with id 999; nothing was assigned")
    status, body, _ = await open_server.request(
        "POST", f"/api/incidents/{second}/assign", json={"entry_ids": [entries[1], entries[1]]}
    )
    assert (status, body) == (200, {"updated": 1})
    status, body, _ = await open_server.request(
        "POST", "/api/incidents/999/assign", json={"entry_ids": entries}
    )
    assert status == 404
    _, listed, _ = await open_server.request("GET", f"/api/journal?incident_id={first}")
    assert [entry["id"] for entry in listed] == [entries[0]]
    await open_server.request("DELETE", f"/api/incidents/{first}")
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entries[0]}")
    assert entry["incident_id"] is None
    _, listed, _ = await open_server.request("GET", "/api/journal")
    assert len(listed) == 3


async def test_timeline_without_start_date(open_server: RunningServer) -> None:
    """Without a start_date the timeline is empty and only the entries come."""
    incident = await new_incident(open_server)
    entry_id = await new_entry(open_server, incident_id=incident)
    status, body, _ = await open_server.request("GET", f"/api/incidents/{incident}/timeline")
    assert status == 200
    assert body["incident"]["id"] == incident
    assert [entry["id"] for entry in body["entries"]] == [entry_id]
    assert (body["timeline"], body["bnetz"], body["window"]) == ([], [], None)
    status, body, _ = await open_server.request("GET", "/api/incidents/999/timeline")
    assert (status, body["error"]) == (404, "Incident not found")


async def test_timeline_covers_the_local_dates(server_factory: ServerFactory) -> None:
    """The window runs from start_date 00:00 to end_date 24:00 in the configured zone, and
    the timeline holds the events inside it only."""
    zone = ZoneInfo("Europe/Berlin")
    async with server_factory({"TZ": "Europe/Berlin"}) as server:
        context = server.context
        start = int(datetime(2025, 1, 5, tzinfo=zone).timestamp())
        end = int(datetime(2025, 1, 7, tzinfo=zone).timestamp()) - 1
        async with context.database.transaction() as connection:
            for ts in (start - 1, start, end, end + 1):
                event = {"severity": "warning", "event_type": "x", "message": str(ts)}
                await context.events.add(connection, ts, [event])
        incident = await new_incident(server, start_date="2025-01-05", end_date="2025-01-06")
        _, body, _ = await server.request("GET", f"/api/incidents/{incident}/timeline")
    assert body["window"] == {
        "from": "2025-01-04T23:00:00Z",
        "to": "2025-01-06T22:59:59Z",
        "truncated": False,
    }
    events = [row for row in body["timeline"] if row["source"] == "event"]
    assert [row["message"] for row in events] == [str(start), str(end)]
