"""Typed keys for values kept on the application and on each request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from ..api.routing import RouteDef
    from ..context import ServerContext

CONTEXT: web.AppKey[ServerContext] = web.AppKey("context")
ROUTE_DEFS: web.AppKey[dict[web.AbstractRoute, RouteDef]] = web.AppKey("route_defs")
CALLER = "docsight.caller"
PREFIX = "docsight.prefix"
