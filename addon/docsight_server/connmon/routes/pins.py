"""Routes for pinned days (their raw samples outlive retention)."""

from __future__ import annotations

from datetime import date, datetime

from aiohttp import web

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import Reply, error, ok
from ...http.validation import Day
from ...timeutil import now_epoch
from .. import schemas
from ..validation import PIN
from .common import context_of, route, store_of


def _day_to_pin(request: web.Request) -> date:
    """Return the local day a pin body names (date xor timestamp); 400 for a future day."""
    body = inputs(request).body
    zone = context_of(request).local_zone()
    if ("date" in body) == ("timestamp" in body):
        raise ApiError(400, "Give either date (YYYY-MM-DD) or timestamp (epoch seconds)")
    day: date = (
        body["date"] if "date" in body else datetime.fromtimestamp(body["timestamp"], zone).date()
    )
    if day > datetime.fromtimestamp(now_epoch(), zone).date():
        raise ApiError(400, "Future dates cannot be pinned")
    return day


async def list_pinned_days(request: web.Request) -> web.Response:
    """Return the pinned days (kept beyond retention)."""
    return json_bytes(await store_of(request).pins.all())


async def pin_day(request: web.Request) -> web.Response:
    """Pin a day so its raw samples survive retention."""
    day = _day_to_pin(request)
    # upstream answers 201 whether or not the day was pinned already; the first label stays
    await store_of(request).pins.pin(day, inputs(request).body.get("label", ""))
    return json_bytes({"ok": True}, 201)


async def unpin_day(request: web.Request) -> web.Response:
    """Unpin a day."""
    if not await store_of(request).pins.unpin(inputs(request).path["day"]):
        raise ApiError(404, "Day is not pinned")
    return json_bytes({"ok": True})


ROUTES = (
    route(
        "GET",
        "/pinned-days",
        list_pinned_days,
        "Pinned days (their raw samples are kept)",
        {200: Reply("Pinned days, newest first", schemas.PINNED_DAYS)},
    ),
    route(
        "POST",
        "/pinned-days",
        pin_day,
        "Pin a day (date or timestamp; not in the future)",
        {
            201: ok("Pinned (also when it was pinned already; the first label stays)"),
            400: error("Bad or future date"),
        },
        body=PIN,
    ),
    route(
        "DELETE",
        "/pinned-days/{day}",
        unpin_day,
        "Unpin a day",
        {200: ok(), 400: error("Bad date"), 404: error("Not pinned")},
        path_params={"day": Day()},
    ),
)
