"""GET /api/drivers (what a setup form offers); POST /api/drivers/probe (who answers)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from ..auth import Access
from ..drivers.probe import probe_url
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from .routing import RouteDef

MAX_URL_CHARS = 300


async def list_drivers(request: web.Request) -> web.Response:
    """Return every driver with its display name, default URL and credential needs."""
    registered = request.app[CONTEXT].registries.drivers
    drivers = [registered[key].describe() for key in sorted(registered)]
    return json_bytes({"drivers": drivers, "count": len(drivers)})


def probe_candidates(raw: object) -> list[str]:
    """Return the base URLs to probe for a submitted URL or bare host; ApiError when invalid."""
    if not isinstance(raw, str) or not raw.strip():
        raise ApiError(400, "url is required (for example http://192.168.100.1)")
    text = raw.strip()
    if len(text) > MAX_URL_CHARS:
        raise ApiError(400, f"url is longer than {MAX_URL_CHARS} characters")
    bare = "://" not in text
    parts = urlsplit(f"http://{text}" if bare else text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(400, "url must be http:// or https:// with a host")
    try:
        parts.port  # noqa: B018 - raises for a bad port
    except ValueError as err:
        raise ApiError(400, "url has an invalid port") from err
    base = f"{parts.scheme}://{parts.netloc}"
    if bare:
        return [base, f"https://{parts.netloc}"]
    return [base]


async def probe(request: web.Request) -> web.Response:
    """Find which supported modem families answer at a URL (no credentials are sent)."""
    body = await read_json_object(request)
    drivers = request.app[CONTEXT].registries.drivers
    matches: list[dict[str, Any]] = []
    for base in probe_candidates(body.get("url")):
        found = await probe_url(base, candidates=drivers.values())
        matches.extend(
            {"key": m.key, "name": m.name, "confidence": m.confidence, "url": base} for m in found
        )
        if found:
            break
    best = matches[0] if matches else None
    return json_bytes(
        {
            "success": best is not None,
            "modem_type": best["key"] if best else None,
            "modem_url": best["url"] if best else None,
            "matches": matches,
        }
    )


ROUTES = [
    RouteDef(
        "GET",
        "/api/drivers",
        list_drivers,
        Access.AUTH,
        "Supported modem drivers: key, name, default URL, whether user and password are needed",
        "polling",
    ),
    RouteDef(
        "POST",
        "/api/drivers/probe",
        probe,
        Access.AUTH,
        "Find which supported modem family answers at a URL (sends no credentials)",
        "polling",
        request_body={
            "type": "object",
            "required": ["url"],
            "properties": {"url": {"type": "string", "example": "http://192.168.100.1"}},
        },
        responses={
            200: "{success, modem_type, modem_url, matches: [{key, name, confidence, url}]}",
            400: "Missing or invalid url",
        },
    ),
]
