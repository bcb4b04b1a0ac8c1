"""The event log: list (limit/offset or page/per_page), count, acknowledge, CSV export."""

from __future__ import annotations

import math
import time
from typing import Any

from aiohttp import web

from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import SUCCESS, Reply, error
from ...http.validation import MAX_QUERY_INT, Bool, Epoch, Fields, Int, OneOf, Spec, Str
from ...storage.event_repo import EventFilter
from ...timeutil import now_epoch
from ..events_csv import events_csv
from ..schemas import ACKNOWLEDGED_ALL, EVENT_COUNT, EVENTS_PAGE
from ..validation import Severities

DEFAULT_LIMIT = 200
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
EXPORT_LIMIT = 10_000
MAX_FILTER_CHARS = 200
ACKNOWLEDGED_KIND = "events_acknowledged"
ACKNOWLEDGED_WORDS = {"0": False, "1": True}


def _acknowledged(query: dict[str, Any]) -> bool | None:
    value = query.get("acknowledged")
    if value is None:
        return None
    return ACKNOWLEDGED_WORDS[value]


def list_filter(query: dict[str, Any]) -> EventFilter:
    """Return the filter of /api/events and its CSV export from the validated query."""
    return EventFilter(
        severity=query.get("severity"),
        event_type=query.get("event_type"),
        event_prefix=query.get("event_prefix"),
        acknowledged=_acknowledged(query),
        exclude_operational=query["exclude_operational"],
    )


def unacknowledged_filter(query: dict[str, Any]) -> EventFilter:
    """Return the filter of the list's unacknowledged_count (prefix, severity, operational)."""
    return EventFilter(
        severity=query.get("severity"),
        event_prefix=query.get("event_prefix"),
        acknowledged=False,
        exclude_operational=query["exclude_operational"],
    )


def count_filter(query: dict[str, Any]) -> EventFilter:
    """Return the filter of /api/events/count (open events unless acknowledged=1)."""
    since: float | None = query.get("since")
    return EventFilter(
        severity=query.get("severity"),
        event_prefix=query.get("event_prefix"),
        acknowledged=ACKNOWLEDGED_WORDS[query.get("acknowledged", "0")],
        exclude_operational=query["exclude_operational"],
        start=None if since is None else math.ceil(since),
    )


def _wants_pages(query: dict[str, Any]) -> bool:
    paged = "page" in query or "per_page" in query
    if paged and ("limit" in query or "offset" in query):
        raise ApiError(400, "Use either page/per_page or limit/offset, not both")
    return paged


async def list_events(request: web.Request) -> web.Response:
    """Return matching events newest first with the unacknowledged count."""
    store = request.app[CONTEXT].events
    query = inputs(request).query
    event_filter = list_filter(query)
    extra: dict[str, Any] = {}
    if _wants_pages(query):
        page = query.get("page", 1)
        per_page = query.get("per_page", DEFAULT_PER_PAGE)
        limit, offset = per_page, (page - 1) * per_page
        extra = {"page": page, "per_page": per_page, "total": await store.count(event_filter)}
    else:
        limit = query.get("limit", DEFAULT_LIMIT)
        offset = query.get("offset", 0)
    found = await store.list(event_filter, limit, offset)
    unacknowledged = await store.count(unacknowledged_filter(query))
    return json_bytes({"events": found, "unacknowledged_count": unacknowledged, **extra})


async def count_events(request: web.Request) -> web.Response:
    """Return how many events are unacknowledged (or acknowledged) under the count filters."""
    query = inputs(request).query
    count = await request.app[CONTEXT].events.count(count_filter(query))
    return json_bytes({"count": count})


async def acknowledge_event(request: web.Request) -> web.Response:
    """Acknowledge one event by id."""
    event_id = inputs(request).path["event_id"]
    context = request.app[CONTEXT]
    if not await context.events.acknowledge(event_id):
        raise ApiError(404, "Not found")
    context.hub.publish(ACKNOWLEDGED_KIND, {"ids": [event_id]})
    return json_bytes({"success": True})


async def acknowledge_all(request: web.Request) -> web.Response:
    """Acknowledge every unacknowledged event."""
    context = request.app[CONTEXT]
    count = await context.events.acknowledge_all()
    if count:
        context.hub.publish(ACKNOWLEDGED_KIND, {"all": True, "count": count})
    return json_bytes({"success": True, "count": count})


async def export_events(request: web.Request) -> web.Response:
    """Return matching events as a CSV download (at most EXPORT_LIMIT rows, newest first)."""
    event_filter = list_filter(inputs(request).query)
    found = await request.app[CONTEXT].events.export_rows(event_filter, EXPORT_LIMIT + 1)
    truncated = len(found) > EXPORT_LIMIT
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime(now_epoch()))
    return web.Response(
        text=events_csv(found[:EXPORT_LIMIT]),
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": f"attachment; filename=docsight-events-{stamp}.csv",
            "X-DOCSight-Export-Limit": str(EXPORT_LIMIT),
            "X-DOCSight-Export-Truncated": "true" if truncated else "false",
        },
    )


