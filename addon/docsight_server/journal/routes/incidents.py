"""Incidents: list, create, read, change, delete, assign entries, and the timeline."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import SUCCESS, Reply, error
from ...http.validation import FieldError
from ...timeutil import iso_utc, now_epoch
from ..repository import incidents as store
from ..repository.entries import entries_of_incident, missing_entries, set_incident
from ..schemas import CREATED, INCIDENT, INCIDENTS, TIMELINE, UPDATED
from ..validation import (
    ENTRY_IDS,
    INCIDENT_CHANGES,
    INCIDENT_ID,
    INCIDENT_QUERY,
    NEW_INCIDENT,
    check_dates,
)
from ..windows import MAX_INCIDENT_DAYS, incident_window
from .common import BAD_INPUT, NO_INCIDENT, context_of, path_id, route

_INCIDENT = r"/incidents/{incident_id:\d+}"
_INCIDENT_ID = {"incident_id": INCIDENT_ID}


def _dates_checked(start_date: str | None, end_date: str | None) -> None:
    try:
        check_dates(start_date, end_date)
    except FieldError as err:
        raise ApiError(400, err.message) from err


async def list_incidents(request: web.Request) -> web.Response:
    """Return the incidents, newest first, with their entry counts."""
    async with context_of(request).database.read() as connection:
        found = await store.list_incidents(connection, inputs(request).query.get("status"))
    return json_bytes(found)


async def create_incident(request: web.Request) -> web.Response:
    """Store a new incident; 201 with its id."""
    body = inputs(request).body
    _dates_checked(body.get("start_date"), body.get("end_date"))
    async with context_of(request).database.transaction() as connection:
        incident_id = await store.insert_incident(connection, body, now_epoch())
    return json_bytes({"id": incident_id}, status=201)


async def get_incident(request: web.Request) -> web.Response:
    """Return one incident with its entry count."""
    async with context_of(request).database.read() as connection:
        incident = await store.get_incident(connection, path_id(request, "incident_id"))
    if incident is None:
        raise ApiError(404, "Incident not found")
    return json_bytes(incident)


async def update_incident(request: web.Request) -> web.Response:
    """Change the fields given; the dates are checked together with the stored ones."""
    body = inputs(request).body
    incident_id = path_id(request, "incident_id")
    async with context_of(request).database.transaction() as connection:
        stored = await store.incident_dates(connection, incident_id)
        if stored is None:
            raise ApiError(404, "Incident not found")
        _dates_checked(body.get("start_date", stored[0]), body.get("end_date", stored[1]))
        await store.update_incident(connection, incident_id, body, now_epoch())
    return json_bytes({"success": True})


async def delete_incident(request: web.Request) -> web.Response:
    """Delete an incident; its entries stay, in no incident."""
    async with context_of(request).database.transaction() as connection:
        if not await store.delete_incident(connection, path_id(request, "incident_id")):
            raise ApiError(404, "Incident not found")
    return json_bytes({"success": True})


async def assign_entries(request: web.Request) -> web.Response:
    """Put entries into the incident; any unknown entry id refuses the whole request (400)."""
    entry_ids = inputs(request).body["entry_ids"]
    incident_id = path_id(request, "incident_id")
    async with context_of(request).database.transaction() as connection:
        if not await store.incident_exists(connection, incident_id):
            raise ApiError(404, "Incident not found")
        missing = await missing_entries(connection, entry_ids)
        if missing:
            shown = ", ".join(map(str, missing[:20])) + (" ..." if len(missing) > 20 else "")
            raise ApiError(400, f"No journal entry with id {shown}; nothing was assigned")
        updated = await set_incident(connection, entry_ids, incident_id, now_epoch())
    return json_bytes({"updated": updated})


async def _correlation(request: web.Request, start: int, end: int) -> list[dict[str, Any]]:
    """Return the rows of every registered correlation source in [start, end], oldest first."""
    context = context_of(request)
    sources = context.registries.correlation_sources.values()
    parts = await asyncio.gather(*(source(context, start, end) for source in sources))
    rows = [row for part in parts for row in part]
    rows.sort(key=lambda row: str(row["timestamp"]))
    return rows


async def incident_timeline(request: web.Request) -> web.Response:
    """Return the incident, its entries and the correlation rows over its local-date window."""
    incident_id = path_id(request, "incident_id")
    async with context_of(request).database.read() as connection:
        incident = await store.get_incident(connection, incident_id)
        if incident is None:
            raise ApiError(404, "Incident not found")
        entries = await entries_of_incident(connection, incident_id)
    timeline: list[dict[str, Any]] = []
    window = None
    if incident["start_date"]:
        zone = context_of(request).local_zone()
        start, end, truncated = incident_window(
            incident["start_date"], incident["end_date"], zone, now_epoch()
        )
        if start <= end:  # an open incident that starts in the future has nothing yet
            timeline = await _correlation(request, start, end)
        window = {"from": iso_utc(start), "to": iso_utc(end), "truncated": truncated}
    body = {
        "incident": incident,
        "entries": entries,
        "timeline": timeline,
        "bnetz": [],
        "window": window,
    }
    return json_bytes(body)


_BAD_DATES = error("Invalid field, or end_date before start_date or without one")

ROUTES = (
    route(
        "GET",
        "/incidents",
        list_incidents,
        "Incidents, newest first, with their entry counts",
        {200: Reply("The incidents", INCIDENTS), 400: BAD_INPUT},
        query=INCIDENT_QUERY,
    ),
    route(
        "POST",
        "/incidents",
        create_incident,
        "Add an incident (status open unless given)",
        {201: Reply("The new incident's id", CREATED), 400: _BAD_DATES},
        body=NEW_INCIDENT,
    ),
    route(
        "GET",
        _INCIDENT,
        get_incident,
        "One incident with its entry count",
        {200: Reply("The incident", INCIDENT), 404: NO_INCIDENT},
        path_params=_INCIDENT_ID,
    ),
    route(
        "PUT",
        _INCIDENT,
        update_incident,
        "Change an incident: the fields given change, the others stay",
        {200: Reply("Changed", SUCCESS), 400: _BAD_DATES, 404: NO_INCIDENT},
        body=INCIDENT_CHANGES,
        path_params=_INCIDENT_ID,
    ),
    route(
        "DELETE",
        _INCIDENT,
        delete_incident,
        "Delete an incident; its entries stay, in no incident",
        {200: Reply("Deleted", SUCCESS), 404: NO_INCIDENT},
        path_params=_INCIDENT_ID,
    ),
    route(
        "POST",
        _INCIDENT + "/assign",
        assign_entries,
        "Put entries into the incident (moving them from another); an unknown entry id "
        "refuses the request and nothing changes; updated counts the entries that moved",
        {
            200: Reply("How many entries changed", UPDATED),
            400: error("Invalid list, or ids that name no entry"),
            404: NO_INCIDENT,
        },
        body=ENTRY_IDS,
        path_params=_INCIDENT_ID,
    ),
    route(
        "GET",
        _INCIDENT + "/timeline",
        incident_timeline,
        "The incident, its entries (oldest first) and the correlation timeline (every "
        "source, as GET /api/correlation gives it) from start_date 00:00 to end_date 24:00 "
        f"local time (no end_date: until now), at most the newest {MAX_INCIDENT_DAYS} days "
        "(truncated true when cut). "
        "Without a start_date: timeline [] and window null. bnetz stays [] until the BNetzA "
        "feature exists",
        {200: Reply("Incident, entries, timeline and window", TIMELINE), 404: NO_INCIDENT},
        path_params=_INCIDENT_ID,
    ),
)
