"""GET /api/evidence/checklist: which kinds of evidence a window (or an incident) has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ..api.route_group import RouteGroup
from ..api.routing import inputs
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..http.schema import Reply, error
from ..http.validation import FieldError
from ..timeutil import now_epoch
from . import repository
from .checklist import build_items, summarize
from .gather import capabilities, gather
from .schemas import CHECKLIST
from .validation import CHECKLIST_QUERY, checklist_form
from .window import Window, incident_window, range_window

if TYPE_CHECKING:
    from ..context import ServerContext

route = RouteGroup("/api/evidence", "evidence").route


async def _incident_window(context: ServerContext, incident_id: int) -> Window:
    """Return the incident's window: 404 for no such incident, 400 without a start date."""
    async with context.database.read() as connection:
        row = await repository.incident(connection, incident_id)
    if row is None:
        raise ApiError(404, "Incident not found")
    if not row.start_date:
        raise ApiError(400, "The incident has no start_date, so it has no window")
    try:
        return incident_window(
            row.id, row.name, row.start_date, row.end_date, now_epoch(), context.local_zone()
        )
    except ValueError as err:
        raise ApiError(400, str(err)) from err


async def get_evidence_checklist(request: web.Request) -> web.Response:
    """Return the window, capabilities, status counts and the checklist items."""
    try:
        form = checklist_form(inputs(request).query)
    except FieldError as err:
        raise ApiError(err.status, err.message) from err
    context = request.app[CONTEXT]
    if isinstance(form, int):
        window, incident_id = await _incident_window(context, form), form
    else:
        window, incident_id = range_window(*form, context.local_zone()), None
    evidence = await gather(context, window, incident_id)
    caps = capabilities(context)
    items = build_items(evidence, caps, min(window.end, now_epoch()))
    return json_bytes(
        {
            "window": window.described,
            "capabilities": caps.json(),
            "summary": summarize(items),
            "items": items,
        }
    )


ROUTES = (
    route(
        "GET",
        "/checklist",
        get_evidence_checklist,
        "Evidence checklist for an incident (incident_id) or a window (from and to): per kind "
        "of evidence (signal, speedtest, latency, events, journal, bnetz, comparison, review, "
        "report) whether it is present, stale, missing, optional, not_applicable or "
        "unavailable (configured, but this add-on cannot read it yet). Stale: the newest "
        "snapshot is more than 2 h (speed tests, latency: 4 h) before the window's end or now",
        {
            200: Reply("The checklist", CHECKLIST),
            400: error(
                "Neither or both forms, from without to, from after to, a bad time or id, or "
                "an incident without a start date"
            ),
            404: error("No such incident"),
        },
        query=CHECKLIST_QUERY,
    ),
)
