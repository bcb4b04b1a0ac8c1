"""The OpenAPI 3.1 document of every route the server has, built from the route table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from .. import __version__
from ..auth import Access
from ..auth.browser import SAFE_METHODS
from ..http.keys import ROUTE_DEFS
from ..http.middlewares import is_api_path
from ..http.schema import ERROR, Reply, text
from .routing import RouteDef

_PATH_PARAM = re.compile(r"\{(\w+)(?::([^}]+))?\}")
UNAUTHORIZED = Reply("Authentication required", ERROR)
BAD_INPUT = Reply("Invalid input (the message names the field)", ERROR)
MALFORMED = Reply("Malformed HTTP request (request line or headers)", ERROR)
BUSY = Reply(
    "The database stayed locked by another writer; retry after the given delay",
    ERROR,
    headers={"Retry-After": "Seconds to wait before retrying"},
)
PLAIN = "text/plain"
BODY_REFUSALS = {
    408: "The request body did not arrive in time",
    413: "Request body above the route's cap (refused before it is read)",
    415: "The body is not JSON (Content-Type) or is compressed",
}
_CROSS_SITE = "A browser session used from another site's page (cross-site request refused)"
CROSS_SITE = Reply(_CROSS_SITE, ERROR)
CROSS_SITE_TEXT = text(_CROSS_SITE, PLAIN)


def openapi_path(path: str) -> str:
    """Convert an aiohttp path (`/x/{id:\\d+}`) to OpenAPI form (`/x/{id}`)."""
    return _PATH_PARAM.sub(lambda match: "{" + match.group(1) + "}", path)


def _path_parameters(route_def: RouteDef) -> list[dict[str, Any]]:
    validators = route_def.path_validators()
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": validators[name].json_schema() if name in validators else {"type": "string"},
        }
        for name in route_def.path_names()
    ]


def _query_parameters(route_def: RouteDef) -> list[dict[str, Any]]:
    if route_def.query is None:
        return []
    properties = route_def.query.json_schema()["properties"]
    parameters = []
    for name, spec in route_def.query.specs.items():
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": spec.required,
            "schema": {
                key: value for key, value in properties[name].items() if key != "description"
            },
        }
        if spec.description:
            parameter["description"] = spec.description
        parameters.append(parameter)
    return parameters


def _reply(reply: Reply) -> dict[str, Any]:
    document: dict[str, Any] = {"description": reply.description}
    if reply.schema is not None:
        document["content"] = {kind: {"schema": reply.schema} for kind in reply.content_types}
    if reply.headers:
        document["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in reply.headers.items()
        }
    return document


def all_replies(route_def: RouteDef) -> dict[int, Reply]:
    """Return the route's declared answers plus those every route of its kind can give."""
    replies = dict(route_def.responses)
    if route_def.body is not None or route_def.query is not None or route_def.path_validators():
        replies.setdefault(400, BAD_INPUT)
    replies.setdefault(400, MALFORMED)
    if route_def.access is not Access.PUBLIC:
        replies.setdefault(401, UNAUTHORIZED)
    # Any request may carry a body (routes without one take 1 KiB), so any can meet these.
    for status, description in BODY_REFUSALS.items():
        api = is_api_path(route_def.path)
        replies.setdefault(status, Reply(description, ERROR) if api else text(description, PLAIN))
    if route_def.method not in SAFE_METHODS:
        replies.setdefault(403, CROSS_SITE if is_api_path(route_def.path) else CROSS_SITE_TEXT)
    if is_api_path(route_def.path):
        replies.setdefault(503, BUSY)
    return dict(sorted(replies.items()))


def _operation(route_def: RouteDef) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": route_def.summary,
        "tags": [route_def.tag],
        "operationId": route_def.op_id,
        "x-access": str(route_def.access),
        "responses": {
            str(status): _reply(reply) for status, reply in all_replies(route_def).items()
        },
    }
    parameters = _path_parameters(route_def) + _query_parameters(route_def)
    if parameters:
        operation["parameters"] = parameters
    if route_def.body is not None:
        operation["requestBody"] = {
            "required": not route_def.body_optional,
            "content": {"application/json": {"schema": route_def.body.json_schema()}},
        }
    elif route_def.request_doc is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {
                route_def.request_doc.content_type: {"schema": route_def.request_doc.schema}
            },
        }
    if route_def.access is Access.PUBLIC:
        operation["security"] = []
    elif route_def.access is Access.SESSION:
        operation["security"] = [{"session": []}]
    return operation


def build_document(routes: Iterable[RouteDef]) -> dict[str, Any]:
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
    """Serve the OpenAPI document (HEAD twins of GET routes are implied, as usual)."""
    routes = request.app[ROUTE_DEFS].items()
    return web.json_response(build_document(d for route, d in routes if route.method != "HEAD"))
