"""Route handlers, one module per area; ALL_ROUTES is what the server serves."""

from __future__ import annotations

from ..auth import Access
from . import config_api, demo_api, health, pages, polling_api, tokens_api
from .openapi import get_openapi
from .routing import RouteDef

ALL_ROUTES: list[RouteDef] = [
    *health.ROUTES,
    *pages.ROUTES,
    RouteDef("GET", "/api/openapi.json", get_openapi, Access.AUTH, "This API document", "core"),
    *config_api.ROUTES,
    *tokens_api.ROUTES,
    *demo_api.ROUTES,
    *polling_api.ROUTES,
]
