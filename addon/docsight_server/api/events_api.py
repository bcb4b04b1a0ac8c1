"""The event log: list (limit/offset or page/per_page), count, acknowledge, CSV export."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import orjson
from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.params import bool_param, int_param
from ..http.responses import json_bytes
from ..storage.event_repo import EventFilter
from ..timeutil import now_epoch
from .routing import QueryParam, RouteDef

DEFAULT_LIMIT = 200
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
EXPORT_LIMIT = 10_000
MAX_QUERY_INT = 2**31 - 1
MAX_EVENT_ID = 2**63 - 1
EXPORT_COLUMNS = ("timestamp", "severity", "event_type", "message", "acknowledged", "details")
# Spreadsheet programs treat cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ACKNOWLEDGED_KIND = "events_acknowledged"


def _number(request: web.Request, name: str, default: int, minimum: int, maximum: int) -> int:
    value = int_param(request, name, default, minimum=minimum, maximum=maximum)
    return default if value is None else value


def _text(request: web.Request, name: str) -> str | None:
    value = request.query.get(name, "").strip()
    return value or None


def _acknowledged(request: web.Request) -> bool | None:
    raw = request.query.get("acknowledged", "").strip()
    if not raw:
        return None
    if raw not in ("0", "1"):
        raise ApiError(400, "Invalid acknowledged filter")
    return raw == "1"


def list_filter(request: web.Request) -> EventFilter:
    """Return the filter of /api/events and its CSV export from the query."""
    return EventFilter(
        severity=_text(request, "severity"),
        event_type=_text(request, "event_type"),
        event_prefix=_text(request, "event_prefix"),
        acknowledged=_acknowledged(request),
        exclude_operational=bool_param(request, "exclude_operational"),
    )


def unacknowledged_filter(request: web.Request) -> EventFilter:
    """Return the filter of the unacknowledged counter (prefix, severity, operational only)."""
    return EventFilter(
        severity=_text(request, "severity"),
        event_prefix=_text(request, "event_prefix"),
        acknowledged=False,
        exclude_operational=bool_param(request, "exclude_operational"),
    )


def _wants_pages(request: web.Request) -> bool:
    paged = any(request.query.get(name, "") != "" for name in ("page", "per_page"))
    if paged and any(request.query.get(name, "") != "" for name in ("limit", "offset")):
        raise ApiError(400, "Use either page/per_page or limit/offset, not both")
    return paged


async def list_events(request: web.Request) -> web.Response:
    """Return matching events newest first with the unacknowledged count."""
    store = request.app[CONTEXT].events
    event_filter = list_filter(request)
    extra: dict[str, Any] = {}
    if _wants_pages(request):
        page = _number(request, "page", 1, 1, MAX_QUERY_INT)
        per_page = _number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
        limit, offset = per_page, (page - 1) * per_page
        extra = {"page": page, "per_page": per_page, "total": await store.count(event_filter)}
    else:
        limit = _number(request, "limit", DEFAULT_LIMIT, 0, MAX_QUERY_INT)
        offset = _number(request, "offset", 0, 0, MAX_QUERY_INT)
    found = await store.list(event_filter, limit, offset)
    unacknowledged = await store.count(unacknowledged_filter(request))
    return json_bytes({"events": found, "unacknowledged_count": unacknowledged, **extra})


async def count_events(request: web.Request) -> web.Response:
    """Return how many events are unacknowledged (prefix, severity, operational filters)."""
    count = await request.app[CONTEXT].events.count(unacknowledged_filter(request))
    return json_bytes({"count": count})


async def acknowledge_event(request: web.Request) -> web.Response:
    """Acknowledge one event by id."""
    event_id = int(request.match_info["event_id"])
    context = request.app[CONTEXT]
    if event_id > MAX_EVENT_ID or not await context.events.acknowledge(event_id):
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


def safe_cell(value: str) -> str:
    """Return a CSV cell that spreadsheets will not evaluate as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def events_csv(rows: list[dict[str, Any]]) -> str:
    """Return the CSV text of API-shaped events."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for event in rows:
        details = event["details"]
        writer.writerow(
            [
                event["timestamp"],
                safe_cell(event["severity"]),
                safe_cell(event["event_type"]),
                safe_cell(event["message"]),
                "true" if event["acknowledged"] else "false",
                "" if details is None else safe_cell(orjson.dumps(details).decode()),
            ]
        )
    return buffer.getvalue()


async def export_events(request: web.Request) -> web.Response:
    """Return matching events as a CSV download (at most EXPORT_LIMIT rows, newest first)."""
    found = await request.app[CONTEXT].events.list(list_filter(request), EXPORT_LIMIT + 1)
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


_FILTERS = (
    QueryParam("severity", {"type": "string"}, "info, warning or critical"),
    QueryParam("event_type", {"type": "string"}, "Exact event type"),
    QueryParam("event_prefix", {"type": "string"}, "Event types starting with this text"),
    QueryParam("acknowledged", {"type": "string", "enum": ["0", "1"]}, "Else 400"),
    QueryParam(
        "exclude_operational",
        {"type": "boolean"},
        "true/1/yes drops monitoring_started and monitoring_stopped",
    ),
)
_COUNT_FILTERS = (_FILTERS[0], _FILTERS[2], _FILTERS[4])

ROUTES = [
    RouteDef(
        "GET",
        "/api/events",
        list_events,
        Access.AUTH,
        "Event log, newest first, with the unacknowledged count",
        "events",
        query=(
            QueryParam(
                "limit",
                {"type": "integer", "minimum": 0, "default": DEFAULT_LIMIT},
                "Upstream paging (with offset)",
            ),
            QueryParam("offset", {"type": "integer", "minimum": 0, "default": 0}),
            QueryParam(
                "page",
                {"type": "integer", "minimum": 1},
                "Page paging: the answer adds page, per_page and total",
            ),
            QueryParam(
                "per_page",
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PER_PAGE,
                    "default": DEFAULT_PER_PAGE,
                },
            ),
            *_FILTERS,
        ),
        responses={
            200: "Events (timestamps UTC with Z); unacknowledged_count honours severity, "
            "event_prefix and exclude_operational only",
            400: "A bad number, a bad acknowledged filter, or both paging styles at once",
        },
    ),
    RouteDef(
        "GET",
        "/api/events/count",
        count_events,
        Access.AUTH,
        "Count of unacknowledged events",
        "events",
        query=_COUNT_FILTERS,
    ),
    RouteDef(
        "GET",
        "/api/events/export.csv",
        export_events,
        Access.AUTH,
        f"Events as CSV (at most {EXPORT_LIMIT} rows; X-DOCSight-Export-Truncated tells)",
        "events",
        query=_FILTERS,
        responses={200: "CSV download", 400: "Bad acknowledged filter"},
        response_type="text/csv",
    ),
    RouteDef(
        "POST",
        r"/api/events/{event_id:\d+}/acknowledge",
        acknowledge_event,
        Access.AUTH,
        "Acknowledge one event",
        "events",
        responses={200: "Acknowledged", 404: "No such event (a non-numeric id is also a 404)"},
    ),
    RouteDef(
        "POST",
        "/api/events/acknowledge-all",
        acknowledge_all,
        Access.AUTH,
        "Acknowledge every event",
        "events",
        responses={200: "Acknowledged; count says how many changed"},
    ),
]
