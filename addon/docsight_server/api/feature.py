"""The core every server has: health, the API document, settings, tokens, sign-in, the stream."""

from __future__ import annotations

from pathlib import Path

from ..auth import Access
from ..feature import Feature, Page
from ..http.schema import Reply
from ..storage.schema import api_tokens, config_entries, instance_meta
from . import config_api, demo_api, health, pages, stream_api, tokens_api
from .openapi import get_openapi
from .routing import RouteDef
from .schemas import OPENAPI_DOCUMENT
from .settings import CORE_SETTINGS, PLANNED_SETTINGS

OPENAPI_ROUTE = RouteDef(
    "GET",
    "/api/openapi.json",
    get_openapi,
    Access.AUTH,
    "This API document",
    "core",
    responses={200: Reply("OpenAPI 3.1 document", OPENAPI_DOCUMENT)},
)

WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="core",
    title="Core",
    routes=(
        *health.ROUTES,
        *pages.ROUTES,
        OPENAPI_ROUTE,
        *config_api.ROUTES,
        *tokens_api.ROUTES,
        *demo_api.ROUTES,
        *stream_api.ROUTES,
    ),
    settings=(*CORE_SETTINGS, *PLANNED_SETTINGS),
    tables=(config_entries, api_tokens, instance_meta),
    pages=(Page("settings", "Settings", WEB / "settings", placement="end"),),
)
