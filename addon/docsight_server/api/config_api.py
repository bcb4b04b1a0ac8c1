"""GET/POST /api/config: current settings (secrets masked) and merge-saving changes."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..config import ConfigValidationError
from ..http.errors import ApiError, read_json
from ..http.keys import CONTEXT
from .routing import RouteDef
from .services import SETTINGS_SERVICE


async def get_config(request: web.Request) -> web.Response:
    """Return effective settings with secrets masked and which keys options/env fix."""
    settings = request.app[CONTEXT].settings
    return web.json_response(
        {
            "config": settings.masked(),
            "locked": settings.locked(),
            "configured": settings.configured,
            "demo_mode": settings.demo_mode,
        }
    )


async def post_config(request: web.Request) -> web.Response:
    """Merge the posted keys into the stored configuration."""
    body = await read_json(request)
    try:
        changed, overridden = await request.app[SETTINGS_SERVICE].save(body)
    except ConfigValidationError as err:
        raise ApiError(400, str(err), success=False) from err
    return web.json_response(
        {"success": True, "changed": sorted(changed), "overridden": overridden}
    )


CONFIG_BODY = {
    "type": "object",
    "description": "Any subset of config keys; the mask value keeps a stored secret.",
    "additionalProperties": True,
}

ROUTES = [
    RouteDef("GET", "/api/config", get_config, Access.AUTH, "Current settings", "config"),
    RouteDef(
        "POST",
        "/api/config",
        post_config,
        Access.SESSION,
        "Save settings (merge)",
        "config",
        request_body=CONFIG_BODY,
        responses={200: "Saved", 400: "Invalid setting", 403: "Bearer tokens may not save"},
    ),
]
