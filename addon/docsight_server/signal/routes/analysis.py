"""Analysis: gaming quality index and the correlation timeline."""

from __future__ import annotations

import asyncio

from aiohttp import web

from ...analysis.gaming import gaming_score
from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import Reply
from ...http.validation import Fields, Int, Spec
from ...timeutil import now_epoch
from ..correlation import SOURCE_NAMES
from ..schemas import CORRELATION, GAMING_SCORE
from ..validation import CommaList

DEFAULT_HOURS = 24
MAX_HOURS = 2160


async def get_gaming_score(request: web.Request) -> web.Response:
    """Return the gaming quality index of the current analysis."""
    context = request.app[CONTEXT]
    summary = context.state.analysis["summary"] if context.state.analysis else None
    enabled = bool(context.settings.get("gaming_quality_enabled"))
    return json_bytes(gaming_score(summary, None, enabled=enabled))


async def get_correlation(request: web.Request) -> web.Response:
    """Return the merged timeline of the requested sources, oldest first (UTC, Z)."""
    context = request.app[CONTEXT]
    query = inputs(request).query
    asked = set(query.get("sources", ()))
    chosen = [name for name in SOURCE_NAMES if name in asked] or list(SOURCE_NAMES)
    end = now_epoch()
    start = end - int(query["hours"]) * 3600
    registered = context.registries.correlation_sources
    sources = [registered[name] for name in chosen if name in registered]
    parts = await asyncio.gather(*(source(context, start, end) for source in sources))
    entries = [entry for part in parts for entry in part]
    entries.sort(key=lambda entry: entry["timestamp"])
    return json_bytes(entries)


CORRELATION_QUERY = Fields(
    {
        "hours": Spec(
            Int(minimum=1, maximum=MAX_HOURS, from_text=True),
            default=DEFAULT_HOURS,
            description=f"Window length in hours, 1 to {MAX_HOURS}",
        ),
        "sources": Spec(
            CommaList(),
            description=f"Comma list of {', '.join(SOURCE_NAMES)} (unknown names are ignored)",
        ),
    },
    ignore_unknown=True,
)

ROUTES = (
    RouteDef(
        "GET",
        "/api/gaming-score",
        get_gaming_score,
        Access.AUTH,
        "Gaming quality index (speed test parts stay null until speed tests exist)",
        "analysis",
        responses={
            200: Reply("The index (score and grade null without an analysis)", GAMING_SCORE)
        },
    ),
    RouteDef(
        "GET",
        "/api/correlation",
        get_correlation,
        Access.AUTH,
        "Cross-source timeline",
        "analysis",
        query=CORRELATION_QUERY,
        responses={200: Reply("Entries, oldest first", CORRELATION)},
    ),
)