def _count(minimum: int, maximum: int, description: str = "") -> Spec:
    return Spec(Int(minimum=minimum, maximum=maximum, from_text=True), description=description)


_FILTER_SPECS = {
    "severity": Spec(Str(max_length=MAX_FILTER_CHARS), description="info, warning or critical"),
    "event_type": Spec(Str(max_length=MAX_FILTER_CHARS), description="Exact event type"),
    "event_prefix": Spec(
        Str(max_length=MAX_FILTER_CHARS), description="Event types starting with this text"
    ),
    "acknowledged": Spec(
        OneOf(tuple(ACKNOWLEDGED_WORDS), "Invalid acknowledged filter"),
        description="1: acknowledged only, 0: open only",
    ),
    "exclude_operational": Spec(
        Bool(from_text=True),
        default=False,
        description="true/1/yes drops monitoring_started and monitoring_stopped",
    ),
}
FILTER_QUERY = Fields(_FILTER_SPECS, ignore_unknown=True)
COUNT_QUERY = Fields(
    {
        "since": Spec(
            Epoch(from_text=True), description="Only events at or after this time (epoch seconds)"
        ),
        "severity": Spec(
            Severities(), description="info, warning or critical; several separated by commas"
        ),
        "event_prefix": _FILTER_SPECS["event_prefix"],
        "acknowledged": Spec(
            OneOf(tuple(ACKNOWLEDGED_WORDS), "Invalid acknowledged filter"),
            description="0 (default): open events, 1: acknowledged ones",
        ),
        "exclude_operational": _FILTER_SPECS["exclude_operational"],
    },
    ignore_unknown=True,
)
LIST_QUERY = Fields(
    {
        "limit": _count(
            0, MAX_QUERY_INT, f"Upstream paging (with offset); default {DEFAULT_LIMIT}"
        ),
        "offset": _count(0, MAX_QUERY_INT, "Default 0"),
        "page": _count(1, MAX_QUERY_INT, "Page paging: the answer adds page, per_page and total"),
        "per_page": _count(1, MAX_PER_PAGE, f"Default {DEFAULT_PER_PAGE}"),
        **_FILTER_SPECS,
    },
    ignore_unknown=True,
)
CSV_HEADERS = {
    "Content-Disposition": "attachment; filename=docsight-events-<UTC time>.csv",
    "X-DOCSight-Export-Limit": f"The row limit ({EXPORT_LIMIT})",
    "X-DOCSight-Export-Truncated": "true when more events matched than the limit",
}

ROUTES = (
    RouteDef(
        "GET",
        "/api/events",
        list_events,
        Access.AUTH,
        "Event log, newest first, with the unacknowledged count",
        "events",
        query=LIST_QUERY,
        responses={
            200: Reply(
                "Events (timestamps UTC with Z); unacknowledged_count honours severity, "
                "event_prefix and exclude_operational only",
                EVENTS_PAGE,
            ),
            400: error("A bad number, a bad acknowledged filter, or both paging styles at once"),
        },
    ),
    RouteDef(
        "GET",
        "/api/events/count",
        count_events,
        Access.AUTH,
        "Count of unacknowledged events (or acknowledged ones), optionally since a time",
        "events",
        query=COUNT_QUERY,
        responses={
            200: Reply("The count", EVENT_COUNT),
            400: error("A bad since, severity or acknowledged filter"),
        },
    ),
    RouteDef(
        "GET",
        "/api/events/export.csv",
        export_events,
        Access.AUTH,
        f"Events as CSV (at most {EXPORT_LIMIT} rows; X-DOCSight-Export-Truncated tells)",
        "events",
        query=FILTER_QUERY,
        responses={
            200: Reply("CSV download", {"type": "string"}, "text/csv", CSV_HEADERS),
            400: error("Bad acknowledged filter"),
        },
    ),
    RouteDef(
        "POST",
        r"/api/events/{event_id:\d+}/acknowledge",
        acknowledge_event,
        Access.AUTH,
        "Acknowledge one event",
        "events",
        responses={
            200: Reply("Acknowledged", SUCCESS),
            404: error("No such event (a non-numeric id is also a 404)"),
        },
    ),
    RouteDef(
        "POST",
        "/api/events/acknowledge-all",
        acknowledge_all,
        Access.AUTH,
        "Acknowledge every event",
        "events",
        responses={200: Reply("Acknowledged; count says how many changed", ACKNOWLEDGED_ALL)},
    ),
)
