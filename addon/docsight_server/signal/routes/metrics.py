"""GET /metrics: Prometheus exposition, public unless metrics_require_token is on."""

from __future__ import annotations

from aiohttp import web

from ...api.routing import RouteDef
from ...auth import Access
from ...http.keys import CONTEXT
from ...http.schema import Reply, text
from ...outputs.prometheus import CONTENT_TYPE


def _bearer_ok(request: web.Request) -> bool:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() != "bearer ":
        return False
    return request.app[CONTEXT].auth.verify_bearer(header[7:].strip()) is not None


async def get_metrics(request: web.Request) -> web.Response:
    """Return every enabled feature's metrics in the Prometheus text format."""
    context = request.app[CONTEXT]
    # under the Supervisor the API port is never open without a credential (WAN addresses)
    token_required = context.runtime.supervised or context.settings.get("metrics_require_token")
    if token_required and not _bearer_ok(request):
        return web.Response(
            status=401,
            body=b"Authentication required\n",
            headers={"Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": "Bearer"},
        )
    exposition = "".join(provider(context) for provider in context.registries.metrics)
    return web.Response(body=exposition.encode(), headers={"Content-Type": CONTENT_TYPE})


ROUTES = (
    RouteDef(
        "GET",
        "/metrics",
        get_metrics,
        Access.PUBLIC,
        "Prometheus metrics (a Bearer token is required with metrics_require_token or under the "
        "Supervisor)",
        "core",
        responses={
            200: text("Prometheus exposition format 0.0.4 (text/plain; version=0.0.4)"),
            401: Reply(
                "Token required and missing or invalid (plain text)",
                {"type": "string"},
                "text/plain",
                {"WWW-Authenticate": "Bearer"},
            ),
        },
    ),
)
