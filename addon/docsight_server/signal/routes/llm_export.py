"""GET /api/export: the markdown report for language models."""

from __future__ import annotations

from aiohttp import web

from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.schema import Reply, error
from ...http.validation import Fields, OneOf, Spec
from ...outputs.llm_export import MODES, build_export
from ..schemas import LLM_REPORT

DEFAULT_MODE = "full"
MODE_ERROR = "Invalid mode (use full or update)"


async def get_llm_export(request: web.Request) -> web.Response:
    """Return {"text": markdown} describing the live state, events and limits."""
    text = await build_export(request.app[CONTEXT], inputs(request).query["mode"])
    if text is None:
        raise ApiError(404, "No data available")
    return web.json_response({"text": text})


EXPORT_QUERY = Fields(
    {
        "mode": Spec(
            OneOf(MODES, MODE_ERROR),
            default=DEFAULT_MODE,
            keep_blank=True,  # `mode=` is refused, as upstream does
            description="full: 48 h of events and all context; "
            "update: 6 h of events for a follow-up",
        )
    },
    ignore_unknown=True,
)

ROUTES = (
    RouteDef(
        "GET",
        "/api/export",
        get_llm_export,
        Access.AUTH,
        "Markdown report of the connection for an LLM",
        "signal",
        query=EXPORT_QUERY,
        responses={
            200: Reply("The report", LLM_REPORT),
            400: error("Unknown mode"),
            404: error("No analysis yet"),
        },
    ),
)
