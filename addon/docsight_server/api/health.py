"""GET /health: public liveness with the current DOCSIS health."""

from __future__ import annotations

from aiohttp import web

from .. import __version__
from ..auth import Access
from ..http.keys import CONTEXT
from ..http.schema import Reply
from .routing import RouteDef
from .schemas import HEALTH, INSTANCE


async def get_health(request: web.Request) -> web.Response:
    """Return status, DOCSIS health ("waiting" before the first analysis) and version."""
    state = request.app[CONTEXT].state
    return web.json_response(
        {"status": "ok", "docsis_health": state.docsis_health, "version": __version__}
    )


#: Bumped when a change would break the Home Assistant integration's use of the API.
API_VERSION = 1


async def get_instance(request: web.Request) -> web.Response:
    """Return what identifies this installation to Home Assistant."""
    context = request.app[CONTEXT]
    settings = context.settings
    return web.json_response(
        {
            "instance_id": context.state.instance_id,
            "name": "DOCSight",
            "version": __version__,
            "api_version": API_VERSION,
            "demo_mode": settings.demo_mode,
            "modem_type": settings.get("modem_type") if settings.configured else None,
        }
    )


ROUTES = (
    RouteDef(
        "GET",
        "/health",
        get_health,
        Access.PUBLIC,
        "Health check",
        "core",
        responses={200: Reply('Alive; docsis_health is "waiting" before the first poll', HEALTH)},
    ),
    RouteDef(
        "GET",
        "/api/instance",
        get_instance,
        Access.AUTH,
        "This installation's id, version and API version (for Home Assistant)",
        "core",
        responses={200: Reply("What identifies this installation", INSTANCE)},
    ),
)
