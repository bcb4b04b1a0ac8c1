"""Demo mode: start it on an unconfigured instance, or leave it keeping user data."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..storage.demo_rows import purge_demo_rows
from .routing import RouteDef
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
    body = await read_json_object(request, allow_empty=True)
    target = body.get("next", "exit")
    if target not in NEXT_TARGETS:
        raise ApiError(400, "next must be 'exit' or 'connect'")
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


ROUTES = [
    RouteDef(
        "POST",
        "/api/demo/start",
        start_demo,
        Access.SESSION,
        "Start demo mode",
        "demo",
        responses={200: "Demo active", 409: "Already configured for a live modem", 415: "Not JSON"},
    ),
    RouteDef(
        "POST",
        "/api/demo/migrate",
        migrate_demo,
        Access.AUTH,
        "Leave demo mode keeping user data",
        "demo",
        request_body={
            "type": "object",
            "properties": {"next": {"type": "string", "enum": ["exit", "connect"]}},
        },
        responses={200: "Demo rows purged", 400: "Not in demo mode", 409: "Forced by options"},
    ),
]
