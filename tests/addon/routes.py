"""Helpers that enumerate the routes of a running application."""

from __future__ import annotations

import re

from aiohttp import web

_PARAM = re.compile(r"\{(\w+)(?::[^}]+)?\}")


def concrete_path(path_template: str) -> str:
    """Fill every path parameter with a value its pattern accepts (digits fit all)."""
    return _PARAM.sub("1", path_template)


def app_routes(app: web.Application) -> list[tuple[str, str]]:
    """Return (method, path template) for every route the router serves.

    The HEAD twin of each GET route is left out: it is implied by the GET, in the OpenAPI
    document as in HTTP (tests/addon/test_head.py covers it).
    """
    routes = []
    for route in app.router.routes():
        if route.method == "HEAD":
            continue
        info = route.resource.get_info() if route.resource is not None else {}
        template = info.get("formatter") or info.get("path")
        if template:
            routes.append((route.method, template))
    return routes
