"""What the journal's handlers share: the route builder, the store handles and id lookups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from ...api.route_group import RouteGroup
from ...api.routing import inputs
from ...http.keys import CONTEXT
from ...http.schema import error
from ..files import AttachmentFiles
from ..keys import ATTACHMENT_FILES

if TYPE_CHECKING:
    from ...context import ServerContext

TAG = "journal"
#: Builds a journal route: signed in, below /api, tagged journal.
route = RouteGroup("/api", TAG).route
NO_ENTRY = error("No such journal entry")
NO_INCIDENT = error("No such incident")
NO_ATTACHMENT = error("No such attachment")
BAD_INPUT = error("Invalid field (the message names it)")


def context_of(request: web.Request) -> ServerContext:
    """Return the server context."""
    return request.app[CONTEXT]


def files_of(request: web.Request) -> AttachmentFiles:
    """Return the attachments folder service."""
    return request.app[CONTEXT].services[ATTACHMENT_FILES]


def path_id(request: web.Request, name: str) -> int:
    """Return a validated id from the path."""
    value: int = inputs(request).path[name]
    return value
