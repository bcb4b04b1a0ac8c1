"""Checks an answer of the running server against the route table's declared responses."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from jsonschema import Draft202012Validator

from docsight_server.api.openapi import all_replies
from docsight_server.api.routing import RouteDef
from docsight_server.http.keys import ROUTE_DEFS
from docsight_server.http.schema import ERROR

_ERROR_VALIDATOR = Draft202012Validator(ERROR)


class ContractError(AssertionError):
    """An answer the route does not declare, or a body its schema refuses."""


async def route_of(app: web.Application, method: str, path: str) -> RouteDef | None:
    """Return the definition of the route that serves method and path, or None."""
    request = make_mocked_request(method, path.split("?", 1)[0], app=app)
    match = await app.router.resolve(request)
    if match.http_exception is not None:
        return None
    return app[ROUTE_DEFS].get(match.route)


def check_answer(
    route_def: RouteDef, status: int, content_type: str, body: Any, *, parsed: bool
) -> None:
    """Raise ContractError when an answer does not match what the route declares.

    2xx and 3xx answers must be declared, and a declared JSON schema must accept the body;
    undeclared error answers must be `{"error": ...}` objects when they are JSON.
    """
    where = f"{route_def.method} {route_def.path} -> {status}"
    reply = all_replies(route_def).get(status)
    if status >= 400 and (reply is None or not reply.schema):
        # an error the route does not describe must still be the common error object
        if parsed and not _ERROR_VALIDATOR.is_valid(body):
            raise ContractError(f"{where}: error body is not {{'error': ...}}: {body!r:.200}")
        return
    if reply is None:
        raise ContractError(f"{where}: status not declared")
    if reply.schema is None or status in (204, 301, 302, 303, 307):
        return
    if reply.content_type == "application/json":
        if not parsed:
            raise ContractError(f"{where}: declared JSON, answered {content_type}")
        errors = sorted(
            Draft202012Validator(reply.schema).iter_errors(body), key=lambda err: err.path
        )
        if errors:
            first = errors[0]
            path = "/".join(str(part) for part in first.absolute_path)
            raise ContractError(f"{where}: body at /{path}: {first.message:.300}")
    elif parsed or not _declared_type(reply.content_types, content_type):
        raise ContractError(f"{where}: declared {reply.content_types}, answered {content_type}")


def _declared_type(declared: tuple[str, ...], answered: str) -> bool:
    # static assets declare the generic type: any concrete type is one of its kind
    bases = {kind.split(";", 1)[0].strip() for kind in declared}
    return answered in bases or "application/octet-stream" in bases
