"""GET /api/drivers (what a setup form offers); POST /api/drivers/probe (who answers)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...drivers.probe import probe_url
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import Reply, error
from ...http.validation import Fields, Spec
from ..schemas import DRIVERS, PROBE_RESULT
from ..validation import ModemAddress


async def list_drivers(request: web.Request) -> web.Response:
    """Return every driver with its display name, default URL and credential needs."""
    registered = request.app[CONTEXT].registries.drivers
    drivers = [registered[key].describe() for key in sorted(registered)]
    return json_bytes({"drivers": drivers, "count": len(drivers)})


async def probe_modem(request: web.Request) -> web.Response:
    """Find which supported modem families answer at a URL (no credentials are sent)."""
    drivers = request.app[CONTEXT].registries.drivers
    matches: list[dict[str, Any]] = []
    for base in inputs(request).body["url"]:
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


PROBE_BODY = Fields(
    {
        "url": Spec(
            ModemAddress(),
            required=True,
            description="http(s)://host[:port], or a bare host (then http and https are tried)",
        )
    }
)

ROUTES = (
    RouteDef(
        "GET",
        "/api/drivers",
        list_drivers,
        Access.AUTH,
        "Supported modem drivers: key, name, default URL, whether user and password are needed",
        "polling",
        responses={200: Reply("The drivers, sorted by key", DRIVERS)},
    ),
    RouteDef(
        "POST",
        "/api/drivers/probe",
        probe_modem,
        Access.AUTH,
        "Find which supported modem family answers at a URL (sends no credentials)",
        "polling",
        body=PROBE_BODY,
        responses={
            200: Reply(
                "{success, modem_type, modem_url, matches: [{key, name, confidence, url}]}",
                PROBE_RESULT,
            ),
            400: error("Missing or invalid url"),
        },
    ),
)
