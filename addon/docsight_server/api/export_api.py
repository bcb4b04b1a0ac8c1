"""GET /api/export: the markdown report for language models."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..outputs.llm_export import MODES, build_export
from .routing import QueryParam, RouteDef


async def export(request: web.Request) -> web.Response:
    """Return {"text": markdown} describing the live state, events and limits."""
    mode = request.query.get("mode", "full")
    if mode not in MODES:
        raise ApiError(400, "Invalid mode (use full or update)")
    text = await build_export(request.app[CONTEXT], mode)
    if text is None:
        raise ApiError(404, "No data available")
    return web.json_response({"text": text})


ROUTES = [
    RouteDef(
        "GET",
        "/api/export",
        export,
        Access.AUTH,
        "Markdown report of the connection for an LLM",
        "signal",
        query=(
            QueryParam(
                "mode",
                {"type": "string", "enum": list(MODES), "default": "full"},
                "full: 48 h of events and all context; update: 6 h of events for a follow-up",
            ),
        ),
        responses={200: "The report", 400: "Unknown mode", 404: "No analysis yet"},
    ),
]
