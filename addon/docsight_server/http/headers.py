"""Security headers for every response; framing is allowed for Home Assistant's frontend."""

from __future__ import annotations

from aiohttp import web

SERVER_NAME = "DOCSight"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Set the headers (on_response_prepare signal, so error pages get them too)."""
    set_security_headers(request.path, response)


def set_security_headers(path: str, response: web.StreamResponse) -> None:
    """Set the security headers on a response to a request for `path`."""
    headers = response.headers
    # aiohttp names itself and the Python version; a scanner learns nothing from "DOCSight"
    headers["Server"] = SERVER_NAME
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if path.startswith("/api/"):
        headers.setdefault("Cache-Control", "no-store")
