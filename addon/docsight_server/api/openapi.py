"""The OpenAPI 3.1 document of every route the server has."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .. import __version__
from ..auth import Access
from ..http.keys import ROUTE_DEFS
from .routing import RouteDef

_PATH_PARAM = re.compile(r"\{(\w+)(?::([^}]+))?\}")


def openapi_path(path: str) -> str:
    """Convert an aiohttp path (`/x/{id:\\d+}`) to OpenAPI form (`/x/{id}`)."""
    return _PATH_PARAM.sub(lambda match: "{" + match.group(1) + "}", path)


def _path_parameters(path: str) -> list[dict[str, Any]]:
    params = []
    for name, pattern in _PATH_PARAM.findall(path):
        schema: dict[str, Any] = {"type": "integer"} if pattern == r"\d+" else {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _operation(route_def: RouteDef) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": route_def.summary,
        "tags": [route_def.tag],
        "operationId": f"{route_def.method.lower()}_{route_def.handler.__name__}",
        "x-access": str(route_def.access),
        "responses": {
            str(status): {
                "description": text,
                **(
                    {"content": {route_def.response_type: {}}}
                    if 200 <= status < 300 and status != 204
                    else {}
                ),
            }
            for status, text in route_def.responses.items()
        },
    }
    parameters = _path_parameters(route_def.path) + [
        {
            "name": param.name,
            "in": "query",
            "required": param.required,
            "schema": param.schema,
            **({"description": param.description} if param.description else {}),
        }
        for param in route_def.query
    ]
    if parameters:
        operation["parameters"] = parameters
    if route_def.request_body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": route_def.request_body}},
        }
    if route_def.access is Access.PUBLIC:
        operation["security"] = []
    elif route_def.access is Access.SESSION:
        operation["security"] = [{"session": []}]
    return operation


def build_document(routes: list[RouteDef]) -> dict[str, Any]:
    """Return the OpenAPI document for a list of routes."""
    paths: dict[str, dict[str, Any]] = {}
    for route_def in routes:
        paths.setdefault(openapi_path(route_def.path), {})[route_def.method.lower()] = _operation(
            route_def
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DOCSight add-on API",
            "version": __version__,
            "description": (
                "DOCSight REST API served by the Home Assistant add-on. Timestamps are ISO 8601 "
                "UTC with a Z suffix. Errors are JSON objects with an `error` message."
            ),
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "dsk_..."},
                "session": {"type": "apiKey", "in": "cookie", "name": "docsight_session"},
            }
        },
        "security": [{"bearer": []}, {"session": []}],
        "paths": dict(sorted(paths.items())),
    }


async def get_openapi(request: web.Request) -> web.Response:
    """Serve the OpenAPI document."""
    routes = list(request.app[ROUTE_DEFS].values())
    return web.json_response(build_document(routes))
