"""Routes of one resource: the path prefix, access level and tag they share, stated once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..auth import Access
from ..http.limits import JSON_BODY_BYTES
from ..http.schema import Reply
from ..http.validation import Fields, Validator
from .routing import Handler, RouteDef


@dataclass(frozen=True, slots=True)
class RouteGroup:
    """Builds the RouteDefs of routes under one prefix, with one tag and one access level."""

    prefix: str
    tag: str
    access: Access = Access.AUTH

    def route(
        self,
        method: str,
        path: str,
        handler: Handler,
        summary: str,
        responses: Mapping[int, Reply],
        *,
        query: Fields | None = None,
        body: Fields | None = None,
        path_params: Mapping[str, Validator] | None = None,
        operation_id: str = "",
        max_body: int = JSON_BODY_BYTES,
    ) -> RouteDef:
        """Return the RouteDef of `path` (below the prefix) with the group's access and tag."""
        return RouteDef(
            method,
            self.prefix + path,
            handler,
            self.access,
            summary,
            self.tag,
            responses,
            query=query,
            body=body,
            path_params=path_params or {},
            operation_id=operation_id,
            max_body=max_body,
        )
