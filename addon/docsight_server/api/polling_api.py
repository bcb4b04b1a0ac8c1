"""POST /api/poll and GET /api/collectors/status."""

from __future__ import annotations

import asyncio

from aiohttp import web

from ..auth import Access
from ..collectors import NoCollectorError, PollBusyError, PollRateLimitedError
from ..config.defaults import MASK
from ..drivers.errors_kind import error_kind
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from .routing import RouteDef

TEST_TIMEOUT_SECONDS = 30.0
ERROR_CHARS = 200


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
    return json_bytes({"success": True, "analysis": analysis})


async def test_modem(request: web.Request) -> web.Response:
    """Log in to a modem with submitted settings and read its model (always 200)."""
    body = await read_json_object(request, allow_empty=True)
    settings = request.app[CONTEXT].settings
    password = str(body.get("modem_password") or "")
    if password == MASK:
        password = str(settings.get("modem_password") or "")
    key = str(body.get("modem_type") or "fritzbox")
    driver_class = request.app[CONTEXT].registries.drivers.get(key)
    if driver_class is None:
        return json_bytes(
            {
                "success": False,
                "error": f"Unknown modem type: {key}"[:ERROR_CHARS],
                "error_kind": "unknown_type",
            }
        )
    driver = driver_class(
        str(body.get("modem_url") or ""), str(body.get("modem_user") or ""), password
    )
    try:
        async with asyncio.timeout(TEST_TIMEOUT_SECONDS):
            await driver.login()
            info = await driver.get_device_info()
            await driver.finish_poll()
    except Exception as err:  # every failure is reported to the caller, never raised
        message = f"{type(err).__name__}: {err}"
        return json_bytes(
            {"success": False, "error": message[:ERROR_CHARS], "error_kind": error_kind(err)}
        )
    finally:
        await driver.close()
    return json_bytes({"success": True, "model": info.get("model") or "OK"})


async def collectors_status(request: web.Request) -> web.Response:
    """Return one status object per collector."""
    return web.json_response(request.app[CONTEXT].scheduler.status())


_TEST_MODEM_BODY = {
    "type": "object",
    "properties": {
        "modem_type": {"type": "string", "default": "fritzbox"},
        "modem_url": {"type": "string", "description": "Empty: the driver's default URL"},
        "modem_user": {"type": "string"},
        "modem_password": {"type": "string", "description": "The mask keeps the stored one"},
    },
}

ROUTES = [
    RouteDef(
        "POST",
        "/api/test-modem",
        test_modem,
        Access.AUTH,
        "Test a modem login with submitted settings",
        "polling",
        request_body=_TEST_MODEM_BODY,
        responses={200: "{success, model} or {success: false, error}", 400: "Bad JSON"},
    ),
    RouteDef(
        "POST",
        "/api/test-fritz",
        test_modem,
        Access.AUTH,
        "Deprecated alias of /api/test-modem",
        "polling",
        operation_id="test_fritz",
        request_body=_TEST_MODEM_BODY,
        responses={200: "{success, model} or {success: false, error}", 400: "Bad JSON"},
    ),
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
