"""The modem itself: device info and the subscriber's connection."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...api.routing import RouteDef
from ...auth import Access
from ...context import ServerContext
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import Reply
from ...storage.device_repo import load_device_state
from ..schemas import CONNECTION, DEVICE


async def _stored_device(context: ServerContext) -> dict[str, Any] | None:
    async with context.database.read() as connection:
        return await load_device_state(connection)


async def get_device_info(request: web.Request) -> web.Response:
    """Return the modem's device info (from the last poll, or stored before the first)."""
    context = request.app[CONTEXT]
    info = context.state.device_info
    if not info:
        stored = await _stored_device(context)
        info = stored["device_info"] if stored else {}
    return json_bytes(info)


async def get_connection_info(request: web.Request) -> web.Response:
    """Return ISP name, connection type and provisioned speeds."""
    context = request.app[CONTEXT]
    info = context.state.connection_info
    if info is None:
        stored = await _stored_device(context)
        info = stored["connection_info"] if stored else {}
    return json_bytes(
        {
            "isp_name": context.settings.get("isp_name") or None,
            "connection_type": info.get("connection_type"),
            "max_downstream_kbps": info.get("max_downstream_kbps"),
            "max_upstream_kbps": info.get("max_upstream_kbps"),
        }
    )


ROUTES = (
    RouteDef(
        "GET",
        "/api/device",
        get_device_info,
        Access.AUTH,
        "Modem device info",
        "signal",
        responses={200: Reply("What the modem says about itself ({} before any poll)", DEVICE)},
    ),
    RouteDef(
        "GET",
        "/api/connection",
        get_connection_info,
        Access.AUTH,
        "ISP name, connection type and provisioned speeds",
        "signal",
        responses={200: Reply("The subscriber's line", CONNECTION)},
    ),
)
