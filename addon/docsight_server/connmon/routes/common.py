"""What every connection-monitor route shares: the prefix, the service and target lookups."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...api.route_group import RouteGroup
from ...api.routing import inputs
from ...context import ServerContext
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.schema import error
from ..keys import CONNECTION_MONITOR
from ..repository import ConnMonStore
from ..service import ConnectionMonitor

PREFIX = "/api/connection-monitor"
TAG = "connection-monitor"
TARGET_ID = r"{target_id:\d+}"
NO_TARGET = error("No such target")
#: Builds a connection-monitor route: signed in, below PREFIX, tagged TAG.
route = RouteGroup(PREFIX, TAG).route


def context_of(request: web.Request) -> ServerContext:
    """Return the server context."""
    return request.app[CONTEXT]


def monitor_of(request: web.Request) -> ConnectionMonitor:
    """Return the connection-monitor service."""
    return context_of(request).services[CONNECTION_MONITOR]


def store_of(request: web.Request) -> ConnMonStore:
    """Return the connection-monitor repository."""
    return monitor_of(request).store


async def target_of(request: web.Request) -> dict[str, Any]:
    """Return the target named by the path's target_id; 404 when there is none."""
    target = await store_of(request).targets.get(inputs(request).path["target_id"])
    if target is None:
        raise ApiError(404, "Target not found")
    return target


def time_range(request: web.Request) -> tuple[float | None, float | None]:
    """Return the validated start and end of the query; 400 when start is after end."""
    query = inputs(request).query
    start, end = query.get("start"), query.get("end")
    if start is not None and end is not None and start > end:
        raise ApiError(400, "start must not be after end")
    return start, end
