"""Large JSON answers go out gzip-compressed (through ingress and remote access that matters).

A month of trend rows is about 1.9 MB of JSON and 170 KB compressed at level 1. Level 1 costs
a few milliseconds per megabyte and runs in an executor, so the event loop never compresses.
"""

from __future__ import annotations

import asyncio
import zlib

from aiohttp import web
from aiohttp.typedefs import Handler

#: Smaller answers gain too little to be worth a pass through the executor.
MIN_COMPRESSED_BYTES = 64 * 1024
LEVEL = 1
_GZIP_WINDOW = 16 + zlib.MAX_WBITS


def gzip_bytes(body: bytes) -> bytes:
    """Compress `body` as one gzip member at level 1. CPU-bound: call from an executor."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, _GZIP_WINDOW)
    return compressor.compress(body) + compressor.flush()


def accepts_gzip(request: web.Request) -> bool:
    """Return True when the client lists gzip in Accept-Encoding (and does not refuse it)."""
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


@web.middleware
async def compression_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Compress a large JSON answer for a client that takes gzip."""
    response = await handler(request)
    if (
        type(response) is not web.Response
        or response.content_type != "application/json"
        or "Content-Encoding" in response.headers
        or not isinstance(response.body, bytes)
        or len(response.body) < MIN_COMPRESSED_BYTES
    ):
        return response
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept-Encoding"
    if not accepts_gzip(request):
        return response
    body = await asyncio.get_running_loop().run_in_executor(None, gzip_bytes, response.body)
    response.body = body
    response.headers["Content-Encoding"] = "gzip"
    return response
