"""Journal entries over the real server: CRUD, validation, filters, batch delete, unassign."""

from __future__ import annotations

import pytest

from ..harness import RunningServer
from .support import new_entry, new_incident


async def test_empty_journal(open_server: RunningServer) -> None:
    """A new server lists no entries and no incidents."""
    assert (await open_server.request("GET", "/api/journal"))[:2] == (200, [])
    assert (await open_server.request("GET", "/api/incidents"))[:2] == (200, [])


async def test_create_read_update_delete(open_server: RunningServer) -> None:
    """An entry is stored as sent (stripped), changed field by field, and deleted."""
    incident = await new_incident(open_server)
    entry_id = await new_entry(
        open_server,
        date="2025-02-28",
        title="  Internet dropped  ",
        description="During the call",
        icon="📞",
        incident_id=incident,
    )
    status, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert status == 200
    assert entry["title"] == "Internet dropped"
    assert (entry["date"], entry["icon"], entry["incident_id"]) == ("2025-02-28", "📞", incident)
    assert entry["attachments"] == []
    assert entry["attachment_count"] == 0
    assert entry["created_at"].endswith("Z")
    assert entry["updated_at"].endswith("Z")

    status, body, _ = await open_server.request(
        "PUT", f"/api/journal/{entry_id}", json={"title": "Dropped twice", "incident_id": None}
    )
    assert (status, body) == (200, {"success": True})
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert (entry["title"], entry["description"], entry["incident_id"]) == (
        "Dropped twice",
        "During the call",
        None,
    )

    status, body, _ = await open_server.request("DELETE", f"/api/journal/{entry_id}")
    assert (status, body) == (200, {"success": True})
    status, body, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert status == 404
    assert body["error"] == "Journal entry not found"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "x"}, "date is required"),
        ({"date": "2025-02-30", "title": "x"}, "date must be a valid calendar date"),
        ({"date": "01.03.2025", "title": "x"}, "date must be YYYY-MM-DD"),
        ({"date": "1899-12-31", "title": "x"}, "date must be a date from 1900-01-01"),
        ({"date": "2025-03-01", "title": "   "}, "title is required"),
        ({"date": "2025-03-01", "title": "x" * 201}, "title must be at most 200 characters"),
        (
            {"date": "2025-03-01", "title": "x", "description": "d" * 10_001},
            "description must be at most 10000 characters",
        ),
        ({"date": "2025-03-01", "title": "x", "icon": "i" * 33}, "icon must be at most 32"),
        ({"date": "2025-03-01", "title": "x\u0000"}, "title must not contain NUL"),
        ({"date": "2025-03-01", "title": "x", "incident_id": 99}, "incident_id 99 names no"),
        ({"date": "2025-03-01", "title": "x", "incident_id": "1"}, "incident_id must be an"),
        ({"date": "2025-03-01", "title": "x", "colour": "red"}, "Unknown field(s): colour"),
    ],
)
async def test_bad_entries_are_refused(
    open_server: RunningServer, body: dict[str, object], message: str
) -> None:
    """Each invalid field gets a 400 that names it, and nothing is stored."""
    status, answer, _ = await open_server.request("POST", "/api/journal", json=body)
    assert status == 400
    assert message in answer["error"]
    assert (await open_server.request("GET", "/api/journal"))[1] == []


async def test_update_and_delete_refusals(open_server: RunningServer) -> None:
    """Unknown ids are 404; an empty or invalid change is 400 and changes nothing."""
    entry_id = await new_entry(open_server, title="Kept")
    for method in ("GET", "PUT", "DELETE"):
        status, body, _ = await open_server.request(
            method, "/api/journal/999", json={"title": "x"} if method == "PUT" else None
        )
        assert (status, body["error"]) == (404, "Journal entry not found")
    status, body, _ = await open_server.request("PUT", f"/api/journal/{entry_id}", json={})
    assert status == 400
    assert body["error"].startswith("Nothing to change")
    status, body, _ = await open_server.request(
        "PUT", f"/api/journal/{entry_id}", json={"date": "2025-13-01"}
    )
    assert status == 400
    _, entry, _ = await open_server.request("GET", f"/api/journal/{entry_id}")
    assert (entry["title"], entry["date"]) == ("Kept", "2025-03-01")


