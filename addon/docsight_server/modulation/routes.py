"""Modulation routes: distribution over days, one day's timelines, the legacy trend."""

from __future__ import annotations

from aiohttp import web

from ..analysis.windows import WindowError
from ..api.route_group import RouteGroup
from ..api.routing import inputs
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..http.schema import Reply, error
from .keys import MODULATION_VIEWS
from .schemas import DISTRIBUTION_ANSWER, INTRADAY_ANSWER, TREND_ANSWER
from .service import ModulationViews
from .validation import INTRADAY_QUERY, WINDOW_QUERY

#: Builds a modulation route: signed in, below /api/modulation, tagged modulation.
route = RouteGroup("/api/modulation", "modulation").route


def _views(request: web.Request) -> ModulationViews:
    return request.app[CONTEXT].services[MODULATION_VIEWS]


async def get_distribution(request: web.Request) -> web.Response:
    """Return modulation shares, health index and low-QAM exposure per protocol group."""
    query = inputs(request).query
    return json_bytes(await _views(request).distribution(query["direction"], query["days"]))


async def get_intraday(request: web.Request) -> web.Response:
    """Return one local day's per-channel modulation timeline and degraded spells."""
    query = inputs(request).query
    try:
        body = await _views(request).intraday(query["direction"], query.get("date"))
    except WindowError as err:
        raise ApiError(400, str(err)) from err
    return json_bytes(body)


async def get_trend(request: web.Request) -> web.Response:
    """Return one row a local day: health index, low-QAM share, dominant modulation."""
    query = inputs(request).query
    return json_bytes(await _views(request).trend(query["direction"], query["days"]))


ROUTES = (
    route(
        "GET",
        "/distribution",
        get_distribution,
        "Modulation distribution, health index (0-100) and low-QAM share per DOCSIS version "
        "over the last days (grouped by local day), with capacity against the booked tariff",
        {
            200: Reply(
                "The polls of the last days x 24 h by local day (none: no groups). Shares add "
                "up to exactly 100.0; a tie for the dominant modulation goes to the higher QAM",
                DISTRIBUTION_ANSWER,
            ),
            400: error("days is not a whole number from 1 to 30"),
        },
        query=WINDOW_QUERY,
    ),
    route(
        "GET",
        "/intraday",
        get_intraday,
        "One local day channel by channel: modulation transitions (local HH:MM) and the "
        "spells at low QAM, with capacity against the booked tariff",
        {
            200: Reply(
                "The day's channels by DOCSIS version; an event's hours are its polls x the "
                "day's usual poll interval",
                INTRADAY_ANSWER,
            ),
            400: error("date is not a calendar date YYYY-MM-DD (or is 9999-12-31)"),
        },
        query=INTRADAY_QUERY,
    ),
    route(
        "GET",
        "/trend",
        get_trend,
        "Daily modulation trend (legacy): health index, low-QAM share, dominant modulation",
        {
            200: Reply("One row a local day with samples, oldest first", TREND_ANSWER),
            400: error("days is not a whole number from 1 to 30"),
        },
        query=WINDOW_QUERY,
    ),
)
