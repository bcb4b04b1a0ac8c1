"""Route definitions: one list drives the router, access control and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ..auth import Access
from ..http.keys import ROUTE_DEFS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One documented query parameter."""

    name: str
    schema: dict[str, Any]
    description: str = ""
    required: bool = False


@dataclass(frozen=True, slots=True)
class RouteDef:
    """A route with what the router, the auth middleware and the API document need."""

    method: str
    path: str
    handler: Handler
    access: Access
    summary: str
    tag: str
    request_body: dict[str, Any] | None = None
    query: tuple[QueryParam, ...] = ()
    responses: dict[int, str] = field(default_factory=lambda: {200: "Success"})
    response_type: str = "application/json"


def add_routes(app: web.Application, routes: Iterable[RouteDef]) -> None:
    """Register routes on the app and remember their definitions."""
    table = app.setdefault(ROUTE_DEFS, {})
    for route_def in routes:
        route = app.router.add_route(route_def.method, route_def.path, route_def.handler)
        table[route] = route_def