async def test_list_order_paging_search_and_incident_filter(open_server: RunningServer) -> None:
    """Date desc then id desc; limit/offset page; search spans title and description in any
    case; incident_id filters, 0 meaning "in no incident"."""
    incident = await new_incident(open_server)
    first = await new_entry(open_server, date="2025-01-10", title="Modem reboot")
    second = await new_entry(
        open_server, date="2025-01-12", title="Slow", description="Speed TEST 20 Mbit"
    )
    third = await new_entry(
        open_server, date="2025-01-10", title="Technician", incident_id=incident
    )
    _, listed, _ = await open_server.request("GET", "/api/journal")
    assert [entry["id"] for entry in listed] == [second, third, first]
    _, page, _ = await open_server.request("GET", "/api/journal?limit=1&offset=1")
    assert [entry["id"] for entry in page] == [third]
    _, found, _ = await open_server.request("GET", "/api/journal?search=speed%20test")
    assert [entry["id"] for entry in found] == [second]
    _, found, _ = await open_server.request("GET", "/api/journal?search=100%25")
    assert found == []  # % is a literal character, not a wildcard
    _, found, _ = await open_server.request("GET", f"/api/journal?incident_id={incident}")
    assert [entry["id"] for entry in found] == [third]
    _, found, _ = await open_server.request("GET", "/api/journal?incident_id=0")
    assert [entry["id"] for entry in found] == [second, first]


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=1001", "offset=-1", "incident_id=x", "limit=abc"]
)
async def test_bad_list_parameters(open_server: RunningServer, query: str) -> None:
    """Out-of-range paging and filters are a 400 naming the parameter."""
    status, body, _ = await open_server.request("GET", f"/api/journal?{query}")
    assert status == 400
    assert body["error"].startswith(query.split("=")[0])


async def test_batch_delete(open_server: RunningServer) -> None:
    """Listed ids go (unknown ones are not counted); all needs the confirmation word."""
    ids = [await new_entry(open_server, title=f"Entry {n}") for n in range(4)]
    status, body, _ = await open_server.request(
        "DELETE", "/api/journal/batch", json={"ids": [ids[0], ids[1], 999]}
    )
    assert (status, body) == (200, {"deleted": 2})
    for bad, message in (
        ({}, "ids is required"),
        ({"all": True}, "confirm"),
        ({"all": True, "confirm": "yes"}, "confirm"),
        ({"all": True, "confirm": "DELETE_ALL", "ids": [1]}, "either ids or all"),
        ({"ids": []}, "ids must be a non-empty list"),
        ({"ids": [0]}, "ids must hold ids"),
    ):
        status, body, _ = await open_server.request("DELETE", "/api/journal/batch", json=bad)
        assert status == 400, bad
        assert message in body["error"]
    _, listed, _ = await open_server.request("GET", "/api/journal")
    assert len(listed) == 2
    status, body, _ = await open_server.request(
        "DELETE", "/api/journal/batch", json={"all": True, "confirm": "DELETE_ALL"}
    )
    assert (status, body) == (200, {"deleted": 2})
    assert (await open_server.request("GET", "/api/journal"))[1] == []


async def test_unassign(open_server: RunningServer) -> None:
    """Unassign counts the entries that were in an incident."""
    incident = await new_incident(open_server)
    inside = await new_entry(open_server, incident_id=incident)
    outside = await new_entry(open_server)
    status, body, _ = await open_server.request(
        "POST", "/api/journal/unassign", json={"entry_ids": [inside, outside, 12345]}
    )
    assert (status, body) == (200, {"updated": 1})
    _, entry, _ = await open_server.request("GET", f"/api/journal/{inside}")
    assert entry["incident_id"] is None
    status, body, _ = await open_server.request("POST", "/api/journal/unassign", json={})
    assert (status, body["error"]) == (400, "entry_ids is required")


async def test_routes_need_credentials(password_server: RunningServer) -> None:
    """Every journal and incident route answers 401 without a credential."""
    for method, path in (
        ("GET", "/api/journal"),
        ("POST", "/api/journal"),
        ("GET", "/api/journal/1"),
        ("DELETE", "/api/journal/batch"),
        ("POST", "/api/journal/1/attachments"),
        ("GET", "/api/attachments/1"),
        ("GET", "/api/journal/export"),
        ("POST", "/api/journal/import/preview"),
        ("POST", "/api/journal/import/confirm"),
        ("GET", "/api/incidents"),
        ("GET", "/api/incidents/1/timeline"),
        ("POST", "/api/incidents/1/assign"),
    ):
        status, _, _ = await password_server.request(method, path)
        assert status == 401, (method, path)
