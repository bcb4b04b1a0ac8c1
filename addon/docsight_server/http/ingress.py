"""Home Assistant ingress: requests on the ingress port from the Supervisor's proxy."""

from __future__ import annotations

import re

from aiohttp import web

INGRESS_HEADER = "X-Ingress-Path"
_SAFE_PREFIX = re.compile(r"^(/[A-Za-z0-9._~-]+)+$")


def arrived_on_port(request: web.Request) -> int | None:
    """Return the local port the request came in on."""
    transport = request.transport
    if transport is None:
        return None
    sockname = transport.get_extra_info("sockname")
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        return int(sockname[1])
    return None


def ingress_prefix(request: web.Request) -> str:
    """Return the sanitised X-Ingress-Path prefix (empty when absent or malformed)."""
    value = request.headers.get(INGRESS_HEADER, "").rstrip("/")
    return value if _SAFE_PREFIX.match(value) else ""
