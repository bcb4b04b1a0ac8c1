"""GET /health: public liveness with the current DOCSIS health."""

from __future__ import annotations

from aiohttp import web

from .. import __version__
from ..auth import Access
from ..http.keys import CONTEXT
from .routing import RouteDef


async def get_health(request: web.Request) -> web.Response:
    """Return status, DOCSIS health ("waiting" before the first analysis) and version."""
    state = request.app[CONTEXT].state
    return web.json_response(
        {"status": "ok", "docsis_health": state.docsis_health, "version": __version__}
    )


ROUTES = [
    RouteDef("GET", "/health", get_health, Access.PUBLIC, "Health check", "core"),
]
