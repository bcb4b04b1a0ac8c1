"""The one place request bodies are read: capped per route, within a deadline.

The middleware runs after authentication (an anonymous caller never uploads to a protected
route) and before the handler. It refuses a declared `Content-Length` above the route's cap at
once, reads any other body chunk by chunk and stops at the cap (chunked uploads included), and
cuts a body that does not arrive within `TransportLimits.body_timeout`. The handler then gets
the request with its body in memory, so `text()`, `json()` and `post()` (multipart too) never
touch the network and never hold more than the cap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.base_protocol import BaseProtocol
from aiohttp.streams import StreamReader
from aiohttp.web_protocol import RequestPayloadError

from .errors import json_error
from .keys import CONTEXT, ROUTE_DEFS
from .limits import NO_BODY_BYTES
from .middlewares import is_api_path

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_READ_CHUNK = 64 * 1024


class BodyTooLarge(Exception):
    """The body went past its cap while being read."""


def body_limit(request: web.Request) -> int:
    """Return the body cap of the route the request matched (the smallest for unknown ones)."""
    route_def = request.app[ROUTE_DEFS].get(request.match_info.route)
    return route_def.body_limit if route_def is not None else NO_BODY_BYTES


async def read_capped(stream: StreamReader, limit: int) -> bytes:
    """Return the whole body; raise BodyTooLarge after reading at most limit + 1 bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await stream.read(min(_READ_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)


def with_body(request: web.Request, body: bytes) -> web.Request:
    """Return a copy of the request whose body is `body`, already complete in memory."""
    loop = asyncio.get_running_loop()
    # its own protocol: this stream never pauses or resumes reading on the connection
    stream = StreamReader(BaseProtocol(loop), max(len(body), 2**16), loop=loop)
    if body:
        stream.feed_data(body)
    stream.feed_eof()
    copy = request.clone(client_max_size=len(body) + 1)
    # aiohttp has no public way to hand a request a body that was read already
    copy._payload = stream
    return copy


def refusal(request: web.Request, status: int, message: str) -> web.Response:
    """Return an answer that closes the connection: JSON for /api paths, text elsewhere."""
    if is_api_path(request.path):
        response = json_error(status, message)
    else:
        response = web.Response(status=status, text=message)
    response.force_close()
    return response


def too_large(request: web.Request, limit: int) -> web.Response:
    """Return the 413 answer for a body above `limit` bytes."""
    return refusal(request, 413, f"Request body too large (at most {limit} bytes)")


@web.middleware
async def body_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Read the body under the route's cap and the body deadline, then run the handler."""
    if not request.body_exists or request.match_info.http_exception is not None:
        return await handler(request)
    if request.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity"):
        # bodies are not inflated (a small upload could expand past any cap)
        return refusal(request, 415, "Compressed request bodies are not accepted")
    limit = body_limit(request)
    declared = request.content_length
    if declared is not None and declared > limit:
        return too_large(request, limit)
    timeout = request.app[CONTEXT].runtime.limits.body_timeout
    try:
        async with asyncio.timeout(timeout):
            body = await read_capped(request.content, limit)
    except BodyTooLarge:
        return too_large(request, limit)
    except TimeoutError:
        return refusal(request, 408, f"Request body not received within {timeout:g} s")
    except RequestPayloadError:
        return refusal(request, 400, "Malformed request body")
    except ConnectionError:
        # the client left (or the connection cap closed it): nobody reads this answer
        return refusal(request, 400, "Connection lost while reading the request body")
    return await handler(with_body(request, body))
