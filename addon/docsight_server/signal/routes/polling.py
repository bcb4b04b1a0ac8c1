"""POST /api/poll, POST /api/test-modem and GET /api/collectors/status."""

from __future__ import annotations

import asyncio

from aiohttp import web

from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...collectors import NoCollectorError, PollBusyError, PollRateLimitedError
from ...collectors.diagnosis import Diagnosis, diagnose, note_page
from ...config.schema import MASK
from ...drivers import UnexpectedPageError
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import Reply, error
from ...http.validation import Fields, Spec, Str
from ..schemas import COLLECTORS_STATUS, MODEM_TEST, POLLED

TEST_TIMEOUT_SECONDS = 30.0
ERROR_CHARS = 300
DEFAULT_MODEM_TYPE = "fritzbox"


async def poll_now(request: web.Request) -> web.Response:
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
        raise ApiError(502, diagnose(err).message[:ERROR_CHARS], success=False) from err
    return json_bytes({"success": True, "analysis": analysis})


def _failure(diagnosis: Diagnosis) -> web.Response:
    """Return the failed test's answer: the message, its kind, and the page and hint if any."""
    body = {
        "success": False,
        "error": diagnosis.message[:ERROR_CHARS],
        "error_kind": diagnosis.kind,
    }
    if diagnosis.page:
        body["page"] = diagnosis.page
    if diagnosis.hint:
        body["hint"] = diagnosis.hint
    return json_bytes(body)


async def test_modem(request: web.Request) -> web.Response:
    """Log in to a modem with submitted settings and read its model (always 200)."""
    body = inputs(request).body
    password = body.get("modem_password", "")
    if password == MASK:
        password = str(request.app[CONTEXT].settings.get("modem_password") or "")
    key = body.get("modem_type") or DEFAULT_MODEM_TYPE
    driver_class = request.app[CONTEXT].registries.drivers.get(key)
    if driver_class is None:
        return _failure(Diagnosis(f"Unknown modem type: {key}", "unknown_type"))
    driver = driver_class(body.get("modem_url", ""), body.get("modem_user", ""), password)
    try:
        async with asyncio.timeout(TEST_TIMEOUT_SECONDS):
            await driver.login()
            info = await driver.get_device_info()
            await driver.finish_poll()
    except Exception as err:  # every failure is reported to the caller, never raised
        if isinstance(err, UnexpectedPageError):
            note_page(err, driver)
        return _failure(diagnose(err))
    finally:
        await driver.close()
    return json_bytes({"success": True, "model": info.get("model") or "OK"})


async def collectors_status(request: web.Request) -> web.Response:
    """Return one status object per collector."""
    return web.json_response(request.app[CONTEXT].scheduler.status())


# Upstream's setup form posts all its fields here: the ones a test does not need are ignored.
TEST_MODEM_BODY = Fields(
    {
        "modem_type": Spec(Str(max_length=64), default=DEFAULT_MODEM_TYPE),
        "modem_url": Spec(Str(max_length=2000), description="Empty: the driver's default URL"),
        "modem_user": Spec(Str(max_length=256, strip=False)),
        "modem_password": Spec(
            Str(max_length=1024, strip=False), description="The mask keeps the stored one"
        ),
    },
    ignore_unknown=True,
)
_TEST_REPLIES = {
    200: Reply("{success, model} or {success: false, error, error_kind, page?, hint?}", MODEM_TEST),
    400: error("Bad JSON or a field of the wrong type"),
}

ROUTES = (
    RouteDef(
        "POST",
        "/api/test-modem",
        test_modem,
        Access.AUTH,
        "Test a modem login with submitted settings",
        "polling",
        body=TEST_MODEM_BODY,
        body_optional=True,
        responses=_TEST_REPLIES,
    ),
    RouteDef(
        "POST",
        "/api/test-fritz",
        test_modem,
        Access.AUTH,
        "Deprecated alias of /api/test-modem",
        "polling",
        operation_id="test_fritz",
        body=TEST_MODEM_BODY,
        body_optional=True,
        responses=_TEST_REPLIES,
    ),
    RouteDef(
        "POST",
        "/api/poll",
        poll_now,
        Access.AUTH,
        "Poll the modem now",
        "polling",
        responses={
            200: Reply("Polled: the new analysis", POLLED),
            429: error("Busy, or less than 10 s since the last manual poll"),
            502: error("The modem failed"),
            503: error("No collector"),
        },
    ),
    RouteDef(
        "GET",
        "/api/collectors/status",
        collectors_status,
        Access.AUTH,
        "Collector health and timing",
        "polling",
        responses={200: Reply("One status per collector", COLLECTORS_STATUS)},
    ),
)
