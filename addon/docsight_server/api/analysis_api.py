"""Analysis: gaming quality index and the correlation timeline."""

from __future__ import annotations

import asyncio

from aiohttp import web

from ..analysis.gaming import gaming_score
from ..auth import Access
from ..http.keys import CONTEXT
from ..http.params import int_param
from ..http.responses import json_bytes
from ..timeutil import now_epoch
from .correlation import SOURCE_NAMES
from .routing import QueryParam, RouteDef


async def get_gaming_score(request: web.Request) -> web.Response:
    """Return the gaming quality index of the current analysis."""
    context = request.app[CONTEXT]
    summary = context.state.analysis["summary"] if context.state.analysis else None
    enabled = bool(context.settings.get("gaming_quality_enabled"))
    return json_bytes(gaming_score(summary, None, enabled=enabled))


async def get_correlation(request: web.Request) -> web.Response:
    """Return the merged timeline of the requested sources, oldest first (UTC, Z)."""
    context = request.app[CONTEXT]
    hours = int(int_param(request, "hours", 24, minimum=1, maximum=2160, clamp=True) or 24)
    asked = {name.strip() for name in request.query.get("sources", "").split(",")}
    chosen = [name for name in SOURCE_NAMES if name in asked] or list(SOURCE_NAMES)
    end = now_epoch()
    start = end - hours * 3600
    registered = context.registries.correlation_sources
    sources = [registered[name] for name in chosen if name in registered]
    parts = await asyncio.gather(*(source(context, start, end) for source in sources))
    entries = [entry for part in parts for entry in part]
    entries.sort(key=lambda entry: entry["timestamp"])
    return json_bytes(entries)


ROUTES = [
    RouteDef(
        "GET",
        "/api/gaming-score",
        get_gaming_score,
        Access.AUTH,
        "Gaming quality index (speed test parts stay null until speed tests exist)",
        "analysis",
    ),
    RouteDef(
        "GET",
        "/api/correlation",
        get_correlation,
        Access.AUTH,
        "Cross-source timeline",
        "analysis",
        query=(
            QueryParam("hours", {"type": "integer", "minimum": 1, "maximum": 2160}, "Default 24"),
            QueryParam("sources", {"type": "string"}, f"Comma list of {', '.join(SOURCE_NAMES)}"),
        ),
        responses={200: "Entries, oldest first", 400: "hours is not an integer"},
    ),
]
