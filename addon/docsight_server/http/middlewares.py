"""Request middlewares: JSON errors for the API, then authentication and ingress."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..auth import Access, Caller, CallerKind
from ..auth.browser import cross_site_request
from ..auth.sessions import COOKIE_NAME
from ..storage.database import DatabaseBusyError
from ..timeutil import now_epoch
from .errors import ApiError, json_error
from .ingress import arrived_on_port, ingress_prefix
from .keys import CALLER, CONTEXT, PREFIX, ROUTE_DEFS

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BUSY_MESSAGE = "The database is busy; try again in a moment"


def is_api_path(path: str) -> bool:
    """Return True for paths whose errors are JSON."""
    return path.startswith("/api/") or path == "/api"


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn errors into JSON for /api paths and never leak a stack trace."""
    try:
        return await handler(request)
    except ApiError as err:
        return err.response()
    except DatabaseBusyError as err:
        # another writer held the database past the busy timeout: a retry soon succeeds
        _LOGGER.warning("Database busy on %s %s: %s", request.method, request.path, err)
        headers = {"Retry-After": str(err.retry_after)}
        if is_api_path(request.path):
            return json_error(503, BUSY_MESSAGE, headers=headers)
        raise web.HTTPServiceUnavailable(text=BUSY_MESSAGE, headers=headers) from None
    except web.HTTPException as err:
        if err.status < 400 or not is_api_path(request.path):
            raise
        message = err.reason if err.status != 404 else "Not found"
        return json_error(err.status, message, headers=_allow_header(err))
    except Exception:
        _LOGGER.exception("Unexpected error on %s %s", request.method, request.path)
        if is_api_path(request.path):
            return json_error(500, "Internal server error")
        raise web.HTTPInternalServerError(text="Internal server error") from None


def _allow_header(err: web.HTTPException) -> dict[str, str]:
    allow = err.headers.get("Allow")
    return {"Allow": allow} if allow else {}


def identify(request: web.Request, via_ingress: bool) -> Caller | None:
    """Return who is calling, or None when a credential is required and none is valid."""
    context = request.app[CONTEXT]
    auth = context.auth
    if via_ingress:
        return Caller(CallerKind.INGRESS)
    if not auth.required:
        return Caller(CallerKind.OPEN)
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        token = auth.verify_bearer(header[7:].strip())
        return Caller(CallerKind.TOKEN, token.id) if token else None
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie and auth.session_valid(auth.signer.loads(cookie, now_epoch())):
        return Caller(CallerKind.SESSION)
    return None


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Admit or refuse the caller according to the matched route's access level."""
    context = request.app[CONTEXT]
    ingress_port = context.runtime.ingress_port
    via_ingress = ingress_port is not None and arrived_on_port(request) == ingress_port
    if via_ingress and request.remote not in context.runtime.ingress_peers:
        return json_error(403, "Ingress is only served to the Home Assistant Supervisor")
    request[PREFIX] = ingress_prefix(request) if via_ingress else ""
    route_def = request.app[ROUTE_DEFS].get(request.match_info.route)
    caller = identify(request, via_ingress)
    request[CALLER] = caller
    if cross_site_request(request, caller, context.auth.proxies, context.auth.public_url):
        if is_api_path(request.path):
            return json_error(403, "Cross-site request refused")
        return web.Response(status=403, text="Cross-site request refused\n")
    # A matched route without a definition is protected: only declared routes can be public.
    access = route_def.access if route_def is not None else Access.AUTH
    if access is Access.PUBLIC or request.match_info.http_exception is not None:
        return await handler(request)
    if caller is None:
        if is_api_path(request.path):
            return json_error(401, "Authentication required")
        raise web.HTTPFound(f"{request[PREFIX]}/login")
    if access is Access.SESSION and not caller.session_like:
        return json_error(403, "Session authentication required")
    return await handler(request)
