"""Fast JSON answers (orjson) for the data routes."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web


def json_bytes(data: Any, status: int = 200) -> web.Response:
    """Return a JSON response encoded with orjson."""
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


def json_cached(body: bytes) -> web.Response:
    """Return an already encoded JSON body."""
    return web.Response(body=body, content_type="application/json")
