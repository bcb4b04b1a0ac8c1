"""GET/POST /api/config: current settings (secrets masked) and merge-saving changes."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..config import ConfigValidationError
from ..http.errors import ApiError, read_json
from ..http.keys import CONTEXT
from ..http.limits import CONFIG_BODY_BYTES
from ..http.schema import Reply, error
from .routing import RequestDoc, RouteDef
from .schemas import CONFIG, CONFIG_CHANGES, CONFIG_SAVED
from .services import SETTINGS_SERVICE


async def get_config(request: web.Request) -> web.Response:
    """Return effective settings with secrets masked and which keys options/env fix."""
    settings = request.app[CONTEXT].settings
    config = settings.masked()
    described = request.app[CONTEXT].registries.settings.describe()
    return web.json_response(
        {
            "config": config,
            "locked": settings.locked(),
            "configured": settings.configured,
            "demo_mode": settings.demo_mode,
            "fields": {key: described[key] for key in config if key in described},
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


ROUTES = (
    RouteDef(
        "GET",
        "/api/config",
        get_config,
        Access.AUTH,
        "Current settings",
        "config",
        responses={200: Reply("Settings (secrets masked) and the keys options fix", CONFIG)},
    ),
    RouteDef(
        "POST",
        "/api/config",
        post_config,
        Access.SESSION,
        "Save settings (merge)",
        "config",
        # the settings schema validates the keys (each feature declares its own)
        request_doc=RequestDoc("application/json", CONFIG_CHANGES),
        max_body=CONFIG_BODY_BYTES,
        responses={
            200: Reply("Saved", CONFIG_SAVED),
            400: error("Invalid setting"),
            403: error("Bearer tokens may not save"),
        },
    ),
)
