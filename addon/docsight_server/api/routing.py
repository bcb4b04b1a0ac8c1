"""Route definitions: one table drives the router, validation, access and the API document."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError, read_json_object
from ..http.keys import ROUTE_DEFS
from ..http.limits import JSON_BODY_BYTES, NO_BODY_BYTES, PUBLIC_BODY_BYTES
from ..http.schema import Reply
from ..http.validation import ID, FieldError, Fields, Validator, validate_one

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_PATH_PARAM = re.compile(r"\{(\w+)(?::([^}]+))?\}")
INPUTS = "docsight.inputs"


@dataclass(frozen=True, slots=True)
class RequestDoc:
    """A request body the handler reads itself (a form, a file): documented, not validated here."""

    content_type: str
    schema: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RouteDef:
    """A route with what the router, the validator, the auth middleware and the document need.

    `body` and `query` are validated before the handler runs; path parameters written
    `{name:\\d+}` are bounded ids unless `path` gives another validator. `max_body` caps the
    body of a route that declares one (`body_limit` is what the server enforces).
    """

    method: str
    path: str
    handler: Handler
    access: Access
    summary: str
    tag: str
    responses: Mapping[int, Reply] = field(default_factory=dict)
    query: Fields | None = None
    body: Fields | None = None
    body_optional: bool = False
    path_params: Mapping[str, Validator] = field(default_factory=dict)
    request_doc: RequestDoc | None = None
    operation_id: str = ""
    max_body: int = JSON_BODY_BYTES

    @property
    def has_body(self) -> bool:
        """Return True when the route declares a request body (validated or documented)."""
        return self.body is not None or self.request_doc is not None

    @property
    def body_limit(self) -> int:
        """Return the largest body accepted: tiny without one, small for anonymous routes."""
        if not self.has_body:
            return NO_BODY_BYTES
        if self.access is Access.PUBLIC:
            return min(self.max_body, PUBLIC_BODY_BYTES)
        return self.max_body

    @property
    def op_id(self) -> str:
        """Return the operationId: the explicit one, else the handler's name."""
        return self.operation_id or self.handler.__name__

    def path_validators(self) -> dict[str, Validator]:
        """Return the validator of every path parameter (ids by default for digit patterns)."""
        validators: dict[str, Validator] = {}
        for name, pattern in _PATH_PARAM.findall(self.path):
            if name in self.path_params:
                validators[name] = self.path_params[name]
            elif pattern == r"\d+":
                validators[name] = ID
        return validators

    def path_names(self) -> list[str]:
        """Return the path parameter names in order."""
        return [name for name, _ in _PATH_PARAM.findall(self.path)]


@dataclass(frozen=True, slots=True)
class Inputs:
    """A request's validated body, query and path values."""

    body: dict[str, Any]
    query: dict[str, Any]
    path: dict[str, Any]


def inputs(request: web.Request) -> Inputs:
    """Return the validated inputs of the request (empty for routes that declare none)."""
    found = request.get(INPUTS)
    return found if isinstance(found, Inputs) else Inputs({}, {}, {})


async def read_inputs(route_def: RouteDef, request: web.Request) -> Inputs:
    """Validate path, query and body of a request; ApiError (400/404/415) names the field."""
    try:
        path = {
            name: validate_one(name, validator, request.match_info[name])
            for name, validator in route_def.path_validators().items()
        }
        query: dict[str, Any] = {}
        if route_def.query is not None:
            query = route_def.query.validate_query(request.query)
        body: dict[str, Any] = {}
        if route_def.body is not None:
            raw = await read_json_object(request, allow_empty=route_def.body_optional)
            body = route_def.body.validate(raw)
    except FieldError as err:
        raise ApiError(err.status, err.message) from err
    return Inputs(body, query, path)


def _validating(route_def: RouteDef) -> Handler:
    if route_def.body is None and route_def.query is None and not route_def.path_validators():
        return route_def.handler

    async def validate_then_handle(request: web.Request) -> web.StreamResponse:
        request[INPUTS] = await read_inputs(route_def, request)
        return await route_def.handler(request)

    validate_then_handle.__doc__ = route_def.handler.__doc__
    return validate_then_handle


def add_routes(app: web.Application, routes: Iterable[RouteDef]) -> None:
    """Register routes on the app (inputs validated first) and remember their definitions.

    Every GET route also answers HEAD (same handler and access; aiohttp sends no body).
    """
    table = app.setdefault(ROUTE_DEFS, {})
    for route_def in routes:
        handler = _validating(route_def)
        table[app.router.add_route(route_def.method, route_def.path, handler)] = route_def
        if route_def.method == "GET":
            table[app.router.add_route("HEAD", route_def.path, handler)] = route_def
