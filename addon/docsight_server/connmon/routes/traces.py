"""Routes for traceroutes: run one now, list a target's, read one with its hops."""

from __future__ import annotations

from aiohttp import web

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import Reply, error
from .. import schemas
from ..trace import HostUnresolvedError, TraceUnavailableError
from ..validation import TRACES_QUERY
from .common import NO_TARGET, TARGET_ID, monitor_of, route, store_of, target_of, time_range


async def run_traceroute(request: web.Request) -> web.Response:
    """Trace the route to a target now, store it and return it."""
    target = await target_of(request)
    if not str(target.get("host") or "").strip():
        raise ApiError(400, "Target has no host")
    if target.get("is_demo"):
        raise ApiError(400, "Demo targets are not traced")
    try:
        trace_id = await monitor_of(request).trace_now(target)
    except HostUnresolvedError as err:
        raise ApiError(422, f"The target's host does not resolve: {err}") from err
    except TraceUnavailableError as err:
        raise ApiError(503, f"Traceroute is not available here: {err}") from err
    return json_bytes(await store_of(request).traces.get(trace_id))


async def list_traces(request: web.Request) -> web.Response:
    """Return a target's stored traceroutes, newest first."""
    target = await target_of(request)
    start, end = time_range(request)
    limit = inputs(request).query["limit"]
    return json_bytes(
        await store_of(request).traces.for_target(int(target["id"]), start, end, limit)
    )


async def get_trace(request: web.Request) -> web.Response:
    """Return one traceroute with its hops."""
    trace = await store_of(request).traces.get(inputs(request).path["trace_id"])
    if trace is None:
        raise ApiError(404, "Trace not found")
    return json_bytes(trace)


ROUTES = (
    route(
        "POST",
        f"/traceroute/{TARGET_ID}",
        run_traceroute,
        "Trace the route to a target now (stored with trigger_reason manual)",
        {
            200: Reply("The stored trace with hops", schemas.TRACE_WITH_HOPS),
            400: error("No host, or a demo target"),
            404: NO_TARGET,
            422: error("The target's host name does not resolve"),
            503: error("Traceroute is not available here (no raw ICMP socket)"),
        },
    ),
    route(
        "GET",
        f"/traces/{TARGET_ID}",
        list_traces,
        "A target's stored traceroutes, newest first",
        {200: Reply("Traces without hops, newest first", schemas.TRACES), 404: NO_TARGET},
        query=TRACES_QUERY,
    ),
    route(
        "GET",
        r"/trace/{trace_id:\d+}",
        get_trace,
        "One traceroute with its hops",
        {
            200: Reply("Trace with hops", schemas.TRACE_WITH_HOPS),
            404: error("No such trace"),
        },
    ),
)
