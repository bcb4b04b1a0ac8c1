"""Route handlers, one module per area; ALL_ROUTES is what the server serves."""

from __future__ import annotations

from ..auth import Access
from . import (
    analysis_api,
    config_api,
    connmon_api,
    demo_api,
    drivers_api,
    events_api,
    export_api,
    health,
    lan_api,
    metrics_api,
    pages,
    polling_api,
    signal_api,
    stream_api,
    tokens_api,
)
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
    *drivers_api.ROUTES,
    *signal_api.ROUTES,
    *analysis_api.ROUTES,
    *events_api.ROUTES,
    *export_api.ROUTES,
    *stream_api.ROUTES,
    *lan_api.ROUTES,
    *connmon_api.ROUTES,
    *metrics_api.ROUTES,
]
