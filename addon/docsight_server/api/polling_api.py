"""POST /api/poll and GET /api/collectors/status."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..collectors import NoCollectorError, PollBusyError, PollRateLimitedError
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from .routing import RouteDef


async def poll(request: web.Request) -> web.Response:
    """Run the modem (or demo) collector now and return its analysis."""
    scheduler = request.app[CONTEXT].scheduler
    try:
        analysis = await scheduler.poll_now()
    except NoCollectorError as err:
        raise ApiError(503, "No modem collector is running", success=False) from err
    except PollBusyError as err:
        raise ApiError(429, "Poll already in progress", success=False) from err
    except PollRateLimitedError as err:
        raise ApiError(429, str(err), success=False, retry_after=err.retry_after) from err
    except Exception as err:  # the modem failing is a gateway problem, not ours
        raise ApiError(502, f"{type(err).__name__}: {err}"[:300], success=False) from err
    return web.json_response({"success": True, "analysis": analysis})


async def collectors_status(request: web.Request) -> web.Response:
    """Return one status object per collector."""
    return web.json_response(request.app[CONTEXT].scheduler.status())


ROUTES = [
    RouteDef(
        "POST",
        "/api/poll",
        poll,
        Access.AUTH,
        "Poll the modem now",
        "polling",
        responses={
            200: "Polled",
            429: "Busy, or less than 10 s since the last manual poll",
            502: "The modem failed",
            503: "No collector",
        },
    ),
    RouteDef(
        "GET",
        "/api/collectors/status",
        collectors_status,
        Access.AUTH,
        "Collector health and timing",
        "polling",
    ),
]
