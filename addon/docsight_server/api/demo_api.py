"""Demo mode: start it on an unconfigured instance, or leave it keeping user data."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.schema import Reply, error, obj
from ..http.validation import Fields, OneOf, Spec
from ..storage.demo_rows import purge_demo_rows
from .routing import RequestDoc, RouteDef, inputs
from .schemas import DEMO_LEFT, DEMO_STATE
from .services import SETTINGS_SERVICE

NEXT_TARGETS = {"exit": "/setup", "connect": "/setup?connect=1"}


async def start_demo(request: web.Request) -> web.Response:
    """Switch an unconfigured instance to demo data."""
    if request.content_type != "application/json":  # upstream's rule: JSON clients only
        raise ApiError(415, "Content-Type must be application/json")
    settings = request.app[CONTEXT].settings
    if settings.configured and not settings.demo_mode:
        return web.json_response(
            {"success": False, "demo_mode": False, "status": "live_configured"}, status=409
        )
    if not settings.demo_mode:
        await request.app[SETTINGS_SERVICE].save({"demo_mode": True})
    return web.json_response({"success": True, "demo_mode": True, "status": "active"})


async def migrate_demo(request: web.Request) -> web.Response:
    """Purge demo rows (user rows stay) and turn demo mode off."""
    target = inputs(request).body["next"]
    context = request.app[CONTEXT]
    if not context.settings.demo_mode:
        raise ApiError(400, "Not in demo mode")
    if context.settings.demo_forced:
        raise ApiError(409, "demo_mode_forced", success=False, locked=True)
    async with context.database.transaction() as connection:
        purged = await purge_demo_rows(connection, context.registries)
    context.signal.invalidate()
    await request.app[SETTINGS_SERVICE].save({"demo_mode": False})
    return web.json_response({"success": True, "purged": purged, "next": NEXT_TARGETS[target]})


MIGRATE_BODY = Fields(
    {
        "next": Spec(
            OneOf(tuple(NEXT_TARGETS)),
            default="exit",
            description="Where the UI goes next: exit (setup) or connect (setup, connect step)",
        )
    }
)

ROUTES = (
    RouteDef(
        "POST",
        "/api/demo/start",
        start_demo,
        Access.SESSION,
        "Start demo mode",
        "demo",
        # no fields are read, but only JSON clients may start it (upstream's rule)
        request_doc=RequestDoc("application/json", obj()),
        responses={
            200: Reply("Demo active", DEMO_STATE),
            403: error("Bearer tokens may not start demo mode"),
            409: Reply("Already configured for a live modem", DEMO_STATE),
            415: error("Not JSON"),
        },
    ),
    RouteDef(
        "POST",
        "/api/demo/migrate",
        migrate_demo,
        Access.AUTH,
        "Leave demo mode keeping user data",
        "demo",
        body=MIGRATE_BODY,
        body_optional=True,
        responses={
            200: Reply("Demo rows purged; next is the page to open", DEMO_LEFT),
            400: error("Not in demo mode"),
            409: error("Forced by options"),
        },
    ),
)
