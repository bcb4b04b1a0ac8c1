"""Answers to requests too broken to route (bad request line or headers): JSON, quietly logged.

aiohttp answers these with a plain-text 400 and logs each with a traceback at ERROR level, so
any client could fill the log. The answer is the API's JSON error instead, and the log line a
DEBUG one.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from .headers import set_security_headers

_LOGGER = logging.getLogger(__name__)
MESSAGE_CHARS = 200


class RequestHandler(web.RequestHandler):
    """aiohttp's connection handler with the API's answer to a malformed request."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """Answer a request the parser refused with a JSON 400; anything else as aiohttp does.

        These answers bypass the application (no route, no response signal), so the
        security headers are set here.
        """
        if status != 400 or not isinstance(exc, HttpProcessingError):
            response = super().handle_error(request, status, exc, message)
        else:
            reason = " ".join(str(exc.message).split())[:MESSAGE_CHARS]
            _LOGGER.debug("Malformed request from %s: %s", request.remote, reason)
            response = web.json_response({"error": f"Malformed request: {reason}"}, status=400)
            response.force_close()
        set_security_headers(request.path, response)
        return response


def handler_for(server: web.Server) -> RequestHandler:
    """Return a connection handler for the server, built as `server()` builds aiohttp's own."""
    # web.Server keeps the handler arguments the runner was given (timeouts, limits) here.
    kwargs: dict[str, Any] = server._kwargs
    return RequestHandler(server, loop=server._loop, **kwargs)
